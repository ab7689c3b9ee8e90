//! The corpus compiler's entry point.
fn main() -> std::process::ExitCode {
    dossier::cli::main()
}
