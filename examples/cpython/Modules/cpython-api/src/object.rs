//! Object handles: `Bound` (owned, attached), `Borrowed` (not owned), `Py` (owned, storable).

use std::ffi::CStr;
use std::marker::PhantomData;
use std::ptr::NonNull;

use cpython_sys as ffi;

use crate::context::{ThreadContext, attached};
use crate::err::{PyResult, owned_or_err};

/// Marker: any Python object.
pub struct PyAny;
/// Marker: a `bytes` object (or an instance of a subclass).
pub struct PyBytes;
/// Marker: a `str` object.
pub struct PyStr;
/// Marker: a type object.
pub struct PyType;
/// Marker: a module object.
pub struct PyModule;

// ANCHOR: handles
/// An owned reference, usable while attached for `'py`; `!Send`. Dropping it decrefs.
pub struct Bound<'py, T> {
    ptr: NonNull<ffi::PyObject>,
    _marker: PhantomData<(&'py (), T, *mut ())>,
}

/// A reference that owns no count, valid for the owner's `'a` and the attachment `'py`.
pub struct Borrowed<'a, 'py, T> {
    ptr: NonNull<ffi::PyObject>,
    _marker: PhantomData<(&'a (), &'py (), T, *mut ())>,
}

/// An owned reference that may be stored (module state) and sent between threads.
/// Using it needs a [`ThreadContext`] (`bind`). Dropped while detached, it leaks its count.
pub struct Py<T> {
    ptr: NonNull<ffi::PyObject>,
    _marker: PhantomData<T>,
}
// ANCHOR_END: handles

impl<T> Clone for Borrowed<'_, '_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Borrowed<'_, '_, T> {}

// SAFETY: a `Py` only touches the object's reference count, and only on a thread that is
// attached (`bind` needs a token, `drop` checks `attached()`); reference counting is atomic on
// free-threaded builds and serialised by the GIL otherwise.
unsafe impl<T> Send for Py<T> {}
// SAFETY: `&Py` only allows `bind`, which needs the caller's own token (see `Send`).
unsafe impl<T> Sync for Py<T> {}

impl<'py, T> Bound<'py, T> {
    /// Take ownership of a new reference; `None` for null.
    ///
    /// # Safety
    /// `ptr` is null or a new (owned) reference to a live object of type `T`, and the thread
    /// is attached for `'py`.
    pub(crate) unsafe fn from_owned_ptr(ptr: *mut ffi::PyObject) -> Option<Self> {
        NonNull::new(ptr).map(|ptr| Bound {
            ptr,
            _marker: PhantomData,
        })
    }

    /// The raw pointer; the handle keeps ownership.
    pub fn as_ptr(&self) -> *mut ffi::PyObject {
        self.ptr.as_ptr()
    }

    /// Give up ownership and return the raw new reference (for returning it to C).
    pub fn into_ptr(self) -> *mut ffi::PyObject {
        let ptr = self.ptr.as_ptr();
        std::mem::forget(self);
        ptr
    }

    /// Borrow without touching the reference count.
    pub fn as_borrowed<'a>(&'a self) -> Borrowed<'a, 'py, T> {
        Borrowed {
            ptr: self.ptr,
            _marker: PhantomData,
        }
    }

    /// Forget the precise type.
    pub fn into_any(self) -> Bound<'py, PyAny> {
        let ptr = self.ptr;
        std::mem::forget(self);
        Bound {
            ptr,
            _marker: PhantomData,
        }
    }

    /// Make the reference storable (module state).
    pub fn unbind(self) -> Py<T> {
        let ptr = self.ptr;
        std::mem::forget(self);
        Py {
            ptr,
            _marker: PhantomData,
        }
    }
}

impl<T> Drop for Bound<'_, T> {
    fn drop(&mut self) {
        // SAFETY: the handle owns one reference and `'py` proves the thread is attached;
        // Py_DecRef is the exported function, correct on GIL and free-threaded builds.
        unsafe { ffi::Py_DecRef(self.ptr.as_ptr()) }
    }
}

impl<'a, 'py, T> Borrowed<'a, 'py, T> {
    /// Borrow a pointer the caller keeps alive for `'a`.
    ///
    /// # Safety
    /// `ptr` is non-null, points to a live object of type `T` for `'a`, and the thread is
    /// attached for `'py`.
    pub(crate) unsafe fn from_ptr(ptr: *mut ffi::PyObject) -> Self {
        Borrowed {
            // SAFETY: non-null by the caller's contract.
            ptr: unsafe { NonNull::new_unchecked(ptr) },
            _marker: PhantomData,
        }
    }

    /// The raw pointer.
    pub fn as_ptr(self) -> *mut ffi::PyObject {
        self.ptr.as_ptr()
    }

