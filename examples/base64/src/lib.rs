//! `rs_base64`: CPython's base64 functions (`binascii.a2b_base64`,
//! `binascii.b2a_base64` and the `base64.b64*` helpers) in Rust with PyO3.
//!
//! Results, exception types and messages match the running interpreter's
//! C implementation; errors are `binascii.Error` itself. The codec lives in
//! the `rs-base64-codec` crate, shared with the raw-FFI twin `rs_base64_ffi`.

use pyo3::exceptions::{PyAssertionError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use rs_base64_codec as codec;

use pybuffer::Input;
use pybuffer::bound::{ascii_or_bytes_like, bytes_like, new_bytes};

pyo3::import_exception!(binascii, Error);

// ANCHOR: detach
/// Inputs at least this large are processed with the GIL released (when immutable).
pub const DETACH_THRESHOLD: usize = 64 * 1024;

/// The running interpreter's minor version (parsing it on every call would
/// cost more than a small decode).
fn python_minor(py: Python<'_>) -> u8 {
    static MINOR: std::sync::OnceLock<u8> = std::sync::OnceLock::new();
    *MINOR.get_or_init(|| py.version_info().minor)
}

/// Run `work` detached from the interpreter if the input is big. Every
/// [`Input`] is immutable or a private copy (see the `pybuffer` crate), so
/// no other thread can write the bytes while `work` reads them.
fn maybe_detach<T: Send>(py: Python<'_>, input: &Input<'_>, work: impl FnOnce() -> T + Send) -> T {
    if input.len() >= DETACH_THRESHOLD {
        py.detach(work)
    } else {
        work()
    }
}
// ANCHOR_END: detach

/// Encode to base64, replacing `+`/`/` by `alt` when given.
fn encode<'py>(
    py: Python<'py>,
    input: &Input<'_>,
    newline: bool,
    alt: Option<[u8; 2]>,
) -> PyResult<Bound<'py, PyBytes>> {
    let src = input.as_slice();
    let len = codec::encoded_len(src.len(), newline)
        .ok_or_else(|| pyo3::exceptions::PyMemoryError::new_err(()))?;
    let bytes = new_bytes(py, len, |out| {
        maybe_detach(py, input, || {
            let text = codec::encode(src, out, newline);
            if let Some([plus, slash]) = alt {
                for c in text.iter_mut() {
                    match *c {
                        b'+' => *c = plus,
                        b'/' => *c = slash,
                        _ => {}
                    }
                }
            }
        });
        true
    })?;
    bytes.ok_or_else(|| pyo3::exceptions::PyMemoryError::new_err(()))
}

/// Decode like `binascii.a2b_base64`.
fn decode<'py>(py: Python<'py>, input: &Input<'_>, strict: bool) -> PyResult<Bound<'py, PyBytes>> {
    let src = input.as_slice();
    if let Some(candidate) = codec::fast_path_input(src, strict)
        && let Some(n) = codec::canonical_decoded_len(candidate)
        && let Some(bytes) = new_bytes(py, n, |out| {
            maybe_detach(py, input, || codec::decode_canonical(candidate, out))
        })?
    {
        return Ok(bytes);
    }
    let minor = python_minor(py);
    let rules = codec::Rules::for_python(minor, strict);
    let decoded = maybe_detach(py, input, || {
        let mut out = Vec::new();
        codec::decode_scalar(src, rules, &mut out).map(|()| out)
    });
    match decoded {
        Ok(out) => Ok(PyBytes::new(py, &out)),
        Err(e) => Err(Error::new_err(e.to_string())),
    }
}

// ANCHOR: b2a
/// Base64-code line of data.
#[pyfunction]
#[pyo3(text_signature = "(data, /, *, newline=True)")]
#[pyo3(signature = (data, /, *, newline = None))]
fn b2a_base64<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    newline: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    // Argument clinic's `bool` converter: any object, judged by truthiness.
    let newline = match newline {
        Some(flag) => flag.is_truthy()?,
        None => true,
    };
    let input = bytes_like(data)?;
    encode(py, &input, newline, None)
}
// ANCHOR_END: b2a

