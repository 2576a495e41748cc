//! `rs_base64_ffi`: `binascii.b2a_base64` and `binascii.a2b_base64` written
//! directly on the C API through `pyo3-ffi`, without PyO3's safe layer.
//!
//! This is how a module in CPython's tree would look with bindgen-generated
//! bindings: a static `PyModuleDef`, a `PyMethodDef` table, METH_FASTCALL |
//! METH_KEYWORDS functions that parse their own arguments, the buffer
//! protocol by hand, multi-phase initialisation and per-module state holding
//! `binascii.Error`. The codec is the same crate `rs_base64` uses.

use std::ffi::{c_int, c_void};
use std::ptr;

use pyo3_ffi::*;
use rs_base64_codec as codec;

mod raw;

/// Inputs at least this large are processed with the GIL released (when immutable).
const DETACH_THRESHOLD: usize = 64 * 1024;

// ANCHOR: state
/// Per-module state: a strong reference to `binascii.Error`.
#[repr(C)]
struct State {
    error: *mut PyObject,
}

/// # Safety
/// `module` must be an initialised instance of this module.
unsafe fn state(module: *mut PyObject) -> *mut State {
    // SAFETY: per the caller, the module was created from MODULE_DEF, whose
    // m_size is size_of::<State>(), so the state pointer has that layout.
    unsafe { PyModule_GetState(module).cast::<State>() }
}
// ANCHOR_END: state

/// Raise `binascii.Error(msg)` from the module state.
///
/// # Safety
/// `module` must be an initialised instance of this module; caller attached.
unsafe fn raise(module: *mut PyObject, msg: &str) {
    let text = raw::c_message(msg);
    // SAFETY: state set by `exec_module`; `text` is NUL-terminated.
    unsafe { PyErr_SetString((*state(module)).error, text.as_ptr()) };
}

// ANCHOR: b2a
/// `b2a_base64(data, /, *, newline=True)`
unsafe extern "C" fn b2a_base64(
    module: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    raw::catch_panic(c"b2a_base64", ptr::null_mut(), || {
        // SAFETY: CPython's own vectorcall arguments, passed on unchanged.
        unsafe { b2a_base64_impl(module, args, nargs, kwnames) }
    })
}

/// # Safety
/// Vectorcall arguments from CPython, attached.
unsafe fn b2a_base64_impl(
    _module: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: CPython calls us with vectorcall arguments.
    let parsed =
        unsafe { raw::parse_one_plus_flag(c"b2a_base64", c"newline", true, args, nargs, kwnames) };
    let Ok((data, newline)) = parsed else {
        return ptr::null_mut();
    };
    // SAFETY: `data` is a borrowed argument, valid for the call.
    let Ok(input) = (unsafe { pybuffer::raw::bytes_like(data) }) else {
        return ptr::null_mut();
    };
    let src = input.as_slice();
    let Some(len) = codec::encoded_len(src.len(), newline) else {
        // SAFETY: we are attached (CPython called this method); sets MemoryError.
        return unsafe { PyErr_NoMemory() };
    };
    // SAFETY: attached; every byte is written by `codec::encode` below.
    let Some((bytes, out)) = (unsafe { pybuffer::raw::new_bytes(len) }) else {
        return ptr::null_mut();
    };
    let detach = src.len() >= DETACH_THRESHOLD;
    raw::allow_threads(detach, || {
        codec::encode(src, out, newline);
    });
    bytes
}
// ANCHOR_END: b2a

/// `a2b_base64(data, /, *, strict_mode=False)`
unsafe extern "C" fn a2b_base64(
    module: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    raw::catch_panic(c"a2b_base64", ptr::null_mut(), || {
        // SAFETY: CPython's own vectorcall arguments, passed on unchanged.
        unsafe { a2b_base64_impl(module, args, nargs, kwnames) }
    })
}

