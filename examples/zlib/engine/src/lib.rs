//! `rs_zlib_engine`: the engine of CPython's `zlib` module on zlib-rs, with
//! no Python in it.
//!
//! Shared by `rs_zlib` (examples/zlib, PyO3) and CPython's in-tree Rust
//! `zlib` (examples/cpython/Modules/zlib, on `cpython-api`), so that both
//! drive zlib the same way and report the same errors:
//!
//! * [`Stream`]: a safe owner of one `z_stream` (`deflateInit2`/
//!   `inflateInit2` with every parameter, `zdict`, one [`Stream::step`] with
//!   any flush mode, [`Stream::try_clone`], `deflateBound`, zlib's message);
//! * [`drive`]: zlibmodule.c's loops over it ([`deflate_all`],
//!   [`inflate_all`] with `max_length`), the one-shot [`compress`] and
//!   [`decompress`], and the `unused_data`/`unconsumed_tail` accounting
//!   ([`leftover`]);
//! * [`Output`]: the output buffer, supplied and grown by the caller
//!   (`Vec<u8>` or a binding's own `bytes` buffer; growth policy [`grow_to`]);
//! * [`crc32`], [`adler32`]: run-time-selected AVX-512 kernels, zlib-rs
//!   elsewhere;
//! * zlib's constants, [`versions`] and CPython's error text
//!   ([`error_text`]).
//!
//! Every `unsafe` block carries a `// SAFETY:` comment; the crate needs no
//! Python and no C compiler (zlib-rs through `libz-rs-sys`, which exports no
//! C symbols, so a C libz in the same process does not clash).

use std::ffi::{CStr, c_int};

mod adler;
mod crc;
pub mod drive;
mod output;
mod stream;

pub use adler::adler32;
pub use crc::crc32;
pub use drive::{Failure, Leftover, compress, decompress, deflate_all, inflate_all, leftover};
pub use output::{GUESS_CAP, MIN_GROWTH, Output, Stop, grow_to, inflate_guess};
pub use stream::{Step, Stream};

/// zlib's return codes (`Z_OK`, ... `Z_VERSION_ERROR`) and flush modes.
pub use libz_rs_sys::{
    Z_BLOCK, Z_BUF_ERROR, Z_DATA_ERROR, Z_ERRNO, Z_FINISH, Z_FULL_FLUSH, Z_MEM_ERROR, Z_NEED_DICT,
    Z_NO_FLUSH, Z_OK, Z_PARTIAL_FLUSH, Z_STREAM_END, Z_STREAM_ERROR, Z_SYNC_FLUSH, Z_TREES,
    Z_VERSION_ERROR,
};

/// Default window size (`wbits`).
pub const MAX_WBITS: c_int = 15;
/// The only compression method.
pub const DEFLATED: c_int = 8;
/// Default `memLevel`.
pub const DEF_MEM_LEVEL: c_int = 8;
/// Default output buffer size of `decompress` and `Decompress.flush`.
pub const DEF_BUF_SIZE: usize = 16 * 1024;
/// `level` -1: zlib's default (6).
pub const Z_DEFAULT_COMPRESSION: c_int = -1;
/// The default strategy.
pub const Z_DEFAULT_STRATEGY: c_int = 0;

/// Every integer constant of CPython's `zlib` module, by name, in
/// zlibmodule.c's order (a module adds each as an attribute).
pub const MODULE_INTS: [(&str, c_int); 20] = [
    ("MAX_WBITS", MAX_WBITS),
    ("DEFLATED", DEFLATED),
    ("DEF_MEM_LEVEL", DEF_MEM_LEVEL),
    ("DEF_BUF_SIZE", DEF_BUF_SIZE as c_int),
    ("Z_NO_COMPRESSION", 0),
    ("Z_BEST_SPEED", 1),
    ("Z_BEST_COMPRESSION", 9),
    ("Z_DEFAULT_COMPRESSION", Z_DEFAULT_COMPRESSION),
    ("Z_FILTERED", 1),
    ("Z_HUFFMAN_ONLY", 2),
    ("Z_RLE", 3),
    ("Z_FIXED", 4),
    ("Z_DEFAULT_STRATEGY", Z_DEFAULT_STRATEGY),
    ("Z_NO_FLUSH", Z_NO_FLUSH),
    ("Z_PARTIAL_FLUSH", Z_PARTIAL_FLUSH),
    ("Z_SYNC_FLUSH", Z_SYNC_FLUSH),
    ("Z_FULL_FLUSH", Z_FULL_FLUSH),
    ("Z_FINISH", Z_FINISH),
    ("Z_BLOCK", Z_BLOCK),
    ("Z_TREES", Z_TREES),
];

/// The zlib version zlib-rs implements, e.g. `"1.3.0"` (what the modules
/// report as `ZLIB_VERSION` and `ZLIB_RUNTIME_VERSION`: `test_zlib` parses
/// it as dotted integers), and zlib-rs' full string
/// (`"1.3.0-zlib-rs-0.6.8"`: the version of libz-rs-sys, which runs over
/// zlib-rs 0.6.9).
pub fn versions() -> (String, String) {
    // SAFETY: zlibVersion returns a pointer to a static NUL-terminated string.
    let full = unsafe { CStr::from_ptr(libz_rs_sys::zlibVersion()) }
        .to_string_lossy()
        .into_owned();
    let api = full.split('-').next().unwrap_or("1").to_owned();
    (api, full)
}

/// The text of `zlib.error` for code `rc` in `context` ("while
/// decompressing data"), as `zlib_error()` of zlibmodule.c builds it:
/// `"Error <rc> <context>: <message>"`, where the message is zlib's
/// (truncated to 200 characters), or CPython's own for a code zlib left
/// without one, and `"Error <rc> <context>"` when there is neither.
pub fn error_text(rc: c_int, msg: Option<&str>, context: &str) -> String {
    let msg = if rc == Z_VERSION_ERROR {
        Some("library version mismatch")
    } else {
        msg.or(match rc {
            Z_BUF_ERROR => Some("incomplete or truncated stream"),
            Z_STREAM_ERROR => Some("inconsistent stream state"),
            Z_DATA_ERROR => Some("invalid input data"),
            _ => None,
        })
    };
    match msg {
        Some(m) => format!("Error {rc} {context}: {m:.200}"),
        None => format!("Error {rc} {context}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_numeric() {
        let (api, full) = versions();
        assert!(api.split('.').all(|p| p.parse::<u32>().is_ok()), "{api}");
        assert!(full.starts_with(&api));
    }

    #[test]
    fn error_texts_match_zlibmodule() {
        assert_eq!(
            error_text(
                Z_DATA_ERROR,
                Some("incorrect header check"),
                "while decompressing data"
            ),
            "Error -3 while decompressing data: incorrect header check"
        );
        assert_eq!(
            error_text(Z_BUF_ERROR, None, "while decompressing data"),
            "Error -5 while decompressing data: incomplete or truncated stream"
        );
        assert_eq!(
            error_text(1, None, "while flushing"),
            "Error 1 while flushing"
        );
    }
}
