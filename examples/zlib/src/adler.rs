//! Adler-32 with AVX-512 VNNI chosen at run time.
//!
//! zlib-rs 0.6.8 selects its AVX-512 Adler-32 only when the crate is built
//! with `-C target-feature=+avx512...`, which would make the wheel crash on
//! older CPUs; at run time it picks AVX2. This module checks the CPU once and
//! uses `vpdpbusd` (four accumulators, 256 bytes per step) where the CPU has
//! it, and zlib-rs everywhere else and for the tail.

/// The largest prime below 2^16.
#[cfg(target_arch = "x86_64")]
const BASE: u32 = 65521;

/// Below this the vector setup and the final reduction cost more than they
/// save; it is also the vector loop's step.
#[cfg(target_arch = "x86_64")]
const STEP: usize = 256;

/// Bytes summed before the sums are reduced modulo `BASE`: the largest
/// multiple of `STEP` not above zlib's NMAX (5552), the longest run whose
/// sums cannot overflow 32 bits whatever the starting value.
#[cfg(target_arch = "x86_64")]
const ROUND: usize = 5552 / STEP * STEP;

/// zlib's `adler32(start, buf)`.
pub fn adler32(start: u32, buf: &[u8]) -> u32 {
    #[cfg(target_arch = "x86_64")]
    if buf.len() >= STEP
        && is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512bw")
        && is_x86_feature_detected!("avx512vnni")
    {
        // SAFETY: the three target features adler32_vnni enables were
        // detected on this CPU just above.
        return unsafe { adler32_vnni(start, buf) };
    }
    zlib_rs::adler32::adler32(start, buf)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
fn adler32_vnni(start: u32, buf: &[u8]) -> u32 {
    let (mut a, mut b) = (start & 0xFFFF, start >> 16);
    let (steps, tail) = buf.as_chunks::<STEP>();
    for round in steps.chunks(ROUND / STEP) {
        (a, b) = sum_round(a, b, round);
    }
    zlib_rs::adler32::adler32((b << 16) | a, tail)
}

/// One round: `a` and `b` after the bytes of `steps`, reduced modulo BASE.
///
/// Over a 64-byte chunk `x`, `a` grows by the sum of its bytes and `b` by
/// `64 * a + (64 * x[0] + 63 * x[1] + ... + 1 * x[63])`. `vs1` holds the
/// running `a` (in lanes, from `vpsadbw`), `vs3` the sum of `a` before each
/// chunk (the `64 * a` terms, multiplied at the end), and `vs2` the weighted
/// sums (`vpdpbusd` with the weights 64..1), in four accumulators so that
/// consecutive `vpdpbusd` do not wait for each other.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
fn sum_round(a: u32, b: u32, steps: &[[u8; STEP]]) -> (u32, u32) {
    use std::arch::x86_64::*;
    const WEIGHTS: [u8; 64] = {
        let mut w = [0u8; 64];
        let mut i = 0;
        while i < 64 {
            w[i] = 64 - i as u8;
            i += 1;
        }
        w
    };
    let load = |chunk: &[u8; 64]| {
        // SAFETY: `chunk` is 64 readable bytes, the width of the load, and
        // loadu has no alignment requirement.
        unsafe { _mm512_loadu_si512(chunk.as_ptr().cast()) }
    };
    let zero = _mm512_setzero_si512();
    let weights = load(&WEIGHTS);
    // The lanes are 32-bit and wrap; their total is below 2^32 (ROUND), so
    // the horizontal sums at the end are exact.
    let mut vs1 = _mm512_maskz_set1_epi32(1, a as i32);
    let mut vs2 = [_mm512_maskz_set1_epi32(1, b as i32), zero, zero, zero];
    let mut vs3 = zero;
    for step in steps {
        let (chunks, _) = step.as_chunks::<64>();
        for (acc, chunk) in vs2.iter_mut().zip(chunks) {
            let x = load(chunk);
            vs3 = _mm512_add_epi32(vs3, vs1);
            vs1 = _mm512_add_epi32(vs1, _mm512_sad_epu8(x, zero));
            *acc = _mm512_dpbusd_epi32(*acc, x, weights);
        }
    }
    let [v0, v1, v2, v3] = vs2;
    let weighted = _mm512_add_epi32(_mm512_add_epi32(v0, v1), _mm512_add_epi32(v2, v3));
    let vs2 = _mm512_add_epi32(weighted, _mm512_slli_epi32::<6>(vs3));
    // The casts reinterpret the wrapped 32-bit sums as unsigned.
    let a = _mm512_reduce_add_epi32(vs1) as u32 % BASE;
    let b = _mm512_reduce_add_epi32(vs2) as u32 % BASE;
    (a, b)
}

#[cfg(test)]
mod tests {
    /// Every length around the step and round boundaries, from starting values
    /// that include ones zlib never returns (halves >= BASE).
    #[test]
    fn agrees_with_zlib_rs() {
        let data: Vec<u8> = (0..3 * 5376 + 700u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let ones = vec![0xFFu8; data.len()];
        let mut lens: Vec<usize> = (0..=600).collect();
        for edge in [5376, 2 * 5376, 3 * 5376] {
            lens.extend(edge - 300..=edge + 300);
        }
        for buf in [&data, &ones] {
            for &start in &[1u32, 0, 0xFFFF_FFFF, 0xFFF0_FFF0, 0x1234_5678] {
                for &len in &lens {
                    let buf = &buf[..len];
                    assert_eq!(
                        super::adler32(start, buf),
                        zlib_rs::adler32::adler32(start, buf),
                        "start {start:#x}, {len} bytes"
                    );
                }
            }
        }
    }
}
