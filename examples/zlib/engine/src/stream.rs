//! A safe owner of one zlib-rs `z_stream`.
//!
//! `libz-rs-sys` exposes zlib's C API (`deflateInit2_`, `inflate`, ...) over
//! a `z_stream` whose `next_in`/`next_out` are raw pointers. [`Stream`] keeps
//! the stream boxed (zlib's state points back at it, so it must not move),
//! sets those pointers only for the duration of one call from borrowed
//! slices, and ends it exactly once. This file holds the crate's `unsafe`
//! about zlib; the others are in `output.rs` (`Vec::set_len`) and in the
//! checksum kernels.

use std::ffi::{CStr, c_int, c_uint};
use std::mem::MaybeUninit;

use libz_rs_sys as z;

use crate::{Z_DATA_ERROR, Z_OK};

/// The most zlib takes per call (`uInt` lengths).
pub(crate) const CHUNK: usize = c_uint::MAX as usize;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Deflate,
    Inflate,
}

/// An initialised deflate or inflate stream (`z_stream` after
/// `deflateInit2`/`inflateInit2`), ended exactly once: by [`Stream::end`] or
/// on drop.
///
/// `Send`, not `Sync`: every method takes `&mut self`, so a stream shared
/// between threads needs a lock around it (the Python objects hold one).
pub struct Stream {
    strm: Box<z::z_stream>,
    kind: Kind,
    /// Initialised and not yet ended.
    live: bool,
    /// For a decompressor that takes its window size from the zlib header.
    header: Option<HeaderGuard>,
}

/// zlib-rs 0.6.9 aborts the process (an `assert!` in `Window::set_size`, which cannot unwind
/// out of `inflate`) when a decompressor that takes its window size from the stream (`wbits`
/// 0 or 32..=47) reads a zlib header whose window field (CINFO) is above 7. C zlib reports
/// `Z_DATA_ERROR`, "invalid window size". This guard looks at the first two bytes of the
/// stream before zlib-rs does and gives C zlib's answer for that one header, so no input can
/// reach the assertion. Found by the `zlib_inflate` fuzz target (crates/fuzz/findings).
#[derive(Clone, Copy, Debug)]
struct HeaderGuard {
    /// The header bytes seen so far (zlib-rs holds them; they are not given again).
    seen: [u8; 2],
    len: u8,
    /// `wbits` 32..=47: a gzip magic (`1f 8b`) is accepted too.
    auto: bool,
    /// The header was refused: every later call fails the same way, as C's `BAD` mode does.
    refused: bool,
}

/// C zlib's message for a zlib header with a window above 32 KiB.
const INVALID_WINDOW: &str = "invalid window size";

impl HeaderGuard {
    fn for_wbits(wbits: c_int) -> Option<Self> {
        (wbits == 0 || (32..=47).contains(&wbits)).then_some(HeaderGuard {
            seen: [0; 2],
            len: 0,
            auto: wbits >= 32,
            refused: false,
        })
    }

    /// `Some(consumed)` when the header is one zlib-rs cannot take: C zlib takes both bytes
    /// into its bit buffer before it refuses, so they count as consumed. `None` to go on
    /// (and, once the header is known to be safe, the guard can be dropped: `done`).
    fn check(&mut self, input: &[u8], done: &mut bool) -> Option<usize> {
        let before = usize::from(self.len);
        for &b in input.iter().take(2 - before) {
            self.seen[usize::from(self.len)] = b;
            self.len += 1;
        }
        if self.len < 2 {
            return None;
        }
        *done = true;
        let [cmf, flg] = self.seen;
        let gzip = self.auto && cmf == 0x1f && flg == 0x8b;
        let checked = (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0;
        let deflate = cmf & 0x0f == 8;
        if !gzip && checked && deflate && (cmf >> 4) > 7 {
            self.refused = true;
            *done = false;
            return Some(2 - before);
        }
        None
    }
}

// SAFETY: the stream's state is owned exclusively by this value (allocated
// by zlib-rs with the Rust allocator, freed in `Drop`), and no pointer into
// caller memory survives a call (`step` clears `next_in`/`next_out`), so it
// may move to, and be used from, another thread. Shared use is serialised by
// the `Mutex` the Python objects put around it.
unsafe impl Send for Stream {}

/// The outcome of one [`Stream::step`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Step {
    /// zlib's return code (`Z_OK`, `Z_STREAM_END`, `Z_BUF_ERROR`, ...).
    pub rc: c_int,
    /// Input bytes consumed, from the start of `input`.
    pub consumed: usize,
    /// Output bytes written (initialised), from the start of `output`.
    pub produced: usize,
}

