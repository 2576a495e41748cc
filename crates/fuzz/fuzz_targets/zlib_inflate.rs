#![no_main]
//! See `fuzz::zlib::inflate` for the oracle.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::zlib::inflate(data));
