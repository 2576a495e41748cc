//! AVX-512 VBMI encoder (the technique of Muła and Lemire, "Base64 encoding and
//! decoding at almost the speed of a memory copy", 2019): 48 input bytes become
//! 64 output characters with one byte permutation, one multishift and one
//! table permutation. base64-simd 0.8 stops at AVX2, which leaves half of the
//! encoding speed of current x86 CPUs unused.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::{
    _mm512_loadu_epi8, _mm512_maskz_loadu_epi8, _mm512_multishift_epi64_epi8,
    _mm512_permutexvar_epi8, _mm512_set1_epi64, _mm512_setr_epi32, _mm512_storeu_epi8,
};
use std::mem::MaybeUninit;

/// Whether this CPU can run [`encode_blocks`].
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512bw")
            && std::is_x86_feature_detected!("avx512vbmi")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Encode whole 48-byte blocks of `input` into `out` (64 bytes per block).
/// Returns the number of input bytes consumed (a multiple of 48); the caller
/// encodes the rest. Without AVX-512 VBMI it consumes nothing.
pub fn encode_blocks(input: &[u8], out: &mut [MaybeUninit<u8>]) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        if available() {
            // SAFETY: the CPU supports the features `encode_vbmi` is compiled for.
            return unsafe { encode_vbmi(input, out) };
        }
    }
    let _ = (input, out);
    0
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
unsafe fn encode_vbmi(input: &[u8], out: &mut [MaybeUninit<u8>]) -> usize {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let blocks = (input.len() / 48).min(out.len() / 64);
    // SAFETY: ALPHABET is 64 readable bytes.
    let lookup = unsafe { _mm512_loadu_epi8(ALPHABET.as_ptr().cast()) };
    // Spread each 3-byte group over a 32-bit lane as bytes [1, 0, 2, 1].
    let spread = _mm512_setr_epi32(
        0x0102_0001,
        0x0405_0304,
        0x0708_0607,
        0x0a0b_090a,
        0x0d0e_0c0d,
        0x1011_0f10,
        0x1314_1213,
        0x1617_1516,
        0x191a_1819,
        0x1c1d_1b1c,
        0x1f20_1e1f,
        0x2223_2122,
        0x2526_2425,
        0x2829_2728,
        0x2b2c_2a2b,
        0x2e2f_2d2e,
    );
    // Bit offsets of the four 6-bit fields in each lane (two lanes per 64 bits).
    let shifts = _mm512_set1_epi64(0x3036_242a_1016_040a);
    for i in 0..blocks {
        let src = input[48 * i..].as_ptr();
        let v = if 48 * i + 64 <= input.len() {
            // SAFETY: at least 64 readable bytes start at `src` (checked above).
            unsafe { _mm512_loadu_epi8(src.cast()) }
        } else {
            // SAFETY: block `i` has 48 readable bytes (i < blocks); the mask keeps
            // the load (and its fault checks) to those 48 bytes.
            unsafe { _mm512_maskz_loadu_epi8((1u64 << 48) - 1, src.cast()) }
        };
        let grouped = _mm512_permutexvar_epi8(spread, v);
        let indices = _mm512_multishift_epi64_epi8(shifts, grouped);
        let text = _mm512_permutexvar_epi8(indices, lookup);
        // SAFETY: block `i` has 64 writable output bytes at 64*i (i < blocks);
        // MaybeUninit<u8> has the layout of u8.
        unsafe { _mm512_storeu_epi8(out.as_mut_ptr().add(64 * i).cast(), text) };
    }
    blocks * 48
}
