//! `zlib`: CPython's zlib module in Rust, for the standard library.
//!
//! Same functions, types, constants, defaults, exceptions and messages as
//! `Modules/zlibmodule.c` of 3.13, so that CPython's `test_zlib` and the stdlib's users of zlib
//! (gzip, zipfile, tarfile, shutil, zipimport) run unchanged. Arguments are parsed by
//! CPython's own parser with the keyword tables Argument Clinic generates for the C module.
//! The engine (zlib-rs behind a safe stream owner, zlibmodule.c's loops, the checksum
//! kernels) is `rs-zlib-engine`, shared with the out-of-tree `rs_zlib`.
//!
//! Per interpreter: `zlib.error` and the three types live in the module's state, one set per
//! module object, like the C module's `zlibstate`; the module supports isolated
//! sub-interpreters with their own GIL, as the C module does.

use std::ffi::c_int;

use cpython_api::args::{Positional, required, to_int, to_ssize, to_u32_mask};
use cpython_api::buffer::{ByteInput, SIMPLE, bytes_like};
use cpython_api::bytes::bytes_from_slice;
use cpython_api::class::{TypeObject, create_type};
use cpython_api::err::{MEMORY_ERROR, VALUE_ERROR};
use cpython_api::module::{ModuleState, PerInterpreter, Traverse, TraverseStop, Visit};
use cpython_api::object::{new_exception, new_str, new_uint};
use cpython_api::{Borrowed, Bound, Py, PyAny, PyModule, PyResult, PyType, ThreadContext};
use rs_zlib_engine::{self as engine, Failure, Stop, Z_MEM_ERROR, Z_STREAM_ERROR};

mod decompressor;
mod docs;
mod objects;

use engine::{DEF_BUF_SIZE, MAX_WBITS, Z_DEFAULT_COMPRESSION};

/// Inputs at least this large are processed detached from the interpreter, so other threads
/// run Python meanwhile (zlibmodule.c releases the GIL around every zlib call).
pub const DETACH_THRESHOLD: usize = 64 * 1024;

// ANCHOR: state
/// Per-interpreter state: this module object's `zlib.error` and types (zlibmodule.c's
/// `zlibstate`).
pub struct State {
    error: Py<PyType>,
    compress_type: TypeObject<objects::Compress>,
    decompress_type: TypeObject<objects::Decompress>,
    decompressor_type: TypeObject<decompressor::ZlibDecompressor>,
}

impl ModuleState for State {
    fn new<'py>(
        ctx: &mut ThreadContext<'py>,
        module: Borrowed<'_, 'py, PyModule>,
    ) -> PyResult<Self> {
        let error = new_exception(ctx, c"zlib.error")?;
        module.add(ctx, c"error", error.as_borrowed().as_any())?;
        let state = State {
            error: error.unbind(),
            compress_type: create_type(ctx, module)?,
            decompress_type: create_type(ctx, module)?,
            decompressor_type: create_type(ctx, module)?,
        };
        // As in C: only `_ZlibDecompressor` is a module attribute; `Compress` and
        // `Decompress` are reached through `type(compressobj())`.
        state.decompressor_type.add_to(ctx, module)?;
        for (name, value) in engine::MODULE_INTS {
            let name = std::ffi::CString::new(name).unwrap_or_default();
            module.add_int(ctx, &name, value.into())?;
        }
        let (version, _full) = engine::versions();
        let version = new_str(ctx, &version)?;
        module.add(ctx, c"ZLIB_VERSION", version.as_borrowed().as_any())?;
        module.add(ctx, c"ZLIB_RUNTIME_VERSION", version.as_borrowed().as_any())?;
        Ok(state)
    }
}

// SAFETY: the state owns one reference to `zlib.error` and one to each of its three types,
// and visits each once.
unsafe impl Traverse for State {
    fn traverse(&self, visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        visit.visit(&self.error)?;
        self.compress_type.visit(visit)?;
        self.decompress_type.visit(visit)?;
        self.decompressor_type.visit(visit)
    }
}

// SAFETY: every Python object the module reaches is its own interpreter's: `zlib.error` and
// the types are created in `State::new` for this module object and kept in its state only;
// instances keep objects (a `zdict`) only in their own values; no function stores an object
// in a static or thread-local. The C module is per-interpreter for the same reason.
unsafe impl PerInterpreter for State {}
// ANCHOR_END: state

