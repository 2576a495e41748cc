//! `_testrustapi`: the tests of `cpython-api` that need a running interpreter, as `_testcapi`
//! holds those of the C API. Built only with CPython's test modules (`--disable-test-modules`
//! leaves it out) and never part of the standard library's API.
//!
//! Each function drives one guarantee of the safe layer from Python; `tests/` checks it on
//! every Rust build.

use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use cpython_api::args::required;
use cpython_api::buffer::{SIMPLE, bytes_like};
use cpython_api::bytes::{assume_filled, new_bytes};
use cpython_api::class::TypeObject;
use cpython_api::module::{ModuleState, Traverse, TraverseStop, Visit};
use cpython_api::object::new_exception;
use cpython_api::{Borrowed, Bound, Py, PyAny, PyModule, PyResult, PyType, ThreadContext};

mod types;

/// The module's state: its types and exception, a count of calls that reached it through a
/// method's defining class, and whether dropping it should panic (the test of `m_clear`).
pub struct State {
    counter_type: TypeObject<types::Counter>,
    countdown_type: TypeObject<types::Countdown>,
    node_type: TypeObject<types::Node>,
    error: Py<PyType>,
    state_calls: AtomicU64,
    panic_on_drop: AtomicBool,
}

impl ModuleState for State {
    fn new<'py>(
        ctx: &mut ThreadContext<'py>,
        module: Borrowed<'_, 'py, PyModule>,
    ) -> PyResult<Self> {
        let error = new_exception(ctx, c"_testrustapi.error")?;
        module.add(ctx, c"error", error.as_borrowed().as_any())?;
        module.add_int(ctx, c"ANSWER", 42)?;
        let state = State {
            counter_type: cpython_api::class::create_type(ctx, module)?,
            countdown_type: cpython_api::class::create_type(ctx, module)?,
            node_type: cpython_api::class::create_type(ctx, module)?,
            error: error.unbind(),
            state_calls: AtomicU64::new(0),
            panic_on_drop: AtomicBool::new(false),
        };
        state.counter_type.add_to(ctx, module)?;
        state.countdown_type.add_to(ctx, module)?;
        state.node_type.add_to(ctx, module)?;
        Ok(state)
    }
}

// SAFETY: the state owns one reference to each of its three types and its exception class,
// and visits each once.
unsafe impl Traverse for State {
    fn traverse(&self, visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        self.counter_type.visit(visit)?;
        self.countdown_type.visit(visit)?;
        self.node_type.visit(visit)?;
        visit.visit(&self.error)
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

cpython_api::signature!(static PANIC: "_panic"(["message"]), min_pos: 1, max_pos: 1, min_kw: 0);

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

cpython_api::signature!(static COPY: "new_bytes_copy"(["data", "short"]), min_pos: 1, max_pos: 2, min_kw: 0);

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

cpython_api::signature!(static PANIC_ON_CLEAR: "panic_on_clear"([]), min_pos: 0, max_pos: 0, min_kw: 0);

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

cpython_api::signature!(static NODES_ALIVE: "nodes_alive"([]), min_pos: 0, max_pos: 0, min_kw: 0);
cpython_api::signature!(static NO_ARGS: "make_counter"([]), min_pos: 0, max_pos: 0, min_kw: 0);

/// `make_counter()`: a new `Counter` (the type cannot be instantiated from Python).
fn make_counter<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    []: [Option<Borrowed<'a, 'py, PyAny>>; 0],
) -> PyResult<Bound<'py, PyAny>> {
    state
        .counter_type
        .instantiate(ctx, types::Counter::default())
}

cpython_api::signature!(static COUNTDOWN: "countdown"(["n"]), min_pos: 1, max_pos: 1, min_kw: 0);

/// `countdown(n)`: an iterator over `n - 1, ..., 0`.
fn countdown<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [n]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    let n = cpython_api::args::to_ssize(ctx, required(ctx, n)?)?;
    state
        .countdown_type
        .instantiate(ctx, types::Countdown::new(n.max(0).unsigned_abs() as u64))
}

cpython_api::signature!(static RAISE: "raise_error"(["message"]), min_pos: 1, max_pos: 1, min_kw: 0);

/// `raise_error(message)`: raises this interpreter's `_testrustapi.error`.
fn raise_error<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [message]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    let message = required(ctx, message)?;
    let error = state.error.bind(ctx);
    Err(error.raise_with(ctx, message))
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
        (c"make_counter", c"make_counter($module, /)\n--\n\nA new Counter.", &NO_ARGS, make_counter),
        (c"countdown", c"countdown($module, /, n)\n--\n\nAn iterator over n-1, ..., 0.", &COUNTDOWN, countdown),
        (c"raise_error", c"raise_error($module, /, message)\n--\n\nRaise _testrustapi.error(message).", &RAISE, raise_error),
        (c"nodes_alive", c"nodes_alive($module, /)\n--\n\nHow many Node values exist.", &NODES_ALIVE, types::nodes_alive),
    ],
}
