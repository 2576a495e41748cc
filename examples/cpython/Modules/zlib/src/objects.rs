//! `compressobj()`/`decompressobj()` and the `Compress`/`Decompress` types.
//!
//! Each object's zlib stream is behind a [`Lock`] (zlibmodule.c's `ENTER_ZLIB`), so one
//! object may be shared by threads, GIL or not; large inputs are processed detached with the
//! lock held (the C module's `Py_BEGIN_ALLOW_THREADS` inside `ENTER_ZLIB`).

use std::ffi::c_int;

use cpython_api::args::required;
use cpython_api::buffer::{SIMPLE, bytes_like, supports_buffer};
use cpython_api::bytes::bytes_from_slice;
use cpython_api::class::This;
use cpython_api::err::{MEMORY_ERROR, OVERFLOW_ERROR, TYPE_ERROR, VALUE_ERROR};
use cpython_api::lock::Lock;
use cpython_api::module::{Traverse, TraverseStop, Visit};
use cpython_api::object::new_bool;
use cpython_api::{Borrowed, Bound, Py, PyAny, PyResult, ThreadContext};
use rs_zlib_engine::{
    self as engine, DEF_BUF_SIZE, DEF_MEM_LEVEL, DEFLATED, MAX_WBITS, Stream, Z_BUF_ERROR,
    Z_DEFAULT_COMPRESSION, Z_DEFAULT_STRATEGY, Z_FINISH, Z_MEM_ERROR, Z_NEED_DICT, Z_NO_FLUSH,
    Z_OK, Z_STREAM_END, Z_STREAM_ERROR, Z_SYNC_FLUSH, inflate_guess,
};

use crate::{State, buffer, docs, int_or, maybe_detach, no_memory, ssize_or, with_capacity};

// ANCHOR: compress-type
/// A `Compress` object: its deflate stream, `None` once `flush(Z_FINISH)` ended it.
pub struct Compress {
    stream: Lock<Option<Stream>>,
}
// ANCHOR_END: compress-type

// SAFETY: a Compress owns no Python object.
unsafe impl Traverse for Compress {
    fn traverse(&self, _visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        Ok(())
    }
}

cpython_api::signature!(pub(crate) static COMPRESSOBJ: "compressobj"(
    ["level", "method", "wbits", "memLevel", "strategy", "zdict"]),
    min_pos: 0, max_pos: 6, min_kw: 0);

/// `compressobj(level=-1, method=DEFLATED, wbits=MAX_WBITS, memLevel=DEF_MEM_LEVEL,
/// strategy=Z_DEFAULT_STRATEGY, zdict=None)`.
#[allow(non_snake_case)]
pub(crate) fn compressobj<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [level, method, wbits, memLevel, strategy, zdict]: [Option<Borrowed<'a, 'py, PyAny>>; 6],
) -> PyResult<Bound<'py, PyAny>> {
    let level = int_or(ctx, level, Z_DEFAULT_COMPRESSION)?;
    let method = int_or(ctx, method, DEFLATED)?;
    let wbits = int_or(ctx, wbits, MAX_WBITS)?;
    let memLevel = int_or(ctx, memLevel, DEF_MEM_LEVEL)?;
    let strategy = int_or(ctx, strategy, Z_DEFAULT_STRATEGY)?;
    let zdict = zdict.map(|z| bytes_like(ctx, z, SIMPLE)).transpose()?;
    let mut stream = match Stream::deflate(level, method, wbits, memLevel, strategy) {
        Ok(s) => s,
        Err((Z_MEM_ERROR, _)) => {
            return Err(MEMORY_ERROR.raise(ctx, "Can't allocate memory for compression object"));
        }
        Err((Z_STREAM_ERROR, _)) => {
            return Err(VALUE_ERROR.raise(ctx, "Invalid initialization option"));
        }
        Err((rc, msg)) => {
            return Err(state.error(ctx, rc, msg, "while creating compression object"));
        }
    };
    if let Some(dict) = zdict {
        match stream.set_dictionary(dict.as_slice()) {
            None => {
                return Err(
                    OVERFLOW_ERROR.raise(ctx, "zdict length does not fit in an unsigned int")
                );
            }
            Some(Z_OK) => {}
            Some(Z_STREAM_ERROR) => return Err(VALUE_ERROR.raise(ctx, "Invalid dictionary")),
            Some(_) => return Err(VALUE_ERROR.raise(ctx, "deflateSetDictionary()")),
        }
    }
    state.compress_type.instantiate(
        ctx,
        Compress {
            stream: Lock::new(Some(stream)),
        },
    )
}

