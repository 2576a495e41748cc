#![no_main]
//! See `fuzz::zlib::stream` for the oracle.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::zlib::stream(data));
