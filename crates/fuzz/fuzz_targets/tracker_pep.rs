#![no_main]
//! See `fuzz::tracker_text::pep` for the oracle.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::tracker_text::pep(data));