fn stream_size() -> c_int {
    // A z_stream is about 112 bytes; the cast cannot truncate.
    std::mem::size_of::<z::z_stream>() as c_int
}

impl Stream {
    /// `deflateInit2(level, method, wbits, memLevel, strategy)`: a
    /// compressor. `level` 0..=9 or -1 (`Z_DEFAULT_COMPRESSION`), `method`
    /// 8 (`DEFLATED`), `wbits` 9..=15 (zlib header), -9..=-15 (raw deflate)
    /// or 25..=31 (gzip), `mem_level` 1..=9, `strategy` 0..=4. zlib validates
    /// them: an out-of-range value gives `Err((Z_STREAM_ERROR, _))`; no
    /// memory gives `Z_MEM_ERROR`. The error carries zlib's message, if any.
    pub fn deflate(
        level: c_int,
        method: c_int,
        wbits: c_int,
        mem_level: c_int,
        strategy: c_int,
    ) -> Result<Self, (c_int, Option<String>)> {
        let mut strm = Box::new(z::z_stream::default());
        // SAFETY: `strm` is a valid, zeroed z_stream (null zalloc/zfree select
        // zlib-rs' allocator); the version string is NUL-terminated and the
        // size is the size of the z_stream type the library was built with.
        let rc = unsafe {
            z::deflateInit2_(
                &raw mut *strm,
                level,
                method,
                wbits,
                mem_level,
                strategy,
                z::zlibVersion(),
                stream_size(),
            )
        };
        if rc == Z_OK {
            Ok(Self {
                strm,
                kind: Kind::Deflate,
                live: true,
                header: None,
            })
        } else {
            Err((rc, message(&strm)))
        }
    }

    /// `inflateInit2(wbits)`: a decompressor. `wbits` 8..=15 (zlib
    /// header), -8..=-15 (raw), 24..=31 (gzip), 40..=47 (zlib or gzip,
    /// detected) or 0 (window size from the zlib header). Errors as in
    /// [`Stream::deflate`].
    pub fn inflate(wbits: c_int) -> Result<Self, (c_int, Option<String>)> {
        let mut strm = Box::new(z::z_stream::default());
        // SAFETY: as in `deflate`: `strm` is a zeroed, boxed `z_stream` that
        // zlib may keep pointers into; the version and size are zlib-rs's own.
        let rc =
            unsafe { z::inflateInit2_(&raw mut *strm, wbits, z::zlibVersion(), stream_size()) };
        if rc == Z_OK {
            Ok(Self {
                strm,
                kind: Kind::Inflate,
                live: true,
                header: HeaderGuard::for_wbits(wbits),
            })
        } else {
            Err((rc, message(&strm)))
        }
    }

    /// zlib's message about the last error, if it set one.
    pub fn message(&self) -> Option<String> {
        if self.header.is_some_and(|h| h.refused) {
            return Some(INVALID_WINDOW.to_owned());
        }
        message(&self.strm)
    }

    /// `deflateSetDictionary`/`inflateSetDictionary` (`zdict`): the return
    /// code, or `None` if `dict` is longer than `uInt` (CPython raises
    /// OverflowError). A compressor takes it right after creation; a raw
    /// decompressor right after creation, a zlib one when [`Stream::step`]
    /// returns `Z_NEED_DICT`.
    pub fn set_dictionary(&mut self, dict: &[u8]) -> Option<c_int> {
        let len = c_uint::try_from(dict.len()).ok()?;
        let strm = &raw mut *self.strm;
        // SAFETY: the stream is initialised (constructors) and of the kind the
        // function expects; `dict` is `len` readable bytes, copied by zlib
        // before the call returns.
        Some(unsafe {
            match self.kind {
                Kind::Deflate => z::deflateSetDictionary(strm, dict.as_ptr(), len),
                Kind::Inflate => z::inflateSetDictionary(strm, dict.as_ptr(), len),
            }
        })
    }

