//! AVX2 encoder (Muła's SIMD base64 encoding, as in Muła and Lemire, "Faster
//! Base64 Encoding and Decoding Using AVX2 Instructions", 2018): 24 input
//! bytes become 32 output characters with one byte shuffle, two multiplies
//! that move the 6-bit fields into place, and a 16-entry offset lookup:
//! twelve instructions per block (one fewer than Muła's, see the byte blend
//! in `encode_avx2`), sixteen blocks per loop iteration. That is about
//! 0.51 instructions per input byte (callgrind, 1 MiB), against 0.55 for
//! pybase64's AVX2 code and about twice that for base64-simd 0.8's. It is
//! used on CPUs with AVX2 and without AVX-512 VBMI; base64-simd encodes the
//! tail.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::{
    _mm_loadu_si128, _mm256_add_epi8, _mm256_and_si256, _mm256_blendv_epi8, _mm256_castsi128_si256,
    _mm256_cmpgt_epi8, _mm256_inserti128_si256, _mm256_loadu_si256, _mm256_mullo_epi16,
    _mm256_set1_epi8, _mm256_set1_epi16, _mm256_set1_epi32, _mm256_setr_epi8, _mm256_shuffle_epi8,
    _mm256_storeu_si256, _mm256_sub_epi8, _mm256_subs_epu8,
};
use std::mem::MaybeUninit;
#[cfg(target_arch = "x86_64")]
use std::{arch::asm, arch::x86_64::__m256i};