cpython_api::signature!(static COMPRESS_COMPRESS: "compress"([""]), min_pos: 1, max_pos: 1, min_kw: 0);

// ANCHOR: compress-method
/// `Compress.compress(data, /)`.
fn compress_compress<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    this: This<'a, 'py, Compress>,
    [data]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    let input = buffer(ctx, data)?;
    let mut guard = this.get().stream.lock(ctx);
    let Some(stream) = guard.as_mut() else {
        return Err(state.error(ctx, Z_STREAM_ERROR, None, "while compressing data"));
    };
    let src = input.as_slice();
    let mut out = with_capacity(ctx, stream.deflate_bound(src.len()).max(DEF_BUF_SIZE))?;
    let rc = maybe_detach(ctx, src.len(), || {
        engine::deflate_all(stream, src, &mut out, Z_NO_FLUSH)
    })
    .map_err(|stop| no_memory(ctx, stop))?;
    if rc == Z_STREAM_ERROR {
        return Err(state.error(ctx, rc, stream.message(), "while compressing data"));
    }
    drop(guard);
    bytes_from_slice(ctx, &out).map(Bound::into_any)
}
// ANCHOR_END: compress-method

cpython_api::signature!(static COMPRESS_FLUSH: "flush"([""]), min_pos: 0, max_pos: 1, min_kw: 0);

/// `Compress.flush(mode=zlib.Z_FINISH, /)`.
fn compress_flush<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    this: This<'a, 'py, Compress>,
    [mode]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    let mode = int_or(ctx, mode, Z_FINISH)?;
    if mode == Z_NO_FLUSH {
        return bytes_from_slice(ctx, b"").map(Bound::into_any);
    }
    let mut guard = this.get().stream.lock(ctx);
    let Some(stream) = guard.as_mut() else {
        return Err(state.error(ctx, Z_STREAM_ERROR, None, "while flushing"));
    };
    let mut out = with_capacity(ctx, DEF_BUF_SIZE)?;
    let rc = ctx
        .detach(|| engine::deflate_all(stream, &[], &mut out, mode))
        .map_err(|stop| no_memory(ctx, stop))?;
    if rc == Z_STREAM_ERROR {
        return Err(state.error(ctx, rc, stream.message(), "while flushing"));
    }
    if rc == Z_STREAM_END && mode == Z_FINISH {
        let msg = stream.message();
        if let Some(ended) = guard.take() {
            let rc = ended.end();
            if rc != Z_OK {
                return Err(state.error(ctx, rc, msg, "while finishing compression"));
            }
        }
    } else if rc != Z_OK && rc != Z_BUF_ERROR {
        return Err(state.error(ctx, rc, stream.message(), "while flushing"));
    }
    drop(guard);
    bytes_from_slice(ctx, &out).map(Bound::into_any)
}

cpython_api::signature!(static NO_ARGS: "copy"([]), min_pos: 0, max_pos: 0, min_kw: 0);
cpython_api::signature!(static DEEPCOPY: "__deepcopy__"([""]), min_pos: 1, max_pos: 1, min_kw: 0);

/// The shared part of `copy`, `__copy__` and `__deepcopy__`.
fn compress_copy_of<'py>(
    ctx: &mut ThreadContext<'py>,
    state: &State,
    this: &Compress,
) -> PyResult<Bound<'py, PyAny>> {
    let mut guard = this.stream.lock(ctx);
    let Some(stream) = guard.as_mut() else {
        return Err(VALUE_ERROR.raise(ctx, "Inconsistent stream state"));
    };
    let copy = match stream.try_clone() {
        Ok(copy) => copy,
        Err(Z_STREAM_ERROR) => return Err(VALUE_ERROR.raise(ctx, "Inconsistent stream state")),
        Err(Z_MEM_ERROR) => {
            return Err(MEMORY_ERROR.raise(ctx, "Can't allocate memory for compression object"));
        }
        Err(rc) => {
            return Err(state.error(
                ctx,
                rc,
                stream.message(),
                "while copying compression object",
            ));
        }
    };
    drop(guard);
    state.compress_type.instantiate(
        ctx,
        Compress {
            stream: Lock::new(Some(copy)),
        },
    )
}

/// `Compress.copy()` and `__copy__()`.
fn compress_copy<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    this: This<'a, 'py, Compress>,
    []: [Option<Borrowed<'a, 'py, PyAny>>; 0],
) -> PyResult<Bound<'py, PyAny>> {
    compress_copy_of(ctx, state, this.get())
}

