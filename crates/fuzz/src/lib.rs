//! The oracles of the fuzz targets, as plain functions: each takes the bytes
//! libFuzzer made and panics (a finding) when the code under test disagrees
//! with its reference. The targets in `fuzz_targets/` only call them, so a
//! finding replays as a normal test: `cargo test` on the crate it is in,
//! with the input.

pub mod base64;
pub mod cursor;
pub mod tracker_text;
pub mod zlib;
pub mod zlib_c;