/// Decode a line of base64 data.
///
///   strict_mode
///     When set to True, bytes that are not part of the base64 standard are not allowed.
///     The same applies to excess data after padding (= / ==).
#[pyfunction]
#[pyo3(text_signature = "(data, /, *, strict_mode=False)")]
#[pyo3(signature = (data, /, *, strict_mode = None))]
fn a2b_base64<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    strict_mode: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let strict = match strict_mode {
        Some(flag) => flag.is_truthy()?,
        None => false,
    };
    let input = ascii_or_bytes_like(data)?;
    decode(py, &input, strict)
}

/// `memoryview(obj).tobytes()` with base64.py's error message.
fn tobytes<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let py = obj.py();
    let view = py
        .import(pyo3::intern!(py, "builtins"))?
        .getattr(pyo3::intern!(py, "memoryview"))?
        .call1((obj,));
    match view {
        Ok(v) => Ok(v
            .call_method0(pyo3::intern!(py, "tobytes"))?
            .cast_into::<PyBytes>()?),
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyTypeError>(py) => {
            Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "argument should be a bytes-like object or ASCII string, not '{}'",
                obj.get_type().name()?
            )))
        }
        Err(e) => Err(e),
    }
}

/// base64.py's `_bytes_from_decode_data`: ASCII str, bytes, bytearray, or
/// anything `memoryview` accepts (copied, so non-contiguous views work too).
fn bytes_from_decode_data<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_str() {
            Ok(text) if text.is_ascii() => Ok(obj.clone()),
            _ => Err(PyValueError::new_err(pybuffer::NON_ASCII)),
        };
    }
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        return Ok(obj.clone());
    }
    Ok(tobytes(obj)?.into_any())
}

/// Whether the interpreter runs with `-O` (then `assert` statements are skipped).
fn asserts_disabled(py: Python<'_>) -> PyResult<bool> {
    let level: i64 = py
        .import("sys")?
        .getattr("flags")?
        .getattr("optimize")?
        .extract()?;
    Ok(level > 0)
}

/// `assert len(altchars) == 2, repr(altchars)` followed by `bytes.maketrans`'s
/// own checks; returns the two replacement bytes.
fn altchars_pair(altchars: &Bound<'_, PyAny>) -> PyResult<[u8; 2]> {
    if altchars.len()? != 2 && !asserts_disabled(altchars.py())? {
        return Err(PyAssertionError::new_err(altchars.repr()?.unbind()));
    }
    let buf = bytes_like(altchars)?;
    match buf.as_slice() {
        [a, b] => Ok([*a, *b]),
        _ => Err(PyValueError::new_err(
            "maketrans arguments must have same length",
        )),
    }
}

/// Whether `s` fully matches `[A-Za-z0-9+/]*={0,2}` (base64.py before 3.11).
fn is_plain_base64(s: &[u8]) -> bool {
    let body = s
        .strip_suffix(b"==")
        .or_else(|| s.strip_suffix(b"="))
        .unwrap_or(s);
    body.iter()
        .all(|&c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
}

/// Decode `data` (already normalised by `bytes_from_decode_data`), mapping
/// `from[0]`/`from[1]` to `+`/`/` first, as `bytes.translate` would.
fn b64decode_impl<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    from: Option<[u8; 2]>,
    validate: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let input = ascii_or_bytes_like(data)?;
    let translated;
    let input = match from {
        Some([a, b]) => {
            let mut table: [u8; 256] = std::array::from_fn(|i| i as u8);
            table[usize::from(a)] = b'+';
            table[usize::from(b)] = b'/';
            translated = input
                .as_slice()
                .iter()
                .map(|&c| table[usize::from(c)])
                .collect::<Vec<u8>>();
            Input::Borrowed(&translated)
        }
        None => input,
    };
    if python_minor(py) >= 11 {
        return decode(py, &input, validate);
    }
    if validate && !is_plain_base64(input.as_slice()) {
        return Err(Error::new_err("Non-base64 digit found"));
    }
    decode(py, &input, false)
}

/// Encode the bytes-like object s using Base64 and return a bytes object.
///
/// Optional altchars should be a byte string of length 2 which specifies an
/// alternative alphabet for the '+' and '/' characters.
#[pyfunction]
#[pyo3(text_signature = "(s, altchars=None)")]
#[pyo3(signature = (s, altchars = None))]
fn b64encode<'py>(
    py: Python<'py>,
    s: &Bound<'py, PyAny>,
    altchars: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let input = bytes_like(s)?;
    let alt = altchars.map(altchars_pair).transpose()?;
    encode(py, &input, false, alt)
}

