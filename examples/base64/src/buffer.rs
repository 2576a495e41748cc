//! Borrowing input and allocating output the way `binascii` does.
//!
//! PyO3's safe `PyBuffer<u8>` asks for a typed, strided view and rejects
//! `array.array('i')`, which `binascii` accepts as raw bytes; and
//! `PyBytes::new_with` zero-fills its buffer before we overwrite it. Both are
//! replaced here by a few small, documented `unsafe` blocks so that the rest
//! of the crate stays safe code.

use std::mem::MaybeUninit;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use pyo3::{ffi, intern};

// ANCHOR: simple-buffer
/// A `PyBUF_SIMPLE` export of any buffer-protocol object, released on drop.
pub struct SimpleBuffer {
    view: Box<ffi::Py_buffer>,
}

impl SimpleBuffer {
    /// `PyObject_GetBuffer(obj, PyBUF_SIMPLE)`: C-contiguous bytes or an error
    /// set by the exporter (CPython's own `TypeError`/`BufferError`).
    pub fn get(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut view = Box::new(ffi::Py_buffer::new());
        // SAFETY: `obj` is a live object (we hold a reference through `Bound`)
        // and `view` points to writable memory the size of a `Py_buffer`.
        let rc =
            unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &raw mut *view, ffi::PyBUF_SIMPLE) };
        if rc != 0 {
            return Err(PyErr::fetch(obj.py()));
        }
        Ok(Self { view })
    }

    /// The exported bytes.
    pub fn as_slice(&self) -> &[u8] {
        let len = usize::try_from(self.view.len).unwrap_or(0);
        if self.view.buf.is_null() || len == 0 {
            return &[];
        }
        // SAFETY: a successful PyBUF_SIMPLE export guarantees `len` contiguous,
        // initialised bytes at `buf` until `PyBuffer_Release`, which only runs in
        // `drop` and therefore after this borrow ends. The exporter may be mutable
        // (bytearray); callers hold the GIL while reading such buffers, exactly as
        // binascii does, so no Python code can write to it meanwhile.
        unsafe { std::slice::from_raw_parts(self.view.buf.cast::<u8>(), len) }
    }
}

impl Drop for SimpleBuffer {
    fn drop(&mut self) {
        // SAFETY: the view was filled by a successful PyObject_GetBuffer and is
        // released exactly once; `SimpleBuffer` is `!Send`, so we are still on a
        // thread attached to the interpreter.
        unsafe { ffi::PyBuffer_Release(&raw mut *self.view) };
    }
}
// ANCHOR_END: simple-buffer

// ANCHOR: bytes-like
/// Input bytes borrowed for one call.
pub enum Input<'a> {
    /// `bytes` or an ASCII `str`: immutable, so it may be read with the GIL released.
    Immutable(&'a [u8]),
    /// Any other exporter: possibly mutable, read only while attached.
    Buffer(SimpleBuffer),
}

impl Input<'_> {
    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        match self {
            Input::Immutable(s) => s,
            Input::Buffer(b) => b.as_slice(),
        }
    }

    /// Whether the data can be processed with the GIL released.
    pub fn is_immutable(&self) -> bool {
        matches!(self, Input::Immutable(_))
    }
}

/// Input rules of `b2a_base64` (argument clinic `Py_buffer`): any bytes-like object.
pub fn bytes_like<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Input<'a>> {
    if let Ok(b) = obj.cast_exact::<PyBytes>() {
        return Ok(Input::Immutable(b.as_bytes()));
    }
    SimpleBuffer::get(obj).map(Input::Buffer)
}
// ANCHOR_END: bytes-like

/// The message binascii uses when a `str` holds non-ASCII characters.
pub const NON_ASCII: &str = "string argument should contain only ASCII characters";

/// Input rules of `a2b_base64` (binascii's `ascii_buffer_converter`): bytes-like or ASCII `str`.
pub fn ascii_or_bytes_like<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Input<'a>> {
    if let Ok(b) = obj.cast_exact::<PyBytes>() {
        return Ok(Input::Immutable(b.as_bytes()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_str() {
            Ok(text) if text.is_ascii() => Ok(Input::Immutable(text.as_bytes())),
            _ => Err(PyValueError::new_err(NON_ASCII)),
        };
    }
    SimpleBuffer::get(obj).map(Input::Buffer).map_err(|_| {
        PyTypeError::new_err(format!(
            "argument should be bytes, buffer or ASCII string, not '{}'",
            type_name(obj)
        ))
    })
}

/// `Py_TYPE(obj)->tp_name`, as CPython puts it in error messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    #[cfg(not(Py_LIMITED_API))]
    {
        // SAFETY: every live object has a type whose `tp_name` is a valid,
        // NUL-terminated C string for as long as the type lives (we hold `obj`).
        let name = unsafe { std::ffi::CStr::from_ptr((*ffi::Py_TYPE(obj.as_ptr())).tp_name) };
        name.to_string_lossy().into_owned()
    }
    #[cfg(Py_LIMITED_API)]
    {
        // The limited API hides `tp_name`; the qualified name matches it for
        // built-in and extension types.
        obj.get_type()
            .fully_qualified_name()
            .map_or_else(|_| String::from("?"), |n| n.to_string())
    }
}

/// Allocate a `bytes` of `len` bytes and let `fill` initialise all of them.
///
/// `fill` must write every byte of the slice it is given and return `true`;
/// if it returns `false` the object is discarded and `Ok(None)` returned.
pub fn new_bytes<'py>(
    py: Python<'py>,
    len: usize,
    fill: impl FnOnce(&mut [MaybeUninit<u8>]) -> bool,
) -> PyResult<Option<Bound<'py, PyBytes>>> {
    let size = ffi::Py_ssize_t::try_from(len)
        .map_err(|_| pyo3::exceptions::PyOverflowError::new_err("result too large"))?;
    // SAFETY: a null source with a non-negative size asks CPython for a new,
    // uninitialised bytes object that we own.
    let raw = unsafe { ffi::PyBytes_FromStringAndSize(std::ptr::null(), size) };
    // SAFETY: `raw` is a new reference or null with an exception set.
    let obj = unsafe { Bound::from_owned_ptr_or_err(py, raw)? };
    // SAFETY: PyBytes_FromStringAndSize returns a bytes object.
    let bytes = unsafe { obj.cast_into_unchecked::<PyBytes>() };
    // SAFETY: the object is a bytes of `len` bytes that nobody else has seen yet,
    // so we have exclusive access to its storage until we return it.
    let data = unsafe { ffi::PyBytes_AsString(bytes.as_ptr()) };
    // SAFETY: `data` points to `len` writable bytes (plus CPython's NUL) owned
    // by `bytes`, which outlives this slice; MaybeUninit admits any contents.
    let out = unsafe { std::slice::from_raw_parts_mut(data.cast::<MaybeUninit<u8>>(), len) };
    Ok(fill(out).then_some(bytes))
}

/// `memoryview(obj).tobytes()` with base64.py's error message.
pub fn tobytes<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let py = obj.py();
    let view = py
        .import(intern!(py, "builtins"))?
        .getattr(intern!(py, "memoryview"))?
        .call1((obj,));
    match view {
        Ok(v) => Ok(v
            .call_method0(intern!(py, "tobytes"))?
            .cast_into::<PyBytes>()?),
        Err(e) if e.is_instance_of::<PyTypeError>(py) => Err(PyTypeError::new_err(format!(
            "argument should be a bytes-like object or ASCII string, not '{}'",
            obj.get_type().name()?
        ))),
        Err(e) => Err(e),
    }
}
