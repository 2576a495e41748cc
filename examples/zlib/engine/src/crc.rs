//! CRC-32 (zlib's: the bit-reflected polynomial 0x04C11DB7) by carry-less
//! multiplication over 512-bit vectors, chosen at run time.
//!
//! zlib-rs 0.6.8 folds 128 bits at a time with PCLMULQDQ at run time and
//! enables its VPCLMULQDQ code only at compile time; below 64 bytes it is slow
//! (about 11 ns a byte here). This module checks the CPU (the standard library
//! caches the answer) and, where it has AVX-512 and VPCLMULQDQ, folds four
//! 512-bit accumulators, 256 bytes per step, then what is left 64 and 16 bytes
//! at a time, and the last bytes with tables. Other CPUs use zlib-rs from
//! 64 bytes up and the tables below.
//!
//! Folding: the CRC of a message is the message times x^32, modulo the
//! polynomial. A 128-bit lane that lies `d` bits before the data it is
//! folded onto is worth its value times x^d; modulo the polynomial that is its
//! two 64-bit halves times two 33-bit factors (`fold_keys(d)`), a sum of two
//! carry-less products that fits in 128 bits. Folding keeps the value of the
//! message modulo the polynomial, so the 16 bytes left at the end have the
//! message's CRC.

/// The CRC-32 polynomial with its x^32 term, bit 32.
#[cfg(target_arch = "x86_64")]
const POLY: u64 = 0x1_04C1_1DB7;

/// Accumulators of the vector loop: 64 bytes each, folded independently so
/// that each carry-less multiply waits for no other.
#[cfg(target_arch = "x86_64")]
const LANES: usize = 4;

/// Bytes per step of the vector loop.
#[cfg(target_arch = "x86_64")]
const STEP: usize = 64 * LANES;

/// x^n modulo POLY in the bit-reflected order the CRC uses, shifted left by
/// one bit (the carry-less product of two reflected values comes out one bit
/// short).
#[cfg(target_arch = "x86_64")]
const fn key(n: u32) -> u64 {
    let mut r: u64 = 1;
    let mut i = 0;
    while i < n {
        r <<= 1;
        if r & (1 << 32) != 0 {
            r ^= POLY;
        }
        i += 1;
    }
    ((r as u32).reverse_bits() as u64) << 1
}

/// The factors for the low and high half of a lane folded `bits` forward.
#[cfg(target_arch = "x86_64")]
const fn fold_keys(bits: u32) -> [u64; 2] {
    [key(bits + 32), key(bits - 32)]
}

/// Tables for eight bytes at a time ("slicing by 8"): `TABLES[0]` is the
/// classic byte table, `TABLES[k][b]` the register after byte `b` and then `k`
/// zero bytes.
const TABLES: [[u32; 256]; 8] = {
    let mut t = [[0u32; 256]; 8];
    let mut i = 0;
    while i < 256 {
        let mut r = i as u32;
        let mut bit = 0;
        while bit < 8 {
            r = (r >> 1) ^ (0xEDB8_8320 & (r & 1).wrapping_neg());
            bit += 1;
        }
        t[0][i] = r;
        i += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut i = 0;
        while i < 256 {
            let r = t[k - 1][i];
            t[k][i] = (r >> 8) ^ t[0][(r & 0xFF) as usize];
            i += 1;
        }
        k += 1;
    }
    t
};

/// The CRC register (zlib's value before its final inversion) after `buf`.
fn by_table(mut r: u32, buf: &[u8]) -> u32 {
    let (words, rest) = buf.as_chunks::<8>();
    for word in words {
        let v = u64::from_le_bytes(*word) ^ u64::from(r);
        let byte = |i: usize| usize::from(v.to_le_bytes()[i]);
        r = TABLES[7][byte(0)]
            ^ TABLES[6][byte(1)]
            ^ TABLES[5][byte(2)]
            ^ TABLES[4][byte(3)]
            ^ TABLES[3][byte(4)]
            ^ TABLES[2][byte(5)]
            ^ TABLES[1][byte(6)]
            ^ TABLES[0][byte(7)];
    }
    for &b in rest {
        r = (r >> 8) ^ TABLES[0][usize::from((r as u8) ^ b)];
    }
    r
}

/// Below this zlib-rs 0.6.8 runs a loop of about 11 ns a byte (measured
/// here), so the tables do short inputs on every CPU.
const ZLIB_RS_MIN: usize = 64;

/// zlib's `crc32(start, buf)`.
pub fn crc32(start: u32, buf: &[u8]) -> u32 {
    #[cfg(target_arch = "x86_64")]
    if buf.len() >= 16
        && is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("vpclmulqdq")
        && is_x86_feature_detected!("pclmulqdq")
    {
        // SAFETY: the three target features crc32_vpclmul enables were
        // detected on this CPU just above.
        return !unsafe { crc32_vpclmul(!start, buf) };
    }
    if buf.len() < ZLIB_RS_MIN {
        return !by_table(!start, buf);
    }
    zlib_rs::crc32::crc32(start, buf)
}

