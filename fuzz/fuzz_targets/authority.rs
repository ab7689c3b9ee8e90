//! The authority-file parser on any text, and a recognizer built from what it accepts.
//! See `dossier_fuzz::targets::authority`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier_fuzz::targets::authority(data));