    /// `obj is None`.
    pub fn is_none(self) -> bool {
        std::ptr::eq(self.ptr.as_ptr(), &raw mut ffi::_Py_NoneStruct)
    }

    /// An explicit incref (`Py_NewRef`).
    pub fn to_owned(self) -> Bound<'py, T> {
        // SAFETY: the object is alive for `'a` and the thread attached for `'py`.
        unsafe { ffi::Py_IncRef(self.ptr.as_ptr()) };
        Bound {
            ptr: self.ptr,
            _marker: PhantomData,
        }
    }

    /// Forget the precise type.
    pub fn as_any(self) -> Borrowed<'a, 'py, PyAny> {
        Borrowed {
            ptr: self.ptr,
            _marker: PhantomData,
        }
    }

    /// `Py_TYPE(obj)`, borrowed from the object.
    fn type_ptr(self) -> *mut ffi::PyTypeObject {
        // SAFETY: every live object has a type; `ob_type` is at the position the bindings
        // give for this build (GIL or free-threaded layout).
        unsafe { (*self.ptr.as_ptr()).ob_type }
    }

    /// `Py_TYPE(obj)->tp_name`, as CPython's messages print it.
    pub fn type_name(self) -> String {
        // SAFETY: `tp_name` of a live type is a valid NUL-terminated string for as long as
        // the type lives, and the object keeps its type alive.
        let name = unsafe { CStr::from_ptr((*self.type_ptr()).tp_name) };
        name.to_string_lossy().into_owned()
    }

    /// Whether the type has one of the `Py_TPFLAGS_*_SUBCLASS` fast-subclass flags.
    fn has_type_flag(self, flag: std::ffi::c_ulong) -> bool {
        // SAFETY: the type pointer is a live type object; PyType_GetFlags only reads it.
        unsafe { ffi::PyType_GetFlags(self.type_ptr()) & flag != 0 }
    }

    /// `PyBytes_Check`: a `bytes` or an instance of a subclass (whose data is immutable too).
    pub fn downcast_bytes(self) -> Option<Borrowed<'a, 'py, PyBytes>> {
        self.has_type_flag(ffi::Py_TPFLAGS_BYTES_SUBCLASS.into())
            .then_some(Borrowed {
                ptr: self.ptr,
                _marker: PhantomData,
            })
    }

    /// `PyUnicode_Check`.
    pub fn downcast_str(self) -> Option<Borrowed<'a, 'py, PyStr>> {
        self.has_type_flag(ffi::Py_TPFLAGS_UNICODE_SUBCLASS.into())
            .then_some(Borrowed {
                ptr: self.ptr,
                _marker: PhantomData,
            })
    }

    /// `PyByteArray_Check` (the type or a subclass).
    pub fn is_bytearray(self) -> bool {
        // SAFETY: both pointers are live objects; PyObject_TypeCheck's exported equivalent.
        unsafe { ffi::PyType_IsSubtype(self.type_ptr(), &raw mut ffi::PyByteArray_Type) != 0 }
    }

    /// `bool(obj)` (`PyObject_IsTrue`).
    pub fn is_truthy(self, _ctx: &ThreadContext<'py>) -> PyResult<bool> {
        // SAFETY: the object is alive and the thread attached.
        match unsafe { ffi::PyObject_IsTrue(self.ptr.as_ptr()) } {
            // SAFETY: -1 means PyObject_IsTrue set an exception.
            -1 => Err(unsafe { crate::err::PyErrRaised::assume_set() }),
            v => Ok(v != 0),
        }
    }

    /// `len(obj)` (`PyObject_Size`).
    pub fn len(self, _ctx: &ThreadContext<'py>) -> PyResult<usize> {
        // SAFETY: the object is alive and the thread attached.
        let n = unsafe { ffi::PyObject_Size(self.ptr.as_ptr()) };
        // SAFETY: a negative size means PyObject_Size set an exception.
        usize::try_from(n).map_err(|_| unsafe { crate::err::PyErrRaised::assume_set() })
    }

    /// `repr(obj)`.
    pub fn repr(self, ctx: &ThreadContext<'py>) -> PyResult<Bound<'py, PyStr>> {
        // SAFETY: the object is alive and the thread attached; PyObject_Repr returns a new
        // reference or null with an exception set.
        owned_or_err(ctx, unsafe { ffi::PyObject_Repr(self.ptr.as_ptr()) })
    }

    /// `getattr(obj, name)`.
    pub fn getattr(self, ctx: &ThreadContext<'py>, name: &CStr) -> PyResult<Bound<'py, PyAny>> {
        // SAFETY: the object is alive, `name` NUL-terminated, the thread attached; the result
        // is a new reference or null with an exception set.
        owned_or_err(ctx, unsafe {
            ffi::PyObject_GetAttrString(self.ptr.as_ptr(), name.as_ptr())
        })
    }

    /// `obj(arg0, arg1)`.
    pub fn call2(
        self,
        ctx: &ThreadContext<'py>,
        arg0: Borrowed<'_, 'py, PyAny>,
        arg1: Borrowed<'_, 'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let args = [arg0.as_ptr(), arg1.as_ptr()];
        // SAFETY: callable and arguments are alive for the call, the thread is attached,
        // `args` holds exactly the 2 arguments the count says; the result is a new reference
        // or null with an exception set.
        owned_or_err(ctx, unsafe {
            ffi::PyObject_Vectorcall(self.ptr.as_ptr(), args.as_ptr(), 2, std::ptr::null_mut())
        })
    }
}

impl<'a> Borrowed<'a, '_, PyBytes> {
    /// The contents of a `bytes` object, borrowed for `'a`.
    ///
    /// Sound because `bytes` is immutable: no code may write to its storage while a reference
    /// to the object exists, on any thread, GIL or free-threaded.
    pub fn as_bytes(self) -> &'a [u8] {
        // SAFETY: the object is a bytes (checked by construction), alive for `'a`;
        // PyBytes_AsString and PyBytes_Size cannot fail on a bytes object.
        let (data, len) = unsafe {
            (
                ffi::PyBytes_AsString(self.ptr.as_ptr()),
                ffi::PyBytes_Size(self.ptr.as_ptr()),
            )
        };
        let len = usize::try_from(len).unwrap_or(0);
        // SAFETY: a bytes object holds `len` initialised bytes at `data` that never change
        // while the object is alive, which `'a` guarantees.
        unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) }
    }
}

