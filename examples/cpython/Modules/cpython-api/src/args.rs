//! Argument parsing by CPython's own parser, as Argument Clinic's generated code calls it.
//!
//! A [`Signature`] is a static `_PyArg_Parser` (the keywords, `""` for a positional-only
//! parameter, and the function's name) with the three counts Clinic passes along; parsing calls
//! `_PyArg_UnpackKeywords`, so every message ("takes at most 2 arguments (3 given)", "missing
//! required argument", "got multiple values", "an invalid keyword argument", the "Did you
//! mean" suggestion) is the interpreter's own by construction and cannot drift from C's.
//! Functions that take no keywords at all (Clinic's plain `METH_FASTCALL`) check their
//! positional count with `_PyArg_CheckPositional` instead ([`Positional`]).
//!
//! The converters below are the ones Clinic emits for `int`, `Py_ssize_t` and
//! `unsigned int(bitwise=True)`, with the same C calls, hence the same `TypeError`,
//! `OverflowError` and `ValueError` messages.

use std::cell::UnsafeCell;
use std::ffi::{CStr, c_char, c_int};
use std::ptr;

use cpython_sys as ffi;

use crate::context::ThreadContext;
use crate::err::{PyErrRaised, PyResult, occurred};
use crate::object::{Borrowed, PyAny};

// `_PyArg_UnpackKeywords` and `_PyArg_CheckPositional` are exported by libpython for the
// stdlib's shared extensions, but declared in `Include/internal/pycore_modsupport.h`, which the
// bindings do not include (internal headers need `Py_BUILD_CORE` and change every release).
// These declarations are copied from that header of 3.13.
unsafe extern "C" {
    fn _PyArg_UnpackKeywords(
        args: *const *mut ffi::PyObject,
        nargs: ffi::Py_ssize_t,
        kwargs: *mut ffi::PyObject,
        kwnames: *mut ffi::PyObject,
        parser: *mut ffi::_PyArg_Parser,
        minpos: c_int,
        maxpos: c_int,
        minkw: c_int,
        buf: *mut *mut ffi::PyObject,
    ) -> *const *mut ffi::PyObject;

    fn _PyArg_CheckPositional(
        name: *const c_char,
        nargs: ffi::Py_ssize_t,
        min: ffi::Py_ssize_t,
        max: ffi::Py_ssize_t,
    ) -> c_int;
}

// ANCHOR: signature
/// The parameters of a `METH_FASTCALL | METH_KEYWORDS` function, as Clinic declares them.
///
/// Made by [`signature!`](crate::signature), which writes the keyword table; `N` is the
/// number of parameters. CPython initialises the parser on first use (once, thread-safely,
/// through its `_PyOnceFlag`) and then only reads it.
pub struct Signature<const N: usize> {
    parser: UnsafeCell<ffi::_PyArg_Parser>,
    min_pos: c_int,
    max_pos: c_int,
    min_kw: c_int,
}
// ANCHOR_END: signature

// SAFETY: the parser's mutable fields (its once-flag, the keyword tuple it creates, the link
// into CPython's list of parsers) are written only by CPython, under `_PyOnceFlag_CallOnce`,
// exactly as for the static `_PyArg_Parser`s of C modules; Rust never reads or writes them.
unsafe impl<const N: usize> Sync for Signature<N> {}

/// The keyword table of a [`Signature`]: NUL-terminated names, `""` for positional-only
/// parameters, then a null pointer.
pub struct Keywords<const M: usize>([*const c_char; M]);

// SAFETY: the pointers are to `'static` C string literals, never written.
unsafe impl<const M: usize> Sync for Keywords<M> {}

