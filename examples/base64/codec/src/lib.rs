//! Base64 with the exact semantics of CPython's `binascii` module.
//!
//! This crate has no Python dependency. It is shared by the PyO3 extension
//! `rs_base64` and the raw-FFI extension `rs_base64_ffi`, so that both expose
//! the same codec and differ only in how they talk to the interpreter.
//!
//! * Encoding is the standard alphabet with `=` padding (RFC 4648 §4).
//! * Decoding follows `binascii.a2b_base64`: in the default mode every byte
//!   outside the alphabet is skipped and decoding stops at the first complete
//!   pad sequence; with `strict` the input must be canonical base64.
//!
//! Two code paths exist. The SIMD path (the `base64-simd` crate, which picks
//! AVX2, SSSE3 or NEON at run time) handles well-formed input; anything it
//! rejects is handed to the scalar state machine, which is the reference for
//! results and error messages. [`set_backend`] forces the scalar path so tests
//! can exercise it; the environment variable `RS_BASE64_BACKEND=scalar` does
//! the same at start-up.

use std::fmt;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicU8, Ordering};

mod avx2;
mod avx512;
mod scalar;

pub use scalar::{decode_scalar, encode_scalar};

/// Which implementation the public functions use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SIMD for well-formed input, chosen at run time, scalar otherwise.
    Simd,
    /// Only the portable scalar code.
    Scalar,
}

impl Backend {
    /// The name used by `set_backend`/`backend` in the Python modules.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Simd => "simd",
            Backend::Scalar => "scalar",
        }
    }

    /// Parse `"simd"` or `"scalar"`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "simd" => Some(Backend::Simd),
            "scalar" => Some(Backend::Scalar),
            _ => None,
        }
    }
}

const UNSET: u8 = 0;
const SIMD: u8 = 1;
const SCALAR: u8 = 2;
static BACKEND: AtomicU8 = AtomicU8::new(UNSET);

/// The backend in use (read once from `RS_BASE64_BACKEND`, default SIMD).
pub fn backend() -> Backend {
    match BACKEND.load(Ordering::Relaxed) {
        SIMD => Backend::Simd,
        SCALAR => Backend::Scalar,
        _ => {
            let chosen = match std::env::var("RS_BASE64_BACKEND").as_deref() {
                Ok("scalar") => Backend::Scalar,
                _ => Backend::Simd,
            };
            set_backend(chosen);
            chosen
        }
    }
}

/// Force a backend for the whole process.
pub fn set_backend(backend: Backend) {
    let v = match backend {
        Backend::Simd => SIMD,
        Backend::Scalar => SCALAR,
    };
    BACKEND.store(v, Ordering::Relaxed);
}

/// The instruction sets the SIMD backend uses on this CPU, as
/// `"<encode>/<decode>"`, e.g. `"avx512vbmi/avx2"`.
pub fn simd_level() -> &'static str {
    match (avx512::available(), decode_level()) {
        (true, "avx2") => "avx512vbmi/avx2",
        (true, _) => "avx512vbmi/ssse3",
        (false, "avx2") => "avx2/avx2",
        (false, "ssse3") => "ssse3/ssse3",
        (false, "neon") => "neon/neon",
        _ => "scalar/scalar",
    }
}

/// What base64-simd dispatches to at run time.
fn decode_level() -> &'static str {
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    {
        if std::is_x86_feature_detected!("avx2") {
            return "avx2";
        }
        if std::is_x86_feature_detected!("ssse3") {
            return "ssse3";
        }
        "scalar"
    }
    #[cfg(target_arch = "aarch64")]
    {
        "neon"
    }
    #[cfg(not(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64")))]
    {
        "scalar"
    }
}

/// Length of the base64 text for `n` input bytes, plus one for the newline.
/// `None` if it does not fit in `isize` (Python's size limit).
pub fn encoded_len(n: usize, newline: bool) -> Option<usize> {
    let len = n
        .div_ceil(3)
        .checked_mul(4)?
        .checked_add(usize::from(newline))?;
    isize::try_from(len).ok()?;
    Some(len)
}

/// Encode `input` into `out`, which must be exactly `encoded_len(input.len(), newline)`
/// long; returns the initialised output.
///
/// # Panics
/// If `out` has the wrong length (a bug in the caller, never user input).
pub fn encode<'o>(input: &[u8], out: &'o mut [MaybeUninit<u8>], newline: bool) -> &'o mut [u8] {
    let body_len = out.len() - usize::from(newline);
    assert_eq!(Some(out.len()), encoded_len(input.len(), newline));
    let (body, tail) = out.split_at_mut(body_len);
    match backend() {
        Backend::Simd => {
            // Whole 48-byte blocks with AVX-512 VBMI when the CPU has it, or
            // 24-byte blocks with AVX2; the rest (or everything) with
            // base64-simd's SSSE3/NEON/scalar code.
            let mut done = avx512::encode_blocks(input, body);
            if done == 0 {
                done = avx2::encode_blocks(input, body);
            }
            let rest = &mut body[done / 3 * 4..];
            let _ = base64_simd::STANDARD
                .encode(&input[done..], base64_simd::Out::from_uninit_slice(rest));
        }
        Backend::Scalar => {
            encode_scalar(input, body);
        }
    }
    if let Some(nl) = tail.first_mut() {
        nl.write(b'\n');
    }
    // SAFETY: every element of `body` was written by the encoder (both encoders
    // fill exactly `encoded_len` bytes) and `tail` is empty or was just written.
    unsafe { std::slice::from_raw_parts_mut(out.as_mut_ptr().cast::<u8>(), out.len()) }
}

