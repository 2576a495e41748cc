//! `compressobj()`/`decompressobj()` and the `Compress`/`Decompress` types.
//!
//! Both are frozen pyclasses with their mutable state behind a `Mutex`, so
//! one object may be shared between threads (with or without the GIL), like
//! zlibmodule.c's per-object lock. The lock is taken with
//! `lock_py_attached`, which detaches while waiting (no deadlock against a
//! thread that holds the lock and waits for the GIL), and the zlib work runs
//! detached for large immutable inputs, like `Py_BEGIN_ALLOW_THREADS`.

use std::ffi::c_int;
use std::sync::{Mutex, MutexGuard};

use pyo3::exceptions::{PyMemoryError, PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::MutexExt;
use pyo3::types::{PyBytes, PyTuple};

use crate::{maybe_detach, no_memory, with_capacity, zlib_error};
use pybuffer::Input;
use pybuffer::bound::{bytes_like, supports_buffer};
use rs_zlib_engine::{
    self as engine, DEF_BUF_SIZE, DEF_MEM_LEVEL, DEFLATED, MAX_WBITS, Stream, Z_BUF_ERROR,
    Z_FINISH, Z_MEM_ERROR, Z_NEED_DICT, Z_NO_FLUSH, Z_OK, Z_STREAM_END, Z_STREAM_ERROR,
    Z_SYNC_FLUSH, inflate_guess,
};

fn lock<'a, T>(py: Python<'_>, m: &'a Mutex<T>) -> MutexGuard<'a, T> {
    // A panic while locked cannot leave zlib's state half-updated in a way
    // the next call could not report, so a poisoned lock is simply reused.
    m.lock_py_attached(py)
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `TypeError: cannot create 'module.Name' instances`, as for C types
/// without `tp_new`.
fn no_instances(qualname: &str) -> PyErr {
    PyTypeError::new_err(format!("cannot create '{qualname}' instances"))
}

fn no_pickle(obj: &Bound<'_, PyAny>) -> PyErr {
    let name = obj
        .get_type()
        .fully_qualified_name()
        .map_or_else(|_| String::from("?"), |n| n.to_string());
    PyTypeError::new_err(format!("cannot pickle '{name}' object"))
}

/// Objects returned by `compressobj()`.
#[pyclass(frozen, module = "rs_zlib", name = "Compress")]
pub struct Compress {
    /// `None` once `flush(Z_FINISH)` has ended the stream.
    stream: Mutex<Option<Stream>>,
}

/// Return a compressor object.
///
///   level
///     The compression level (an integer in the range 0-9 or -1; default is
///     currently equivalent to 6).
///   method
///     The compression algorithm.  If given, this must be DEFLATED.
///   wbits
///     +9 to +15: zlib header; -9 to -15: raw deflate; +25 to +31: gzip.
///   memLevel
///     Controls the amount of memory used for internal compression state.
///   strategy
///     Used to tune the compression algorithm.
///   zdict
///     The predefined compression dictionary.
#[pyfunction]
#[pyo3(signature = (level = -1, method = DEFLATED, wbits = MAX_WBITS,
                    memLevel = DEF_MEM_LEVEL, strategy = 0, zdict = None))]
#[allow(non_snake_case)]
pub fn compressobj(
    level: c_int,
    method: c_int,
    wbits: c_int,
    memLevel: c_int,
    strategy: c_int,
    zdict: Option<&Bound<'_, PyAny>>,
) -> PyResult<Compress> {
    let zdict = zdict.map(|z| bytes_like(z)).transpose()?;
    let mut stream = match Stream::deflate(level, method, wbits, memLevel, strategy) {
        Ok(s) => s,
        Err((Z_MEM_ERROR, _)) => {
            return Err(PyMemoryError::new_err(
                "Can't allocate memory for compression object",
            ));
        }
        Err((Z_STREAM_ERROR, _)) => {
            return Err(PyValueError::new_err("Invalid initialization option"));
        }
        Err((rc, msg)) => return Err(zlib_error(rc, msg, "while creating compression object")),
    };
    if let Some(dict) = zdict {
        match stream.set_dictionary(dict.as_slice()) {
            None => {
                return Err(PyOverflowError::new_err(
                    "zdict length does not fit in an unsigned int",
                ));
            }
            Some(Z_OK) => {}
            Some(Z_STREAM_ERROR) => return Err(PyValueError::new_err("Invalid dictionary")),
            Some(_) => return Err(PyValueError::new_err("deflateSetDictionary()")),
        }
    }
    Ok(Compress {
        stream: Mutex::new(Some(stream)),
    })
}

