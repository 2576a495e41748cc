//! A safe owner of one zlib-rs `z_stream`, and the loops that drive it.
//!
//! `libz-rs-sys` exposes zlib's C API (`deflateInit2_`, `inflate`, ...) over
//! a `z_stream` whose `next_in`/`next_out` are raw pointers. [`Stream`] keeps
//! the stream boxed (zlib's state points back at it, so it must not move),
//! sets those pointers only for the duration of one call from borrowed
//! slices, and ends it exactly once. Everything above this module is safe
//! code; this file holds all the `unsafe` of the crate except `buffer.rs`.

use std::ffi::{CStr, c_int, c_uint};
use std::mem::MaybeUninit;

use libz_rs_sys as z;
pub use libz_rs_sys::{
    Z_BUF_ERROR, Z_DATA_ERROR, Z_FINISH, Z_MEM_ERROR, Z_NEED_DICT, Z_NO_FLUSH, Z_OK, Z_STREAM_END,
    Z_STREAM_ERROR, Z_SYNC_FLUSH, Z_VERSION_ERROR,
};

/// The most zlib takes per call (`uInt` lengths).
const CHUNK: usize = c_uint::MAX as usize;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Deflate,
    Inflate,
}

/// An initialised deflate or inflate stream.
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

/// The outcome of one `deflate`/`inflate` call.
struct Step {
    rc: c_int,
    consumed: usize,
    produced: usize,
}

fn stream_size() -> c_int {
    // A z_stream is about 112 bytes; the cast cannot truncate.
    std::mem::size_of::<z::z_stream>() as c_int
}

impl Stream {
    /// `deflateInit2`; on failure, the return code and zlib's message.
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

    /// `inflateInit2`; on failure, the return code and zlib's message.
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

    /// `deflateSetDictionary`/`inflateSetDictionary`; lengths over `uInt` give
    /// `None` (the caller reports an OverflowError as CPython does).
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

    /// `deflateCopy`/`inflateCopy` into a new boxed stream.
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