/// The register after `buf` (16 bytes or more), from the register `r`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,vpclmulqdq,pclmulqdq")]
fn crc32_vpclmul(r: u32, buf: &[u8]) -> u32 {
    use std::arch::x86_64::*;
    let load = |chunk: &[u8; 64]| {
        // SAFETY: `chunk` is 64 readable bytes, the width of the load, and
        // loadu has no alignment requirement.
        unsafe { _mm512_loadu_si512(chunk.as_ptr().cast()) }
    };
    let load16 = |chunk: &[u8; 16]| {
        // SAFETY: as above, with 16 bytes.
        unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) }
    };
    let keys512 = |[lo, hi]: [u64; 2]| {
        _mm512_set_epi64(
            hi as _, lo as _, hi as _, lo as _, hi as _, lo as _, hi as _, lo as _,
        )
    };
    // x times x^d, plus y: the 0x96 ternary logic is a three-way XOR.
    let fold = |x: __m512i, keys: __m512i, y: __m512i| {
        let lo = _mm512_clmulepi64_epi128::<0x00>(x, keys);
        let hi = _mm512_clmulepi64_epi128::<0x11>(x, keys);
        _mm512_ternarylogic_epi64::<0x96>(lo, hi, y)
    };
    let [lo, hi] = const { fold_keys(128) };
    let across_lanes = _mm_set_epi64x(hi as _, lo as _);
    let fold128 = |x: __m128i, y: __m128i| {
        let lo = _mm_clmulepi64_si128::<0x00>(x, across_lanes);
        let hi = _mm_clmulepi64_si128::<0x11>(x, across_lanes);
        _mm_xor_si128(_mm_xor_si128(lo, hi), y)
    };
    // The register XORed into the first four bytes: what is left at the end
    // is then the CRC of the remaining bytes from a zero register.
    let (mut last, rest) = if buf.len() >= STEP {
        let (chunks, rest) = buf.as_chunks::<64>();
        let (steps, left) = chunks.split_at(chunks.len() / LANES * LANES);
        let mut x: [__m512i; LANES] = std::array::from_fn(|i| load(&steps[i]));
        x[0] = _mm512_xor_si512(x[0], _mm512_maskz_set1_epi32(1, r as i32));
        let across_steps = keys512(const { fold_keys(8 * STEP as u32) });
        for step in steps[LANES..].chunks_exact(LANES) {
            for (x, chunk) in x.iter_mut().zip(step) {
                *x = fold(*x, across_steps, load(chunk));
            }
        }
        // The accumulators into one, then the 64-byte chunks left.
        let across_chunks = keys512(const { fold_keys(512) });
        let [first, others @ ..] = x;
        let mut x = others.iter().fold(first, |x, &y| fold(x, across_chunks, y));
        for chunk in left {
            x = fold(x, across_chunks, load(chunk));
        }
        let lanes = [
            _mm512_extracti32x4_epi32::<0>(x),
            _mm512_extracti32x4_epi32::<1>(x),
            _mm512_extracti32x4_epi32::<2>(x),
            _mm512_extracti32x4_epi32::<3>(x),
        ];
        (
            fold128(fold128(fold128(lanes[0], lanes[1]), lanes[2]), lanes[3]),
            rest,
        )
    } else {
        let Some((first, rest)) = buf.split_first_chunk::<16>() else {
            return by_table(r, buf);
        };
        (
            _mm_xor_si128(load16(first), _mm_cvtsi32_si128(r as i32)),
            rest,
        )
    };
    let (blocks, rest) = rest.as_chunks::<16>();
    for block in blocks {
        last = fold128(last, load16(block));
    }
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&(_mm_cvtsi128_si64(last) as u64).to_le_bytes());
    bytes[8..].copy_from_slice(&(_mm_extract_epi64::<1>(last) as u64).to_le_bytes());
    by_table(by_table(0, &bytes), rest)
}

#[cfg(test)]
mod tests {
    /// The factors are the published ones (the Linux kernel's
    /// crc32-pclmul_asm.S): folding by 4 x 128 and by 128 bits.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn keys_are_the_known_constants() {
        assert_eq!(super::fold_keys(512), [0x1_5444_2bd4, 0x1_c6e4_1596]);
        assert_eq!(super::fold_keys(128), [0x1_7519_97d0, 0x0_ccaa_009e]);
    }

    /// The tables alone (on CPUs without VPCLMULQDQ they do inputs below 64
    /// bytes; with it, the last 16 to 31).
    #[test]
    fn tables_agree_with_zlib_rs() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 131 % 251) as u8).collect();
        for &start in &[0u32, 1, 0xFFFF_FFFF, 0x1234_5678] {
            for len in 0..=data.len() {
                let buf = &data[..len];
                assert_eq!(
                    !super::by_table(!start, buf),
                    zlib_rs::crc32::crc32(start, buf)
                );
            }
        }
    }

    /// Every length around the step boundaries and over several steps, from
    /// several starting values. On a CPU without AVX-512 and VPCLMULQDQ both
    /// sides are zlib-rs and this checks only the dispatch.
    #[test]
    fn agrees_with_zlib_rs() {
        let data: Vec<u8> = (0..5000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let ones = vec![0xFFu8; data.len()];
        for buf in [&data, &ones] {
            for &start in &[0u32, 1, 0xFFFF_FFFF, 0x1234_5678] {
                for len in (0..=1100).chain(4000..=5000) {
                    let buf = &buf[..len];
                    assert_eq!(
                        super::crc32(start, buf),
                        zlib_rs::crc32::crc32(start, buf),
                        "start {start:#x}, {len} bytes"
                    );
                }
            }
        }
    }
}
