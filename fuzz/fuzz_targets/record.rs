//! The record parser on any bytes, then the compiler and the reader on what it accepts.
//! See `dossier_fuzz::targets::record`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier_fuzz::targets::record(data));
