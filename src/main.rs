//! The reader's entry point: install the panic screen and mount the app.
fn main() {
    dossier::app::start();
}
