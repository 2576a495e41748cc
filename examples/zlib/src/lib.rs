//! `rs_zlib`: CPython's `zlib` module on zlib-rs (pure Rust), with PyO3.
//!
//! Same functions, classes, constants, defaults, exception types and error
//! messages as `Modules/zlibmodule.c`; the control flow of every function
//! follows the C code so that CPython's own `test_zlib` passes unchanged.
//! The compression engine is zlib-rs through its zlib-compatible C API
//! (`libz-rs-sys`), wrapped in the safe [`stream::Stream`].

use std::ffi::c_int;

use pyo3::exceptions::{PyMemoryError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

mod adler;
mod crc;
mod objects;
mod stream;

use pybuffer::Input;
use pybuffer::bound::bytes_like;
use stream::{
    Stop, Stream, Z_BUF_ERROR, Z_DATA_ERROR, Z_FINISH, Z_MEM_ERROR, Z_OK, Z_STREAM_END,
    Z_STREAM_ERROR, Z_VERSION_ERROR,
};

// Named `error` like zlib's own exception class (Python-visible name).
// A process-wide static, which is sound only because the module refuses every
// interpreter but the main one (`main_interpreter_only` in `init`): PyO3 0.30.1
// has no module state to keep one class per interpreter, as zlibmodule.c does.
#[allow(non_camel_case_types)]
mod exception {
    pyo3::create_exception!(
        rs_zlib,
        error,
        pyo3::exceptions::PyException,
        "zlib's error (`zlib.error`)."
    );
}
pub use exception::error;

/// Inputs at least this large are processed with the GIL released (when immutable).
pub const DETACH_THRESHOLD: usize = 64 * 1024;
/// Default window size.
pub const MAX_WBITS: c_int = 15;
/// The only compression method.
pub const DEFLATED: c_int = 8;
/// Default `memLevel`.
pub const DEF_MEM_LEVEL: c_int = 8;
/// Default output buffer size of `decompress`.
pub const DEF_BUF_SIZE: usize = 16 * 1024;
const Z_DEFAULT_COMPRESSION: c_int = -1;
const Z_DEFAULT_STRATEGY: c_int = 0;
/// Upper bound of a first output allocation guessed from the input size.
const GUESS_CAP: usize = 64 << 20;

/// Run `work` detached from the interpreter if the input is big. Every
/// [`Input`] is immutable or a private copy (see the `pybuffer` crate), so
/// no other thread can write the bytes while `work` reads them.
pub(crate) fn maybe_detach<T: Send>(
    py: Python<'_>,
    input: &Input<'_>,
    work: impl FnOnce() -> T + Send,
) -> T {
    if input.len() >= DETACH_THRESHOLD {
        py.detach(work)
    } else {
        work()
    }
}

/// `zlib_error()` of zlibmodule.c: "Error <code> <context>: <message>".
pub(crate) fn zlib_error(rc: c_int, msg: Option<String>, context: &str) -> PyErr {
    let msg = if rc == Z_VERSION_ERROR {
        Some("library version mismatch".to_owned())
    } else {
        msg.or_else(|| {
            match rc {
                Z_BUF_ERROR => Some("incomplete or truncated stream"),
                Z_STREAM_ERROR => Some("inconsistent stream state"),
                Z_DATA_ERROR => Some("invalid input data"),
                _ => None,
            }
            .map(str::to_owned)
        })
    };
    match msg {
        Some(m) => error::new_err(format!("Error {rc} {context}: {m:.200}")),
        None => error::new_err(format!("Error {rc} {context}")),
    }
}

pub(crate) fn no_memory(stop: Stop) -> PyErr {
    match stop {
        Stop::NoMemory => PyMemoryError::new_err(()),
    }
}

/// An empty `Vec` with room for `n` bytes, or MemoryError.
pub(crate) fn with_capacity(n: usize) -> PyResult<Vec<u8>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n.max(1))
        .map_err(|_| PyMemoryError::new_err(()))?;
    Ok(v)
}

