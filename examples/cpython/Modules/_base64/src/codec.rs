//! Encoding and decoding into new `bytes` objects with rs_base64's codec, detached from the
//! interpreter for large inputs.

use rs_base64_codec as codec;

use cpython_api::bytes::{assume_filled, bytes_from_slice, new_bytes};
use cpython_api::err::SYSTEM_ERROR;
use cpython_api::{Bound, PyBytes, PyResult, ThreadContext};

use crate::State;

/// Inputs at least this large are encoded or decoded detached, so that other threads run
/// Python meanwhile on a GIL build. The input is then either an immutable `bytes`/`str` or a
/// private copy (see `cpython_api::buffer`), so no other thread can change it.
pub const DETACH_THRESHOLD: usize = 64 * 1024;

/// Run `work` detached when `len` is large.
fn maybe_detach<R: Send>(
    ctx: &mut ThreadContext<'_>,
    len: usize,
    work: impl FnOnce() -> R + Send,
) -> R {
    if len >= DETACH_THRESHOLD {
        ctx.detach(work)
    } else {
        work()
    }
}

// ANCHOR: encode
/// `binascii.b2a_base64(src, newline=False)`, then `+`/`/` replaced by `alt` if given.
pub fn encode<'py>(
    ctx: &mut ThreadContext<'py>,
    state: &State,
    src: &[u8],
    alt: Option<[u8; 2]>,
) -> PyResult<Bound<'py, PyBytes>> {
    let Some(len) = codec::encoded_len(src.len(), false) else {
        let error = state.binascii_error.bind(ctx);
        return Err(error.raise(ctx, "Too much data for base64 line"));
    };
    let bytes = new_bytes(ctx, len, |ctx, out| {
        maybe_detach(ctx, src.len(), || {
            let text = codec::encode(src, out, false);
            if let Some([plus, slash]) = alt {
                for c in text.iter_mut() {
                    match *c {
                        b'+' => *c = plus,
                        b'/' => *c = slash,
                        _ => {}
                    }
                }
            }
            Some(text)
        })
    })?;
    bytes.ok_or_else(|| SYSTEM_ERROR.raise(ctx, "the encoder did not fill its output"))
}
// ANCHOR_END: encode

/// `binascii.a2b_base64(src, strict_mode=strict)` with the rules of this CPython version.
pub fn decode<'py>(
    ctx: &mut ThreadContext<'py>,
    state: &State,
    src: &[u8],
    strict: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    if let Some(candidate) = codec::fast_path_input(src, strict)
        && let Some(n) = codec::canonical_decoded_len(candidate)
        && let Some(bytes) = new_bytes(ctx, n, |ctx, out| {
            maybe_detach(ctx, src.len(), || {
                // SAFETY: `decode_canonical` returns true only after writing all of `out`.
                codec::decode_canonical(candidate, out).then(|| unsafe { assume_filled(out) })
            })
        })?
    {
        return Ok(bytes);
    }
    let rules = codec::Rules::for_python(cpython_api::PY_MINOR_VERSION, strict);
    let decoded = maybe_detach(ctx, src.len(), || {
        let mut out = Vec::new();
        codec::decode_scalar(src, rules, &mut out).map(|()| out)
    });
    match decoded {
        Ok(out) => bytes_from_slice(ctx, &out),
        Err(e) => {
            let error = state.binascii_error.bind(ctx);
            Err(error.raise(ctx, &e.to_string()))
        }
    }
}

/// `s.translate(bytes.maketrans(from, b'+/'))`.
pub fn translate_to_standard(src: &[u8], [a, b]: [u8; 2]) -> Vec<u8> {
    let mut table: [u8; 256] = std::array::from_fn(|i| i as u8);
    table[usize::from(a)] = b'+';
    table[usize::from(b)] = b'/';
    src.iter().map(|&c| table[usize::from(c)]).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn translation_maps_both_characters_and_the_later_wins() {
        assert_eq!(super::translate_to_standard(b"a-b_c", *b"-_"), b"a+b/c");
        assert_eq!(super::translate_to_standard(b"xx", *b"xx"), b"//");
    }
}