/// `Compress.__deepcopy__(memo, /)`.
fn compress_deepcopy<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    this: This<'a, 'py, Compress>,
    [memo]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    required(ctx, memo)?;
    compress_copy_of(ctx, state, this.get())
}

cpython_api::class! {
    type: Compress,
    name: c"zlib.Compress",
    doc: docs::COMPRESS_TYPE,
    module: State,
    gc: false,
    new: [],
    next: [],
    methods: [
        (c"compress", docs::COMPRESS_COMPRESS, &COMPRESS_COMPRESS, compress_compress),
        (c"flush", docs::COMPRESS_FLUSH, &COMPRESS_FLUSH, compress_flush),
        (c"copy", docs::COPY, &NO_ARGS, compress_copy),
        (c"__copy__", docs::DUNDER_COPY, &NO_ARGS, compress_copy),
        (c"__deepcopy__", docs::DEEPCOPY, &DEEPCOPY, compress_deepcopy),
    ],
    getters: [],
}

/// The mutable part of a `Decompress` object.
struct Inflater {
    /// `None` once `flush()` reached the end of the stream and ended it.
    stream: Option<Stream>,
    unused_data: Vec<u8>,
    unconsumed_tail: Vec<u8>,
    eof: bool,
}

/// A `Decompress` object.
pub struct Decompress {
    state: Lock<Inflater>,
    /// The dictionary object, read again whenever zlib asks for it.
    zdict: Option<Py<PyAny>>,
}

// SAFETY: the type is not garbage-collected (as in C, whose Decompress holds only buffers);
// `zdict` is the only object it owns, visited once.
unsafe impl Traverse for Decompress {
    fn traverse(&self, visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        visit_zdict(&self.zdict, visit)
    }
}

/// `set_inflate_zdict()` of zlibmodule.c (both decompressor types use it).
pub(crate) fn set_inflate_zdict(
    ctx: &ThreadContext<'_>,
    state: &State,
    stream: &mut Stream,
    zdict: Borrowed<'_, '_, PyAny>,
) -> PyResult<()> {
    let buf = bytes_like(ctx, zdict, SIMPLE)?;
    match stream.set_dictionary(buf.as_slice()) {
        None => Err(OVERFLOW_ERROR.raise(ctx, "zdict length does not fit in an unsigned int")),
        Some(Z_OK) => Ok(()),
        Some(rc) => Err(state.error(ctx, rc, stream.message(), "while setting zdict")),
    }
}

/// `inflateInit2(wbits)` with the C module's errors for a decompressor (both types).
pub(crate) fn new_inflate(
    ctx: &ThreadContext<'_>,
    state: &State,
    wbits: c_int,
) -> PyResult<Stream> {
    match Stream::inflate(wbits) {
        Ok(s) => Ok(s),
        Err((Z_STREAM_ERROR, _)) => Err(VALUE_ERROR.raise(ctx, "Invalid initialization option")),
        Err((Z_MEM_ERROR, _)) => {
            Err(MEMORY_ERROR.raise(ctx, "Can't allocate memory for decompression object"))
        }
        Err((rc, msg)) => Err(state.error(ctx, rc, msg, "while creating decompression object")),
    }
}

/// A `Traverse` for a decompressor, which owns one object: its zdict, if any.
pub(crate) fn visit_zdict(
    zdict: &Option<Py<PyAny>>,
    visit: &mut Visit<'_>,
) -> Result<(), TraverseStop> {
    match zdict {
        Some(z) => visit.visit(z),
        None => Ok(()),
    }
}

cpython_api::signature!(pub(crate) static DECOMPRESSOBJ: "decompressobj"(["wbits", "zdict"]),
    min_pos: 0, max_pos: 2, min_kw: 0);

/// `decompressobj(wbits=MAX_WBITS, zdict=b'')`.
pub(crate) fn decompressobj<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [wbits, zdict]: [Option<Borrowed<'a, 'py, PyAny>>; 2],
) -> PyResult<Bound<'py, PyAny>> {
    let wbits = int_or(ctx, wbits, MAX_WBITS)?;
    if let Some(z) = zdict
        && !supports_buffer(ctx, z)
    {
        return Err(TYPE_ERROR.raise(ctx, "zdict argument must support the buffer protocol"));
    }
    let mut stream = new_inflate(ctx, state, wbits)?;
    if let Some(z) = zdict
        && wbits < 0
    {
        set_inflate_zdict(ctx, state, &mut stream, z)?;
    }
    state.decompress_type.instantiate(
        ctx,
        Decompress {
            state: Lock::new(Inflater {
                stream: Some(stream),
                unused_data: Vec::new(),
                unconsumed_tail: Vec::new(),
                eof: false,
            }),
            zdict: zdict.map(|z| z.to_owned().unbind()),
        },
    )
}

