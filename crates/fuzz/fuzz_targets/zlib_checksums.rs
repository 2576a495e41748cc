#![no_main]
//! See `fuzz::zlib::checksums` for the oracle.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::zlib::checksums(data));