#[pymethods]
impl Compress {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn py_new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Err(no_instances("rs_zlib.Compress"))
    }

    /// Returns a bytes object containing compressed data.
    ///
    ///   data
    ///     Binary data to be compressed.
    ///
    /// After calling this function, some of the input data may still be
    /// stored in internal buffers for later processing.
    /// Call the flush() method to clear these buffers.
    #[pyo3(signature = (data, /))]
    fn compress<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let input = bytes_like(data)?;
        let mut guard = lock(py, &self.stream);
        let Some(stream) = guard.as_mut() else {
            return Err(zlib_error(Z_STREAM_ERROR, None, "while compressing data"));
        };
        let src = input.as_slice();
        let mut out = with_capacity(stream.deflate_bound(src.len()).max(DEF_BUF_SIZE))?;
        let rc = maybe_detach(py, &input, || {
            engine::deflate_all(stream, src, &mut out, Z_NO_FLUSH)
        })
        .map_err(no_memory)?;
        if rc == Z_STREAM_ERROR {
            return Err(zlib_error(rc, stream.message(), "while compressing data"));
        }
        Ok(PyBytes::new(py, &out))
    }

    /// Return a bytes object containing any remaining compressed data.
    ///
    ///   mode
    ///     One of the constants Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH.
    ///     If mode == Z_FINISH, the compressor object can no longer be
    ///     used after calling the flush() method.  Otherwise, more data
    ///     can still be compressed.
    #[pyo3(signature = (mode = Z_FINISH, /))]
    fn flush<'py>(&self, py: Python<'py>, mode: c_int) -> PyResult<Bound<'py, PyBytes>> {
        if mode == Z_NO_FLUSH {
            return Ok(PyBytes::new(py, b""));
        }
        let mut guard = lock(py, &self.stream);
        let Some(stream) = guard.as_mut() else {
            return Err(zlib_error(Z_STREAM_ERROR, None, "while flushing"));
        };
        let mut out = with_capacity(DEF_BUF_SIZE)?;
        let rc = py
            .detach(|| engine::deflate_all(stream, &[], &mut out, mode))
            .map_err(no_memory)?;
        if rc == Z_STREAM_ERROR {
            return Err(zlib_error(rc, stream.message(), "while flushing"));
        }
        if rc == Z_STREAM_END && mode == Z_FINISH {
            let msg = stream.message();
            if let Some(ended) = guard.take() {
                let rc = ended.end();
                if rc != Z_OK {
                    return Err(zlib_error(rc, msg, "while finishing compression"));
                }
            }
        } else if rc != Z_OK && rc != Z_BUF_ERROR {
            return Err(zlib_error(rc, stream.message(), "while flushing"));
        }
        Ok(PyBytes::new(py, &out))
    }

    /// Return a copy of the compression object.
    fn copy(&self, py: Python<'_>) -> PyResult<Self> {
        let mut guard = lock(py, &self.stream);
        let Some(stream) = guard.as_mut() else {
            return Err(PyValueError::new_err("Inconsistent stream state"));
        };
        match stream.try_clone() {
            Ok(copy) => Ok(Self {
                stream: Mutex::new(Some(copy)),
            }),
            Err(Z_STREAM_ERROR) => Err(PyValueError::new_err("Inconsistent stream state")),
            Err(Z_MEM_ERROR) => Err(PyMemoryError::new_err(
                "Can't allocate memory for compression object",
            )),
            Err(rc) => Err(zlib_error(
                rc,
                stream.message(),
                "while copying compression object",
            )),
        }
    }

    fn __copy__(&self, py: Python<'_>) -> PyResult<Self> {
        self.copy(py)
    }

    #[pyo3(signature = (memo, /))]
    fn __deepcopy__(&self, py: Python<'_>, memo: &Bound<'_, PyAny>) -> PyResult<Self> {
        let _ = memo;
        self.copy(py)
    }

    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<()> {
        Err(no_pickle(slf.as_any()))
    }
}

/// Mutable state of a `Decompress`.
struct Inflater {
    /// `None` once `flush()` reached the end of the stream and ended it.
    stream: Option<Stream>,
    unused_data: Py<PyBytes>,
    unconsumed_tail: Py<PyBytes>,
    eof: bool,
}

/// Objects returned by `decompressobj()`.
#[pyclass(frozen, module = "rs_zlib", name = "Decompress")]
pub struct Decompress {
    state: Mutex<Inflater>,
    /// The dictionary object, read again whenever zlib asks for it.
    zdict: Option<Py<PyAny>>,
}