impl<'a> Borrowed<'a, '_, PyStr> {
    /// The text as UTF-8, borrowed for `'a` (str is immutable); `None` if it holds lone
    /// surrogates, which UTF-8 cannot represent.
    pub fn to_utf8(self) -> Option<&'a [u8]> {
        let mut len: ffi::Py_ssize_t = 0;
        // SAFETY: the object is a str alive for `'a` and the thread attached; the UTF-8 form
        // is cached in the object and lives as long as it does.
        let data = unsafe { ffi::PyUnicode_AsUTF8AndSize(self.ptr.as_ptr(), &raw mut len) };
        if data.is_null() {
            // SAFETY: null means an exception (UnicodeEncodeError) was set; callers report
            // their own error, as base64.py's `except UnicodeEncodeError` does.
            unsafe { ffi::PyErr_Clear() };
            return None;
        }
        let len = usize::try_from(len).unwrap_or(0);
        // SAFETY: `data` points to `len` bytes owned by the immutable str, alive for `'a`.
        Some(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) })
    }
}

impl<T> Py<T> {
    /// Borrow the stored object while attached.
    pub fn bind<'py>(&self, _ctx: &ThreadContext<'py>) -> Borrowed<'_, 'py, T> {
        Borrowed {
            ptr: self.ptr,
            _marker: PhantomData,
        }
    }

    /// The raw pointer (for `tp_traverse`).
    pub(crate) fn as_ptr(&self) -> *mut ffi::PyObject {
        self.ptr.as_ptr()
    }
}

impl<T> Drop for Py<T> {
    fn drop(&mut self) {
        if attached() {
            // SAFETY: the handle owns one reference and this thread is attached.
            unsafe { ffi::Py_DecRef(self.ptr.as_ptr()) }
        }
        // Detached: leaking the reference is a bug in the caller but never unsound.
    }
}

/// Import a module by name (`PyImport_ImportModule`).
pub fn import<'py>(ctx: &ThreadContext<'py>, name: &CStr) -> PyResult<Bound<'py, PyModule>> {
    // SAFETY: `name` is NUL-terminated and the thread attached; the result is a new reference
    // or null with an exception set.
    owned_or_err(ctx, unsafe { ffi::PyImport_ImportModule(name.as_ptr()) })
}

impl<'py, T> Bound<'py, T> {
    /// Check that a new object is a type and retag the handle (`PyType_Check`).
    pub fn downcast_into_type(self, ctx: &ThreadContext<'py>) -> PyResult<Bound<'py, PyType>> {
        let borrowed = self.as_borrowed().as_any();
        if borrowed.has_type_flag(ffi::Py_TPFLAGS_TYPE_SUBCLASS.into()) {
            let ptr = self.ptr;
            std::mem::forget(self);
            // The reference moves from `self` to the new handle; the object is a type.
            Ok(Bound {
                ptr,
                _marker: PhantomData,
            })
        } else {
            let name = borrowed.type_name();
            Err(crate::err::TYPE_ERROR.raise(ctx, &format!("expected a type, not '{name}'")))
        }
    }
}

/// A new `str` from UTF-8 text.
pub fn new_str<'py>(ctx: &ThreadContext<'py>, text: &str) -> PyResult<Bound<'py, PyStr>> {
    let Ok(len) = ffi::Py_ssize_t::try_from(text.len()) else {
        return Err(crate::err::memory_error(ctx));
    };
    // SAFETY: `text` is `len` bytes of UTF-8 and the thread is attached; the result is a new
    // reference or null with an exception set.
    owned_or_err(ctx, unsafe {
        ffi::PyUnicode_FromStringAndSize(text.as_ptr().cast(), len)
    })
}

