#![no_main]
//! See `fuzz::tracker_text::rollout` for the oracle.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::tracker_text::rollout(data));
