//! The same layer for PyO3 modules: `&Bound` in, [`PyResult`] out.
//!
//! PyO3's own `PyBuffer<u8>` asks for a typed view and rejects
//! `array.array('i')`, which `binascii` and `zlib` accept as raw bytes, and its
//! `as_slice` returns `&[ReadOnlyCell<u8>]` that no codec can take; so these
//! functions call [`crate::raw`], whose contract is stated on the crate.

use std::mem::MaybeUninit;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::raw::{self, Input};

/// Argument clinic's `Py_buffer` converter: an exact `bytes` is borrowed for
/// as long as `obj` is, any other bytes-like object copied.
pub fn bytes_like<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Input<'a>> {
    // SAFETY: `obj` is a live object for `'a` (we borrow the `Bound`), and a
    // `Bound` proves the thread is attached.
    unsafe { raw::bytes_like(obj.as_ptr()) }.map_err(|raw::Raised| PyErr::fetch(obj.py()))
}

/// `binascii`'s `ascii_buffer_converter`: bytes-like or ASCII `str`.
pub fn ascii_or_bytes_like<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Input<'a>> {
    // SAFETY: `obj` is live for `'a` (we borrow the `Bound`) and a `Bound`
    // proves the thread is attached.
    unsafe { raw::ascii_or_bytes_like(obj.as_ptr()) }.map_err(|raw::Raised| PyErr::fetch(obj.py()))
}

/// `PyObject_CheckBuffer`: whether `obj` exports buffers at all (argument
/// checks that do not read the data).
pub fn supports_buffer(obj: &Bound<'_, PyAny>) -> bool {
    // SAFETY: `obj` is live and the thread attached (we hold a `Bound`).
    unsafe { pyo3::ffi::PyObject_CheckBuffer(obj.as_ptr()) != 0 }
}

// ANCHOR: new-bytes
/// Allocate a `bytes` of `len` bytes and let `fill` initialise all of them.
///
/// `fill` must write every byte of the slice it is given and return `true`;
/// if it returns `false` the object is discarded and `Ok(None)` returned.
pub fn new_bytes<'py>(
    py: Python<'py>,
    len: usize,
    fill: impl FnOnce(&mut [MaybeUninit<u8>]) -> bool,
) -> PyResult<Option<Bound<'py, PyBytes>>> {
    // SAFETY: attached (we hold `py`); the slice is used only inside `fill`,
    // before the object is returned or dropped.
    let Some((raw, out)) = (unsafe { raw::new_bytes(len) }) else {
        return Err(PyErr::fetch(py));
    };
    // SAFETY: `raw` is a new reference to a bytes object.
    let bytes = unsafe { Bound::from_owned_ptr(py, raw).cast_into_unchecked::<PyBytes>() };
    Ok(fill(out).then_some(bytes))
}
// ANCHOR_END: new-bytes

/// `Py_TYPE(obj)->tp_name`, as CPython puts it in error messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    #[cfg(not(Py_LIMITED_API))]
    {
        // SAFETY: every live object has a type whose `tp_name` is a valid,
        // NUL-terminated C string for as long as the type lives (we hold `obj`).
        let name = unsafe { std::ffi::CStr::from_ptr((*pyo3::ffi::Py_TYPE(obj.as_ptr())).tp_name) };
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

// ANCHOR: main-interpreter-only
/// Refuse to initialise `module` in any interpreter but the main one, with
/// `ImportError`: the effect of `Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED`,
/// a declaration PyO3 0.30.1's `#[pymodule]` cannot make.
///
/// PyO3 keeps Python objects in process-wide statics (`create_exception!`,
/// `import_exception!`, `intern!`, its own `PanicException` type), so a PyO3
/// module imported in a second interpreter would hand it the first one's
/// objects. PyO3 0.30.1 only refuses a second interpreter for submodules; a
/// legacy (shared-GIL) sub-interpreter imports the top-level module, and an
/// isolated one is refused by CPython only because the module declares no
/// per-interpreter GIL support. Call this first in `#[pymodule_init]`.
pub fn main_interpreter_only(module: &Bound<'_, pyo3::types::PyModule>) -> PyResult<()> {
    // SAFETY: attached (we hold a `Bound`), so there is a current interpreter;
    // both calls are in the limited API and only read its ID.
    let id = unsafe { pyo3::ffi::PyInterpreterState_GetID(pyo3::ffi::PyInterpreterState_Get()) };
    if id == 0 {
        return Ok(());
    }
    let name = module.name()?;
    Err(pyo3::exceptions::PyImportError::new_err(format!(
        "module {name} does not support loading in subinterpreters \
         (PyO3 0.30.1 has no per-interpreter module state)"
    )))
}
// ANCHOR_END: main-interpreter-only
