//! Module definition: multi-phase initialisation (PEP 489) with typed per-module state.
//!
//! The state of type `S` lives in a `Box` whose pointer sits in the module's state area
//! (`m_size` bytes that CPython zero-fills), as an `AtomicPtr` published with release/acquire
//! ordering: `Py_mod_exec` creates it, `m_clear` and `m_free` drop it. Each module object, so
//! each interpreter that imports the module, has its own state; nothing Python-level is kept in
//! Rust globals.

use std::ffi::{CStr, c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use cpython_sys as ffi;

use crate::args::Parser;
use crate::boundary::{abort_on_panic, guard, guard_unraisable};
use crate::context::ThreadContext;
use crate::err::{PyResult, SYSTEM_ERROR};
use crate::object::{Borrowed, Bound, Py, PyAny, PyModule};

// ANCHOR: state
/// The per-module state of a module: `Send + Sync` because any thread may call the module's
/// functions at the same time on a free-threaded build.
pub trait ModuleState: Traverse + Sized + Send + Sync + 'static {
    /// Build the state while the module executes (`Py_mod_exec`).
    fn new<'py>(
        ctx: &mut ThreadContext<'py>,
        module: Borrowed<'_, 'py, PyModule>,
    ) -> PyResult<Self>;
}

/// Reports the Python objects a value holds to the garbage collector (`tp_traverse`,
/// `m_traverse`).
///
/// # Safety
/// `traverse` must visit each object that `self` holds a strong reference to (a [`Py`] it
/// owns), once per reference held, and nothing else. The collector subtracts one reference
/// per visit: an object visited that `self` does not own can look unreachable while it is
/// alive, and the collector then clears it under its other owners. (Visiting too few is
/// safe; it only keeps cycles alive.)
///
/// A safe `impl` does not compile:
/// ```compile_fail,E0200
/// use cpython_api::module::{Traverse, TraverseStop, Visit};
/// struct State;
/// impl Traverse for State {
///     fn traverse(&self, _visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
///         Ok(())
///     }
/// }
/// ```
pub unsafe trait Traverse {
    /// Visit every owned object.
    fn traverse(&self, visit: &mut Visit<'_>) -> Result<(), TraverseStop>;

    /// Drop the objects held in [`GcRef`](crate::class::GcRef)s (`tp_clear` of a class with
    /// `gc: true`), so that the collector can break a reference cycle through this value.
    fn clear(&self, _clearing: &mut crate::class::Clearing) {}
}

/// The module definition of a module state type, written by [`module!`](crate::module).
///
/// # Safety
/// `definition` returns the static definition of the module whose state is `Self`.
pub unsafe trait HasDefinition {
    /// The definition.
    fn definition() -> *mut ffi::PyModuleDef;
}

/// A module state that may be shared with isolated sub-interpreters, each with its own GIL
/// (`Py_MOD_PER_INTERPRETER_GIL_SUPPORTED`). Without it a module refuses every interpreter but
/// the main one (`Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED`), which is the default because
/// [`Py`] is `Send`: safe code could move an object into a Rust `static` and another
/// interpreter could then touch it under another GIL.
///
/// # Safety
/// No Python object reached from this module (its state, its arguments, its results) is ever
/// stored where code running in another interpreter can reach it: no `Py` in a `static`, a
/// thread-local that outlives the call, or any state shared between module objects.
///
/// Without the `unsafe impl`, a module cannot ask for the per-interpreter slots:
/// ```compile_fail,E0277
/// use cpython_api::module::{ModuleState, Traverse, TraverseStop, Visit};
/// use cpython_api::{Borrowed, PyModule, PyResult, ThreadContext};
/// struct State;
/// impl ModuleState for State {
///     fn new<'py>(_: &mut ThreadContext<'py>, _: Borrowed<'_, 'py, PyModule>) -> PyResult<Self> {
///         Ok(State)
///     }
/// }
/// // SAFETY: owns no object.
/// unsafe impl Traverse for State {
///     fn traverse(&self, _: &mut Visit<'_>) -> Result<(), TraverseStop> {
///         Ok(())
///     }
/// }
/// let _ = cpython_api::module::per_interpreter_slots::<State>();
/// ```
pub unsafe trait PerInterpreter: ModuleState {}
// ANCHOR_END: state// ANCHOR_END: state

/// The collector's `visitproc` and its argument, for [`ModuleState::traverse`].
pub struct Visit<'v> {
    proc_: unsafe extern "C" fn(*mut ffi::PyObject, *mut c_void) -> c_int,
    arg: *mut c_void,
    _marker: std::marker::PhantomData<&'v ()>,
}