impl<const M: usize> Keywords<M> {
    /// The table for `names` (`M` is one more than the number of names).
    ///
    /// # Panics
    /// At compile time (it is used in a `static`), if `M` is not `names.len() + 1`.
    pub const fn new(names: &[&'static CStr]) -> Self {
        assert!(names.len() + 1 == M, "Keywords<M> needs M = names + 1");
        let mut table = [ptr::null::<c_char>(); M];
        let mut i = 0;
        while i < names.len() {
            table[i] = names[i].as_ptr();
            i += 1;
        }
        Keywords(table)
    }
}

impl<const N: usize> Signature<N> {
    /// A signature for `fname` with `keywords`; `min_pos`, `max_pos` and `min_kw` are the
    /// counts Clinic passes to `_PyArg_UnpackKeywords`: required positional arguments,
    /// positional parameters (those before `*`), and required keyword-only ones.
    ///
    /// # Panics
    /// At compile time, if the counts do not fit the `N` parameters.
    pub const fn new<const M: usize>(
        fname: &'static CStr,
        keywords: &'static Keywords<M>,
        min_pos: usize,
        max_pos: usize,
        min_kw: usize,
    ) -> Self {
        assert!(M == N + 1, "one keyword per parameter");
        assert!(min_pos <= max_pos && max_pos <= N && min_kw <= N - max_pos);
        Signature {
            parser: UnsafeCell::new(ffi::_PyArg_Parser {
                format: ptr::null(),
                keywords: keywords.0.as_ptr(),
                fname: fname.as_ptr(),
                custom_msg: ptr::null(),
                once: ffi::_PyOnceFlag { v: 0 },
                is_kwtuple_owned: 0,
                pos: 0,
                min: 0,
                max: 0,
                kwtuple: ptr::null_mut(),
                next: ptr::null_mut(),
            }),
            min_pos: min_pos as c_int,
            max_pos: max_pos as c_int,
            min_kw: min_kw as c_int,
        }
    }

