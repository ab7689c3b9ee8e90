//! The loaders the reader runs on the corpus files and search index files it fetches.
//! See `dossier_fuzz::targets::corpus_loader`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dossier_fuzz::targets::corpus_loader(data));
