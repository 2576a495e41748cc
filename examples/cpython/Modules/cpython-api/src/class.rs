//! Classes: heap types created from the module and a spec, whose instances hold a Rust value.
//!
//! A [`PyClass`] is a Rust type `T` whose values live inside Python objects of a heap type
//! made by `PyType_FromModuleAndSpec` while the module executes, as C stdlib modules make
//! theirs: the type belongs to one module object (so one interpreter), and its methods are
//! `METH_METHOD | METH_FASTCALL | METH_KEYWORDS`, called with their defining class, through
//! which they reach the module's state (`PyType_GetModuleByDef`), exactly as Argument
//! Clinic's code does. [`class!`](crate::class) writes the tables.
//!
//! The object is `#[repr(C)] { PyObject, T }`. Methods and getters get `&T`: any thread may
//! call them at once on a free-threaded build, so mutable state goes behind a
//! [`Lock`](crate::lock::Lock). Python objects an instance owns go in [`GcRef`] fields,
//! reported by the `unsafe` [`Traverse`] implementation and dropped by [`Traverse::clear`]
//! when the type is garbage-collected (`gc: true`).

use std::ffi::{CStr, c_int, c_uint, c_void};
use std::marker::PhantomData;
use std::ptr;

use cpython_sys as ffi;

use crate::args::{Parser, Signature};
use crate::boundary::{abort_on_panic, guard, guard_unraisable};
use crate::context::ThreadContext;
use crate::err::{PyErrRaised, PyResult, SYSTEM_ERROR, owned_or_err};
use crate::module::{HasDefinition, ModuleState, Traverse, TraverseStop, Visit};
use crate::object::{Borrowed, Bound, Py, PyAny, PyModule, PyType};

// ANCHOR: class
/// A Rust value held by instances of a Python class.
///
/// `Send + Sync`: methods receive `&Self` from any thread. Implemented by [`class!`]
/// (crate::class), which also writes the type's spec.
///
/// # Safety
/// `spec` returns a spec whose basic size is `size_of::<Instance<Self>>()`, whose slots are
/// this module's trampolines for `Self`, and whose flags include `Py_TPFLAGS_HAVE_GC` exactly
/// when `GC` is true.
pub unsafe trait PyClass: Traverse + Send + Sync + Sized + 'static {
    /// The state of the module that creates the type; methods receive it.
    type Module: ModuleState + HasDefinition;
    /// Whether instances are tracked by the garbage collector (they own [`GcRef`]s).
    const GC: bool;
    /// The type's spec.
    fn spec() -> *mut ffi::PyType_Spec;
}
// ANCHOR_END: class

/// The memory of an instance: the object header, then the value.
#[repr(C)]
pub struct Instance<T> {
    ob_base: ffi::PyObject,
    value: T,
}

/// A type object created for `T` (`PyType_FromModuleAndSpec` of `T::spec()`); storable in
/// module state. Only [`create_type`] makes one, so an object of this type holds a `T`.
pub struct TypeObject<T: PyClass> {
    ty: Py<PyType>,
    _marker: PhantomData<fn() -> T>,
}

/// Create the type of `T` for `module` (`PyType_FromModuleAndSpec`). It is not an attribute
/// of the module unless [`TypeObject::add_to`] makes it one: C's zlib, for example, exposes
/// `_ZlibDecompressor` but not `Compress` (so that pickling one fails on the lookup).
pub fn create_type<T: PyClass>(
    ctx: &ThreadContext<'_>,
    module: Borrowed<'_, '_, PyModule>,
) -> PyResult<TypeObject<T>> {
    const {
        assert!(
            align_of::<Instance<T>>() <= align_of::<ffi::PyObject>(),
            "CPython's allocator does not align instances beyond a PyObject's alignment"
        )
    };
    // SAFETY: the module is alive and the thread attached; the spec is `T`'s static spec
    // (PyClass's contract). The result is a new reference to a heap type, or null.
    let ty: Bound<'_, PyAny> = owned_or_err(ctx, unsafe {
        ffi::PyType_FromModuleAndSpec(module.as_ptr(), T::spec(), ptr::null_mut())
    })?;
    Ok(TypeObject {
        ty: ty.downcast_into_type(ctx)?.unbind(),
        _marker: PhantomData,
    })
}

