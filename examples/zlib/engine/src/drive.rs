//! CPython's loops over a [`Stream`]: feed all input, grow the output, stop
//! where zlibmodule.c stops; the one-shot `compress`/`decompress`; and the
//! `unused_data`/`unconsumed_tail` accounting of a decompressor.

use std::ffi::c_int;

use crate::output::{Output, Stop};
use crate::stream::{CHUNK, Stream};
use crate::{
    DEF_MEM_LEVEL, DEFLATED, Z_BUF_ERROR, Z_DEFAULT_STRATEGY, Z_FINISH, Z_NO_FLUSH, Z_OK,
    Z_STREAM_END, Z_STREAM_ERROR,
};

/// Run one step over `input[*pos..]` into the spare room of `out`, at most
/// up to `limit` bytes of output in all.
fn step_into<O: Output + ?Sized>(
    stream: &mut Stream,
    input: &[u8],
    pos: &mut usize,
    out: &mut O,
    limit: usize,
    flush: c_int,
) -> c_int {
    let room = limit.saturating_sub(out.written());
    let spare = out.spare();
    let spare_len = spare.len().min(room);
    let step = stream.step(&input[*pos..], &mut spare[..spare_len], flush);
    *pos += step.consumed;
    // SAFETY: zlib wrote exactly `produced` initialised bytes at the start of
    // the spare room (it advances `next_out` by what it writes).
    unsafe { out.commit(step.produced) };
    step.rc
}

