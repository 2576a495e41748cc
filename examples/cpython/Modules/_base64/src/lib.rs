//! `_base64`: the `b64encode`/`b64decode` family of `Lib/base64.py` in Rust, for CPython's
//! standard library. `base64.py` uses these functions when the module is present and its own
//! `binascii`-based code otherwise.
//!
//! Each function behaves as base64.py's function of the same name: same parameters (all
//! positional-or-keyword), results, and errors, including the interpreter's own
//! `binascii.Error` (kept in the per-interpreter module state). The codec is rs_base64's
//! (`rs-base64-codec`), shared with the out-of-tree examples.

use cpython_api::args::required;
use cpython_api::err::{ASSERTION_ERROR, VALUE_ERROR};
use cpython_api::module::{ModuleState, PerInterpreter, Traverse, TraverseStop, Visit};
use cpython_api::object::import;
use cpython_api::{Borrowed, Bound, Py, PyAny, PyModule, PyResult, PyType, ThreadContext};

mod codec;
mod input;

pub use codec::DETACH_THRESHOLD;

// ANCHOR: state
/// Per-interpreter state: each interpreter that imports `_base64` gets its own.
pub struct State {
    /// That interpreter's `binascii.Error`, raised for malformed base64.
    binascii_error: Py<PyType>,
    /// Whether `assert` statements run (`sys.flags.optimize == 0`), as in base64.py.
    asserts: bool,
}

impl ModuleState for State {
    fn new<'py>(
        ctx: &mut ThreadContext<'py>,
        _module: Borrowed<'_, 'py, PyModule>,
    ) -> PyResult<Self> {
        let binascii = import(ctx, c"binascii")?;
        let error = binascii.as_borrowed().getattr(ctx, c"Error")?;
        let sys = import(ctx, c"sys")?;
        let flags = sys.as_borrowed().getattr(ctx, c"flags")?;
        let optimize = flags.as_borrowed().getattr(ctx, c"optimize")?;
        Ok(State {
            binascii_error: error.downcast_into_type(ctx)?.unbind(),
            asserts: !optimize.as_borrowed().is_truthy(ctx)?,
        })
    }
}

// SAFETY: the state owns exactly one object, `binascii_error`, visited once.
unsafe impl Traverse for State {
    fn traverse(&self, visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        visit.visit(&self.binascii_error)
    }
}

// SAFETY: every object the module reaches is this interpreter's: `binascii.Error` is looked
// up in the importing interpreter and kept in that module object's own state, and no
// function stores an object anywhere else (no statics, no thread-locals), so nothing crosses
// to another interpreter. CPython's C `binascii`, whose error class this is, is
// per-interpreter too.
unsafe impl PerInterpreter for State {}
// ANCHOR_END: state

/// `assert len(obj) == 2, repr(obj)` (skipped under `-O`); `len` is the data's length and
/// `shown` the object whose `repr` the assertion reports.
fn assert_two<'py>(
    ctx: &ThreadContext<'py>,
    state: &State,
    len: usize,
    shown: Borrowed<'_, 'py, PyAny>,
) -> PyResult<()> {
    if state.asserts && len != 2 {
        let repr = shown.repr(ctx)?;
        return Err(ASSERTION_ERROR.raise_with(ctx, repr.as_borrowed().as_any()));
    }
    Ok(())
}

/// `bytes.maketrans`'s pair: the two bytes, or its error for another length.
fn pair(ctx: &ThreadContext<'_>, data: &[u8]) -> PyResult<[u8; 2]> {
    match data {
        [a, b] => Ok([*a, *b]),
        _ => Err(VALUE_ERROR.raise(ctx, "maketrans arguments must have same length")),
    }
}

// ANCHOR: b64encode
cpython_api::signature!(static B64ENCODE: "b64encode"(["s", "altchars"]), min_pos: 1, max_pos: 2, min_kw: 0);

/// `b64encode(s, altchars=None)`.
fn b64encode<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [s, altchars]: [Option<Borrowed<'a, 'py, PyAny>>; 2],
) -> PyResult<Bound<'py, PyAny>> {
    let s = required(ctx, s)?;
    let input = input::bytes_like(ctx, s)?;
    let alt = match altchars.filter(|a| !a.is_none()) {
        Some(alt) => {
            assert_two(ctx, state, alt.len(ctx)?, alt)?;
            Some(pair(ctx, input::bytes_like(ctx, alt)?.as_slice())?)
        }
        None => None,
    };
    codec::encode(ctx, state, input.as_slice(), alt).map(Bound::into_any)
}
// ANCHOR_END: b64encode