/// # Safety
/// Vectorcall arguments from CPython, attached.
unsafe fn a2b_base64_impl(
    module: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: CPython calls us with vectorcall arguments.
    let parsed = unsafe {
        raw::parse_one_plus_flag(c"a2b_base64", c"strict_mode", false, args, nargs, kwnames)
    };
    let Ok((data, strict)) = parsed else {
        return ptr::null_mut();
    };
    // SAFETY: `data` is a borrowed argument, valid for the call.
    let Ok(input) = (unsafe { pybuffer::raw::ascii_or_bytes_like(data) }) else {
        return ptr::null_mut();
    };
    let src = input.as_slice();
    let detach = src.len() >= DETACH_THRESHOLD;
    if let Some(candidate) = codec::fast_path_input(src, strict)
        && let Some(n) = codec::canonical_decoded_len(candidate)
    {
        // SAFETY: attached; on success every byte was written, otherwise we
        // drop the object before anyone sees it.
        let Some((bytes, out)) = (unsafe { pybuffer::raw::new_bytes(n) }) else {
            return ptr::null_mut();
        };
        if raw::allow_threads(detach, || codec::decode_canonical(candidate, out)) {
            return bytes;
        }
        // SAFETY: we own the only reference to this unused object.
        unsafe { Py_DECREF(bytes) };
    }
    // Per-version builds: the interpreter's minor version is known at compile time.
    let rules = codec::Rules {
        strict,
        excess_padding: cfg!(Py_3_13),
    };
    let decoded = raw::allow_threads(detach, || {
        let mut out = Vec::new();
        codec::decode_scalar(src, rules, &mut out).map(|()| out)
    });
    match decoded {
        // SAFETY: attached; `out` is initialised and its length fits (it came from memory).
        Ok(out) => unsafe {
            PyBytes_FromStringAndSize(out.as_ptr().cast(), out.len() as Py_ssize_t)
        },
        Err(e) => {
            // SAFETY: `module` is this module (METH_FASTCALL functions get it as self).
            unsafe { raise(module, &e.to_string()) };
            ptr::null_mut()
        }
    }
}

// ANCHOR: panic-entry
/// `_panic(message, /)`: panics with `message`, for the tests of the panic
/// boundary (like `rs_base64._panic` and `rs_zlib._panic`).
unsafe extern "C" fn panic_for_tests(
    _module: *mut PyObject,
    message: *mut PyObject,
) -> *mut PyObject {
    raw::catch_panic(c"_panic", ptr::null_mut(), || {
        // SAFETY: attached (METH_O call); `message` is a live argument; the
        // UTF-8 buffer is cached on the str and lives as long as it does.
        let data = unsafe { PyUnicode_AsUTF8(message) };
        if data.is_null() {
            return ptr::null_mut();
        }
        // SAFETY: non-null `data` is NUL-terminated UTF-8 owned by `message`.
        let text = unsafe { std::ffi::CStr::from_ptr(data) };
        panic!("{}", text.to_string_lossy());
    })
}
// ANCHOR_END: panic-entry

// ANCHOR: exec
/// Py_mod_exec: import `binascii` and keep a reference to its `Error`.
unsafe extern "C" fn exec_module(module: *mut PyObject) -> c_int {
    // SAFETY: CPython's module object, passed on unchanged.
    raw::catch_panic(c"<exec>", -1, || unsafe { exec_module_impl(module) })
}

/// # Safety
/// `module` is an instance of this module being executed, attached.
unsafe fn exec_module_impl(module: *mut PyObject) -> c_int {
    // SAFETY: attached during module execution; the import returns a new reference or null.
    let binascii = unsafe { PyImport_ImportModule(c"binascii".as_ptr()) };
    if binascii.is_null() {
        return -1;
    }
    // SAFETY: `binascii` is a module object; GetAttrString returns a new reference or null.
    let error = unsafe { PyObject_GetAttrString(binascii, c"Error".as_ptr()) };
    // SAFETY: we own `binascii` and no longer need it.
    unsafe { Py_DECREF(binascii) };
    if error.is_null() {
        return -1;
    }
    // SAFETY: `module` comes from MODULE_DEF; the state is zeroed storage we own.
    unsafe { (*state(module)).error = error };
    0
}
// ANCHOR_END: exec

/// m_traverse: report the reference held in the state to the GC.
unsafe extern "C" fn traverse_module(
    module: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: the GC's own arguments, passed on unchanged.
    raw::catch_panic_unraisable(c"<traverse>", -1, || unsafe {
        traverse_module_impl(module, visit, arg)
    })
}

/// # Safety
/// Called by the GC on an instance of this module.
unsafe fn traverse_module_impl(module: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    // SAFETY: called by the GC on an instance of this module; state may be null before exec.
    let st = unsafe { PyModule_GetState(module).cast::<State>() };
    if st.is_null() {
        return 0;
    }
    // SAFETY: `st` is valid; `error` is null or a strong reference we own.
    let error = unsafe { (*st).error };
    if error.is_null() {
        return 0;
    }
    // SAFETY: `error` is a live object we hold a reference to; `visit`/`arg`
    // are the GC's own callback and argument, used as Py_VISIT does.
    unsafe { visit(error, arg) }
}