/// Which checks `a2b_base64` applies; they differ between CPython versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// `strict_mode=True`.
    pub strict: bool,
    /// Strict mode rejects `=` at the start of a quad ("Excess padding"),
    /// as CPython 3.13 and later do; 3.11 and 3.12 ignore it.
    pub excess_padding: bool,
}

impl Rules {
    /// The rules of CPython 3.`minor` for the given `strict_mode`.
    pub fn for_python(minor: u8, strict: bool) -> Self {
        Rules {
            strict,
            excess_padding: minor >= 13,
        }
    }
}

/// Why `a2b_base64` rejected its input; `Display` gives CPython's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Strict mode: the input starts with `=`.
    LeadingPadding,
    /// Strict mode (3.13+): `=` where a new quad would start.
    ExcessPadding,
    /// Strict mode: bytes after a complete pad sequence.
    ExcessData,
    /// Strict mode: a byte outside the alphabet.
    NotBase64,
    /// Strict mode: a data byte after a `=`.
    DiscontinuousPadding,
    /// One data character more than a multiple of four; the payload is the
    /// number of data characters CPython reports.
    InvalidLength(usize),
    /// Two or three data characters left over without padding.
    IncorrectPadding,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::LeadingPadding => f.write_str("Leading padding not allowed"),
            DecodeError::ExcessPadding => f.write_str("Excess padding not allowed"),
            DecodeError::ExcessData => f.write_str("Excess data after padding"),
            DecodeError::NotBase64 => f.write_str("Only base64 data is allowed"),
            DecodeError::DiscontinuousPadding => f.write_str("Discontinuous padding not allowed"),
            DecodeError::InvalidLength(n) => write!(
                f,
                "Invalid base64-encoded string: number of data characters ({n}) \
                 cannot be 1 more than a multiple of 4"
            ),
            DecodeError::IncorrectPadding => f.write_str("Incorrect padding"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The exact decoded length if `input` could be canonical base64 (length a
/// multiple of four, at most two trailing `=`); `None` means "use the scalar path".
pub fn canonical_decoded_len(input: &[u8]) -> Option<usize> {
    if !input.len().is_multiple_of(4) {
        return None;
    }
    let pads = input
        .iter()
        .rev()
        .take(2)
        .take_while(|&&b| b == b'=')
        .count();
    Some(input.len() / 4 * 3 - pads)
}

/// Bytes that non-strict decoding ignores anyway and that commonly trail
/// base64 text (`b2a_base64` appends `\n`).
fn trim_trailing_whitespace(input: &[u8]) -> &[u8] {
    let end = input
        .iter()
        .rposition(|&b| !matches!(b, b'\n' | b'\r' | b' ' | b'\t'))
        .map_or(0, |i| i + 1);
    &input[..end]
}

/// The input the SIMD fast path should try, or `None` when only the scalar
/// path can decide. Non-strict decoding skips whitespace, so trailing
/// whitespace can be dropped without changing the result.
pub fn fast_path_input(input: &[u8], strict: bool) -> Option<&[u8]> {
    if backend() == Backend::Scalar {
        return None;
    }
    let candidate = if strict {
        input
    } else {
        trim_trailing_whitespace(input)
    };
    canonical_decoded_len(candidate).map(|_| candidate)
}

/// SIMD decode of canonical input into `out` (exactly `canonical_decoded_len`
/// long). `false` means the input was not canonical and nothing is promised
/// about `out`; the caller must then use [`decode_scalar`].
pub fn decode_canonical(input: &[u8], out: &mut [MaybeUninit<u8>]) -> bool {
    match base64_simd::STANDARD.decode(input, base64_simd::Out::from_uninit_slice(out)) {
        Ok(written) => written.len() == out.len(),
        Err(_) => false,
    }
}

/// Decode like `binascii.a2b_base64(input, strict_mode=strict)` into a `Vec`.
pub fn decode_to_vec(input: &[u8], rules: Rules) -> Result<Vec<u8>, DecodeError> {
    if let Some(src) = fast_path_input(input, rules.strict)
        && let Some(n) = canonical_decoded_len(src)
    {
        let mut out = Vec::with_capacity(n);
        if decode_canonical(src, &mut out.spare_capacity_mut()[..n]) {
            // SAFETY: `decode_canonical` returned true, so it initialised all `n` bytes.
            unsafe { out.set_len(n) };
            return Ok(out);
        }
    }
    let mut out = Vec::new();
    decode_scalar(input, rules, &mut out)?;
    Ok(out)
}

/// Encode into a `Vec` (convenience for tests and non-Python callers).
pub fn encode_to_vec(input: &[u8], newline: bool) -> Vec<u8> {
    let n = encoded_len(input.len(), newline).unwrap_or(0);
    let mut out = Vec::with_capacity(n);
    let written = encode(input, &mut out.spare_capacity_mut()[..n], newline).len();
    // SAFETY: `encode` initialised exactly `n` bytes of the spare capacity.
    unsafe { out.set_len(written) };
    out
}

#[cfg(test)]
mod tests;
