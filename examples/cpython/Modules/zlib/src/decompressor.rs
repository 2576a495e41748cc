//! `zlib._ZlibDecompressor`, the incremental decompressor `gzip` uses (3.12+): it keeps
//! unconsumed input itself, like the bz2 and lzma decompressors.

use cpython_api::args::to_ssize;
use cpython_api::bytes::bytes_from_slice;
use cpython_api::class::This;
use cpython_api::err::EOF_ERROR;
use cpython_api::lock::Lock;
use cpython_api::module::{Traverse, TraverseStop, Visit};
use cpython_api::object::new_bool;
use cpython_api::{Borrowed, Bound, Py, PyAny, PyResult, ThreadContext};
use rs_zlib_engine::{
    self as engine, DEF_BUF_SIZE, MAX_WBITS, Stream, Z_BUF_ERROR, Z_OK, Z_STREAM_END,
    Z_STREAM_ERROR, Z_SYNC_FLUSH,
};

use crate::objects::{new_inflate, set_inflate_zdict, visit_zdict};
use crate::{State, buffer, docs, maybe_detach, no_memory, with_capacity};

/// zlibmodule.c's `DEF_MAX_INITIAL_BUF_SIZE`: the largest first output for a `max_length`.
const MAX_INITIAL_BUF: usize = 16 * 1024 * 1024;

/// The mutable part of a `_ZlibDecompressor`.
struct Inner {
    /// `None` once the end of the stream was reached (the C code ends it then).
    stream: Option<Stream>,
    /// Input given but not yet consumed.
    pending: Vec<u8>,
    unused_data: Vec<u8>,
    eof: bool,
    needs_input: bool,
}

/// A `_ZlibDecompressor` object.
pub struct ZlibDecompressor {
    inner: Lock<Inner>,
    zdict: Option<Py<PyAny>>,
}

// SAFETY: not garbage-collected (as in C); `zdict` is the only object it owns, visited once.
unsafe impl Traverse for ZlibDecompressor {
    fn traverse(&self, visit: &mut Visit<'_>) -> Result<(), TraverseStop> {
        visit_zdict(&self.zdict, visit)
    }
}

cpython_api::signature!(static NEW: "_ZlibDecompressor"(["wbits", "zdict"]),
    min_pos: 0, max_pos: 2, min_kw: 0);

/// `_ZlibDecompressor(wbits=15, zdict=b'')`.
fn new<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    [wbits, zdict]: [Option<Borrowed<'a, 'py, PyAny>>; 2],
) -> PyResult<ZlibDecompressor> {
    // `PyArg_ParseTupleAndKeywords(args, kwargs, "|iO:_ZlibDecompressor", ...)` in C: its `i`.
    let wbits = match wbits {
        Some(w) => cpython_api::args::to_int_getargs(ctx, w)?,
        None => MAX_WBITS,
    };
    let mut stream = new_inflate(ctx, state, wbits)?;
    if let Some(z) = zdict
        && wbits < 0
    {
        set_inflate_zdict(ctx, state, &mut stream, z)?;
    }
    Ok(ZlibDecompressor {
        inner: Lock::new(Inner {
            stream: Some(stream),
            pending: Vec::new(),
            unused_data: Vec::new(),
            eof: false,
            needs_input: true,
        }),
        zdict: zdict.map(|z| z.to_owned().unbind()),
    })
}

cpython_api::signature!(static DECOMPRESS: "decompress"(["data", "max_length"]),
    min_pos: 1, max_pos: 2, min_kw: 0);