    /// `deflateCopy`/`inflateCopy`: an independent stream in the same state
    /// (`copy()`, `__copy__`); on failure zlib's code (`Z_STREAM_ERROR`,
    /// `Z_MEM_ERROR`).
    pub fn try_clone(&mut self) -> Result<Self, c_int> {
        let mut dest = Box::new(z::z_stream::default());
        // zlib-rs' inflateCopy refuses a null `next_out` (C zlib does not
        // look at it). Between calls we keep no pointer into caller memory,
        // so offer an empty, dangling one that nothing can write through.
        self.strm.next_out = std::ptr::NonNull::<u8>::dangling().as_ptr();
        self.strm.avail_out = 0;
        let src = &raw mut *self.strm;
        // SAFETY: `src` is an initialised stream of `self.kind`; `dest` is
        // writable memory for a z_stream that the copy initialises and that we
        // end in `Drop` only if the copy succeeded.
        let rc = unsafe {
            match self.kind {
                Kind::Deflate => z::deflateCopy(&raw mut *dest, src),
                Kind::Inflate => z::inflateCopy(&raw mut *dest, src),
            }
        };
        self.strm.next_out = std::ptr::null_mut();
        dest.next_out = std::ptr::null_mut();
        if rc == Z_OK {
            Ok(Self {
                strm: dest,
                kind: self.kind,
                live: true,
                header: self.header,
            })
        } else {
            Err(rc)
        }
    }

    /// `deflateBound`: the most `deflate` can produce from `len` more bytes
    /// (saturating; only a capacity hint).
    pub fn deflate_bound(&mut self, len: usize) -> usize {
        let len = std::ffi::c_ulong::try_from(len).unwrap_or(std::ffi::c_ulong::MAX);
        // SAFETY: the stream is an initialised deflate stream; deflateBound
        // only reads its parameters.
        let bound = unsafe { z::deflateBound(&raw mut *self.strm, len) };
        usize::try_from(bound).unwrap_or(usize::MAX)
    }

    /// Whether this is a compressor.
    pub fn is_deflate(&self) -> bool {
        self.kind == Kind::Deflate
    }

    /// One `deflate`/`inflate` call with `flush` (`Z_NO_FLUSH`,
    /// `Z_SYNC_FLUSH`, `Z_FINISH`, ...) from `input` into `output`, each
    /// capped at `uInt::MAX` bytes. zlib writes only the first
    /// [`Step::produced`] bytes of `output`. The loops of [`crate::drive`]
    /// are built on this; a caller with its own loop (for example one that
    /// detaches from the interpreter around each call) can use it directly.
    pub fn step(&mut self, input: &[u8], output: &mut [MaybeUninit<u8>], flush: c_int) -> Step {
        if let Some(guard) = self.header.as_mut() {
            if guard.refused {
                return Step {
                    rc: Z_DATA_ERROR,
                    consumed: 0,
                    produced: 0,
                };
            }
            let mut done = false;
            if let Some(consumed) = guard.check(input, &mut done) {
                return Step {
                    rc: Z_DATA_ERROR,
                    consumed,
                    produced: 0,
                };
            }
            if done {
                self.header = None;
            }
        }
        let avail_in = input.len().min(CHUNK);
        let avail_out = output.len().min(CHUNK);
        self.strm.next_in = input.as_ptr();
        // Both fit in `uInt` by the `min` above.
        self.strm.avail_in = avail_in as c_uint;
        self.strm.next_out = output.as_mut_ptr().cast::<u8>();
        self.strm.avail_out = avail_out as c_uint;
        let strm = &raw mut *self.strm;
        // SAFETY: the stream is initialised and of the right kind; `next_in`
        // points to `avail_in` readable bytes of `input` and `next_out` to
        // `avail_out` writable bytes of `output`, both borrowed for this call
        // only (the pointers are cleared below, before the borrows end).
        let rc = unsafe {
            match self.kind {
                Kind::Deflate => z::deflate(strm, flush),
                Kind::Inflate => z::inflate(strm, flush),
            }
        };
        let consumed = avail_in - self.strm.avail_in as usize;
        let produced = avail_out - self.strm.avail_out as usize;
        self.strm.next_in = std::ptr::null();
        self.strm.avail_in = 0;
        self.strm.next_out = std::ptr::null_mut();
        self.strm.avail_out = 0;
        Step {
            rc,
            consumed,
            produced,
        }
    }