impl Decompress {
    /// Drive inflate over `src[*pos..]`, answering `Z_NEED_DICT` with the zdict. Returns the
    /// last code; `Z_STREAM_ERROR` if the stream was ended.
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        ctx: &mut ThreadContext<'_>,
        state: &State,
        inner: &mut Inflater,
        src: &[u8],
        pos: &mut usize,
        out: &mut Vec<u8>,
        limit: usize,
        flush: c_int,
    ) -> PyResult<c_int> {
        let Some(stream) = inner.stream.as_mut() else {
            return Ok(Z_STREAM_ERROR);
        };
        loop {
            let rc = maybe_detach(ctx, src.len(), || {
                engine::inflate_all(stream, src, pos, out, limit, flush)
            })
            .map_err(|stop| no_memory(ctx, stop))?;
            match (&self.zdict, rc) {
                (Some(zdict), Z_NEED_DICT) => {
                    set_inflate_zdict(ctx, state, stream, zdict.bind(ctx))?;
                }
                _ => return Ok(rc),
            }
        }
    }

    /// `save_unconsumed_input()` of zlibmodule.c (the engine's [`engine::leftover`], quirk
    /// included).
    fn save_unconsumed(inner: &mut Inflater, src: &[u8], pos: usize, rc: c_int) {
        let left = engine::leftover(src, pos, rc, inner.unconsumed_tail.is_empty());
        if let Some(more) = left.append_unused {
            inner.unused_data.extend_from_slice(more);
        }
        if let Some(tail) = left.new_tail {
            inner.unconsumed_tail = tail.to_vec();
        }
    }
}

cpython_api::signature!(static DECOMPRESS_DECOMPRESS: "decompress"(["", "max_length"]),
    min_pos: 1, max_pos: 2, min_kw: 0);

/// `Decompress.decompress(data, /, max_length=0)`.
fn decompress_decompress<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    this: This<'a, 'py, Decompress>,
    [data, max_length]: [Option<Borrowed<'a, 'py, PyAny>>; 2],
) -> PyResult<Bound<'py, PyAny>> {
    let input = buffer(ctx, data)?;
    let max_length = ssize_or(ctx, max_length, 0)?;
    let limit = match usize::try_from(max_length) {
        Err(_) => return Err(VALUE_ERROR.raise(ctx, "max_length must be non-negative")),
        Ok(0) => usize::MAX,
        Ok(n) => n,
    };
    let obj = this.get();
    let mut guard = obj.state.lock(ctx);
    let inner = &mut *guard;
    let src = input.as_slice();
    let mut out = with_capacity(ctx, inflate_guess(src.len()).max(DEF_BUF_SIZE).min(limit))?;
    let mut pos = 0;
    let rc = obj.run(
        ctx,
        state,
        inner,
        src,
        &mut pos,
        &mut out,
        limit,
        Z_SYNC_FLUSH,
    )?;
    Decompress::save_unconsumed(inner, src, pos, rc);
    if rc == Z_STREAM_END {
        inner.eof = true;
    } else if rc != Z_OK && rc != Z_BUF_ERROR {
        let msg = inner.stream.as_ref().and_then(Stream::message);
        return Err(state.error(ctx, rc, msg, "while decompressing data"));
    }
    drop(guard);
    bytes_from_slice(ctx, &out).map(Bound::into_any)
}

cpython_api::signature!(static DECOMPRESS_FLUSH: "flush"([""]), min_pos: 0, max_pos: 1, min_kw: 0);

/// `Decompress.flush(length=zlib.DEF_BUF_SIZE, /)`.
fn decompress_flush<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    this: This<'a, 'py, Decompress>,
    [length]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    let length = ssize_or(ctx, length, DEF_BUF_SIZE as isize)?;
    let length = match usize::try_from(length) {
        Ok(n) if n > 0 => n,
        _ => return Err(VALUE_ERROR.raise(ctx, "length must be greater than zero")),
    };
    let obj = this.get();
    let mut guard = obj.state.lock(ctx);
    let inner = &mut *guard;
    let tail = inner.unconsumed_tail.clone();
    let mut out = with_capacity(ctx, length.min(1 << 26))?;
    let mut pos = 0;
    let rc = obj.run(
        ctx,
        state,
        inner,
        &tail,
        &mut pos,
        &mut out,
        usize::MAX,
        Z_FINISH,
    )?;
    Decompress::save_unconsumed(inner, &tail, pos, rc);
    if rc == Z_STREAM_END {
        inner.eof = true;
        if let Some(ended) = inner.stream.take() {
            let msg = ended.message();
            let rc = ended.end();
            if rc != Z_OK {
                return Err(state.error(ctx, rc, msg, "while finishing decompression"));
            }
        }
    }
    drop(guard);
    bytes_from_slice(ctx, &out).map(Bound::into_any)
}