/// `set_inflate_zdict()` of zlibmodule.c.
fn set_inflate_zdict(stream: &mut Stream, zdict: &Bound<'_, PyAny>) -> PyResult<()> {
    let buf = bytes_like(zdict)?;
    match stream.set_dictionary(buf.as_slice()) {
        None => Err(PyOverflowError::new_err(
            "zdict length does not fit in an unsigned int",
        )),
        Some(Z_OK) => Ok(()),
        Some(rc) => Err(zlib_error(rc, stream.message(), "while setting zdict")),
    }
}

/// Return a decompressor object.
///
///   wbits
///     The window buffer size and container format.
///   zdict
///     The predefined compression dictionary.  This must be the same
///     dictionary as used by the compressor that produced the input data.
#[pyfunction]
#[pyo3(signature = (wbits = MAX_WBITS, zdict = None))]
#[pyo3(text_signature = "(wbits=MAX_WBITS, zdict=b'')")]
pub fn decompressobj(
    py: Python<'_>,
    wbits: c_int,
    zdict: Option<&Bound<'_, PyAny>>,
) -> PyResult<Decompress> {
    if let Some(z) = zdict {
        // PyObject_CheckBuffer, with zlibmodule.c's message.
        if !supports_buffer(z) {
            return Err(PyTypeError::new_err(
                "zdict argument must support the buffer protocol",
            ));
        }
    }
    let mut stream = match Stream::inflate(wbits) {
        Ok(s) => s,
        Err((Z_STREAM_ERROR, _)) => {
            return Err(PyValueError::new_err("Invalid initialization option"));
        }
        Err((Z_MEM_ERROR, _)) => {
            return Err(PyMemoryError::new_err(
                "Can't allocate memory for decompression object",
            ));
        }
        Err((rc, msg)) => {
            return Err(zlib_error(rc, msg, "while creating decompression object"));
        }
    };
    if let Some(z) = zdict
        && wbits < 0
    {
        set_inflate_zdict(&mut stream, z)?;
    }
    let empty = PyBytes::new(py, b"").unbind();
    Ok(Decompress {
        state: Mutex::new(Inflater {
            stream: Some(stream),
            unused_data: empty.clone_ref(py),
            unconsumed_tail: empty,
            eof: false,
        }),
        zdict: zdict.map(|z| z.clone().unbind()),
    })
}

impl Decompress {
    /// Drive inflate over `src`, answering `Z_NEED_DICT` with the zdict.
    /// Returns the last code; `Z_STREAM_ERROR` if the stream was ended.
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        py: Python<'_>,
        state: &mut Inflater,
        input: &Input<'_>,
        pos: &mut usize,
        out: &mut Vec<u8>,
        limit: usize,
        flush: c_int,
    ) -> PyResult<c_int> {
        let Some(stream) = state.stream.as_mut() else {
            return Ok(Z_STREAM_ERROR);
        };
        let src = input.as_slice();
        loop {
            let rc = maybe_detach(py, input, || {
                engine::inflate_all(stream, src, pos, out, limit, flush)
            })
            .map_err(no_memory)?;
            match (&self.zdict, rc) {
                (Some(zdict), Z_NEED_DICT) => set_inflate_zdict(stream, zdict.bind(py))?,
                _ => return Ok(rc),
            }
        }
    }

    /// `save_unconsumed_input()` of zlibmodule.c (the engine's
    /// [`engine::leftover`], quirk included).
    fn save_unconsumed(py: Python<'_>, state: &mut Inflater, src: &[u8], pos: usize, rc: c_int) {
        let tail_empty = state.unconsumed_tail.bind(py).as_bytes().is_empty();
        let left = engine::leftover(src, pos, rc, tail_empty);
        if let Some(more) = left.append_unused {
            let old = state.unused_data.bind(py).as_bytes();
            let joined = [old, more].concat();
            state.unused_data = PyBytes::new(py, &joined).unbind();
        }
        if let Some(tail) = left.new_tail {
            state.unconsumed_tail = PyBytes::new(py, tail).unbind();
        }
    }
}

