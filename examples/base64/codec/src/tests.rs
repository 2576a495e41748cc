//! Unit tests: the scalar reference against known vectors and the SIMD path.

use super::*;

fn rules(strict: bool) -> Rules {
    Rules::for_python(13, strict)
}

fn scalar_decode(input: &[u8], strict: bool) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    decode_scalar(input, rules(strict), &mut out).map(|()| out)
}

fn scalar_encode(input: &[u8]) -> Vec<u8> {
    let n = input.len().div_ceil(3) * 4;
    let mut out = Vec::with_capacity(n);
    let len = encode_scalar(input, &mut out.spare_capacity_mut()[..n]).len();
    // SAFETY: `encode_scalar` initialised `len` bytes.
    unsafe { out.set_len(len) };
    out
}

/// A small deterministic generator so the tests need no extra crate.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn rfc4648_vectors() {
    let cases: [(&[u8], &[u8]); 7] = [
        (b"", b""),
        (b"f", b"Zg=="),
        (b"fo", b"Zm8="),
        (b"foo", b"Zm9v"),
        (b"foob", b"Zm9vYg=="),
        (b"fooba", b"Zm9vYmE="),
        (b"foobar", b"Zm9vYmFy"),
    ];
    for (raw, text) in cases {
        assert_eq!(scalar_encode(raw), text);
        assert_eq!(encode_to_vec(raw, false), text);
        assert_eq!(scalar_decode(text, true).as_deref(), Ok(raw));
        assert_eq!(decode_to_vec(text, rules(false)).as_deref(), Ok(raw));
    }
    assert_eq!(encode_to_vec(b"foo", true), b"Zm9v\n");
}

#[test]
fn lenient_mode_skips_garbage_and_stops_at_padding() {
    assert_eq!(scalar_decode(b"Zm\n9v!", false).as_deref(), Ok(&b"foo"[..]));
    assert_eq!(scalar_decode(b"Zg==Zm9v", false).as_deref(), Ok(&b"f"[..]));
    assert_eq!(scalar_decode(b"QR==", false).as_deref(), Ok(&b"A"[..]));
    assert_eq!(
        decode_to_vec(b"QR==\n", rules(false)).as_deref(),
        Ok(&b"A"[..])
    );
}

#[test]
fn errors_carry_cpython_messages() {
    let err = |s: &[u8], strict| scalar_decode(s, strict).err().map(|e| e.to_string());
    assert_eq!(
        err(b"Zm9vY", false).as_deref(),
        Some(
            "Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4"
        )
    );
    assert_eq!(err(b"Zm9", false).as_deref(), Some("Incorrect padding"));
    assert_eq!(
        err(b"=Zg==", true).as_deref(),
        Some("Leading padding not allowed")
    );
    assert_eq!(
        err(b"Zm9v=", true).as_deref(),
        Some("Excess padding not allowed")
    );
    assert_eq!(
        err(b"Zg==Zg==", true).as_deref(),
        Some("Excess data after padding")
    );
    assert_eq!(
        err(b"Zm 9v", true).as_deref(),
        Some("Only base64 data is allowed")
    );
    assert_eq!(
        err(b"Zm=9", true).as_deref(),
        Some("Discontinuous padding not allowed")
    );
}

#[test]
fn simd_and_scalar_agree_on_random_input() {
    let mut seed = 0x5eed_u64;
    for len in (0..300).chain([4095, 4096, 65_537]) {
        let data: Vec<u8> = (0..len).map(|_| xorshift(&mut seed) as u8).collect();
        let text = encode_to_vec(&data, false);
        assert_eq!(text, scalar_encode(&data));
        assert_eq!(decode_to_vec(&text, rules(true)).as_deref(), Ok(&data[..]));
        assert_eq!(scalar_decode(&text, true).as_deref(), Ok(&data[..]));
        // Corrupt one byte: both paths must agree on result or error.
        if !text.is_empty() {
            let mut bad = text.clone();
            let at = (xorshift(&mut seed) as usize) % bad.len();
            bad[at] = xorshift(&mut seed) as u8;
            for strict in [false, true] {
                assert_eq!(
                    decode_to_vec(&bad, rules(strict)),
                    scalar_decode(&bad, strict)
                );
            }
        }
    }
}

#[test]
fn backend_names_round_trip() {
    for b in [Backend::Simd, Backend::Scalar] {
        assert_eq!(Backend::from_name(b.name()), Some(b));
    }
    assert_eq!(Backend::from_name("gpu"), None);
    assert!(!simd_level().is_empty());
}

#[test]
fn avx2_blocks_match_scalar() {
    // Called directly: on AVX-512 VBMI machines `encode` never reaches it.
    let mut seed = 0xa5a5_u64;
    // Every block count up to 34 (the loop runs sixteen blocks at a time
    // after the first, then one at a time), each at its exact length and one
    // short.
    let exact = (1..=34).flat_map(|blocks| [24 * blocks + 4, 24 * blocks + 3]);
    for len in [0, 23, 27, 29, 53, 100, 1000, 4096]
        .into_iter()
        .chain(exact)
    {
        let data: Vec<u8> = (0..len).map(|_| xorshift(&mut seed) as u8).collect();
        let mut out = vec![std::mem::MaybeUninit::new(0u8); len / 3 * 4 + 4];
        let done = crate::avx2::encode_blocks(&data, &mut out);
        assert_eq!(done % 24, 0);
        if crate::avx2::available() {
            assert_eq!(done, len.saturating_sub(4) / 24 * 24, "len {len}");
        }
        // SAFETY: `encode_blocks` initialised the first done / 3 * 4 bytes
        // (and the vector was initialised with zeros anyway).
        let text: Vec<u8> = out[..done / 3 * 4]
            .iter()
            .map(|b| unsafe { b.assume_init() })
            .collect();
        assert_eq!(text, scalar_encode(&data[..done]));
    }
}