impl State {
    /// `zlib_error()` of zlibmodule.c: `zlib.error("Error <rc> <context>: <msg>")`.
    pub(crate) fn error(
        &self,
        ctx: &ThreadContext<'_>,
        rc: c_int,
        msg: Option<String>,
        context: &str,
    ) -> cpython_api::PyErrRaised {
        let text = engine::error_text(rc, msg.as_deref(), context);
        self.error.bind(ctx).raise(ctx, &text)
    }

    /// `zlib.error(message)`.
    pub(crate) fn error_message(
        &self,
        ctx: &ThreadContext<'_>,
        message: &str,
    ) -> cpython_api::PyErrRaised {
        self.error.bind(ctx).raise(ctx, message)
    }
}

/// Run `work` detached when the input is large. The input is an immutable `bytes` or a
/// private copy ([`ByteInput`]), so no other thread can change it meanwhile.
pub(crate) fn maybe_detach<R: Send>(
    ctx: &mut ThreadContext<'_>,
    len: usize,
    work: impl FnOnce() -> R + Send,
) -> R {
    if len >= DETACH_THRESHOLD {
        ctx.detach(work)
    } else {
        work()
    }
}

/// `MemoryError()` for an output that could not grow.
pub(crate) fn no_memory(ctx: &ThreadContext<'_>, _stop: Stop) -> cpython_api::PyErrRaised {
    cpython_api::err::memory_error(ctx)
}

/// An empty output with room for `n` bytes (at least one), or `MemoryError`.
pub(crate) fn with_capacity(ctx: &ThreadContext<'_>, n: usize) -> PyResult<Vec<u8>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n.max(1))
        .map_err(|_| cpython_api::err::memory_error(ctx))?;
    Ok(v)
}

/// A Clinic `Py_buffer` argument (`PyBUF_SIMPLE`).
pub(crate) fn buffer<'a, 'py>(
    ctx: &ThreadContext<'py>,
    obj: Option<Borrowed<'a, 'py, PyAny>>,
) -> PyResult<ByteInput<'a>> {
    bytes_like(ctx, required(ctx, obj)?, SIMPLE)
}

/// An optional Clinic `int` argument.
pub(crate) fn int_or(
    ctx: &ThreadContext<'_>,
    obj: Option<Borrowed<'_, '_, PyAny>>,
    default: c_int,
) -> PyResult<c_int> {
    obj.map_or(Ok(default), |o| to_int(ctx, o))
}

/// An optional Clinic `Py_ssize_t` argument.
pub(crate) fn ssize_or(
    ctx: &ThreadContext<'_>,
    obj: Option<Borrowed<'_, '_, PyAny>>,
    default: isize,
) -> PyResult<isize> {
    obj.map_or(Ok(default), |o| to_ssize(ctx, o))
}

// ANCHOR: compress
cpython_api::signature!(static COMPRESS: "compress"(["", "level", "wbits"]),
    min_pos: 1, max_pos: 3, min_kw: 0);

/// `compress(data, /, level=Z_DEFAULT_COMPRESSION, wbits=MAX_WBITS)`.
fn compress<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [data, level, wbits]: [Option<Borrowed<'a, 'py, PyAny>>; 3],
) -> PyResult<Bound<'py, PyAny>> {
    let input = buffer(ctx, data)?;
    let level = int_or(ctx, level, Z_DEFAULT_COMPRESSION)?;
    let wbits = int_or(ctx, wbits, MAX_WBITS)?;
    let src = input.as_slice();
    let mut out = Vec::new();
    let done = maybe_detach(ctx, src.len(), || {
        engine::compress(src, level, wbits, &mut out)
    });
    match done {
        Ok(()) => bytes_from_slice(ctx, &out).map(Bound::into_any),
        Err(Failure::Init(Z_MEM_ERROR, _)) => {
            Err(MEMORY_ERROR.raise(ctx, "Out of memory while compressing data"))
        }
        Err(Failure::NoMemory) => Err(cpython_api::err::memory_error(ctx)),
        Err(Failure::Init(Z_STREAM_ERROR, _)) => {
            Err(state.error_message(ctx, "Bad compression level"))
        }
        Err(Failure::Init(rc, msg) | Failure::Run(rc, msg)) => {
            Err(state.error(ctx, rc, msg, "while compressing data"))
        }
        Err(Failure::End(rc, msg)) => Err(state.error(ctx, rc, msg, "while finishing compression")),
    }
}
// ANCHOR_END: compress