    /// One `deflate`/`inflate` call from `input` into `output`.
    fn step(&mut self, input: &[u8], output: &mut [MaybeUninit<u8>], flush: c_int) -> Step {
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

    /// End the stream now (`deflateEnd`/`inflateEnd`) and return its code.
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

fn message(strm: &z::z_stream) -> Option<String> {
    if strm.msg.is_null() {
        return None;
    }
    // SAFETY: zlib-rs sets `msg` only to NUL-terminated static strings.
    let text = unsafe { CStr::from_ptr(strm.msg) };
    Some(text.to_string_lossy().into_owned())
}

/// Reasons a drive loop stops early.
#[derive(Debug)]
pub enum Stop {
    /// Allocating more output failed.
    NoMemory,
}

/// Grow `out` so that it has spare room, at most up to `limit` bytes in all.
/// Returns false if `out` is already at `limit`.
fn grow(out: &mut Vec<u8>, limit: usize) -> Result<bool, Stop> {
    if out.len() < out.capacity() {
        return Ok(true);
    }
    if out.len() >= limit {
        return Ok(false);
    }
    let extra = out.len().max(16 * 1024).min(limit - out.len());
    out.try_reserve_exact(extra).map_err(|_| Stop::NoMemory)?;
    Ok(true)
}

/// Run `step` once over `input[*pos..]` into the spare capacity of `out`.
fn step_into(
    stream: &mut Stream,
    input: &[u8],
    pos: &mut usize,
    out: &mut Vec<u8>,
    flush: c_int,
) -> c_int {
    let len = out.len();
    let step = stream.step(&input[*pos..], out.spare_capacity_mut(), flush);
    *pos += step.consumed;
    // SAFETY: zlib wrote exactly `produced` initialised bytes at the start of
    // the spare capacity (it advances `next_out` by what it writes).
    unsafe { out.set_len(len + step.produced) };
    step.rc
}

/// The flush mode for the chunk starting at `pos`: `last` for the final
/// chunk, `Z_NO_FLUSH` while more than `uInt` bytes remain.
fn chunk_flush(input: &[u8], pos: usize, last: c_int) -> c_int {
    if input.len() - pos <= CHUNK {
        last
    } else {
        Z_NO_FLUSH
    }
}

/// CPython's deflate loop: feed all of `input` with `flush` on the last
/// chunk, growing `out` until zlib leaves output room unused. Returns the
/// last code (`Z_STREAM_ERROR` is the only failure deflate reports).
pub fn deflate_all(
    stream: &mut Stream,
    input: &[u8],
    out: &mut Vec<u8>,
    flush: c_int,
) -> Result<c_int, Stop> {
    let mut pos = 0;
    loop {
        grow(out, usize::MAX)?;
        let mode = chunk_flush(input, pos, flush);
        let rc = step_into(stream, input, &mut pos, out, mode);
        if rc == Z_STREAM_ERROR {
            return Ok(rc);
        }
        let full = out.len() == out.capacity();
        if !full && pos == input.len() {
            return Ok(rc);
        }
    }
}

/// CPython's inflate loop: feed `input[*pos..]` with `flush` on the last
/// chunk, growing `out` up to `limit` bytes. Stops at the end of the stream,
/// on an error or `Z_NEED_DICT` (returned for the caller to handle), when
/// input runs out, or when `out` reaches `limit` (then the last code, which
/// is `Z_OK` or `Z_BUF_ERROR`, is returned).
pub fn inflate_all(
    stream: &mut Stream,
    input: &[u8],
    pos: &mut usize,
    out: &mut Vec<u8>,
    limit: usize,
    flush: c_int,
) -> Result<c_int, Stop> {
    let mut rc = Z_OK;
    loop {
        if !grow(out, limit)? {
            return Ok(rc);
        }
        let mode = chunk_flush(input, *pos, flush);
        rc = step_into(stream, input, pos, out, mode);
        match rc {
            Z_OK | Z_BUF_ERROR => {}
            _ => return Ok(rc),
        }
        let full = out.len() == out.capacity();
        if !full && *pos == input.len() {
            return Ok(rc);
        }
        if !full && rc == Z_BUF_ERROR {
            // No progress possible with room left: the input is exhausted
            // for this call (cannot happen with bytes left, kept as a guard
            // against an endless loop).
            return Ok(rc);
        }
    }
}

/// The zlib version zlib-rs implements, e.g. "1.3.0", and the full string
/// ("1.3.0-zlib-rs-0.6.8").
pub fn versions() -> (String, String) {
    // SAFETY: zlibVersion returns a pointer to a static NUL-terminated string.
    let full = unsafe { CStr::from_ptr(z::zlibVersion()) }
        .to_string_lossy()
        .into_owned();
    let api = full.split('-').next().unwrap_or("1").to_owned();
    (api, full)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(wbits: c_int, data: &[u8]) -> Vec<u8> {
        let mut d = Stream::deflate(6, 8, wbits, 8, 0).expect("init");
        let mut packed = Vec::new();
        assert_eq!(
            deflate_all(&mut d, data, &mut packed, Z_FINISH).ok(),
            Some(Z_STREAM_END)
        );
        let mut i = Stream::inflate(wbits).expect("init");
        let (mut pos, mut out) = (0, Vec::new());
        let rc = inflate_all(&mut i, &packed, &mut pos, &mut out, usize::MAX, Z_FINISH);
        assert_eq!(rc.ok(), Some(Z_STREAM_END));
        out
    }

    #[test]
    fn roundtrips_every_header_kind() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        for wbits in [-15, 9, 15, 31] {
            assert_eq!(roundtrip(wbits, &data), data);
        }
        assert_eq!(roundtrip(15, b""), b"");
    }

    #[test]
    fn truncated_input_is_buf_error() {
        let mut d = Stream::deflate(6, 8, 15, 8, 0).expect("init");
        let mut packed = Vec::new();
        deflate_all(&mut d, b"hello hello hello", &mut packed, Z_FINISH).ok();
        let mut i = Stream::inflate(15).expect("init");
        let (mut pos, mut out) = (0, Vec::new());
        let rc = inflate_all(
            &mut i,
            &packed[..packed.len() - 1],
            &mut pos,
            &mut out,
            usize::MAX,
            Z_FINISH,
        );
        assert_eq!(rc.ok(), Some(Z_BUF_ERROR));
    }

    #[test]
    fn bad_header_message() {
        let mut i = Stream::inflate(15).expect("init");
        let (mut pos, mut out) = (0, Vec::new());
        let rc = inflate_all(
            &mut i,
            b"garbage!",
            &mut pos,
            &mut out,
            usize::MAX,
            Z_FINISH,
        );
        assert_eq!(rc.ok(), Some(Z_DATA_ERROR));
        assert_eq!(i.message().as_deref(), Some("incorrect header check"));
    }

    #[test]
    fn copy_and_end() {
        let mut d = Stream::deflate(9, 8, 15, 8, 0).expect("init");
        let mut c = d.try_clone().expect("copy");
        assert!(c.deflate_bound(0) > 0);
        assert_eq!(d.end(), Z_OK);
        assert!(Stream::deflate(10, 8, 15, 8, 0).is_err());
        assert!(Stream::inflate(3).is_err());
    }

    #[test]
    fn version_is_numeric() {
        let (api, full) = versions();
        assert!(api.split('.').all(|p| p.parse::<u32>().is_ok()), "{api}");
        assert!(full.starts_with(&api));
    }
}