/// The shared part of `copy`, `__copy__` and `__deepcopy__`.
fn decompress_copy_of<'py>(
    ctx: &mut ThreadContext<'py>,
    state: &State,
    this: &Decompress,
) -> PyResult<Bound<'py, PyAny>> {
    let mut guard = this.state.lock(ctx);
    let inner = &mut *guard;
    let Some(stream) = inner.stream.as_mut() else {
        return Err(VALUE_ERROR.raise(ctx, "Inconsistent stream state"));
    };
    let copy = match stream.try_clone() {
        Ok(copy) => copy,
        Err(Z_STREAM_ERROR) => return Err(VALUE_ERROR.raise(ctx, "Inconsistent stream state")),
        Err(Z_MEM_ERROR) => {
            return Err(MEMORY_ERROR.raise(ctx, "Can't allocate memory for decompression object"));
        }
        Err(rc) => {
            return Err(state.error(
                ctx,
                rc,
                stream.message(),
                "while copying decompression object",
            ));
        }
    };
    let value = Decompress {
        state: Lock::new(Inflater {
            stream: Some(copy),
            unused_data: inner.unused_data.clone(),
            unconsumed_tail: inner.unconsumed_tail.clone(),
            eof: inner.eof,
        }),
        zdict: this.zdict.as_ref().map(|z| z.bind(ctx).to_owned().unbind()),
    };
    drop(guard);
    state.decompress_type.instantiate(ctx, value)
}

/// `Decompress.copy()` and `__copy__()`.
fn decompress_copy<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    this: This<'a, 'py, Decompress>,
    []: [Option<Borrowed<'a, 'py, PyAny>>; 0],
) -> PyResult<Bound<'py, PyAny>> {
    decompress_copy_of(ctx, state, this.get())
}

/// `Decompress.__deepcopy__(memo, /)`.
fn decompress_deepcopy<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    this: This<'a, 'py, Decompress>,
    [memo]: [Option<Borrowed<'a, 'py, PyAny>>; 1],
) -> PyResult<Bound<'py, PyAny>> {
    required(ctx, memo)?;
    decompress_copy_of(ctx, state, this.get())
}

/// `Decompress.unused_data`.
fn unused_data<'py>(
    ctx: &mut ThreadContext<'py>,
    this: &Decompress,
) -> PyResult<Bound<'py, PyAny>> {
    let data = this.state.lock(ctx).unused_data.clone();
    bytes_from_slice(ctx, &data).map(Bound::into_any)
}

/// `Decompress.unconsumed_tail`.
fn unconsumed_tail<'py>(
    ctx: &mut ThreadContext<'py>,
    this: &Decompress,
) -> PyResult<Bound<'py, PyAny>> {
    let data = this.state.lock(ctx).unconsumed_tail.clone();
    bytes_from_slice(ctx, &data).map(Bound::into_any)
}

/// `Decompress.eof`.
fn eof<'py>(ctx: &mut ThreadContext<'py>, this: &Decompress) -> PyResult<Bound<'py, PyAny>> {
    let eof = this.state.lock(ctx).eof;
    new_bool(ctx, eof)
}

cpython_api::class! {
    type: Decompress,
    name: c"zlib.Decompress",
    doc: docs::DECOMPRESS_TYPE,
    module: State,
    gc: false,
    new: [],
    next: [],
    methods: [
        (c"decompress", docs::DECOMPRESS_DECOMPRESS, &DECOMPRESS_DECOMPRESS, decompress_decompress),
        (c"flush", docs::DECOMPRESS_FLUSH, &DECOMPRESS_FLUSH, decompress_flush),
        (c"copy", docs::COPY, &NO_ARGS, decompress_copy),
        (c"__copy__", docs::DUNDER_COPY, &NO_ARGS, decompress_copy),
        (c"__deepcopy__", docs::DEEPCOPY, &DEEPCOPY, decompress_deepcopy),
    ],
    getters: [
        (c"unused_data", c"Data found after the end of the compressed stream.", unused_data),
        (c"unconsumed_tail", c"Input not yet consumed because max_length was reached.", unconsumed_tail),
        (c"eof", c"True once the end of the compressed stream has been reached.", eof),
    ],
}