impl<T: PyClass> TypeObject<T> {
    /// Add the type to `module` under its name (`PyModule_AddType`).
    pub fn add_to(
        &self,
        _ctx: &ThreadContext<'_>,
        module: Borrowed<'_, '_, PyModule>,
    ) -> PyResult<()> {
        // SAFETY: the module and the type are alive, the thread attached; PyModule_AddType
        // takes its own reference and returns -1 with an exception set on failure.
        if unsafe { ffi::PyModule_AddType(module.as_ptr(), self.ty.as_ptr().cast()) } != 0 {
            // SAFETY: -1 means an exception is set.
            return Err(unsafe { PyErrRaised::assume_set() });
        }
        Ok(())
    }

    /// A new instance holding `value` (`tp_alloc`, then the value written in place).
    pub fn instantiate<'py>(
        &self,
        ctx: &ThreadContext<'py>,
        value: T,
    ) -> PyResult<Bound<'py, PyAny>> {
        // SAFETY: `self.ty` was made from `T::spec()` (only `create_type` makes a TypeObject).
        unsafe { alloc_instance(ctx, self.ty.as_ptr().cast(), value) }
    }

    /// The type object.
    pub fn get<'py>(&self, ctx: &ThreadContext<'py>) -> Borrowed<'_, 'py, PyType> {
        self.ty.bind(ctx)
    }

    /// `Py_VISIT` of the type (module state owns a reference to it).
    pub fn visit(&self, visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        visit.visit(&self.ty)
    }
}

/// `tp_alloc(ty, 0)` and the value moved in.
///
/// # Safety
/// `ty` is a type created from `T::spec()`, alive, and the thread is attached.
unsafe fn alloc_instance<'py, T: PyClass>(
    ctx: &ThreadContext<'py>,
    ty: *mut ffi::PyTypeObject,
    value: T,
) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: `ty` is a live heap type (caller's contract); Py_tp_alloc of a heap type is
    // always set (PyType_GenericAlloc unless the spec says otherwise).
    let alloc = unsafe { ffi::PyType_GetSlot(ty, ffi::Py_tp_alloc as c_int) };
    if alloc.is_null() {
        return Err(SYSTEM_ERROR.raise(ctx, "type has no tp_alloc"));
    }
    // SAFETY: the slot holds an `allocfunc`, as the C API documents for Py_tp_alloc.
    let alloc: ffi::allocfunc = unsafe { std::mem::transmute(alloc) };
    let Some(alloc) = alloc else {
        return Err(SYSTEM_ERROR.raise(ctx, "type has no tp_alloc"));
    };
    // SAFETY: `ty` is alive and the thread attached; the result is a new, zero-filled
    // object of the type's basic size (that of Instance<T>), or null with MemoryError.
    let obj: Bound<'py, PyAny> = owned_or_err(ctx, unsafe { alloc(ty, 0) })?;
    // SAFETY: the object's memory is an Instance<T> (basic size, alignment asserted in
    // `create_type`), not yet visible to any other code: no Python code runs between the
    // allocation and this write, so neither the collector nor another thread has seen the
    // zeroed value field.
    unsafe { ptr::write(&raw mut (*obj.as_ptr().cast::<Instance<T>>()).value, value) };
    Ok(obj)
}

/// `self` in a method: the object and its value.
pub struct This<'a, 'py, T> {
    obj: Borrowed<'a, 'py, PyAny>,
    value: &'a T,
}

impl<'a, 'py, T: PyClass> This<'a, 'py, T> {
    /// # Safety
    /// `obj` is an instance of a type made from `T::spec()`, alive for `'a`.
    unsafe fn from_ptr(obj: *mut ffi::PyObject) -> Self {
        This {
            // SAFETY: non-null and alive for `'a` (caller's contract).
            obj: unsafe { Borrowed::from_ptr(obj) },
            // SAFETY: the instance's value was written by `alloc_instance` and is dropped
            // only by `dealloc`, which cannot run while the caller keeps the object alive.
            value: unsafe { &(*obj.cast::<Instance<T>>()).value },
        }
    }