    /// End the stream now (`deflateEnd`/`inflateEnd`) and return its code
    /// (`Z_OK`; a compressor ended before `Z_FINISH` completed gives
    /// `Z_DATA_ERROR`).
    pub fn end(mut self) -> c_int {
        let rc = self.end_raw();
        self.live = false;
        rc
    }

    fn end_raw(&mut self) -> c_int {
        let strm = &raw mut *self.strm;
        // SAFETY: called at most once per initialised stream: `end` clears
        // `live`, and `Drop` only ends a stream that is still live.
        unsafe {
            match self.kind {
                Kind::Deflate => z::deflateEnd(strm),
                Kind::Inflate => z::inflateEnd(strm),
            }
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if self.live {
            self.end_raw();
        }
    }
}

pub(crate) fn message(strm: &z::z_stream) -> Option<String> {
    if strm.msg.is_null() {
        return None;
    }
    // SAFETY: zlib-rs sets `msg` only to NUL-terminated static strings.
    let text = unsafe { CStr::from_ptr(strm.msg) };
    Some(text.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fuzz finding (crates/fuzz/findings/zlib_inflate-invalid-window-size): a zlib header
    /// with CINFO 9 used to abort the process inside zlib-rs.
    const WINDOW_17: &[u8] = b"\x98\xf1\x00\x00*-";

    fn inflate(wbits: c_int, chunks: &[&[u8]]) -> (c_int, usize, Option<String>) {
        let mut stream = Stream::inflate(wbits).expect("inflateInit2");
        let mut out = [MaybeUninit::<u8>::uninit(); 64];
        let (mut rc, mut consumed) = (Z_OK, 0);
        for chunk in chunks {
            let step = stream.step(chunk, &mut out, 0);
            rc = step.rc;
            consumed += step.consumed;
            if rc != Z_OK {
                break;
            }
        }
        (rc, consumed, stream.message())
    }

    #[test]
    fn a_header_window_above_32k_is_refused_as_c_zlib_does() {
        for wbits in [0, 32, 40, 47] {
            let (rc, consumed, msg) = inflate(wbits, &[WINDOW_17]);
            assert_eq!((rc, consumed), (Z_DATA_ERROR, 2), "wbits {wbits}");
            assert_eq!(msg.as_deref(), Some("invalid window size"));
        }
    }

    #[test]
    fn the_header_may_arrive_one_byte_at_a_time() {
        let (rc, consumed, msg) = inflate(0, &[&WINDOW_17[..1], &WINDOW_17[1..]]);
        assert_eq!((rc, consumed), (Z_DATA_ERROR, 2));
        assert_eq!(msg.as_deref(), Some("invalid window size"));
    }

    #[test]
    fn other_headers_go_to_zlib_rs_unchanged() {
        // A valid zlib stream (window 32 KiB) and a gzip magic under auto-detection.
        let ok = [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
        assert_eq!(inflate(0, &[&ok]).0, crate::Z_STREAM_END);
        assert_eq!(inflate(47, &[&ok]).0, crate::Z_STREAM_END);
        let (rc, _, msg) = inflate(0, &[b"\x78\x00"]);
        assert_eq!(rc, Z_DATA_ERROR);
        assert_eq!(msg.as_deref(), Some("incorrect header check"));
    }
}