/// The collector asked to stop traversing (its non-zero return value).
#[derive(Debug)]
pub struct TraverseStop(c_int);

impl TraverseStop {
    pub(crate) fn code(&self) -> c_int {
        self.0
    }
}

impl Visit<'_> {
    pub(crate) fn new(
        proc_: unsafe extern "C" fn(*mut ffi::PyObject, *mut c_void) -> c_int,
        arg: *mut c_void,
    ) -> Self {
        Visit {
            proc_,
            arg,
            _marker: std::marker::PhantomData,
        }
    }

    /// `Py_VISIT(obj)`.
    pub fn visit<T>(&mut self, obj: &Py<T>) -> Result<(), TraverseStop> {
        // SAFETY: `proc_` and `arg` are those the collector passed to `m_traverse`, which is
        // running; the object is alive because the state owns a reference to it.
        match unsafe { (self.proc_)(obj.as_ptr(), self.arg) } {
            0 => Ok(()),
            stop => Err(TraverseStop(stop)),
        }
    }
}

/// The state slot inside the module object.
///
/// # Safety
/// `module` is a module object created from a definition whose `m_size` is
/// `size_of::<AtomicPtr<S>>()` and whose slots are those of this crate for the same `S`.
unsafe fn slot<'m, S>(module: *mut ffi::PyObject) -> Option<&'m AtomicPtr<S>> {
    // SAFETY: `module` is a module (caller's contract); PyModule_GetState returns its state
    // area, zero-filled by CPython, sized and aligned for an AtomicPtr (PyMem alignment).
    let area = unsafe { ffi::PyModule_GetState(module) }.cast::<AtomicPtr<S>>();
    // SAFETY: the area lives as long as the module object, which the caller keeps alive for
    // `'m`; all-zero bytes are a valid (null) AtomicPtr.
    unsafe { area.as_ref() }
}

/// Borrow the state of `module` for a call of one of its functions.
///
/// # Safety
/// As for [`slot`], and the module stays alive for `'m` (a function's `self` is its module,
/// which the function object keeps alive during the call).
pub unsafe fn state<'m, S: ModuleState>(
    ctx: &ThreadContext<'_>,
    module: *mut ffi::PyObject,
) -> PyResult<&'m S> {
    // SAFETY: forwarded from the caller.
    let state = unsafe { slot::<S>(module) }.map(|s| s.load(Ordering::Acquire));
    match state {
        // SAFETY: a non-null pointer was published by `exec` (release) after the Box was
        // fully built, and is only freed by `clear`/`free`, which run when no call of the
        // module's functions can be in progress (the module is unreachable).
        Some(p) if !p.is_null() => Ok(unsafe { &*p }),
        _ => Err(SYSTEM_ERROR.raise(ctx, "module state is not initialised")),
    }
}

/// `Py_mod_exec`: build the state and publish it.
///
/// # Safety
/// Called by CPython with a module object created from the definition of `S`.
pub unsafe extern "C" fn exec<S: ModuleState>(module: *mut ffi::PyObject) -> c_int {
    let body = |ctx: &mut ThreadContext<'_>| {
        // SAFETY: CPython passes the live module being executed.
        let module_ref = unsafe { Borrowed::<PyModule>::from_ptr(module) };
        // SAFETY: the module was created from this definition (caller's contract).
        let Some(slot) = (unsafe { slot::<S>(module) }) else {
            return Err(SYSTEM_ERROR.raise(ctx, "module has no state area"));
        };
        if !slot.load(Ordering::Acquire).is_null() {
            return Err(SYSTEM_ERROR.raise(ctx, "module executed twice"));
        }
        let state = Box::into_raw(Box::new(S::new(ctx, module_ref)?));
        slot.store(state, Ordering::Release);
        Ok(0)
    };
    // SAFETY: CPython calls exec slots attached.
    unsafe { guard(body) }
}

/// Take the state out of the module and drop it (`m_clear`, `m_free`).
///
/// # Safety
/// As for [`slot`]; the thread is attached (CPython calls clear and free attached).
unsafe fn drop_state<S: ModuleState>(module: *mut ffi::PyObject) {
    // SAFETY: forwarded from the caller.
    if let Some(slot) = unsafe { slot::<S>(module) } {
        let state = slot.swap(ptr::null_mut(), Ordering::AcqRel);
        if !state.is_null() {
            // SAFETY: the pointer came from Box::into_raw in `exec` and the swap took it out
            // of the slot, so it is dropped exactly once. The drop runs attached, so its
            // `Py` fields decref.
            drop(unsafe { Box::from_raw(state) });
        }
    }
}