    /// The value.
    pub fn get(&self) -> &'a T {
        self.value
    }

    /// The object itself.
    pub fn object(&self) -> Borrowed<'a, 'py, PyAny> {
        self.obj
    }
}

/// A method body: the token, the module's state, `self`, one optional borrowed argument per
/// parameter.
pub type Method<T, const N: usize> = for<'a, 'py> fn(
    &mut ThreadContext<'py>,
    &'a <T as PyClass>::Module,
    This<'a, 'py, T>,
    [Option<Borrowed<'a, 'py, PyAny>>; N],
) -> PyResult<Bound<'py, PyAny>>;

/// The state of the module that defined `cls`, found by the module's definition.
///
/// # Safety
/// `cls` is a live type; the thread is attached.
unsafe fn state_of_class<'m, S: ModuleState + HasDefinition>(
    ctx: &ThreadContext<'_>,
    cls: *mut ffi::PyTypeObject,
) -> PyResult<&'m S> {
    // SAFETY: `cls` is alive and the thread attached; the definition is S's static one. The
    // result is a borrowed module whose definition is that one (so whose state is an S), or
    // null with TypeError set.
    let module = unsafe { ffi::PyType_GetModuleByDef(cls, S::definition()) };
    if module.is_null() {
        // SAFETY: null means PyType_GetModuleByDef raised.
        return Err(unsafe { PyErrRaised::assume_set() });
    }
    // SAFETY: the module was created from S's definition, and the type keeps it alive (a
    // heap type holds its module) for as long as the caller holds the type.
    unsafe { crate::module::state::<S>(ctx, module) }
}

// ANCHOR: method
/// The `METH_METHOD | METH_FASTCALL | METH_KEYWORDS` trampoline of a method of `T`.
///
/// # Safety
/// Called by CPython through `T`'s method table: `slf` is an instance of `T`'s type,
/// `defining_class` that type, and the vectorcall arguments are CPython's.
pub unsafe fn method_call<T: PyClass, P: Parser<N>, const N: usize>(
    slf: *mut ffi::PyObject,
    defining_class: *mut ffi::PyTypeObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
    signature: &P,
    body: Method<T, N>,
) -> *mut ffi::PyObject {
    let call = |ctx: &mut ThreadContext<'_>| {
        // SAFETY: CPython passes the method's defining class, alive during the call.
        let state = unsafe { state_of_class::<T::Module>(ctx, defining_class) }?;
        // SAFETY: the vectorcall arguments CPython passed (caller's contract).
        let args = unsafe { signature.parse_call(ctx, args, nargs, kwnames) }?;
        // SAFETY: `slf` is an instance of T's type (caller's contract), alive for the call.
        let this = unsafe { This::<T>::from_ptr(slf) };
        body(ctx, state, this, args).map(Bound::into_ptr)
    };
    // SAFETY: CPython calls methods attached.
    unsafe { guard(call) }
}
// ANCHOR_END: method

/// A getter body.
pub type Getter<T> = for<'a, 'py> fn(&mut ThreadContext<'py>, &'a T) -> PyResult<Bound<'py, PyAny>>;

/// The `getter` trampoline of a property of `T`.
///
/// # Safety
/// Called by CPython through `T`'s getset table with an instance of `T`'s type.
pub unsafe fn getter_call<T: PyClass>(
    slf: *mut ffi::PyObject,
    body: Getter<T>,
) -> *mut ffi::PyObject {
    let call = |ctx: &mut ThreadContext<'_>| {
        // SAFETY: `slf` is an instance of T's type (caller's contract).
        let this = unsafe { This::<T>::from_ptr(slf) };
        body(ctx, this.get()).map(Bound::into_ptr)
    };
    // SAFETY: CPython calls getters attached.
    unsafe { guard(call) }
}