/// Decode the Base64 encoded bytes-like object or ASCII string s.
///
/// Optional altchars must be a bytes-like object or ASCII string of length 2
/// which specifies the alternative alphabet used instead of '+' and '/'.
/// With validate=True, non-alphabet characters raise binascii.Error.
#[pyfunction]
#[pyo3(text_signature = "(s, altchars=None, validate=False)")]
#[pyo3(signature = (s, altchars = None, validate = None))]
fn b64decode<'py>(
    py: Python<'py>,
    s: &Bound<'py, PyAny>,
    altchars: Option<&Bound<'py, PyAny>>,
    validate: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let data = bytes_from_decode_data(s)?;
    let from = match altchars {
        Some(alt) => {
            let alt = bytes_from_decode_data(alt)?;
            // `str.encode('ascii')` in base64.py: `bytes.maketrans` needs bytes.
            let alt = match alt.cast::<PyString>() {
                Ok(text) => PyBytes::new(py, text.to_str()?.as_bytes()).into_any(),
                Err(_) => alt,
            };
            Some(altchars_pair(&alt)?)
        }
        None => None,
    };
    let validate = match validate {
        Some(flag) => flag.is_truthy()?,
        None => false,
    };
    b64decode_impl(py, &data, from, validate)
}

/// Encode bytes-like object s using the standard Base64 alphabet.
#[pyfunction]
#[pyo3(text_signature = "(s)")]
fn standard_b64encode<'py>(
    py: Python<'py>,
    s: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    encode(py, &bytes_like(s)?, false, None)
}

/// Decode bytes or ASCII string s encoded with the standard Base64 alphabet.
#[pyfunction]
#[pyo3(text_signature = "(s)")]
fn standard_b64decode<'py>(
    py: Python<'py>,
    s: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    b64decode_impl(py, &bytes_from_decode_data(s)?, None, false)
}

/// Encode bytes-like object s with the URL- and filesystem-safe alphabet
/// ('-' instead of '+' and '_' instead of '/').
#[pyfunction]
#[pyo3(text_signature = "(s)")]
fn urlsafe_b64encode<'py>(py: Python<'py>, s: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    encode(py, &bytes_like(s)?, false, Some(*b"-_"))
}

/// Decode bytes or ASCII string s encoded with the URL- and filesystem-safe
/// alphabet. '+' and '/' are still accepted.
#[pyfunction]
#[pyo3(text_signature = "(s)")]
fn urlsafe_b64decode<'py>(py: Python<'py>, s: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    b64decode_impl(py, &bytes_from_decode_data(s)?, Some(*b"-_"), false)
}

/// Force "scalar" or "simd" (the default) for the whole process; for tests.
#[pyfunction]
#[pyo3(text_signature = "(name, /)")]
fn _set_backend(name: &str) -> PyResult<()> {
    let backend = codec::Backend::from_name(name)
        .ok_or_else(|| PyValueError::new_err(format!("unknown backend {name:?}")))?;
    codec::set_backend(backend);
    Ok(())
}

/// The active backend and the SIMD instruction set it dispatches to.
#[pyfunction]
#[pyo3(text_signature = "()")]
fn _backend() -> (&'static str, &'static str) {
    (codec::backend().name(), codec::simd_level())
}

// ANCHOR: panic-entry
/// Panic with `message`; for the tests of the panic boundary (PyO3 turns the
/// panic into `pyo3_runtime.PanicException`).
#[pyfunction]
#[pyo3(text_signature = "(message, /)")]
fn _panic(message: &str) {
    panic!("{message}");
}
// ANCHOR_END: panic-entry

#[pymodule(gil_used = false)]
mod rs_base64 {
    #[pymodule_export]
    use super::{
        _backend, _panic, _set_backend, a2b_base64, b2a_base64, b64decode, b64encode,
        standard_b64decode, standard_b64encode, urlsafe_b64decode, urlsafe_b64encode,
    };

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        // Main interpreter only: PyO3 cannot keep per-interpreter state.
        pybuffer::bound::main_interpreter_only(m)?;
        m.add("DETACH_THRESHOLD", super::DETACH_THRESHOLD)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_base64_regex() {
        assert!(super::is_plain_base64(b"QUJD"));
        assert!(super::is_plain_base64(b"QQ=="));
        assert!(super::is_plain_base64(b""));
        assert!(!super::is_plain_base64(b"QQ==="));
        assert!(!super::is_plain_base64(b"Q Q=="));
    }
}
