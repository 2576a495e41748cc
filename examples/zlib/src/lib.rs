//! `rs_zlib`: CPython's `zlib` module on zlib-rs (pure Rust), with PyO3.
//!
//! Same functions, classes, constants, defaults, exception types and error
//! messages as `Modules/zlibmodule.c`; the control flow of every function
//! follows the C code so that CPython's own `test_zlib` passes unchanged.
//! The engine is the `rs_zlib_engine` crate (`engine/`, shared with
//! CPython's in-tree Rust zlib): zlib-rs through its zlib-compatible C API,
//! wrapped in a safe `Stream`, with zlibmodule.c's loops and the checksum
//! kernels. This crate holds no `unsafe`.

use std::ffi::c_int;

use pyo3::exceptions::{PyMemoryError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

mod objects;

use pybuffer::Input;
use pybuffer::bound::bytes_like;
use rs_zlib_engine::{self as engine, Failure, Stop, Z_MEM_ERROR, Z_STREAM_ERROR};
pub use rs_zlib_engine::{DEF_BUF_SIZE, DEF_MEM_LEVEL, DEFLATED, MAX_WBITS};

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
const Z_DEFAULT_COMPRESSION: c_int = engine::Z_DEFAULT_COMPRESSION;

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
    error::new_err(engine::error_text(rc, msg.as_deref(), context))
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
    let src = input.as_slice();
    let mut out = Vec::new();
    let done = maybe_detach(py, &input, || engine::compress(src, level, wbits, &mut out));
    match done {
        Ok(()) => Ok(PyBytes::new(py, &out)),
        Err(Failure::Init(Z_MEM_ERROR, _)) => Err(PyMemoryError::new_err(
            "Out of memory while compressing data",
        )),
        Err(Failure::NoMemory) => Err(no_memory(Stop::NoMemory)),
        Err(Failure::Init(Z_STREAM_ERROR, _)) => Err(error::new_err("Bad compression level")),
        Err(Failure::Init(rc, msg) | Failure::Run(rc, msg)) => {
            Err(zlib_error(rc, msg, "while compressing data"))
        }
        Err(Failure::End(rc, msg)) => Err(zlib_error(rc, msg, "while finishing compression")),
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
    let src = input.as_slice();
    let first = bufsize
        .min(engine::GUESS_CAP)
        .max(engine::inflate_guess(src.len()));
    let mut out = with_capacity(first)?;
    let done = maybe_detach(py, &input, || engine::decompress(src, wbits, &mut out));
    match done {
        Ok(()) => Ok(PyBytes::new(py, &out)),
        Err(Failure::Init(Z_MEM_ERROR, _) | Failure::Run(Z_MEM_ERROR, _)) => Err(
            PyMemoryError::new_err("Out of memory while decompressing data"),
        ),
        Err(Failure::NoMemory) => Err(no_memory(Stop::NoMemory)),
        Err(Failure::Init(rc, msg)) => {
            Err(zlib_error(rc, msg, "while preparing to decompress data"))
        }
        Err(Failure::Run(rc, msg)) => Err(zlib_error(rc, msg, "while decompressing data")),
        Err(Failure::End(rc, msg)) => Err(zlib_error(rc, msg, "while finishing decompression")),
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
    checksum(py, data, value, 0, engine::crc32)
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
    checksum(py, data, value, 1, engine::adler32)
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
        let (api, full) = rs_zlib_engine::versions();
        m.add("ZLIB_VERSION", &api)?;
        m.add("ZLIB_RUNTIME_VERSION", &api)?;
        m.add("ZLIB_RS_VERSION", full)?;
        m.add("DETACH_THRESHOLD", super::DETACH_THRESHOLD)?;
        for (name, value) in rs_zlib_engine::MODULE_INTS {
            m.add(name, value)?;
        }
        Ok(())
    }
}