    /// Match vectorcall arguments to the parameters: one optional borrowed argument per
    /// parameter, `None` where the caller gave none (the default applies).
    ///
    /// # Safety
    /// `args`, `nargs` and `kwnames` are the vectorcall arguments CPython passed to the
    /// calling entry point, alive for `'a`; the thread is attached for `'py`.
    pub unsafe fn parse<'a, 'py>(
        &self,
        ctx: &ThreadContext<'py>,
        args: *const *mut ffi::PyObject,
        nargs: ffi::Py_ssize_t,
        kwnames: *mut ffi::PyObject,
    ) -> PyResult<[Option<Borrowed<'a, 'py, PyAny>>; N]> {
        if N == 0 {
            // What Clinic generates for a method without parameters (`copy()`).
            // SAFETY: `kwnames` is null or a tuple (vectorcall's contract).
            let keywords = !kwnames.is_null() && unsafe { ffi::PyTuple_Size(kwnames) } > 0;
            if nargs > 0 || keywords {
                // SAFETY: the parser's name is a NUL-terminated literal.
                let name = unsafe { CStr::from_ptr((*self.parser.get()).fname) }.to_string_lossy();
                return Err(
                    crate::err::TYPE_ERROR.raise(ctx, &format!("{name}() takes no arguments"))
                );
            }
            return Ok(std::array::from_fn(|_| None));
        }
        let fast = kwnames.is_null()
            && self.min_kw == 0
            && (self.min_pos as ffi::Py_ssize_t) <= nargs
            && nargs <= self.max_pos as ffi::Py_ssize_t
            && !args.is_null();
        let mut buf = [ptr::null_mut::<ffi::PyObject>(); N];
        let (items, valid) = if fast {
            // The fast path of Clinic's `_PyArg_UnpackKeywords` macro: positional arguments
            // only, within the bounds; `nargs <= max_pos <= N`.
            (args, nargs as usize)
        } else {
            // SAFETY: the arguments are CPython's (caller's contract), the parser is this
            // signature's static table, `buf` has room for the N parameters, and the thread
            // is attached. The result is `args`, `buf`, or null with an exception set.
            let out = unsafe {
                _PyArg_UnpackKeywords(
                    args,
                    nargs,
                    ptr::null_mut(),
                    kwnames,
                    self.parser.get(),
                    self.min_pos,
                    self.max_pos,
                    self.min_kw,
                    buf.as_mut_ptr(),
                )
            };
            if out.is_null() {
                // SAFETY: null means the parser raised.
                return Err(unsafe { PyErrRaised::assume_set() });
            }
            (
                out,
                if ptr::eq(out, args) {
                    nargs as usize
                } else {
                    N
                },
            )
        };
        // SAFETY: `items` holds at least `valid` entries (`args` has `nargs`, `buf` has N),
        // borrowed arguments alive for the call.
        Ok(unsafe { arguments(items, valid) })
    }
}

impl<const N: usize> Signature<N> {
    /// Match a `tp_new`-style call (an argument tuple and a keyword dict or null), as Clinic's
    /// `__new__` code does.
    ///
    /// # Safety
    /// `args` is a tuple and `kwargs` a dict or null, both alive for `'a`; the thread is
    /// attached for `'py`.
    pub unsafe fn parse_tuple<'a, 'py>(
        &self,
        _ctx: &ThreadContext<'py>,
        args: *mut ffi::PyObject,
        kwargs: *mut ffi::PyObject,
    ) -> PyResult<[Option<Borrowed<'a, 'py, PyAny>>; N]> {
        // SAFETY: `args` is a tuple (caller's contract): its items are stored inline in
        // `ob_item`, `nargs` of them.
        let (items, nargs) = unsafe {
            let tuple = args.cast::<ffi::PyTupleObject>();
            ((*tuple).ob_item.as_ptr(), ffi::PyTuple_Size(args))
        };
        let mut buf = [ptr::null_mut::<ffi::PyObject>(); N];
        // SAFETY: as in `parse`, with the dict in place of the keyword names.
        let out = unsafe {
            _PyArg_UnpackKeywords(
                items,
                nargs,
                kwargs,
                ptr::null_mut(),
                self.parser.get(),
                self.min_pos,
                self.max_pos,
                self.min_kw,
                buf.as_mut_ptr(),
            )
        };
        if out.is_null() {
            // SAFETY: null means the parser raised.
            return Err(unsafe { PyErrRaised::assume_set() });
        }
        let valid = if ptr::eq(out, items) {
            nargs as usize
        } else {
            N
        };
        // SAFETY: `out` is `items` or `buf`, holding at least `valid` entries, as in `parse`.
        Ok(unsafe { arguments(out, valid) })
    }
}

/// One optional borrowed argument per parameter from the parser's output: the first `valid`
/// entries of `items`, a null entry (or one past `valid`) being `None`.
///
/// # Safety
/// `items` holds at least `valid` entries, null or borrowed arguments alive for `'a`; the
/// thread is attached for `'py`.
unsafe fn arguments<'a, 'py, const N: usize>(
    items: *const *mut ffi::PyObject,
    valid: usize,
) -> [Option<Borrowed<'a, 'py, PyAny>>; N] {
    std::array::from_fn(|i| {
        if i >= valid {
            return None;
        }
        // SAFETY: `i < valid` entries are readable (caller's contract).
        let item = unsafe { *items.add(i) };
        // SAFETY: a non-null entry is a borrowed argument alive for `'a`.
        (!item.is_null()).then(|| unsafe { Borrowed::from_ptr(item) })
    })
}

/// Define a static [`Signature`] as Clinic would for
/// `fname(a, /, b=..., *, c=...)`: `""` names a positional-only parameter.
///
/// ```ignore
/// cpython_api::signature!(static DECOMPRESS: "decompress"(["", "wbits", "bufsize"]),
///     min_pos: 1, max_pos: 3, min_kw: 0);
/// ```
#[macro_export]
macro_rules! signature {
    ($vis:vis static $name:ident: $fname:literal([$($kw:literal),* $(,)?]),
        min_pos: $min_pos:expr, max_pos: $max_pos:expr, min_kw: $min_kw:expr $(,)?) => {
        $vis static $name: $crate::args::Signature<{ <[&str]>::len(&[$($kw),*]) }> = {
            static KEYWORDS: $crate::args::Keywords<{ <[&str]>::len(&[$($kw),*]) + 1 }> =
                $crate::args::Keywords::new(&[$($crate::__cstr!($kw)),*]);
            $crate::args::Signature::new(
                $crate::__cstr!($fname), &KEYWORDS, $min_pos, $max_pos, $min_kw)
        };
    };
}

/// A `&'static CStr` from a string literal (no interior NUL: checked at compile time).
#[doc(hidden)]
#[macro_export]
macro_rules! __cstr {
    ($s:literal) => {
        match ::std::ffi::CStr::from_bytes_with_nul(concat!($s, "\0").as_bytes()) {
            Ok(s) => s,
            Err(_) => panic!("a parameter or function name holds a NUL"),
        }
    };
}

/// How a function's vectorcall arguments are matched to its `N` parameters.
pub trait Parser<const N: usize>: Sync {
    /// One optional borrowed argument per parameter.
    ///
    /// # Safety
    /// As for [`Signature::parse`].
    unsafe fn parse_call<'a, 'py>(
        &self,
        ctx: &ThreadContext<'py>,
        args: *const *mut ffi::PyObject,
        nargs: ffi::Py_ssize_t,
        kwnames: *mut ffi::PyObject,
    ) -> PyResult<[Option<Borrowed<'a, 'py, PyAny>>; N]>;
}

impl<const N: usize> Parser<N> for Signature<N> {
    unsafe fn parse_call<'a, 'py>(
        &self,
        ctx: &ThreadContext<'py>,
        args: *const *mut ffi::PyObject,
        nargs: ffi::Py_ssize_t,
        kwnames: *mut ffi::PyObject,
    ) -> PyResult<[Option<Borrowed<'a, 'py, PyAny>>; N]> {
        // SAFETY: forwarded from the caller.
        unsafe { self.parse(ctx, args, nargs, kwnames) }
    }
}

/// The `N` positional-only parameters of a function that takes no keywords (Clinic's plain
/// `METH_FASTCALL`, as `crc32(data, value=0, /)`), the first `min` required.
///
/// The count is checked by `_PyArg_CheckPositional`, so its messages are CPython's; keywords
/// get `_PyArg_NoKwnames`'s message ("crc32() takes no keyword arguments"), written here
/// because that function is not exported (with `_PyObject_FunctionStr`'s `module.name`).
pub struct Positional<const N: usize> {
    /// The function's name in the messages.
    pub name: &'static CStr,
    /// The module's name: the keyword message names the function as `module.name()`, as
    /// `_PyObject_FunctionStr` does.
    pub module: &'static str,
    /// Required arguments.
    pub min: usize,
}

impl<const N: usize> Parser<N> for Positional<N> {
    unsafe fn parse_call<'a, 'py>(
        &self,
        ctx: &ThreadContext<'py>,
        args: *const *mut ffi::PyObject,
        nargs: ffi::Py_ssize_t,
        kwnames: *mut ffi::PyObject,
    ) -> PyResult<[Option<Borrowed<'a, 'py, PyAny>>; N]> {
        // SAFETY: `kwnames` is null or a tuple (vectorcall's contract); PyTuple_Size of a
        // tuple cannot fail.
        if !kwnames.is_null() && unsafe { ffi::PyTuple_Size(kwnames) } > 0 {
            let name = self.name.to_string_lossy();
            return Err(crate::err::TYPE_ERROR.raise(
                ctx,
                &format!("{}.{name}() takes no keyword arguments", self.module),
            ));
        }
        let n = usize::try_from(nargs).unwrap_or(0);
        if n < self.min || n > N {
            // SAFETY: the name is NUL-terminated and the thread attached; for a count out of
            // bounds the call raises CPython's message and returns 0.
            let ok = unsafe {
                _PyArg_CheckPositional(
                    self.name.as_ptr(),
                    nargs,
                    self.min as ffi::Py_ssize_t,
                    N as ffi::Py_ssize_t,
                )
            };
            if ok == 0 {
                // SAFETY: a result of 0 means the check raised its TypeError.
                return Err(unsafe { PyErrRaised::assume_set() });
            }
        }
        Ok(std::array::from_fn(|i| {
            // SAFETY: `args` holds `n` borrowed arguments alive for the call (`n <= N`).
            (i < n).then(|| unsafe { Borrowed::from_ptr(*args.add(i)) })
        }))
    }
}

/// A required argument that the parser guarantees is present: a `SystemError`, never UB, if a
/// signature declares it optional by mistake.
pub fn required<'a, 'py>(
    ctx: &ThreadContext<'py>,
    arg: Option<Borrowed<'a, 'py, PyAny>>,
) -> PyResult<Borrowed<'a, 'py, PyAny>> {
    arg.ok_or_else(|| crate::err::SYSTEM_ERROR.raise(ctx, "required argument not parsed"))
}

/// Clinic's `int` converter: `PyLong_AsInt` (`__index__`, `TypeError` for other types,
/// `OverflowError` outside C `int`).
pub fn to_int(_ctx: &ThreadContext<'_>, obj: Borrowed<'_, '_, PyAny>) -> PyResult<c_int> {
    // SAFETY: the object is alive and the thread attached.
    let value = unsafe { ffi::PyLong_AsInt(obj.as_ptr()) };
    if value == -1 && occurred() {
        // SAFETY: -1 with an exception set is PyLong_AsInt's failure.
        return Err(unsafe { PyErrRaised::assume_set() });
    }
    Ok(value)
}

/// The `i` format of `PyArg_ParseTuple` (what `_ZlibDecompressor.__new__` uses):
/// `PyLong_AsLong`, then its own range messages.
pub fn to_int_getargs(ctx: &ThreadContext<'_>, obj: Borrowed<'_, '_, PyAny>) -> PyResult<c_int> {
    // SAFETY: the object is alive and the thread attached.
    let value = unsafe { ffi::PyLong_AsLong(obj.as_ptr()) };
    if value == -1 && occurred() {
        // SAFETY: -1 with an exception set is PyLong_AsLong's failure.
        return Err(unsafe { PyErrRaised::assume_set() });
    }
    c_int::try_from(value).map_err(|_| {
        let message = if value > 0 {
            "signed integer is greater than maximum"
        } else {
            "signed integer is less than minimum"
        };
        crate::err::OVERFLOW_ERROR.raise(ctx, message)
    })
}

/// Clinic's `Py_ssize_t` converter: `__index__`, then `PyLong_AsSsize_t`.
pub fn to_ssize(ctx: &ThreadContext<'_>, obj: Borrowed<'_, '_, PyAny>) -> PyResult<isize> {
    // SAFETY: the object is alive and the thread attached; the result is a new reference to
    // an int, or null with an exception set.
    let index =
        crate::err::owned_or_err::<PyAny>(ctx, unsafe { ffi::PyNumber_Index(obj.as_ptr()) })?;
    // SAFETY: `index` is an int, alive, and the thread attached.
    let value = unsafe { ffi::PyLong_AsSsize_t(index.as_ptr()) };
    if value == -1 && occurred() {
        // SAFETY: -1 with an exception set is PyLong_AsSsize_t's failure.
        return Err(unsafe { PyErrRaised::assume_set() });
    }
    Ok(value)
}

/// Clinic's `unsigned int(bitwise=True)` converter: `PyLong_AsUnsignedLongMask`, truncated
/// to 32 bits (any int is accepted, negative ones modulo 2**32).
pub fn to_u32_mask(_ctx: &ThreadContext<'_>, obj: Borrowed<'_, '_, PyAny>) -> PyResult<u32> {
    // SAFETY: the object is alive and the thread attached.
    let value = unsafe { ffi::PyLong_AsUnsignedLongMask(obj.as_ptr()) } as u32;
    if value == u32::MAX && occurred() {
        // SAFETY: all-ones with an exception set is the converter's failure.
        return Err(unsafe { PyErrRaised::assume_set() });
    }
    Ok(value)
}

/// Clinic's `bool` converter (`PyObject_IsTrue`).
pub fn to_bool(_ctx: &ThreadContext<'_>, obj: Borrowed<'_, '_, PyAny>) -> PyResult<bool> {
    // SAFETY: the object is alive and the thread attached.
    match unsafe { ffi::PyObject_IsTrue(obj.as_ptr()) } {
        // SAFETY: a result of -1 means PyObject_IsTrue raised an exception.
        -1 => Err(unsafe { PyErrRaised::assume_set() }),
        v => Ok(v != 0),
    }
}