/// A `__new__` body: the token, the module's state, the arguments; the value of the new
/// instance.
pub type New<T, const N: usize> = for<'a, 'py> fn(
    &mut ThreadContext<'py>,
    &'a <T as PyClass>::Module,
    [Option<Borrowed<'a, 'py, PyAny>>; N],
) -> PyResult<T>;

/// The `tp_new` trampoline of `T` (a type without `Py_TPFLAGS_BASETYPE`, so `ty` is `T`'s).
///
/// # Safety
/// Called by CPython as `T`'s `tp_new`, with a tuple and an optional dict.
pub unsafe fn new_call<T: PyClass, const N: usize>(
    ty: *mut ffi::PyTypeObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
    signature: &Signature<N>,
    body: New<T, N>,
) -> *mut ffi::PyObject {
    let call = |ctx: &mut ThreadContext<'_>| {
        // SAFETY: `ty` is T's type, alive during the call.
        let state = unsafe { state_of_class::<T::Module>(ctx, ty) }?;
        // SAFETY: CPython passes a tuple and a dict or null, alive for the call.
        let args = unsafe { signature.parse_tuple(ctx, args, kwargs) }?;
        let value = body(ctx, state, args)?;
        // SAFETY: the spec has no Py_TPFLAGS_BASETYPE, so `ty` is exactly the type made from
        // `T::spec()`.
        unsafe { alloc_instance(ctx, ty, value) }.map(Bound::into_ptr)
    };
    // SAFETY: CPython calls tp_new attached.
    unsafe { guard(call) }
}

/// An `__next__` body: the next item, or `None` at the end (`StopIteration` without a value).
pub type Next<T> = for<'a, 'py> fn(
    &mut ThreadContext<'py>,
    This<'a, 'py, T>,
) -> PyResult<Option<Bound<'py, PyAny>>>;

/// The `tp_iternext` trampoline of `T`.
///
/// # Safety
/// Called by CPython as `T`'s `tp_iternext` with an instance of `T`'s type.
pub unsafe fn next_call<T: PyClass>(slf: *mut ffi::PyObject, body: Next<T>) -> *mut ffi::PyObject {
    let call = |ctx: &mut ThreadContext<'_>| {
        // SAFETY: `slf` is an instance of T's type (caller's contract).
        let this = unsafe { This::<T>::from_ptr(slf) };
        // Null without an exception set is tp_iternext's "exhausted".
        Ok(body(ctx, this)?.map_or(ptr::null_mut(), Bound::into_ptr))
    };
    // SAFETY: CPython calls tp_iternext attached.
    unsafe { guard(call) }
}

/// `tp_dealloc`: untrack, drop the value (a panic is reported as unraisable), free the
/// memory, release the type.
///
/// # Safety
/// Called by CPython with an instance of `T`'s type whose reference count is zero.
pub unsafe extern "C" fn dealloc<T: PyClass>(obj: *mut ffi::PyObject) {
    // SAFETY: the object is an instance of a heap type; reading its type is always valid.
    let ty = unsafe { (*obj).ob_type };
    if T::GC {
        // SAFETY: the object is GC-tracked (the type has Py_TPFLAGS_HAVE_GC); it must be
        // untracked before its fields are torn down.
        unsafe { ffi::PyObject_GC_UnTrack(obj.cast()) };
    }
    let body = |_ctx: &mut ThreadContext<'_>| {
        // SAFETY: the value was written at allocation and is dropped exactly once, here; no
        // one else can reach the object (its reference count is zero).
        unsafe { ptr::drop_in_place(&raw mut (*obj.cast::<Instance<T>>()).value) };
        Ok(())
    };
    // SAFETY: CPython deallocates attached; the message names no object (this one is dying).
    unsafe { guard_unraisable(c"Exception ignored while dropping a Rust object", body) };
    // SAFETY: `ty` is the object's heap type, alive (the object holds a reference until the
    // decref below); Py_tp_free is always set for heap types.
    unsafe {
        let free = ffi::PyType_GetSlot(ty, ffi::Py_tp_free as c_int);
        let free: ffi::freefunc = std::mem::transmute(free);
        if let Some(free) = free {
            free(obj.cast());
        }
        // Instances of heap types own a reference to their type (since Python 3.8).
        ffi::Py_DecRef(ty.cast());
    }
}

