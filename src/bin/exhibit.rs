//! Kiosk mode and embedding: the wasm module the reader loads (`import()`) only when one of those
//! modes is on, so that the reader's own start page does not carry it. See [`dossier::exhibit`].
fn main() {
    dossier::exhibit::start();
}