/// `_ZlibDecompressor.decompress(data, max_length=-1)`.
fn decompress<'a, 'py>(
    ctx: &mut ThreadContext<'py>,
    state: &'a State,
    this: This<'a, 'py, ZlibDecompressor>,
    [data, max_length]: [Option<Borrowed<'a, 'py, PyAny>>; 2],
) -> PyResult<Bound<'py, PyAny>> {
    let input = buffer(ctx, data)?;
    let max_length = match max_length {
        Some(m) => to_ssize(ctx, m)?,
        None => -1,
    };
    let mut guard = this.get().inner.lock(ctx);
    let inner = &mut *guard;
    if inner.eof {
        return Err(EOF_ERROR.raise(ctx, "End of stream already reached"));
    }
    // Negative (or sys.maxsize): no limit, start small; otherwise the limit, capped.
    let (limit, first) = match usize::try_from(max_length) {
        Ok(n) if max_length != isize::MAX => (n, n.min(MAX_INITIAL_BUF)),
        _ => (usize::MAX, DEF_BUF_SIZE),
    };
    // The unconsumed input of earlier calls, then this call's.
    let joined;
    let src: &[u8] = if inner.pending.is_empty() {
        input.as_slice()
    } else {
        inner.pending.extend_from_slice(input.as_slice());
        joined = std::mem::take(&mut inner.pending);
        &joined
    };
    let mut out = with_capacity(ctx, first)?;
    let mut pos = 0;
    let rc = match inner.stream.as_mut() {
        Some(stream) => maybe_detach(ctx, src.len(), || {
            engine::inflate_all(stream, src, &mut pos, &mut out, limit, Z_SYNC_FLUSH)
        })
        .map_err(|stop| no_memory(ctx, stop))?,
        None => Z_STREAM_ERROR,
    };
    let msg = inner.stream.as_ref().and_then(Stream::message);
    if rc == Z_STREAM_END {
        inner.eof = true;
        if let Some(ended) = inner.stream.take() {
            let rc = ended.end();
            if rc != Z_OK {
                return Err(state.error(ctx, rc, msg, "while finishing decompression"));
            }
        }
    } else if rc != Z_OK && rc != Z_BUF_ERROR {
        // Z_NEED_DICT included: like the C type, this one sets a zdict only for raw streams.
        return Err(state.error(ctx, rc, msg, "while decompressing data"));
    }
    let rest = &src[pos.min(src.len())..];
    if inner.eof {
        inner.needs_input = false;
        if !rest.is_empty() {
            inner.unused_data = rest.to_vec();
        }
    } else if rest.is_empty() {
        inner.needs_input = true;
    } else {
        inner.needs_input = false;
        inner.pending = rest.to_vec();
    }
    drop(guard);
    bytes_from_slice(ctx, &out).map(Bound::into_any)
}

fn flag<'py>(ctx: &mut ThreadContext<'py>, value: bool) -> PyResult<Bound<'py, PyAny>> {
    new_bool(ctx, value)
}

/// `_ZlibDecompressor.eof`.
fn eof<'py>(ctx: &mut ThreadContext<'py>, this: &ZlibDecompressor) -> PyResult<Bound<'py, PyAny>> {
    let value = this.inner.lock(ctx).eof;
    flag(ctx, value)
}

/// `_ZlibDecompressor.needs_input`.
fn needs_input<'py>(
    ctx: &mut ThreadContext<'py>,
    this: &ZlibDecompressor,
) -> PyResult<Bound<'py, PyAny>> {
    let value = this.inner.lock(ctx).needs_input;
    flag(ctx, value)
}

/// `_ZlibDecompressor.unused_data`.
fn unused_data<'py>(
    ctx: &mut ThreadContext<'py>,
    this: &ZlibDecompressor,
) -> PyResult<Bound<'py, PyAny>> {
    let data = this.inner.lock(ctx).unused_data.clone();
    bytes_from_slice(ctx, &data).map(Bound::into_any)
}

cpython_api::class! {
    type: ZlibDecompressor,
    name: c"zlib._ZlibDecompressor",
    doc: docs::DECOMPRESSOR,
    module: State,
    gc: false,
    new: [&NEW, new],
    next: [],
    methods: [
        (c"decompress", docs::DECOMPRESSOR_DECOMPRESS, &DECOMPRESS, decompress),
    ],
    getters: [
        (c"eof", c"True if the end-of-stream marker has been reached.", eof),
        (c"unused_data", c"Data found after the end of the compressed stream.", unused_data),
        (c"needs_input", c"True if more input is needed before more decompressed data can be produced.", needs_input),
    ],
}
