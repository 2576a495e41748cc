#![no_main]
//! See `fuzz::zlib::roundtrip` for the oracle.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::zlib::roundtrip(data));