cpython_api::signature!(static B64DECODE: "b64decode"(["s", "altchars", "validate"]), min_pos: 1, max_pos: 3, min_kw: 0);

/// `b64decode(s, altchars=None, validate=False)`.
fn b64decode<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [s, altchars, validate]: [Option<Borrowed<'a, 'py, PyAny>>; 3],
) -> PyResult<Bound<'py, PyAny>> {
    let data = input::decode_data(ctx, required(ctx, s)?)?;
    let translated;
    let mut src = data.as_slice();
    if let Some(alt) = altchars.filter(|a| !a.is_none()) {
        let alt_data = input::decode_data(ctx, alt)?;
        let alt_bytes = alt_data.as_slice();
        if state.asserts && alt_bytes.len() != 2 {
            // base64.py asserts on the converted value: a str shows as its ASCII bytes.
            let shown = if alt.downcast_bytes().is_some() || alt.is_bytearray() {
                alt.to_owned().into_any()
            } else {
                cpython_api::bytes::bytes_from_slice(ctx, alt_bytes)?.into_any()
            };
            assert_two(ctx, state, alt_bytes.len(), shown.as_borrowed())?;
        }
        translated = codec::translate_to_standard(src, pair(ctx, alt_bytes)?);
        src = &translated;
    }
    let strict = match validate {
        Some(flag) => flag.is_truthy(ctx)?,
        None => false,
    };
    codec::decode(ctx, state, src, strict).map(Bound::into_any)
}

cpython_api::signature!(static STANDARD_B64ENCODE: "standard_b64encode"(["s"]), min_pos: 1, max_pos: 1, min_kw: 0);

/// `standard_b64encode(s)`.
fn standard_b64encode<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [s]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    let input = input::bytes_like(ctx, required(ctx, s)?)?;
    codec::encode(ctx, state, input.as_slice(), None).map(Bound::into_any)
}

cpython_api::signature!(static STANDARD_B64DECODE: "standard_b64decode"(["s"]), min_pos: 1, max_pos: 1, min_kw: 0);

/// `standard_b64decode(s)`.
fn standard_b64decode<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [s]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    let data = input::decode_data(ctx, required(ctx, s)?)?;
    codec::decode(ctx, state, data.as_slice(), false).map(Bound::into_any)
}

cpython_api::signature!(static URLSAFE_B64ENCODE: "urlsafe_b64encode"(["s"]), min_pos: 1, max_pos: 1, min_kw: 0);

/// `urlsafe_b64encode(s)`.
fn urlsafe_b64encode<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [s]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    let input = input::bytes_like(ctx, required(ctx, s)?)?;
    codec::encode(ctx, state, input.as_slice(), Some(*b"-_")).map(Bound::into_any)
}

cpython_api::signature!(static URLSAFE_B64DECODE: "urlsafe_b64decode"(["s"]), min_pos: 1, max_pos: 1, min_kw: 0);

/// `urlsafe_b64decode(s)`.
fn urlsafe_b64decode<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [s]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    let data = input::decode_data(ctx, required(ctx, s)?)?;
    let src = codec::translate_to_standard(data.as_slice(), *b"-_");
    codec::decode(ctx, state, &src, false).map(Bound::into_any)
}

// ANCHOR: module
cpython_api::module! {
    init: PyInit__base64,
    name: c"_base64",
    doc: c"Base64 encoding and decoding in Rust, used by base64.py when present.",
    state: State,
    interpreters: per_interpreter,
    functions: [
        (c"b64encode", docs::B64ENCODE, &B64ENCODE, b64encode),
        (c"b64decode", docs::B64DECODE, &B64DECODE, b64decode),
        (c"standard_b64encode", docs::STANDARD_B64ENCODE, &STANDARD_B64ENCODE, standard_b64encode),
        (c"standard_b64decode", docs::STANDARD_B64DECODE, &STANDARD_B64DECODE, standard_b64decode),
        (c"urlsafe_b64encode", docs::URLSAFE_B64ENCODE, &URLSAFE_B64ENCODE, urlsafe_b64encode),
        (c"urlsafe_b64decode", docs::URLSAFE_B64DECODE, &URLSAFE_B64DECODE, urlsafe_b64decode),
    ],
}
// ANCHOR_END: module

mod docs;
