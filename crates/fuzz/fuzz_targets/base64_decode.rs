#![no_main]
//! See `fuzz::base64::decode` for the oracle.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::base64::decode(data));