/// `m_traverse`.
///
/// # Safety
/// Called by the collector with a module created from the definition of `S`.
pub unsafe extern "C" fn traverse<S: ModuleState>(
    module: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    abort_on_panic(|| {
        // SAFETY: forwarded from the caller.
        let Some(slot) = (unsafe { slot::<S>(module) }) else {
            return 0;
        };
        let state = slot.load(Ordering::Acquire);
        let Some(proc_) = visit else { return 0 };
        if state.is_null() {
            return 0;
        }
        let mut visitor = Visit {
            proc_,
            arg,
            _marker: std::marker::PhantomData,
        };
        // SAFETY: published by `exec`; the collector does not run clear/free concurrently
        // with traverse of the same module.
        match unsafe { &*state }.traverse(&mut visitor) {
            Ok(()) => 0,
            Err(TraverseStop(code)) => code,
        }
    })
}

/// `m_clear`.
///
/// # Safety
/// Called by CPython, attached, with a module created from the definition of `S`.
pub unsafe extern "C" fn clear<S: ModuleState>(module: *mut ffi::PyObject) -> c_int {
    let body = |_ctx: &mut ThreadContext<'_>| {
        // SAFETY: forwarded from the caller.
        unsafe { drop_state::<S>(module) };
        Ok(0)
    };
    // SAFETY: CPython calls m_clear attached. An error (a panic in a Drop) is left pending for
    // CPython to report ("Exception ignored in m_clear of module ..."); 0 is returned all the
    // same, because the state is gone either way, and a non-zero result would make
    // `module_clear` skip clearing the module's dict and keep the cycle it is breaking.
    let _: c_int = unsafe { guard(body) };
    0
}

/// `m_free`.
///
/// # Safety
/// Called by CPython, attached, with a module created from the definition of `S`.
pub unsafe extern "C" fn free<S: ModuleState>(module: *mut c_void) {
    let body = |_ctx: &mut ThreadContext<'_>| {
        // SAFETY: forwarded from the caller.
        unsafe { drop_state::<S>(module.cast()) };
        Ok(())
    };
    // SAFETY: CPython calls m_free attached. An error (a panic in a Drop) cannot be returned
    // from here: it is reported as unraisable, with the module left out, because its
    // reference count is already zero and `PyErr_WriteUnraisable(module)` would take a new
    // reference to an object being freed.
    unsafe {
        guard_unraisable(
            c"Exception ignored while freeing a Rust module's state",
            body,
        )
    }
}

/// The body of a module function: the token, the module's state and one optional borrowed
/// argument per parameter.
pub type Function<S, const N: usize> = for<'a, 'py> fn(
    &mut ThreadContext<'py>,
    &'a S,
    [Option<Borrowed<'a, 'py, PyAny>>; N],
) -> PyResult<Bound<'py, PyAny>>;

// ANCHOR: fastcall
/// The `METH_FASTCALL | METH_KEYWORDS` trampoline of a module function.
///
/// # Safety
/// Called by CPython through a method table entry of a module built from the definition of
/// `S`, with the vectorcall arguments it passes to such functions.
pub unsafe fn fastcall<S: ModuleState, P: Parser<N>, const N: usize>(
    module: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
    signature: &P,
    body: Function<S, N>,
) -> *mut ffi::PyObject {
    let call = |ctx: &mut ThreadContext<'_>| {
        // SAFETY: `self` of a module function is its module, alive during the call.
        let state = unsafe { state::<S>(ctx, module) }?;
        // SAFETY: the vectorcall arguments CPython passed (caller's contract).
        let args = unsafe { signature.parse_call(ctx, args, nargs, kwnames) }?;
        body(ctx, state, args).map(Bound::into_ptr)
    };
    // SAFETY: CPython calls module functions attached.
    unsafe { guard(call) }
}
// ANCHOR_END: fastcall

/// A definition CPython may mutate (`PyModuleDef_Init` sets its header once) and that Rust
/// keeps in a `static`. Only the C API's own tables ([`CTable`]) can be put in one:
/// ```compile_fail,E0277
/// use cpython_api::module::StaticCell;
/// static SHARED: StaticCell<std::cell::Cell<u8>> = StaticCell::new(std::cell::Cell::new(0));
/// ```
pub struct StaticCell<T: CTable>(std::cell::UnsafeCell<T>);