/// A first output size for inflating `len` bytes: zlib rarely expands text
/// more than 4x; the buffer grows if it does.
pub(crate) fn inflate_guess(len: usize) -> usize {
    len.saturating_mul(4).min(GUESS_CAP)
}

/// Returns a bytes object containing compressed data.
///
///   data
///     Binary data to be compressed.
///   level
///     Compression level, in 0-9 or -1.
///   wbits
///     The window buffer size and container format.
#[pyfunction]
#[pyo3(signature = (data, /, level = Z_DEFAULT_COMPRESSION, wbits = MAX_WBITS))]
fn compress<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    level: c_int,
    wbits: c_int,
) -> PyResult<Bound<'py, PyBytes>> {
    let input = bytes_like(data)?;
    let mut stream =
        match Stream::deflate(level, DEFLATED, wbits, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY) {
            Ok(s) => s,
            Err((Z_MEM_ERROR, _)) => {
                return Err(PyMemoryError::new_err(
                    "Out of memory while compressing data",
                ));
            }
            Err((Z_STREAM_ERROR, _)) => return Err(error::new_err("Bad compression level")),
            Err((rc, msg)) => return Err(zlib_error(rc, msg, "while compressing data")),
        };
    let src = input.as_slice();
    let mut out = with_capacity(stream.deflate_bound(src.len()))?;
    let rc = maybe_detach(py, &input, || {
        stream::deflate_all(&mut stream, src, &mut out, Z_FINISH)
    })
    .map_err(no_memory)?;
    if rc == Z_STREAM_ERROR {
        return Err(zlib_error(rc, stream.message(), "while compressing data"));
    }
    let msg = stream.message();
    match stream.end() {
        Z_OK => Ok(PyBytes::new(py, &out)),
        rc => Err(zlib_error(rc, msg, "while finishing compression")),
    }
}

/// Returns a bytes object containing the uncompressed data.
///
///   data
///     Compressed data.
///   wbits
///     The window buffer size and container format.
///   bufsize
///     The initial output buffer size.
#[pyfunction]
#[pyo3(signature = (data, /, wbits = MAX_WBITS, bufsize = DEF_BUF_SIZE as isize))]
fn decompress<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    wbits: c_int,
    bufsize: isize,
) -> PyResult<Bound<'py, PyBytes>> {
    let input = bytes_like(data)?;
    let Ok(bufsize) = usize::try_from(bufsize) else {
        return Err(PyValueError::new_err("bufsize must be non-negative"));
    };
    let mut stream = match Stream::inflate(wbits) {
        Ok(s) => s,
        Err((Z_MEM_ERROR, _)) => {
            return Err(PyMemoryError::new_err(
                "Out of memory while decompressing data",
            ));
        }
        Err((rc, msg)) => {
            return Err(zlib_error(rc, msg, "while preparing to decompress data"));
        }
    };
    let src = input.as_slice();
    let mut out = with_capacity(bufsize.min(GUESS_CAP).max(inflate_guess(src.len())))?;
    let mut pos = 0;
    let rc = maybe_detach(py, &input, || {
        stream::inflate_all(&mut stream, src, &mut pos, &mut out, usize::MAX, Z_FINISH)
    })
    .map_err(no_memory)?;
    match rc {
        Z_STREAM_END => {}
        Z_MEM_ERROR => {
            return Err(PyMemoryError::new_err(
                "Out of memory while decompressing data",
            ));
        }
        _ => return Err(zlib_error(rc, stream.message(), "while decompressing data")),
    }
    let msg = stream.message();
    match stream.end() {
        Z_OK => Ok(PyBytes::new(py, &out)),
        rc => Err(zlib_error(rc, msg, "while finishing decompression")),
    }
}