cpython_api::signature!(static DECOMPRESS: "decompress"(["", "wbits", "bufsize"]),
    min_pos: 1, max_pos: 3, min_kw: 0);

/// `decompress(data, /, wbits=MAX_WBITS, bufsize=DEF_BUF_SIZE)`.
fn decompress<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [data, wbits, bufsize]: [Option<Borrowed<'a, 'py, PyAny>>; 3],
) -> PyResult<Bound<'py, PyAny>> {
    let input = buffer(ctx, data)?;
    let wbits = int_or(ctx, wbits, MAX_WBITS)?;
    let bufsize = ssize_or(ctx, bufsize, DEF_BUF_SIZE as isize)?;
    let Ok(bufsize) = usize::try_from(bufsize) else {
        return Err(VALUE_ERROR.raise(ctx, "bufsize must be non-negative"));
    };
    let src = input.as_slice();
    let first = bufsize
        .min(engine::GUESS_CAP)
        .max(engine::inflate_guess(src.len()));
    let mut out = with_capacity(ctx, first)?;
    let done = maybe_detach(ctx, src.len(), || engine::decompress(src, wbits, &mut out));
    match done {
        Ok(()) => bytes_from_slice(ctx, &out).map(Bound::into_any),
        Err(Failure::Init(Z_MEM_ERROR, _) | Failure::Run(Z_MEM_ERROR, _)) => {
            Err(MEMORY_ERROR.raise(ctx, "Out of memory while decompressing data"))
        }
        Err(Failure::NoMemory) => Err(cpython_api::err::memory_error(ctx)),
        Err(Failure::Init(rc, msg)) => {
            Err(state.error(ctx, rc, msg, "while preparing to decompress data"))
        }
        Err(Failure::Run(rc, msg)) => Err(state.error(ctx, rc, msg, "while decompressing data")),
        Err(Failure::End(rc, msg)) => {
            Err(state.error(ctx, rc, msg, "while finishing decompression"))
        }
    }
}

/// `crc32`/`adler32`: the buffer, the start value (`unsigned int(bitwise=True)`), the sum.
fn checksum<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    [data, value]: [Option<Borrowed<'a, 'py, PyAny>>; 2],
    default: u32,
    sum: fn(u32, &[u8]) -> u32,
) -> PyResult<Bound<'py, PyAny>> {
    let input = buffer(ctx, data)?;
    let start = match value {
        Some(v) => to_u32_mask(ctx, v)?,
        None => default,
    };
    let src = input.as_slice();
    let result = maybe_detach(ctx, src.len(), || sum(start, src));
    new_uint(ctx, result.into())
}

static CRC32: Positional<2> = Positional {
    name: c"crc32",
    module: "zlib",
    min: 1,
};

/// `crc32(data, value=0, /)`.
fn crc32<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    _state: &'a State,
    args: [Option<Borrowed<'a, 'py, PyAny>>; 2],
) -> PyResult<Bound<'py, PyAny>> {
    checksum(ctx, args, 0, engine::crc32)
}

static ADLER32: Positional<2> = Positional {
    name: c"adler32",
    module: "zlib",
    min: 1,
};

/// `adler32(data, value=1, /)`.
fn adler32<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    _state: &'a State,
    args: [Option<Borrowed<'a, 'py, PyAny>>; 2],
) -> PyResult<Bound<'py, PyAny>> {
    checksum(ctx, args, 1, engine::adler32)
}

cpython_api::module! {
    init: PyInit_zlib,
    name: c"zlib",
    doc: docs::MODULE,
    state: State,
    interpreters: per_interpreter,
    functions: [
        (c"adler32", docs::ADLER32, &ADLER32, adler32),
        (c"compress", docs::COMPRESS, &COMPRESS, compress),
        (c"compressobj", docs::COMPRESSOBJ, &objects::COMPRESSOBJ, objects::compressobj),
        (c"crc32", docs::CRC32, &CRC32, crc32),
        (c"decompress", docs::DECOMPRESS, &DECOMPRESS, decompress),
        (c"decompressobj", docs::DECOMPRESSOBJ, &objects::DECOMPRESSOBJ, objects::decompressobj),
    ],
}