/// The C tables a [`StaticCell`] may hold: plain C data without interior Rust state, that
/// Rust builds once and then only hands to CPython. Sealed: no other type can be added.
pub trait CTable: sealed::Sealed {}

mod sealed {
    use cpython_sys as ffi;
    pub trait Sealed {}
    impl Sealed for ffi::PyModuleDef {}
    impl<const N: usize> Sealed for [ffi::PyMethodDef; N] {}
    impl<const N: usize> Sealed for [ffi::PyModuleDef_Slot; N] {}
    impl Sealed for ffi::PyType_Spec {}
    impl<const N: usize> Sealed for [ffi::PyType_Slot; N] {}
    impl<const N: usize> Sealed for [ffi::PyGetSetDef; N] {}
}
impl<T: sealed::Sealed> CTable for T {}

// SAFETY: a `CTable` is a C table that Rust never reads or writes after construction; only
// CPython touches it, under its import lock, as it does for every C extension's tables. The
// bound keeps any other type (a `Cell`, a `Py`) out, which would otherwise be shared between
// threads and interpreters without synchronisation.
unsafe impl<T: CTable> Sync for StaticCell<T> {}

impl<T: CTable> StaticCell<T> {
    /// Wrap a table.
    pub const fn new(value: T) -> Self {
        StaticCell(std::cell::UnsafeCell::new(value))
    }

    /// The pointer CPython receives.
    pub const fn get(&self) -> *mut T {
        self.0.get()
    }
}

/// The slots of a module (plus the terminator): exec, refusal of other interpreters, and that
/// it does not need the GIL.
pub const fn slots<S: ModuleState>() -> [ffi::PyModuleDef_Slot; 4] {
    slots_with::<S>(ffi::Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED)
}

/// The slots of a module whose state is [`PerInterpreter`]: importable in isolated
/// sub-interpreters with their own GIL.
pub const fn per_interpreter_slots<S: PerInterpreter>() -> [ffi::PyModuleDef_Slot; 4] {
    slots_with::<S>(ffi::Py_MOD_PER_INTERPRETER_GIL_SUPPORTED)
}

const fn slots_with<S: ModuleState>(interpreters: *mut c_void) -> [ffi::PyModuleDef_Slot; 4] {
    let exec_fn: unsafe extern "C" fn(*mut ffi::PyObject) -> c_int = exec::<S>;
    [
        ffi::PyModuleDef_Slot {
            slot: ffi::Py_mod_exec as c_int,
            value: exec_fn as *mut c_void,
        },
        ffi::PyModuleDef_Slot {
            slot: ffi::Py_mod_multiple_interpreters as c_int,
            value: interpreters,
        },
        ffi::PyModuleDef_Slot {
            slot: ffi::Py_mod_gil as c_int,
            value: ffi::Py_MOD_GIL_NOT_USED,
        },
        ffi::PyModuleDef_Slot {
            slot: 0,
            value: ptr::null_mut(),
        },
    ]
}

/// The module definition for state `S`, method table `methods` and slots `slots`.
pub const fn definition<S: ModuleState>(
    name: &'static CStr,
    doc: &'static CStr,
    methods: *mut ffi::PyMethodDef,
    slots: *mut ffi::PyModuleDef_Slot,
) -> ffi::PyModuleDef {
    ffi::PyModuleDef {
        m_base: ffi::PyModuleDef_HEAD_INIT,
        m_name: name.as_ptr(),
        m_doc: doc.as_ptr(),
        m_size: size_of::<AtomicPtr<S>>() as ffi::Py_ssize_t,
        m_methods: methods,
        m_slots: slots,
        m_traverse: Some(traverse::<S>),
        m_clear: Some(clear::<S>),
        m_free: Some(free::<S>),
    }
}

