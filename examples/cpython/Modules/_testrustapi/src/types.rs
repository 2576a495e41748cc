//! The classes of `_testrustapi`: one of each kind the API can define.
//!
//! * `Counter`: mutable state behind a [`Lock`], positional-only and keyword-only
//!   parameters, module state reached through the defining class, work done detached with the
//!   lock held (as C's zlib does), a getter. Not instantiable from Python.
//! * `Countdown`: an iterator (`__iter__` returns self, `__next__` ends with StopIteration).
//! * `Node`: instantiable (`__new__`), garbage-collected, owns one Python object, so a
//!   reference cycle through it is collected.

use std::sync::atomic::{AtomicI64, Ordering};

use cpython_api::args::{required, to_ssize};
use cpython_api::class::{Clearing, GcRef, This};
use cpython_api::err::VALUE_ERROR;
use cpython_api::lock::Lock;
use cpython_api::module::{Traverse, TraverseStop, Visit};
use cpython_api::object::{new_int, none};
use cpython_api::{Borrowed, Bound, PyAny, PyResult, ThreadContext};

use crate::State;

/// A running total, shared by every thread that calls `add`.
#[derive(Default)]
pub struct Counter {
    total: Lock<i64>,
}

// SAFETY: a Counter owns no Python object.
unsafe impl Traverse for Counter {
    fn traverse(&self, _visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        Ok(())
    }
}

cpython_api::signature!(static ADD: "add"(["", "times"]), min_pos: 1, max_pos: 1, min_kw: 0);

/// `Counter.add(n, /, *, times=1)`: adds `n` `times` times, one at a time, detached from the
/// interpreter with the lock held, and returns the new total.
fn add<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    this: This<'a, 'py, Counter>,
    [n, times]: [Option<Borrowed<'a, 'py, PyAny>>; 2],
) -> PyResult<Bound<'py, PyAny>> {
    let n = to_ssize(ctx, required(ctx, n)?)? as i64;
    let times = match times {
        Some(t) => to_ssize(ctx, t)?,
        None => 1,
    };
    if times < 0 {
        return Err(VALUE_ERROR.raise(ctx, "times must be non-negative"));
    }
    state.state_calls.fetch_add(1, Ordering::Relaxed);
    let mut total = this.get().total.lock(ctx);
    let total = ctx.detach(|| {
        for _ in 0..times {
            // A read-modify-write that loses updates unless the lock is held.
            let old = std::hint::black_box(*total);
            *total = old.wrapping_add(n);
        }
        *total
    });
    new_int(ctx, total)
}

cpython_api::signature!(static STATE_CALLS: "state_calls"([]), min_pos: 0, max_pos: 0, min_kw: 0);

/// `Counter.state_calls()`: how many `add` calls reached the module state.
fn state_calls<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    _this: This<'a, 'py, Counter>,
    []: [Option<Borrowed<'a, 'py, PyAny>>; 0],
) -> PyResult<Bound<'py, PyAny>> {
    new_int(ctx, state.state_calls.load(Ordering::Relaxed) as i64)
}

/// `Counter.value`.
fn value<'py>(ctx: &mut ThreadContext<'py>, counter: &Counter) -> PyResult<Bound<'py, PyAny>> {
    let total = *counter.total.lock(ctx);
    new_int(ctx, total)
}

cpython_api::class! {
    type: Counter,
    name: c"_testrustapi.Counter",
    doc: c"A running total behind a lock.",
    module: State,
    gc: false,
    new: [],
    next: [],
    methods: [
        (c"add", c"add($self, n, /, *, times=1)\n--\n\nAdd n, times times; return the total.", &ADD, add),
        (c"state_calls", c"state_calls($self, /)\n--\n\nCalls that reached the module state.", &STATE_CALLS, state_calls),
    ],
    getters: [
        (c"value", c"The total.", value),
    ],
}

/// Counts down to zero.
pub struct Countdown {
    left: Lock<u64>,
}

impl Countdown {
    /// An iterator over `n - 1, ..., 0`.
    pub fn new(n: u64) -> Self {
        Countdown { left: Lock::new(n) }
    }
}

// SAFETY: a Countdown owns no Python object.
unsafe impl Traverse for Countdown {
    fn traverse(&self, _visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        Ok(())
    }
}

/// `Countdown.__next__`.
fn next<'py>(
    ctx: &mut ThreadContext<'py>,
    this: This<'_, 'py, Countdown>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let mut left = this.get().left.lock(ctx);
    if *left == 0 {
        return Ok(None);
    }
    *left -= 1;
    let item = *left;
    drop(left);
    new_int(ctx, item as i64).map(Some)
}

cpython_api::class! {
    type: Countdown,
    name: c"_testrustapi.Countdown",
    doc: c"An iterator over n-1, ..., 0.",
    module: State,
    gc: false,
    new: [],
    next: [next],
    methods: [],
    getters: [],
}

/// How many `Node` values exist in the process (a plain integer: no Python object).
static NODES_ALIVE: AtomicI64 = AtomicI64::new(0);

/// Holds one Python object; instances take part in garbage collection.
pub struct Node {
    obj: GcRef<PyAny>,
}

impl Drop for Node {
    fn drop(&mut self) {
        NODES_ALIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

// SAFETY: a Node owns exactly one object, in `obj`, visited once; `clear` drops it.
unsafe impl Traverse for Node {
    fn traverse(&self, visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        self.obj.visit(visit)
    }

    fn clear(&self, clearing: &mut Clearing) {
        self.obj.take(clearing);
    }
}

cpython_api::signature!(static NODE_NEW: "Node"(["obj"]), min_pos: 1, max_pos: 1, min_kw: 0);

/// `Node(obj)`.
fn node_new<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    _state: &'a State,
    [obj]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Node> {
    let obj = required(ctx, obj)?;
    NODES_ALIVE.fetch_add(1, Ordering::Relaxed);
    Ok(Node {
        obj: GcRef::new(obj.to_owned().unbind()),
    })
}

/// `Node.obj` (`None` once the collector cleared it).
fn node_obj<'py>(ctx: &mut ThreadContext<'py>, node: &Node) -> PyResult<Bound<'py, PyAny>> {
    match node.obj.get(ctx) {
        Some(obj) => Ok(obj.to_owned()),
        None => none(ctx),
    }
}

cpython_api::class! {
    type: Node,
    name: c"_testrustapi.Node",
    doc: c"Node(obj)\n--\n\nHolds obj; collected in reference cycles.",
    module: State,
    gc: true,
    new: [&NODE_NEW, node_new],
    next: [],
    methods: [],
    getters: [
        (c"obj", c"The object.", node_obj),
    ],
}

/// `nodes_alive()`.
pub fn nodes_alive<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    _state: &'a State,
    []: [Option<Borrowed<'a, 'py, PyAny>>; 0],
) -> PyResult<Bound<'py, PyAny>> {
    new_int(ctx, NODES_ALIVE.load(Ordering::Relaxed))
}