/// A new `list` of `str`.
pub fn str_list<'py>(ctx: &ThreadContext<'py>, items: &[&str]) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: the thread is attached; PyList_New returns a new reference or null.
    let list: Bound<'py, PyAny> = owned_or_err(ctx, unsafe { ffi::PyList_New(0) })?;
    for item in items {
        let text = new_str(ctx, item)?;
        // SAFETY: both objects are alive and the thread attached; PyList_Append does not
        // steal the reference and returns -1 with an exception set on failure.
        if unsafe { ffi::PyList_Append(list.as_ptr(), text.as_ptr()) } != 0 {
            // SAFETY: PyList_Append failed, so an exception is set.
            return Err(unsafe { crate::err::PyErrRaised::assume_set() });
        }
    }
    Ok(list)
}

/// A new reference to `None` (`Py_RETURN_NONE`).
pub fn none<'py>(_ctx: &ThreadContext<'py>) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: `None` is a live, immortal object, and the token proves the thread is attached.
    let none = unsafe { Borrowed::<PyAny>::from_ptr(&raw mut ffi::_Py_NoneStruct) };
    Ok(none.to_owned())
}

impl<'py> Borrowed<'_, 'py, PyModule> {
    /// `PyModule_AddIntConstant`.
    pub fn add_int(self, _ctx: &ThreadContext<'py>, name: &CStr, value: i64) -> PyResult<()> {
        let value = std::ffi::c_long::try_from(value).unwrap_or(std::ffi::c_long::MAX);
        // SAFETY: the module is alive, `name` NUL-terminated and the thread attached; -1 means
        // an exception is set.
        match unsafe { ffi::PyModule_AddIntConstant(self.as_ptr(), name.as_ptr(), value) } {
            // SAFETY: a result of -1 means PyModule_AddIntConstant raised an exception.
            -1 => Err(unsafe { crate::err::PyErrRaised::assume_set() }),
            _ => Ok(()),
        }
    }

    /// `PyModule_AddObjectRef`: `module.name = value`, without stealing `value`.
    pub fn add(
        self,
        _ctx: &ThreadContext<'py>,
        name: &CStr,
        value: Borrowed<'_, 'py, PyAny>,
    ) -> PyResult<()> {
        // SAFETY: both objects are alive, `name` NUL-terminated and the thread attached; the
        // call takes its own reference and returns -1 with an exception set on failure.
        match unsafe { ffi::PyModule_AddObjectRef(self.as_ptr(), name.as_ptr(), value.as_ptr()) } {
            // SAFETY: a result of -1 means PyModule_AddObjectRef raised an exception.
            -1 => Err(unsafe { crate::err::PyErrRaised::assume_set() }),
            _ => Ok(()),
        }
    }
}

/// A new exception class `qualified_name` ("zlib.error"), a subclass of `Exception`
/// (`PyErr_NewException`), for module state.
pub fn new_exception<'py>(
    ctx: &ThreadContext<'py>,
    qualified_name: &CStr,
) -> PyResult<Bound<'py, PyType>> {
    // SAFETY: the name is NUL-terminated and dotted, the thread attached; null base and dict
    // mean `Exception` and a new dict. The result is a new reference or null with an error.
    let class: Bound<'py, PyAny> = owned_or_err(ctx, unsafe {
        ffi::PyErr_NewException(
            qualified_name.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    })?;
    class.downcast_into_type(ctx)
}

/// A new `int` from a signed value (`PyLong_FromLongLong`).
pub fn new_int<'py>(ctx: &ThreadContext<'py>, value: i64) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: the thread is attached; the result is a new reference or null with an error.
    owned_or_err(ctx, unsafe { ffi::PyLong_FromLongLong(value) })
}

/// A new `int` from an unsigned value (`PyLong_FromUnsignedLongLong`).
pub fn new_uint<'py>(ctx: &ThreadContext<'py>, value: u64) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: the thread is attached; the result is a new reference or null with an error.
    owned_or_err(ctx, unsafe { ffi::PyLong_FromUnsignedLongLong(value) })
}

/// `True` or `False` (`PyBool_FromLong`).
pub fn new_bool<'py>(ctx: &ThreadContext<'py>, value: bool) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: the thread is attached; the result is a new reference to an immortal bool.
    owned_or_err(ctx, unsafe { ffi::PyBool_FromLong(value.into()) })
}