/// Whether this CPU can run [`encode_blocks`].
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Encode whole 24-byte blocks of `input` into `out` (32 bytes per block)
/// while at least 28 input bytes remain (each block reads 4 bytes past
/// itself). Returns the number of input bytes consumed (a multiple of 24);
/// the caller encodes the rest. Without AVX2 it consumes nothing.
pub fn encode_blocks(input: &[u8], out: &mut [MaybeUninit<u8>]) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        if available() {
            // SAFETY: the CPU supports the features `encode_avx2` is compiled for.
            return unsafe { encode_avx2(input, out) };
        }
    }
    let _ = (input, out);
    0
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn encode_avx2(input: &[u8], out: &mut [MaybeUninit<u8>]) -> usize {
    // Blocks whose 28-byte read stays inside `input`, and whose 32 output
    // bytes fit in `out`.
    let blocks = (input.len().saturating_sub(4) / 24).min(out.len() / 32);
    // Per 128-bit lane, the lane's 12 input bytes as four 32-bit groups
    // [b1, b0, b2, b1]. `spread` is for bytes at offset 0 of both lanes (the
    // first block, loaded as two halves); `spread_shifted` for one 32-byte
    // load that starts 4 bytes before the block (data at offset 4 of the
    // low lane, 0 of the high lane), as in Muła's AVX2 code.
    let spread = _mm256_setr_epi8(
        1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10, //
        1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10,
    );
    let spread_shifted = _mm256_setr_epi8(
        5, 4, 6, 5, 8, 7, 9, 8, 11, 10, 12, 11, 14, 13, 15, 14, //
        1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10,
    );
    // Offsets from a 6-bit value to its ASCII character, by range:
    // 0..=25 'A', 26..=51 'a', 52..=61 '0', 62 '+', 63 '/'.
    let offsets = _mm256_setr_epi8(
        65, 71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 0, 0, //
        65, 71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 0, 0,
    );
    // With a group [b1, b0, b2, b1] as the 16-bit words w0 = b0:b1 and
    // w1 = b1:b2 (high:low byte), the output bytes are A = w0 >> 10,
    // B = (w0 >> 4) & 63, C = (w1 >> 6) & 63 and D = w1 & 63. `mulhi` by
    // 2^6 and 2^10 gives A in byte 0 and C in byte 2; `mullo` by 2^4 and
    // 2^8 gives B in byte 1 and D in byte 3, each with stray bits above and
    // in the bytes it does not supply. A byte blend takes bytes 0 and 2 from
    // the first product and 1 and 3 from the second, and one AND clears bits
    // 6 and 7: four instructions where Muła's two masks and an OR take five.
    let mul_hi = _mm256_set1_epi32(0x0400_0040);
    // LLVM rewrites a multiply by known powers of two as shifts, and AVX2
    // has no per-lane 16-bit shift: `mullo` became two shifts and a blend,
    // and `mulhi` a widening 32-bit multiply with a pack and a permute
    // (issue #15: 25 instructions per block, half pybase64's speed on
    // AVX2-only CPUs). `black_box` hides this multiplier from LLVM, and the
    // `vpmulhuw` is written out in `mulhi` (hiding its multiplier is not
    // enough: LLVM still widens it once the invariant half is hoisted out of
    // the loop).
    let mul_lo = std::hint::black_box(_mm256_set1_epi32(0x0100_0010));
    let odd_bytes = _mm256_set1_epi16(0xff00_u16 as i16);
    let low6 = _mm256_set1_epi8(0x3f);
    let n51 = _mm256_set1_epi8(51);
    let n25 = _mm256_set1_epi8(25);
    let src = input.as_ptr();
    let dst = out.as_mut_ptr().cast::<u8>();
    // `grouped`: each 32-bit lane holds [b1, b0, b2, b1]; the two multiplies
    // move its four 6-bit fields into one byte each, then the offset index
    // (0 for 0..=25, 1 for 26..=51, 2..=11 for 52..=61, 12 for 62, 13 for
    // 63) picks what to add to make the character.
    macro_rules! encode_block {
        ($i:expr, $grouped:expr) => {{
            let v = $grouped;
            let t1 = mulhi(v, mul_hi);
            let t3 = _mm256_mullo_epi16(v, mul_lo);
            let sextets = _mm256_and_si256(_mm256_blendv_epi8(t1, t3, odd_bytes), low6);
            let idx = _mm256_sub_epi8(
                _mm256_subs_epu8(sextets, n51),
                _mm256_cmpgt_epi8(sextets, n25),
            );
            let text = _mm256_add_epi8(sextets, _mm256_shuffle_epi8(offsets, idx));
            // SAFETY: block `$i` has 32 writable output bytes at 32*$i
            // ($i < blocks); MaybeUninit<u8> has the layout of u8.
            unsafe { _mm256_storeu_si256(dst.add(32 * $i).cast(), text) };
        }};
    }
    if blocks == 0 {
        return 0;
    }
    // SAFETY: block 0 has 24 + 4 readable bytes (blocks > 0), so both
    // 16-byte loads (at 0 and 12) are inside `input`.
    let first = unsafe {
        let lo = _mm_loadu_si128(src.cast());
        let hi = _mm_loadu_si128(src.add(12).cast());
        _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(lo), hi)
    };
    encode_block!(0, _mm256_shuffle_epi8(first, spread));
    // Block `i` >= 1 from one 32-byte load 4 bytes before it.
    macro_rules! shifted_block {
        ($i:expr) => {{
            let i = $i;
            // SAFETY: i >= 1, so 24*i - 4 is inside `input`, and the 32 bytes
            // end at 24*i + 28 <= input.len() (i < blocks).
            let v = unsafe { _mm256_loadu_si256(src.add(24 * i - 4).cast()) };
            encode_block!(i, _mm256_shuffle_epi8(v, spread_shifted));
        }};
    }
    // Sixteen blocks per iteration (written out: LLVM keeps a `for` over
    // them as an inner loop): the loop's counter, compare and branch and the
    // two pointer updates (five instructions) are paid once per 384 input
    // bytes instead of once per block of twelve.
    macro_rules! four_blocks {
        ($i:expr) => {{
            shifted_block!($i);
            shifted_block!($i + 1);
            shifted_block!($i + 2);
            shifted_block!($i + 3);
        }};
    }
    let mut i = 1;
    while i + 16 <= blocks {
        four_blocks!(i);
        four_blocks!(i + 4);
        four_blocks!(i + 8);
        four_blocks!(i + 12);
        i += 16;
    }
    while i < blocks {
        shifted_block!(i);
        i += 1;
    }
    blocks * 24
}

/// `_mm256_mulhi_epu16` as exactly one `vpmulhuw` (see `encode_avx2` for
/// what LLVM makes of the intrinsic in the loop).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn mulhi(a: __m256i, b: __m256i) -> __m256i {
    let hi: __m256i;
    // SAFETY: `vpmulhuw` only reads two vector registers and writes a third
    // (no memory, stack or flags); AVX2 is enabled for this function.
    unsafe {
        asm!(
            "vpmulhuw {hi}, {a}, {b}",
            hi = lateout(ymm_reg) hi,
            a = in(ymm_reg) a,
            b = in(ymm_reg) b,
            options(pure, nomem, nostack, preserves_flags),
        );
    }
    hi
}
