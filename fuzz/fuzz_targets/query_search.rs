//! The query parser on any text, then the search as the reader runs it, to the end.
//! See `dossier_fuzz::targets::query_search`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier_fuzz::targets::query_search(data));
