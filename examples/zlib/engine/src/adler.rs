//! Adler-32 with AVX-512 VNNI chosen at run time.
//!
//! zlib-rs 0.6.8 selects its AVX-512 Adler-32 only when the crate is built
//! with `-C target-feature=+avx512...`, which would make the wheel crash on
//! older CPUs; at run time it picks AVX2. This module checks the CPU (the
//! standard library caches the answer) and uses `vpdpbusd` where the CPU has
//! it, and zlib-rs everywhere else and for the last bytes (fewer than 256).

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
    if let [byte] = buf {
        return adler32_one(start, *byte);
    }
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

/// C zlib's one-byte case, which reduces each sum by at most one `BASE`:
/// from a start value whose sums are not reduced (any `u32` is accepted from
/// Python), the result can keep a sum at or above `BASE`, and CPython returns
/// it as is (`zlib.adler32(b"\x07", 0xffffffdf)` is `0xfff4ffe6`); zlib-rs
/// reduces fully. Found by the `zlib_checksums` fuzz target (crates/fuzz).
fn adler32_one(start: u32, byte: u8) -> u32 {
    const BASE: u32 = 65521;
    let (mut a, mut b) = (start & 0xFFFF, start >> 16);
    a += u32::from(byte);
    if a >= BASE {
        a -= BASE;
    }
    b += a;
    if b >= BASE {
        b -= BASE;
    }
    (b << 16) | a
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
/// A step is four 64-byte chunks, each with its own three accumulators so
/// that no instruction waits for the one before it: `s1` sums the chunk's
/// bytes (`vpdpbusd` with all-ones weights), `s2` their weighted sum
/// (`vpdpbusd` with the weights 64..1, the distance of each byte from the
/// chunk's end), and `prefix` adds up `s1` as it was before each step. Over
/// `n` bytes, `b` grows by `n * a` plus the sum of every byte times its
/// distance from the end: the weighted sums, 256 times `prefix` (the steps
/// after a byte's step), and 192, 128 and 64 times the sums of the first
/// three chunks (the chunks after them in their step).
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
    let weights = load(&WEIGHTS);
    let ones = _mm512_set1_epi8(1);
    let zero = _mm512_setzero_si512();
    // The lanes are 32-bit and wrap; the true totals are below 2^32 (ROUND),
    // so the horizontal sums at the end are exact.
    let (mut s1, mut s2, mut prefix) = ([zero; 4], [zero; 4], [zero; 4]);
    for step in steps {
        let (chunks, _) = step.as_chunks::<64>();
        for i in 0..4 {
            let x = load(&chunks[i]);
            prefix[i] = _mm512_add_epi32(prefix[i], s1[i]);
            s1[i] = _mm512_dpbusd_epi32(s1[i], x, ones);
            s2[i] = _mm512_dpbusd_epi32(s2[i], x, weights);
        }
    }
    let sum4 = |v: [__m512i; 4]| {
        _mm512_add_epi32(_mm512_add_epi32(v[0], v[1]), _mm512_add_epi32(v[2], v[3]))
    };
    let later_chunks = _mm512_add_epi32(
        _mm512_add_epi32(
            _mm512_slli_epi32::<7>(_mm512_add_epi32(s1[0], s1[1])),
            _mm512_slli_epi32::<6>(_mm512_add_epi32(s1[0], s1[2])),
        ),
        _mm512_slli_epi32::<8>(sum4(prefix)),
    );
    let weighted = _mm512_add_epi32(sum4(s2), later_chunks);
    // The casts reinterpret the wrapped 32-bit sums as unsigned.
    let bytes = u64::from(_mm512_reduce_add_epi32(sum4(s1)) as u32);
    let weighted = u64::from(_mm512_reduce_add_epi32(weighted) as u32);
    let n = (steps.len() * STEP) as u64;
    let (a, b) = (u64::from(a), u64::from(b));
    let base = u64::from(BASE);
    (
        ((a + bytes) % base) as u32,
        ((b + n * a + weighted) % base) as u32,
    )
}

#[cfg(test)]
mod tests {
    /// Regression (fuzz target `zlib_checksums`, input `df ff ff ff ff ff 07`):
    /// C zlib's answer, which CPython returns, for a start value whose sums
    /// are not reduced.
    #[test]
    fn one_byte_from_an_unreduced_start_is_c_zlibs() {
        assert_eq!(super::adler32(0xFFFF_FFDF, b"\x07"), 0xFFF4_FFE6);
        assert_eq!(super::adler32(1, b"a"), 0x0062_0062);
    }

    /// Every length around the step and round boundaries, from starting values
    /// that include ones zlib never returns (halves >= BASE). On a CPU without
    /// AVX-512 VNNI both sides are zlib-rs and this checks only the dispatch.
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