/// `tp_traverse`: the type (which instances of heap types own), then the value's objects.
///
/// # Safety
/// Called by the collector with a tracked instance of `T`'s type.
pub unsafe extern "C" fn traverse<T: PyClass>(
    obj: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    abort_on_panic(|| {
        let Some(proc_) = visit else { return 0 };
        // SAFETY: the collector calls this with a live, tracked instance; its type is alive.
        let ty = unsafe { (*obj).ob_type };
        // SAFETY: visiting the type, which the instance owns a reference to.
        let rc = unsafe { proc_(ty.cast(), arg) };
        if rc != 0 {
            return rc;
        }
        let mut visitor = Visit::new(proc_, arg);
        // SAFETY: the value was written at allocation (a tracked instance is initialised) and
        // lives until dealloc, which the collector does not run concurrently with traverse.
        let value = unsafe { &(*obj.cast::<Instance<T>>()).value };
        match value.traverse(&mut visitor) {
            Ok(()) => 0,
            Err(stop) => stop.code(),
        }
    })
}

/// `tp_clear`: drop the value's [`GcRef`]s to break a reference cycle.
///
/// # Safety
/// Called by the collector with a tracked instance of `T`'s type.
pub unsafe extern "C" fn clear<T: PyClass>(obj: *mut ffi::PyObject) -> c_int {
    let body = |_ctx: &mut ThreadContext<'_>| {
        // SAFETY: the value was written at allocation and lives until dealloc, as for `traverse`.
        let value = unsafe { &(*obj.cast::<Instance<T>>()).value };
        // SAFETY: the collector clears only objects in unreachable cycles: no call of this
        // object's methods is running (a running call holds a reference from outside the
        // cycle), so no `GcRef::get` borrow exists while the fields are taken.
        let mut clearing = unsafe { Clearing::new() };
        value.clear(&mut clearing);
        Ok(0)
    };
    // SAFETY: CPython calls tp_clear attached; an error stays pending for the collector to
    // report ("Exception ignored in tp_clear of ..."), and 0 lets it go on.
    let _: c_int = unsafe { guard(body) };
    0
}

/// The token of a running `tp_clear`: only it may take the objects out of [`GcRef`]s.
pub struct Clearing {
    _private: (),
}

impl Clearing {
    /// # Safety
    /// Only `tp_clear` creates one (see [`clear`]).
    unsafe fn new() -> Self {
        Clearing { _private: () }
    }
}

// ANCHOR: gcref
/// A reference to a Python object owned by an instance of a garbage-collected class: read
/// with [`get`](GcRef::get), reported in `traverse`, dropped by `tp_clear` or with the value.
pub struct GcRef<T> {
    slot: std::cell::UnsafeCell<Option<Py<T>>>,
}
// ANCHOR_END: gcref

// SAFETY: the slot is written only by `take`, which needs the `Clearing` token of `tp_clear`,
// when no reader can exist (see `clear`); every other access reads. `Py` is Send + Sync.
unsafe impl<T> Sync for GcRef<T> {}
// SAFETY: as above.
unsafe impl<T> Send for GcRef<T> {}

impl<T> GcRef<T> {
    /// Own `obj`.
    pub fn new(obj: Py<T>) -> Self {
        GcRef {
            slot: std::cell::UnsafeCell::new(Some(obj)),
        }
    }

    /// The object, unless the collector cleared it.
    pub fn get<'s, 'py>(&'s self, ctx: &ThreadContext<'py>) -> Option<Borrowed<'s, 'py, T>> {
        // SAFETY: reads race with no write: `take` only runs inside tp_clear (see `clear`).
        unsafe { (*self.slot.get()).as_ref() }.map(|obj| obj.bind(ctx))
    }