/// Whether `out` has no room left below `limit`.
fn full<O: Output + ?Sized>(out: &mut O, limit: usize) -> bool {
    out.written() >= limit || out.spare().is_empty()
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

/// CPython's deflate loop (`Compress.compress`/`flush`): feed all of `input`,
/// with `flush` on the last `uInt`-sized chunk, growing `out` until zlib
/// leaves output room unused. Returns the last code: `Z_OK`, `Z_BUF_ERROR`
/// (nothing to do), `Z_STREAM_END` after `Z_FINISH`, or `Z_STREAM_ERROR`,
/// the only failure deflate reports (the stream was ended or misused).
pub fn deflate_all<O: Output + ?Sized>(
    stream: &mut Stream,
    input: &[u8],
    out: &mut O,
    flush: c_int,
) -> Result<c_int, Stop> {
    let mut pos = 0;
    loop {
        out.grow(usize::MAX)?;
        let mode = chunk_flush(input, pos, flush);
        let rc = step_into(stream, input, &mut pos, out, usize::MAX, mode);
        if rc == Z_STREAM_ERROR {
            return Ok(rc);
        }
        if !full(out, usize::MAX) && pos == input.len() {
            return Ok(rc);
        }
    }
}

/// CPython's inflate loop (`decompress`, `Decompress.decompress`/`flush`):
/// feed `input[*pos..]` with `flush` on the last chunk, growing `out` up to
/// `limit` bytes in all (`usize::MAX`: no limit; `max_length` otherwise).
/// `*pos` advances by the input consumed. Stops at the end of the stream
/// (`Z_STREAM_END`; the rest of `input` is unused data), on an error or
/// `Z_NEED_DICT` (returned for the caller to handle, then call again), when
/// input runs out, or when `out` holds `limit` bytes (then the last code,
/// `Z_OK` or `Z_BUF_ERROR`, is returned and `input[*pos..]` is the
/// unconsumed tail).
pub fn inflate_all<O: Output + ?Sized>(
    stream: &mut Stream,
    input: &[u8],
    pos: &mut usize,
    out: &mut O,
    limit: usize,
    flush: c_int,
) -> Result<c_int, Stop> {
    let mut rc = Z_OK;
    loop {
        if !out.grow(limit)? {
            return Ok(rc);
        }
        let mode = chunk_flush(input, *pos, flush);
        rc = step_into(stream, input, pos, out, limit, mode);
        match rc {
            Z_OK | Z_BUF_ERROR => {}
            _ => return Ok(rc),
        }
        let full = full(out, limit);
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

/// Why a one-shot [`compress`]/[`decompress`] failed: the stage (which picks
/// CPython's message context), zlib's code and zlib's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Growing the output failed.
    NoMemory,
    /// `deflateInit2`/`inflateInit2` refused (bad `level`/`wbits`, or
    /// `Z_MEM_ERROR`).
    Init(c_int, Option<String>),
    /// `deflate`/`inflate` failed; for `decompress` also a stream that ended
    /// early (`Z_BUF_ERROR`: truncated input).
    Run(c_int, Option<String>),
    /// `deflateEnd`/`inflateEnd` failed.
    End(c_int, Option<String>),
}

impl From<Stop> for Failure {
    fn from(_: Stop) -> Self {
        Failure::NoMemory
    }
}

/// `zlib.compress(data, level, wbits)` into `out` (reserved to
/// `deflateBound` first; memLevel 8, default strategy, as CPython).
pub fn compress<O: Output + ?Sized>(
    input: &[u8],
    level: c_int,
    wbits: c_int,
    out: &mut O,
) -> Result<(), Failure> {
    let mut stream = Stream::deflate(level, DEFLATED, wbits, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY)
        .map_err(|(rc, msg)| Failure::Init(rc, msg))?;
    out.reserve(stream.deflate_bound(input.len()))?;
    let rc = deflate_all(&mut stream, input, out, Z_FINISH)?;
    if rc == Z_STREAM_ERROR {
        return Err(Failure::Run(rc, stream.message()));
    }
    finish(stream)
}

/// `zlib.decompress(data, wbits)` into `out` (the caller reserves its first
/// size, `bufsize` or [`crate::inflate_guess`]). Input after the end of the
/// stream is ignored, as in CPython; a stream that does not end is
/// `Failure::Run(Z_BUF_ERROR, _)`.
pub fn decompress<O: Output + ?Sized>(
    input: &[u8],
    wbits: c_int,
    out: &mut O,
) -> Result<(), Failure> {
    let mut stream = Stream::inflate(wbits).map_err(|(rc, msg)| Failure::Init(rc, msg))?;
    let mut pos = 0;
    let rc = inflate_all(&mut stream, input, &mut pos, out, usize::MAX, Z_FINISH)?;
    if rc != Z_STREAM_END {
        return Err(Failure::Run(rc, stream.message()));
    }
    finish(stream)
}

fn finish(stream: Stream) -> Result<(), Failure> {
    let msg = stream.message();
    match stream.end() {
        Z_OK => Ok(()),
        rc => Err(Failure::End(rc, msg)),
    }
}

/// How a decompressor's `unused_data` and `unconsumed_tail` change after a
/// call that consumed `input[..pos]` and returned `rc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leftover<'a> {
    /// Bytes to append to `unused_data` (input after the end of the stream).
    pub append_unused: Option<&'a [u8]>,
    /// The new `unconsumed_tail`, if it changes.
    pub new_tail: Option<&'a [u8]>,
}

/// `save_unconsumed_input()` of zlibmodule.c, including its quirk: the
/// input moved to `unused_data` is not marked consumed for the
/// `unconsumed_tail` update that follows, so a non-empty tail is replaced
/// by that same input (observable after `flush()`). `tail_empty`: whether
/// `unconsumed_tail` is empty before the call.
pub fn leftover(input: &[u8], pos: usize, rc: c_int, tail_empty: bool) -> Leftover<'_> {
    let rest = &input[pos.min(input.len())..];
    let mut pending = !rest.is_empty();
    let mut append_unused = None;
    if rc == Z_STREAM_END && pending {
        append_unused = Some(rest);
        pending = false;
    }
    let new_tail = (pending || !tail_empty).then_some(rest);
    Leftover {
        append_unused,
        new_tail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Z_DATA_ERROR, Z_NEED_DICT, Z_SYNC_FLUSH};

    fn roundtrip(wbits: c_int, data: &[u8]) -> Vec<u8> {
        let mut packed = Vec::new();
        compress(data, 6, wbits, &mut packed).expect("compress");
        let mut out = Vec::new();
        decompress(&packed, wbits, &mut out).expect("decompress");
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
        let mut packed = Vec::new();
        compress(b"hello hello hello", 6, 15, &mut packed).expect("compress");
        let mut out = Vec::new();
        let err = decompress(&packed[..packed.len() - 1], 15, &mut out);
        assert_eq!(err, Err(Failure::Run(Z_BUF_ERROR, None)));
    }

    #[test]
    fn bad_header_message() {
        let mut out = Vec::new();
        let err = decompress(b"garbage!", 15, &mut out);
        assert_eq!(
            err,
            Err(Failure::Run(
                Z_DATA_ERROR,
                Some("incorrect header check".into())
            ))
        );
        assert!(matches!(
            compress(b"", 10, 15, &mut out),
            Err(Failure::Init(Z_STREAM_ERROR, _))
        ));
    }

    #[test]
    fn max_length_leaves_an_unconsumed_tail() {
        let data = vec![7u8; 100_000];
        let mut packed = Vec::new();
        compress(&data, 9, 15, &mut packed).expect("compress");
        packed.extend_from_slice(b"tail");
        let mut i = Stream::inflate(15).expect("init");
        let (mut pos, mut out) = (0, Vec::new());
        let rc = inflate_all(&mut i, &packed, &mut pos, &mut out, 1000, Z_SYNC_FLUSH);
        assert_eq!(rc, Ok(Z_OK));
        assert_eq!(out.len(), 1000);
        let left = leftover(&packed, pos, Z_OK, true);
        assert_eq!(left.append_unused, None);
        assert_eq!(left.new_tail, Some(&packed[pos..]));
        let rc = inflate_all(
            &mut i,
            &packed,
            &mut pos,
            &mut out,
            usize::MAX,
            Z_SYNC_FLUSH,
        );
        assert_eq!(rc, Ok(Z_STREAM_END));
        assert_eq!(out, data);
        let left = leftover(&packed, pos, Z_STREAM_END, false);
        assert_eq!(left.append_unused, Some(&b"tail"[..]));
        assert_eq!(left.new_tail, Some(&b"tail"[..]));
    }

    #[test]
    fn zdict_is_asked_for() {
        let dict = b"hello dictionary";
        let mut d = Stream::deflate(6, 8, 15, 8, 0).expect("init");
        assert_eq!(d.set_dictionary(dict), Some(Z_OK));
        let mut packed = Vec::new();
        let rc = deflate_all(&mut d, b"hello dictionary hello", &mut packed, Z_FINISH);
        assert_eq!(rc, Ok(Z_STREAM_END));
        let mut i = Stream::inflate(15).expect("init");
        let (mut pos, mut out) = (0, Vec::new());
        let rc = inflate_all(&mut i, &packed, &mut pos, &mut out, usize::MAX, Z_FINISH);
        assert_eq!(rc, Ok(Z_NEED_DICT));
        assert_eq!(i.set_dictionary(dict), Some(Z_OK));
        let rc = inflate_all(&mut i, &packed, &mut pos, &mut out, usize::MAX, Z_FINISH);
        assert_eq!(rc, Ok(Z_STREAM_END));
        assert_eq!(out, b"hello dictionary hello");
    }

    #[test]
    fn copy_and_end() {
        let mut d = Stream::deflate(9, 8, 15, 8, 0).expect("init");
        assert!(d.is_deflate());
        let mut c = d.try_clone().expect("copy");
        assert!(c.deflate_bound(0) > 0);
        assert_eq!(d.end(), Z_OK);
        assert!(Stream::deflate(10, 8, 15, 8, 0).is_err());
        assert!(Stream::inflate(3).is_err());
    }
}
