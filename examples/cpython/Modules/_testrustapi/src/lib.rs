//! `_testrustapi`: the tests of `cpython-api` that need a running interpreter, as `_testcapi`
//! holds those of the C API. Built only with CPython's test modules (`--disable-test-modules`
//! leaves it out) and never part of the standard library's API.
//!
//! Each function drives one guarantee of the safe layer from Python; `tests/` checks it on
//! every Rust build.

use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, Ordering};

use cpython_api::args::{Signature, required};
use cpython_api::buffer::{SIMPLE, bytes_like};
use cpython_api::bytes::{assume_filled, new_bytes};
use cpython_api::module::{ModuleState, Traverse, TraverseStop, Visit};
use cpython_api::{Borrowed, Bound, PyAny, PyModule, PyResult, ThreadContext};

/// The module's state: whether dropping it should panic, for the test of `m_clear`.
pub struct State {
    panic_on_drop: AtomicBool,
}

impl ModuleState for State {
    fn new<'py>(
        _ctx: &mut ThreadContext<'py>,
        _module: Borrowed<'_, 'py, PyModule>,
    ) -> PyResult<Self> {
        Ok(State {
            panic_on_drop: AtomicBool::new(false),
        })
    }
}

// SAFETY: the state owns no Python object, and visits none.
unsafe impl Traverse for State {
    fn traverse(&self, _visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        Ok(())
    }
}

// No `PerInterpreter`: the module shows the default, refusing isolated sub-interpreters.

impl Drop for State {
    fn drop(&mut self) {
        if self.panic_on_drop.load(Ordering::Relaxed) {
            panic!("State dropped with panic_on_drop set");
        }
    }
}

static PANIC: Signature<1> = Signature {
    name: c"_panic",
    params: ["message"],
    required: 1,
};

/// `_panic(message)`: panics with `message`; the boundary must raise `SystemError`.
fn panic_with<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    _state: &'a State,
    [message]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    let message = required(ctx, message)?;
    let text = message
        .downcast_str()
        .and_then(|s| s.to_utf8())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    panic!("{text}");
}

static COPY: Signature<2> = Signature {
    name: c"new_bytes_copy",
    params: ["data", "short"],
    required: 1,
};

/// `new_bytes_copy(data, short=False)`: a copy of `data` written through `new_bytes`; with
/// `short`, the writer leaves the last byte unwritten and `new_bytes` must refuse the result.
fn new_bytes_copy<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    _state: &'a State,
    [data, short]: [Option<Borrowed<'a, 'py, PyAny>>; 2],
) -> PyResult<Bound<'py, PyAny>> {
    let input = bytes_like(ctx, required(ctx, data)?, SIMPLE)?;
    let src = input.as_slice();
    let short = match short {
        Some(flag) => flag.is_truthy(ctx)?,
        None => false,
    };
    let written = if short {
        src.len().saturating_sub(1)
    } else {
        src.len()
    };
    let bytes = new_bytes(ctx, src.len(), |_ctx, out: &mut [MaybeUninit<u8>]| {
        let head = &mut out[..written];
        for (slot, byte) in head.iter_mut().zip(src) {
            slot.write(*byte);
        }
        // SAFETY: the loop above wrote every byte of `head`.
        Some(unsafe { assume_filled(head) })
    })?;
    match bytes {
        Some(bytes) => Ok(bytes.into_any()),
        None => Err(cpython_api::err::SYSTEM_ERROR.raise(ctx, "new_bytes discarded the object")),
    }
}

static PANIC_ON_CLEAR: Signature<0> = Signature {
    name: c"panic_on_clear",
    params: [],
    required: 0,
};

/// `panic_on_clear()`: the module's state will panic when it is dropped (`m_clear` or
/// `m_free`), which must be reported as unraisable, never crash the interpreter.
fn panic_on_clear<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    []: [Option<Borrowed<'a, 'py, PyAny>>; 0],
) -> PyResult<Bound<'py, PyAny>> {
    state.panic_on_drop.store(true, Ordering::Relaxed);
    cpython_api::object::none(ctx)
}

cpython_api::module! {
    init: PyInit__testrustapi,
    name: c"_testrustapi",
    doc: c"Tests of the Rust API for CPython's own modules (cpython-api), as _testcapi for C.",
    state: State,
    functions: [
        (c"_panic", c"_panic($module, /, message)\n--\n\nPanic in Rust with message.", &PANIC, panic_with),
        (c"new_bytes_copy", c"new_bytes_copy($module, /, data, short=False)\n--\n\nCopy data through new_bytes; short leaves the last byte unwritten.", &COPY, new_bytes_copy),
        (c"panic_on_clear", c"panic_on_clear($module, /)\n--\n\nMake the module state panic when it is dropped.", &PANIC_ON_CLEAR, panic_on_clear),
    ],
}