    /// `Py_VISIT` of the object, if present.
    pub fn visit(&self, visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        // SAFETY: traverse runs with no concurrent tp_clear of the same object.
        match unsafe { (*self.slot.get()).as_ref() } {
            Some(obj) => visit.visit(obj),
            None => Ok(()),
        }
    }

    /// Drop the reference (`Py_CLEAR`), during `tp_clear`.
    pub fn take(&self, _clearing: &mut Clearing) {
        // SAFETY: the token proves this runs inside tp_clear, when no `get` borrow exists.
        let old = unsafe { (*self.slot.get()).take() };
        drop(old);
    }
}

/// The flags of a class's spec: C's defaults for a stdlib type (immutable, no subclasses),
/// no instantiation from Python unless it has `__new__`, and GC tracking when it owns objects.
pub const fn flags(gc: bool, new: bool) -> c_uint {
    let mut flags = ffi::Py_TPFLAGS_DEFAULT as u64 | ffi::Py_TPFLAGS_IMMUTABLETYPE as u64;
    if gc {
        flags |= ffi::Py_TPFLAGS_HAVE_GC as u64;
    }
    if !new {
        flags |= ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION as u64;
    }
    flags as c_uint
}

/// One `PyType_Slot`.
pub const fn slot(id: u32, value: *mut c_void) -> ffi::PyType_Slot {
    ffi::PyType_Slot {
        slot: id as c_int,
        pfunc: value,
    }
}

/// The slots a class has for its memory: dealloc, and traverse/clear for GC.
pub const fn base_slots<T: PyClass>() -> [Option<ffi::PyType_Slot>; 3] {
    let dealloc: unsafe extern "C" fn(*mut ffi::PyObject) = dealloc::<T>;
    let traverse: unsafe extern "C" fn(*mut ffi::PyObject, ffi::visitproc, *mut c_void) -> c_int =
        traverse::<T>;
    let clear: unsafe extern "C" fn(*mut ffi::PyObject) -> c_int = clear::<T>;
    let dealloc = Some(slot(ffi::Py_tp_dealloc, dealloc as *mut c_void));
    if T::GC {
        [
            dealloc,
            Some(slot(ffi::Py_tp_traverse, traverse as *mut c_void)),
            Some(slot(ffi::Py_tp_clear, clear as *mut c_void)),
        ]
    } else {
        [dealloc, None, None]
    }
}

/// The slots that are present, in order, then terminators: CPython stops at the first
/// `{0, NULL}`, so no absent slot may come before a present one.
pub const fn compact<const N: usize, const M: usize>(
    slots: [Option<ffi::PyType_Slot>; N],
) -> [ffi::PyType_Slot; M] {
    assert!(M == N + 1, "one terminator");
    let mut out = [slot(0, ptr::null_mut()); M];
    let (mut i, mut j) = (0, 0);
    while i < N {
        if let Some(s) = slots[i] {
            out[j] = s;
            j += 1;
        }
        i += 1;
    }
    out
}

/// A `METH_METHOD | METH_FASTCALL | METH_KEYWORDS` method table entry.
pub const fn method_def(
    name: &'static CStr,
    doc: &'static CStr,
    trampoline: ffi::PyCMethod,
) -> ffi::PyMethodDef {
    ffi::PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: CPython calls `ml_meth` with the signature its `ml_flags` name:
        // METH_METHOD | METH_FASTCALL | METH_KEYWORDS is `PyCMethod`, the trampoline's type;
        // the C API stores every kind in the `PyCFunction` field, cast the same way.
        ml_meth: unsafe {
            std::mem::transmute::<
                ffi::PyCMethod,
                Option<
                    unsafe extern "C" fn(
                        *mut ffi::PyObject,
                        *mut ffi::PyObject,
                    ) -> *mut ffi::PyObject,
                >,
            >(trampoline)
        },
        ml_flags: (ffi::METH_METHOD | ffi::METH_FASTCALL | ffi::METH_KEYWORDS) as c_int,
        ml_doc: doc.as_ptr(),
    }
}

