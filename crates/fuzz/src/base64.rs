//! rs-base64-codec against its scalar reference (`decode_scalar`, a
//! transcription of CPython's `binascii.a2b_base64`).

use rs_base64_codec::{
    Backend, Rules, canonical_decoded_len, decode_canonical, decode_scalar, decode_to_vec,
    encode_scalar, encode_to_vec, set_backend,
};

use crate::cursor::Cursor;

/// The four rule sets: CPython 3.11/3.12 and 3.13+, strict or not.
const RULES: [Rules; 4] = [
    Rules {
        strict: false,
        excess_padding: false,
    },
    Rules {
        strict: false,
        excess_padding: true,
    },
    Rules {
        strict: true,
        excess_padding: false,
    },
    Rules {
        strict: true,
        excess_padding: true,
    },
];

fn reference(input: &[u8], rules: Rules) -> Result<Vec<u8>, rs_base64_codec::DecodeError> {
    let mut out = Vec::new();
    decode_scalar(input, rules, &mut out).map(|()| out)
}

/// Decode of arbitrary bytes: under every backend and every rule set the
/// public decoder gives the reference's bytes or the reference's error; the
/// SIMD decoder of canonical input, when it accepts, gives the strict
/// reference's bytes.
pub fn decode(data: &[u8]) {
    for rules in RULES {
        let want = reference(data, rules);
        for backend in [Backend::Simd, Backend::Scalar] {
            set_backend(backend);
            let got = decode_to_vec(data, rules);
            assert_eq!(got, want, "backend {backend:?}, {rules:?}");
        }
    }
    set_backend(Backend::Simd);
    if let Some(n) = canonical_decoded_len(data) {
        let mut out = Vec::with_capacity(n);
        if decode_canonical(data, &mut out.spare_capacity_mut()[..n]) {
            // SAFETY: decode_canonical returned true: it initialised all `n`
            // bytes of the spare capacity.
            unsafe { out.set_len(n) };
            let strict = reference(data, RULES[3]);
            assert_eq!(Ok(out), strict, "SIMD accepted what strict decoding gives");
        }
    }
}

/// Encode then decode: every backend's encoding is the scalar reference's,
/// with and without the newline, and strict decoding gives the input back.
pub fn roundtrip(data: &[u8]) {
    let mut cursor = Cursor::new(data);
    let newline = cursor.byte() & 1 == 1;
    let input = cursor.rest();
    let body_len = input.len().div_ceil(3) * 4;
    let mut want = Vec::with_capacity(body_len + 1);
    let written = encode_scalar(input, &mut want.spare_capacity_mut()[..body_len]).len();
    // SAFETY: encode_scalar initialised exactly `written` (= `body_len`) bytes.
    unsafe { want.set_len(written) };
    if newline {
        want.push(b'\n');
    }
    for backend in [Backend::Simd, Backend::Scalar] {
        set_backend(backend);
        let encoded = encode_to_vec(input, newline);
        assert_eq!(
            encoded, want,
            "backend {backend:?} encodes unlike the reference"
        );
        for rules in RULES {
            // The newline is not base64 data: strict mode rejects it.
            let text = if rules.strict && newline {
                &encoded[..encoded.len() - 1]
            } else {
                &encoded[..]
            };
            assert_eq!(
                decode_to_vec(text, rules).as_deref(),
                Ok(input),
                "backend {backend:?}, {rules:?}"
            );
        }
    }
    set_backend(Backend::Simd);
}