/// m_clear: drop the reference held in the state.
unsafe extern "C" fn clear_module(module: *mut PyObject) -> c_int {
    // SAFETY: CPython's module object, passed on unchanged.
    raw::catch_panic_unraisable(c"<clear>", -1, || unsafe { clear_module_impl(module) })
}

/// # Safety
/// `module` is an instance of this module, attached.
unsafe fn clear_module_impl(module: *mut PyObject) -> c_int {
    // SAFETY: called on an instance of this module.
    let st = unsafe { PyModule_GetState(module).cast::<State>() };
    if !st.is_null() {
        // SAFETY: Py_CLEAR on a field we own.
        unsafe {
            let old = (*st).error;
            (*st).error = ptr::null_mut();
            Py_XDECREF(old);
        }
    }
    0
}

/// m_free: same as clear.
unsafe extern "C" fn free_module(module: *mut c_void) {
    // SAFETY: CPython passes the module object being freed.
    raw::catch_panic_unraisable(c"<free>", -1, || unsafe {
        clear_module_impl(module.cast())
    });
}

static mut METHODS: [PyMethodDef; 4] = [
    PyMethodDef {
        ml_name: c"b2a_base64".as_ptr(),
        ml_meth: PyMethodDefPointer { PyCFunctionFastWithKeywords: b2a_base64 },
        ml_flags: METH_FASTCALL | METH_KEYWORDS,
        ml_doc: c"b2a_base64($module, data, /, *, newline=True)\n--\n\nBase64-code line of data.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"a2b_base64".as_ptr(),
        ml_meth: PyMethodDefPointer { PyCFunctionFastWithKeywords: a2b_base64 },
        ml_flags: METH_FASTCALL | METH_KEYWORDS,
        ml_doc: c"a2b_base64($module, data, /, *, strict_mode=False)\n--\n\nDecode a line of base64 data."
            .as_ptr(),
    },
    PyMethodDef {
        ml_name: c"_panic".as_ptr(),
        ml_meth: PyMethodDefPointer { PyCFunction: panic_for_tests },
        ml_flags: METH_O,
        ml_doc: c"_panic($module, message, /)\n--\n\nPanic with message (tests of the panic boundary).".as_ptr(),
    },
    PyMethodDef::zeroed(),
];

// ANCHOR: slots
const N_SLOTS: usize = 2 + cfg!(Py_3_12) as usize + cfg!(Py_3_13) as usize;

static mut SLOTS: [PyModuleDef_Slot; N_SLOTS] = [
    PyModuleDef_Slot {
        slot: Py_mod_exec,
        value: exec_module as *mut c_void,
    },
    #[cfg(Py_3_12)]
    PyModuleDef_Slot {
        slot: Py_mod_multiple_interpreters,
        value: Py_MOD_PER_INTERPRETER_GIL_SUPPORTED,
    },
    #[cfg(Py_3_13)]
    PyModuleDef_Slot {
        slot: Py_mod_gil,
        value: Py_MOD_GIL_NOT_USED,
    },
    PyModuleDef_Slot {
        slot: 0,
        value: ptr::null_mut(),
    },
];

static mut MODULE_DEF: PyModuleDef = PyModuleDef {
    m_base: PyModuleDef_HEAD_INIT,
    m_name: c"rs_base64_ffi".as_ptr(),
    m_doc: c"binascii's base64 functions on raw C-API bindings.".as_ptr(),
    m_size: size_of::<State>() as Py_ssize_t,
    m_methods: (&raw mut METHODS).cast(),
    m_slots: (&raw mut SLOTS).cast(),
    m_traverse: Some(traverse_module),
    m_clear: Some(clear_module),
    m_free: Some(free_module),
};
// ANCHOR_END: slots

/// The module's entry point (multi-phase initialisation).
///
/// # Safety
/// Called by the import system, attached to the interpreter.
#[allow(non_snake_case)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInit_rs_base64_ffi() -> *mut PyObject {
    raw::catch_panic(c"PyInit", ptr::null_mut(), || {
        // SAFETY: MODULE_DEF is a static with a valid definition; CPython takes
        // it over and never frees it.
        unsafe { PyModuleDef_Init(&raw mut MODULE_DEF) }
    })
}