/// `setter` of every property: read-only, with the message of a C type's `Py_READONLY`
/// member (`PyMemberDef`), which is what C stdlib types such as zlib's use for such
/// attributes.
unsafe extern "C" fn readonly(
    _obj: *mut ffi::PyObject,
    _value: *mut ffi::PyObject,
    _closure: *mut c_void,
) -> c_int {
    // SAFETY: CPython calls setters attached.
    unsafe {
        guard(|ctx| -> PyResult<c_int> {
            Err(crate::err::ATTRIBUTE_ERROR.raise(ctx, "readonly attribute"))
        })
    }
}

/// A read-only property.
pub const fn getter_def(
    name: &'static CStr,
    doc: &'static CStr,
    get: unsafe extern "C" fn(*mut ffi::PyObject, *mut c_void) -> *mut ffi::PyObject,
) -> ffi::PyGetSetDef {
    ffi::PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set: Some(readonly),
        doc: doc.as_ptr(),
        closure: ptr::null_mut(),
    }
}

/// The getset table terminator.
pub const GETSET_END: ffi::PyGetSetDef = ffi::PyGetSetDef {
    name: ptr::null(),
    get: None,
    set: None,
    doc: ptr::null(),
    closure: ptr::null_mut(),
};

/// The spec of `T` for `name`, `flags` and `slots`.
pub const fn spec<T: PyClass>(
    name: &'static CStr,
    flags: c_uint,
    slots: *mut ffi::PyType_Slot,
) -> ffi::PyType_Spec {
    ffi::PyType_Spec {
        name: name.as_ptr(),
        basicsize: size_of::<Instance<T>>() as c_int,
        itemsize: 0,
        flags,
        slots,
    }
}

// ANCHOR: macro
/// Define a class: the spec, slots, method and getset tables of `$ty`, and its [`PyClass`]
/// implementation.
///
/// ```ignore
/// cpython_api::class! {
///     type: Compress, name: c"zlib.Compress", doc: DOC, module: State, gc: false,
///     new: [], next: [],
///     methods: [ (c"compress", DOC, &SIG, compress), ... ],
///     getters: [ (c"eof", DOC, eof), ... ],
/// }
/// ```
/// `new: [&SIG, body]` gives the type a `__new__` (otherwise Python cannot instantiate it,
/// as `Py_TPFLAGS_DISALLOW_INSTANTIATION` says); `next: [body]` makes it an iterator.
#[macro_export]
macro_rules! class {
    (
        type: $ty:ty, name: $name:expr, doc: $doc:expr, module: $module:ty, gc: $gc:expr,
        new: [$($new:tt)*], next: [$($next:tt)*],
        methods: [ $( ($mname:expr, $mdoc:expr, $msig:expr, $mbody:path) ),* $(,)? ],
        getters: [ $( ($gname:expr, $gdoc:expr, $gbody:path) ),* $(,)? ] $(,)?
    ) => {
        const _: () = {
            use $crate::class as __c;
            use $crate::ffi as __f;
            use $crate::module::StaticCell;
            static METHODS: StaticCell<[__f::PyMethodDef; <[&::std::ffi::CStr]>::len(&[$($mname),*]) + 1]> =
                StaticCell::new([
                    $(
                        __c::method_def($mname, $mdoc, {
                            unsafe extern "C" fn trampoline(
                                slf: *mut __f::PyObject,
                                cls: *mut __f::PyTypeObject,
                                args: *const *mut __f::PyObject,
                                nargs: usize,
                                kwnames: *mut __f::PyObject,
                            ) -> *mut __f::PyObject {
                                // SAFETY: CPython calls this entry of the type's method table
                                // with an instance, the defining class and vectorcall args;
                                // `nargs` is a plain count (PyVectorcall_NARGS already applied).
                                unsafe {
                                    __c::method_call::<$ty, _, _>(
                                        slf, cls, args, nargs as __f::Py_ssize_t, kwnames, $msig, $mbody,
                                    )
                                }
                            }
                            Some(trampoline)
                        }),
                    )*
                    $crate::module::METHOD_END,
                ]);
            static GETSET: StaticCell<[__f::PyGetSetDef; <[&::std::ffi::CStr]>::len(&[$($gname),*]) + 1]> =
                StaticCell::new([
                    $(
                        __c::getter_def($gname, $gdoc, {
                            unsafe extern "C" fn trampoline(
                                slf: *mut __f::PyObject,
                                _closure: *mut ::std::ffi::c_void,
                            ) -> *mut __f::PyObject {
                                // SAFETY: CPython calls this getter with an instance.
                                unsafe { __c::getter_call::<$ty>(slf, $gbody) }
                            }
                            trampoline
                        }),
                    )*
                    __c::GETSET_END,
                ]);
            static SLOTS: StaticCell<[__f::PyType_Slot; 10]> = StaticCell::new({
                let base = __c::base_slots::<$ty>();
                let next = $crate::__class_next!($ty; $($next)*);
                __c::compact([
                    Some(__c::slot(__f::Py_tp_doc, $doc.as_ptr() as *mut ::std::ffi::c_void)),
                    Some(__c::slot(__f::Py_tp_methods, METHODS.get() as *mut ::std::ffi::c_void)),
                    Some(__c::slot(__f::Py_tp_getset, GETSET.get() as *mut ::std::ffi::c_void)),
                    base[0], base[1], base[2],
                    $crate::__class_new!($ty; $($new)*),
                    next[0], next[1],
                ])
            });
            static SPEC: StaticCell<__f::PyType_Spec> = StaticCell::new(__c::spec::<$ty>(
                $name,
                __c::flags($gc, $crate::__class_new!($ty; $($new)*).is_some()),
                SLOTS.get().cast(),
            ));
            // SAFETY: the spec's basic size is that of Instance<$ty>, its slots are this
            // module's trampolines for $ty, and HAVE_GC is set exactly when `gc` is true.
            unsafe impl __c::PyClass for $ty {
                type Module = $module;
                const GC: bool = $gc;
                fn spec() -> *mut __f::PyType_Spec {
                    SPEC.get()
                }
            }
        };
    };
}