/// A `METH_FASTCALL | METH_KEYWORDS` method table entry.
pub const fn method(
    name: &'static CStr,
    doc: &'static CStr,
    trampoline: unsafe extern "C" fn(
        *mut ffi::PyObject,
        *const *mut ffi::PyObject,
        ffi::Py_ssize_t,
        *mut ffi::PyObject,
    ) -> *mut ffi::PyObject,
) -> ffi::PyMethodDef {
    ffi::PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: CPython calls `ml_meth` with the signature its `ml_flags` name:
        // METH_FASTCALL | METH_KEYWORDS is `_PyCFunctionFastWithKeywords`, the trampoline's
        // type; the C API stores every kind in the `PyCFunction` field, cast the same way.
        ml_meth: Some(unsafe {
            std::mem::transmute::<
                unsafe extern "C" fn(
                    *mut ffi::PyObject,
                    *const *mut ffi::PyObject,
                    ffi::Py_ssize_t,
                    *mut ffi::PyObject,
                ) -> *mut ffi::PyObject,
                unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject) -> *mut ffi::PyObject,
            >(trampoline)
        }),
        ml_flags: (ffi::METH_FASTCALL | ffi::METH_KEYWORDS) as c_int,
        ml_doc: doc.as_ptr(),
    }
}

/// The table terminator.
pub const METHOD_END: ffi::PyMethodDef = ffi::PyMethodDef {
    ml_name: ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: ptr::null(),
};

// ANCHOR: macro
/// Define a module: its `PyInit_<name>` entry point, definition, slots and method table.
///
/// ```ignore
/// cpython_api::module! {
///     init: PyInit__base64, name: c"_base64", doc: c"...", state: State,
///     interpreters: per_interpreter, // optional; needs `unsafe impl PerInterpreter for State`
///     functions: [ (c"b64encode", DOC, &SIG, b64encode), ... ],
/// }
/// ```
/// Each function is a [`Function`] for the module's state type, so a function written for
/// another module's state does not compile here. Without `interpreters: per_interpreter` the
/// module refuses sub-interpreters ([`PerInterpreter`] says why).
#[macro_export]
macro_rules! module {
    (
        init: $init:ident,
        name: $name:expr,
        doc: $doc:expr,
        state: $state:ty,
        interpreters: per_interpreter,
        functions: $functions:tt $(,)?
    ) => {
        $crate::module!(@define $init, $name, $doc, $state,
            $crate::module::per_interpreter_slots::<$state>(), $functions);
    };
    (
        init: $init:ident,
        name: $name:expr,
        doc: $doc:expr,
        state: $state:ty,
        functions: $functions:tt $(,)?
    ) => {
        $crate::module!(@define $init, $name, $doc, $state,
            $crate::module::slots::<$state>(), $functions);
    };
    (@define $init:ident, $name:expr, $doc:expr, $state:ty, $slots:expr,
        [ $( ($fname:expr, $fdoc:expr, $sig:expr, $body:path) ),* $(,)? ]
    ) => {
        /// The tables of the module whose entry point has the same name.
        #[allow(non_snake_case)]
        mod $init {
            use super::*;
            use $crate::module as __m;
            static METHODS: __m::StaticCell<[$crate::ffi::PyMethodDef; [$($fname),*].len() + 1]> =
                __m::StaticCell::new([
                    $(
                        __m::method($fname, $fdoc, {
                            unsafe extern "C" fn trampoline(
                                module: *mut $crate::ffi::PyObject,
                                args: *const *mut $crate::ffi::PyObject,
                                nargs: $crate::ffi::Py_ssize_t,
                                kwnames: *mut $crate::ffi::PyObject,
                            ) -> *mut $crate::ffi::PyObject {
                                // SAFETY: CPython calls this entry of the module's method
                                // table with its vectorcall arguments.
                                unsafe {
                                    __m::fastcall::<$state, _, _>(module, args, nargs, kwnames, $sig, $body)
                                }
                            }
                            trampoline
                        }),
                    )*
                    __m::METHOD_END,
                ]);
            static SLOTS: __m::StaticCell<[$crate::ffi::PyModuleDef_Slot; 4]> =
                __m::StaticCell::new($slots);
            pub(super) static DEF: __m::StaticCell<$crate::ffi::PyModuleDef> = __m::StaticCell::new(
                __m::definition::<$state>($name, $doc, METHODS.get().cast(), SLOTS.get().cast()),
            );

            // SAFETY: DEF is the definition of the module whose state is this type.
            unsafe impl __m::HasDefinition for $state {
                fn definition() -> *mut $crate::ffi::PyModuleDef {
                    DEF.get()
                }
            }
        }

        /// The module's entry point: hands CPython the definition (multi-phase init).
        #[unsafe(no_mangle)]
        pub extern "C" fn $init() -> *mut $crate::ffi::PyObject {
            // SAFETY: the definition is complete and 'static; PyModuleDef_Init only
            // initialises its object header, and CPython calls this attached.
            unsafe { $crate::ffi::PyModuleDef_Init($init::DEF.get()) }
        }
    };
}
// ANCHOR_END: macro
