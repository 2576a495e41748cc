//! Portable scalar code: the reference implementation and the fallback.

use std::mem::MaybeUninit;

use crate::{DecodeError, Rules};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const INVALID: u8 = 0xff;
const PAD: u8 = b'=';

/// Maps an ASCII byte to its 6-bit value, or `INVALID`.
const DECODE_TABLE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Encode `input` into `out` (exactly `4 * ceil(n / 3)` bytes) one group at a time.
///
/// # Panics
/// If `out` is too short (a caller bug).
pub fn encode_scalar<'o>(input: &[u8], out: &'o mut [MaybeUninit<u8>]) -> &'o mut [u8] {
    let expected = input.len().div_ceil(3) * 4;
    assert_eq!(out.len(), expected);
    let sym = |v: u32| ALPHABET[(v & 0x3f) as usize];
    let mut chunks = input.chunks_exact(3);
    let mut groups = out.chunks_exact_mut(4);
    for (src, dst) in (&mut chunks).zip(&mut groups) {
        let v = (u32::from(src[0]) << 16) | (u32::from(src[1]) << 8) | u32::from(src[2]);
        dst[0].write(sym(v >> 18));
        dst[1].write(sym(v >> 12));
        dst[2].write(sym(v >> 6));
        dst[3].write(sym(v));
    }
    let rest = chunks.remainder();
    if let Some(dst) = groups.next() {
        let b0 = u32::from(rest[0]);
        let b1 = rest.get(1).map_or(0, |&b| u32::from(b));
        let v = (b0 << 16) | (b1 << 8);
        dst[0].write(sym(v >> 18));
        dst[1].write(sym(v >> 12));
        dst[2].write(if rest.len() == 2 { sym(v >> 6) } else { PAD });
        dst[3].write(PAD);
    }
    // SAFETY: the loops above wrote every one of the `expected` bytes of `out`.
    unsafe { std::slice::from_raw_parts_mut(out.as_mut_ptr().cast::<u8>(), out.len()) }
}

/// Decode like CPython's `binascii.a2b_base64`, appending to `out`.
///
/// This is a transcription of the C state machine: `quad_pos` counts data
/// characters in the current group of four, `pads` counts `=` seen since the
/// last data character.
pub fn decode_scalar(input: &[u8], rules: Rules, out: &mut Vec<u8>) -> Result<(), DecodeError> {
    let strict = rules.strict;
    out.reserve(input.len().div_ceil(4) * 3);
    let start = out.len();
    if strict && input.first() == Some(&PAD) {
        return Err(DecodeError::LeadingPadding);
    }
    let mut quad_pos = 0u8;
    let mut left: u8 = 0;
    let mut pads = 0u8;
    let mut padding_started = false;
    for (i, &byte) in input.iter().enumerate() {
        if byte == PAD {
            padding_started = true;
            if strict && rules.excess_padding && quad_pos == 0 {
                return Err(DecodeError::ExcessPadding);
            }
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    if strict && i + 1 < input.len() {
                        return Err(DecodeError::ExcessData);
                    }
                    return Ok(());
                }
            }
            continue;
        }
        let v = DECODE_TABLE[usize::from(byte)];
        if v == INVALID {
            if strict {
                return Err(DecodeError::NotBase64);
            }
            continue;
        }
        if strict && padding_started {
            return Err(DecodeError::DiscontinuousPadding);
        }
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                left = v;
            }
            1 => {
                quad_pos = 2;
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push((left << 6) | v);
                left = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(()),
        1 => Err(DecodeError::InvalidLength((out.len() - start) / 3 * 4 + 1)),
        _ => Err(DecodeError::IncorrectPadding),
    }
}
