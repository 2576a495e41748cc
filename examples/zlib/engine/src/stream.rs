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

use crate::Z_OK;

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
            })
        } else {
            Err((rc, message(&strm)))
        }
    }

    /// zlib's message about the last error, if it set one.
    pub fn message(&self) -> Option<String> {
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