#[pymethods]
impl Decompress {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn py_new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Err(no_instances("rs_zlib.Decompress"))
    }

    /// Return a bytes object containing the decompressed version of the data.
    ///
    ///   data
    ///     The binary data to decompress.
    ///   max_length
    ///     The maximum allowable length of the decompressed data.
    ///     Unconsumed input data will be stored in
    ///     the unconsumed_tail attribute.
    ///
    /// After calling this function, some of the input data may still be stored in
    /// internal buffers for later processing.
    /// Call the flush() method to clear these buffers.
    #[pyo3(signature = (data, /, max_length = 0))]
    fn decompress<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        max_length: isize,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let input = bytes_like(data)?;
        let limit = match usize::try_from(max_length) {
            Err(_) => return Err(PyValueError::new_err("max_length must be non-negative")),
            Ok(0) => usize::MAX,
            Ok(n) => n,
        };
        let mut guard = lock(py, &self.state);
        let state = &mut *guard;
        let src = input.as_slice();
        let mut out = with_capacity(inflate_guess(src.len()).max(DEF_BUF_SIZE).min(limit))?;
        let mut pos = 0;
        let rc = self.run(py, state, &input, &mut pos, &mut out, limit, Z_SYNC_FLUSH)?;
        Self::save_unconsumed(py, state, src, pos, rc);
        if rc == Z_STREAM_END {
            state.eof = true;
        } else if rc != Z_OK && rc != Z_BUF_ERROR {
            let msg = state.stream.as_ref().and_then(Stream::message);
            return Err(zlib_error(rc, msg, "while decompressing data"));
        }
        Ok(PyBytes::new(py, &out))
    }

    /// Return a bytes object containing any remaining decompressed data.
    ///
    ///   length
    ///     the initial size of the output buffer.
    #[pyo3(signature = (length = DEF_BUF_SIZE as isize, /))]
    fn flush<'py>(&self, py: Python<'py>, length: isize) -> PyResult<Bound<'py, PyBytes>> {
        let length = match usize::try_from(length) {
            Ok(n) if n > 0 => n,
            _ => return Err(PyValueError::new_err("length must be greater than zero")),
        };
        let mut guard = lock(py, &self.state);
        let state = &mut *guard;
        let tail = state.unconsumed_tail.clone_ref(py);
        let tail = tail.bind(py);
        let input = Input::Borrowed(tail.as_bytes());
        let src = input.as_slice();
        let mut out = with_capacity(length.min(1 << 26))?;
        let mut pos = 0;
        let rc = self.run(py, state, &input, &mut pos, &mut out, usize::MAX, Z_FINISH)?;
        Self::save_unconsumed(py, state, src, pos, rc);
        if rc == Z_STREAM_END {
            state.eof = true;
            if let Some(ended) = state.stream.take() {
                let msg = ended.message();
                let rc = ended.end();
                if rc != Z_OK {
                    return Err(zlib_error(rc, msg, "while finishing decompression"));
                }
            }
        }
        Ok(PyBytes::new(py, &out))
    }

    /// Return a copy of the decompression object.
    fn copy(&self, py: Python<'_>) -> PyResult<Self> {
        let mut guard = lock(py, &self.state);
        let state = &mut *guard;
        let Some(stream) = state.stream.as_mut() else {
            return Err(PyValueError::new_err("Inconsistent stream state"));
        };
        let copy = match stream.try_clone() {
            Ok(copy) => copy,
            Err(Z_STREAM_ERROR) => return Err(PyValueError::new_err("Inconsistent stream state")),
            Err(Z_MEM_ERROR) => {
                return Err(PyMemoryError::new_err(
                    "Can't allocate memory for decompression object",
                ));
            }
            Err(rc) => {
                return Err(zlib_error(
                    rc,
                    stream.message(),
                    "while copying decompression object",
                ));
            }
        };
        Ok(Self {
            state: Mutex::new(Inflater {
                stream: Some(copy),
                unused_data: state.unused_data.clone_ref(py),
                unconsumed_tail: state.unconsumed_tail.clone_ref(py),
                eof: state.eof,
            }),
            zdict: self.zdict.as_ref().map(|z| z.clone_ref(py)),
        })
    }

    fn __copy__(&self, py: Python<'_>) -> PyResult<Self> {
        self.copy(py)
    }

    #[pyo3(signature = (memo, /))]
    fn __deepcopy__(&self, py: Python<'_>, memo: &Bound<'_, PyAny>) -> PyResult<Self> {
        let _ = memo;
        self.copy(py)
    }

    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<()> {
        Err(no_pickle(slf.as_any()))
    }

    /// Data found after the end of the compressed stream.
    #[getter]
    fn unused_data(&self, py: Python<'_>) -> Py<PyBytes> {
        lock(py, &self.state).unused_data.clone_ref(py)
    }

    /// Input not yet consumed because `max_length` was reached.
    #[getter]
    fn unconsumed_tail(&self, py: Python<'_>) -> Py<PyBytes> {
        lock(py, &self.state).unconsumed_tail.clone_ref(py)
    }

    /// True once the end of the compressed stream has been reached.
    #[getter]
    fn eof(&self, py: Python<'_>) -> bool {
        lock(py, &self.state).eof
    }
}