/// `unsigned int(bitwise=True)` of argument clinic: any integer (or
/// `__index__`), reduced modulo 2**32.
fn bitwise_u32(value: &Bound<'_, PyAny>) -> PyResult<u32> {
    if let Ok(v) = value.extract::<u32>() {
        return Ok(v);
    }
    let py = value.py();
    let index = py
        .import(pyo3::intern!(py, "operator"))?
        .call_method1(pyo3::intern!(py, "index"), (value,))?;
    index.bitand(0xFFFF_FFFFu32)?.extract()
}

fn checksum(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    value: Option<&Bound<'_, PyAny>>,
    default: u32,
    f: fn(u32, &[u8]) -> u32,
) -> PyResult<u32> {
    let input = bytes_like(data)?;
    let start = value.map(bitwise_u32).transpose()?.unwrap_or(default);
    let src = input.as_slice();
    Ok(maybe_detach(py, &input, || f(start, src)))
}

/// Compute a CRC-32 checksum of data.
///
///   value
///     Starting value of the checksum.
///
/// The returned checksum is an integer.
#[pyfunction]
#[pyo3(signature = (data, value = None, /))]
#[pyo3(text_signature = "(data, value=0, /)")]
fn crc32(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<u32> {
    checksum(py, data, value, 0, crc::crc32)
}

/// Compute an Adler-32 checksum of data.
///
///   value
///     Starting value of the checksum.
///
/// The returned checksum is an integer.
#[pyfunction]
#[pyo3(signature = (data, value = None, /))]
#[pyo3(text_signature = "(data, value=1, /)")]
fn adler32(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<u32> {
    checksum(py, data, value, 1, adler::adler32)
}

/// Panic with `message`; for the tests of the panic boundary (PyO3 turns the
/// panic into `pyo3_runtime.PanicException`).
#[pyfunction]
#[pyo3(text_signature = "(message, /)")]
fn _panic(message: &str) {
    panic!("{message}");
}

#[pymodule(gil_used = false)]
mod rs_zlib {
    #[pymodule_export]
    use super::{_panic, adler32, compress, crc32, decompress, error};
    #[pymodule_export]
    use crate::objects::{Compress, Decompress, compressobj, decompressobj};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        // Main interpreter only: PyO3 cannot keep per-interpreter state.
        pybuffer::bound::main_interpreter_only(m)?;
        let (api, full) = crate::stream::versions();
        m.add("ZLIB_VERSION", &api)?;
        m.add("ZLIB_RUNTIME_VERSION", &api)?;
        m.add("ZLIB_RS_VERSION", full)?;
        m.add("DETACH_THRESHOLD", super::DETACH_THRESHOLD)?;
        let ints: [(&str, i32); 20] = [
            ("MAX_WBITS", super::MAX_WBITS),
            ("DEFLATED", super::DEFLATED),
            ("DEF_MEM_LEVEL", super::DEF_MEM_LEVEL),
            ("DEF_BUF_SIZE", super::DEF_BUF_SIZE as i32),
            ("Z_NO_COMPRESSION", 0),
            ("Z_BEST_SPEED", 1),
            ("Z_BEST_COMPRESSION", 9),
            ("Z_DEFAULT_COMPRESSION", super::Z_DEFAULT_COMPRESSION),
            ("Z_FILTERED", 1),
            ("Z_HUFFMAN_ONLY", 2),
            ("Z_RLE", 3),
            ("Z_FIXED", 4),
            ("Z_DEFAULT_STRATEGY", super::Z_DEFAULT_STRATEGY),
            ("Z_NO_FLUSH", 0),
            ("Z_PARTIAL_FLUSH", 1),
            ("Z_SYNC_FLUSH", 2),
            ("Z_FULL_FLUSH", 3),
            ("Z_FINISH", 4),
            ("Z_BLOCK", 5),
            ("Z_TREES", 6),
        ];
        for (name, value) in ints {
            m.add(name, value)?;
        }
        Ok(())
    }
}