/// `tp_new` of [`class!`], if it has `new: [&SIGNATURE, body]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __class_new {
    ($ty:ty;) => {
        None::<$crate::ffi::PyType_Slot>
    };
    ($ty:ty; $sig:expr, $body:path) => {{
        unsafe extern "C" fn trampoline(
            ty: *mut $crate::ffi::PyTypeObject,
            args: *mut $crate::ffi::PyObject,
            kwargs: *mut $crate::ffi::PyObject,
        ) -> *mut $crate::ffi::PyObject {
            // SAFETY: CPython calls tp_new with the type, an args tuple and a kwargs dict.
            unsafe { $crate::class::new_call::<$ty, _>(ty, args, kwargs, $sig, $body) }
        }
        Some($crate::class::slot(
            $crate::ffi::Py_tp_new,
            trampoline as *mut ::std::ffi::c_void,
        ))
    }};
}

/// `tp_iter` and `tp_iternext` of [`class!`], if it has `next: [body]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __class_next {
    ($ty:ty;) => {
        [None::<$crate::ffi::PyType_Slot>; 2]
    };
    ($ty:ty; $body:path) => {{
        unsafe extern "C" fn trampoline(
            slf: *mut $crate::ffi::PyObject,
        ) -> *mut $crate::ffi::PyObject {
            // SAFETY: CPython calls tp_iternext with an instance of the type.
            unsafe { $crate::class::next_call::<$ty>(slf, $body) }
        }
        let self_iter: unsafe extern "C" fn(
            *mut $crate::ffi::PyObject,
        ) -> *mut $crate::ffi::PyObject = $crate::ffi::PyObject_SelfIter;
        [
            Some($crate::class::slot(
                $crate::ffi::Py_tp_iter,
                self_iter as *mut ::std::ffi::c_void,
            )),
            Some($crate::class::slot(
                $crate::ffi::Py_tp_iternext,
                trampoline as *mut ::std::ffi::c_void,
            )),
        ]
    }};
}
// ANCHOR_END: macro
