//! Borrowing bytes-like input the way argument clinic's `Py_buffer` does.
//!
//! The same small `PyBUF_SIMPLE` wrapper as `examples/base64/src/buffer.rs`
//! (PyO3's typed `PyBuffer<u8>` rejects `array.array('i')`, which zlib
//! accepts as raw bytes).

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

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
        // zlibmodule.c does, so no Python code can write to it meanwhile.
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

/// Argument clinic's `Py_buffer` converter: any bytes-like object.
pub fn bytes_like<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Input<'a>> {
    if let Ok(b) = obj.cast_exact::<PyBytes>() {
        return Ok(Input::Immutable(b.as_bytes()));
    }
    SimpleBuffer::get(obj).map(Input::Buffer)
}
