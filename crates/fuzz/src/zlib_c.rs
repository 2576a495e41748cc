//! The oracle for the zlib targets: C zlib (the copy `libz-sys` bundles,
//! built from source), driven by the plain loop zlib's own example uses.

use std::ffi::{CStr, c_int, c_uint, c_void};

use libz_sys as c;

unsafe extern "C" {
    fn calloc(n: usize, size: usize) -> *mut c_void;
    fn free(p: *mut c_void);
}

/// zlib's allocator callbacks (libz-sys' `z_stream` has no null default).
unsafe extern "C" fn zalloc(_: c::voidpf, items: c::uInt, size: c::uInt) -> c::voidpf {
    // SAFETY: calloc has no precondition; zlib checks for a null result.
    unsafe { calloc(items as usize, size as usize) }
}

unsafe extern "C" fn zfree(_: c::voidpf, p: c::voidpf) {
    // SAFETY: zlib passes only pointers `zalloc` returned, each once.
    unsafe { free(p) }
}

fn new_stream() -> Box<c::z_stream> {
    Box::new(c::z_stream {
        next_in: std::ptr::null_mut(),
        avail_in: 0,
        total_in: 0,
        next_out: std::ptr::null_mut(),
        avail_out: 0,
        total_out: 0,
        msg: std::ptr::null_mut(),
        state: std::ptr::null_mut(),
        zalloc,
        zfree,
        opaque: std::ptr::null_mut(),
        data_type: 0,
        adler: 0,
        reserved: 0,
    })
}

fn size() -> c_int {
    std::mem::size_of::<c::z_stream>() as c_int
}

fn message(strm: &c::z_stream) -> Option<String> {
    if strm.msg.is_null() {
        return None;
    }
    // SAFETY: zlib sets `msg` only to NUL-terminated static strings.
    Some(
        unsafe { CStr::from_ptr(strm.msg) }
            .to_string_lossy()
            .into_owned(),
    )
}

/// What one inflate of a whole input gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inflated {
    /// `inflateInit2`'s code when it refused, else the last `inflate` code.
    pub init_failed: bool,
    pub rc: c_int,
    pub msg: Option<String>,
    pub out: Vec<u8>,
    pub consumed: usize,
}

/// Inflate all of `input` (fed at once, `Z_NO_FLUSH`), output growing in
/// 16 KiB steps up to `limit` bytes; stops at the end of the stream, on an
/// error, when the output reaches `limit`, or when no progress is possible.
pub fn inflate(input: &[u8], wbits: c_int, limit: usize) -> Inflated {
    let mut strm = new_stream();
    // SAFETY: `strm` is a zeroed z_stream with valid allocator callbacks;
    // version and size are the library's own.
    let rc = unsafe { c::inflateInit2_(&raw mut *strm, wbits, c::zlibVersion(), size()) };
    if rc != c::Z_OK {
        return Inflated {
            init_failed: true,
            rc,
            msg: message(&strm),
            out: Vec::new(),
            consumed: 0,
        };
    }
    let mut out: Vec<u8> = Vec::new();
    strm.next_in = input.as_ptr().cast_mut();
    strm.avail_in = c_uint::try_from(input.len()).unwrap_or(c_uint::MAX);
    let rc = loop {
        if out.len() >= limit {
            break c::Z_OK;
        }
        let room = (limit - out.len()).min(16 * 1024);
        out.reserve(room);
        let len = out.len();
        strm.next_out = out.spare_capacity_mut().as_mut_ptr().cast();
        strm.avail_out = room as c_uint;
        // SAFETY: the stream is initialised; `next_in` points into `input`
        // (`avail_in` bytes left, advanced by zlib), `next_out` to `room`
        // writable bytes of `out`'s spare capacity.
        let rc = unsafe { c::inflate(&raw mut *strm, c::Z_NO_FLUSH) };
        let produced = room - strm.avail_out as usize;
        // SAFETY: zlib initialised `produced` bytes after `len`.
        unsafe { out.set_len(len + produced) };
        if rc != c::Z_OK || (strm.avail_in == 0 && strm.avail_out > 0) {
            break rc;
        }
    };
    let consumed = input.len() - strm.avail_in as usize;
    let msg = message(&strm);
    // SAFETY: the stream was initialised and is ended once.
    unsafe { c::inflateEnd(&raw mut *strm) };
    Inflated {
        init_failed: false,
        rc,
        msg,
        out,
        consumed,
    }
}

/// Whether `deflateInit2` accepts these parameters.
pub fn deflate_accepts(level: c_int, wbits: c_int, mem_level: c_int, strategy: c_int) -> bool {
    let mut strm = new_stream();
    // SAFETY: as in `inflate`: a zeroed stream with valid callbacks, the
    // library's own version and size.
    let rc = unsafe {
        c::deflateInit2_(
            &raw mut *strm,
            level,
            c::Z_DEFLATED,
            wbits,
            mem_level,
            strategy,
            c::zlibVersion(),
            size(),
        )
    };
    if rc == c::Z_OK {
        // SAFETY: initialised just above, ended once.
        unsafe { c::deflateEnd(&raw mut *strm) };
    }
    rc == c::Z_OK
}

/// C zlib's `crc32(start, buf)`.
pub fn crc32(start: u32, buf: &[u8]) -> u32 {
    buf.chunks(1 << 30).fold(start, |crc, part| {
        // SAFETY: `part` is `part.len()` readable bytes (below 2^30).
        unsafe { c::crc32(c::uLong::from(crc), part.as_ptr(), part.len() as c::uInt) as u32 }
    })
}

/// C zlib's `adler32(start, buf)`.
pub fn adler32(start: u32, buf: &[u8]) -> u32 {
    buf.chunks(1 << 30).fold(start, |sum, part| {
        // SAFETY: `part` is `part.len()` readable bytes (below 2^30).
        unsafe { c::adler32(c::uLong::from(sum), part.as_ptr(), part.len() as c::uInt) as u32 }
    })
}

/// The C library's version string.
pub fn version() -> String {
    // SAFETY: zlibVersion returns a static NUL-terminated string.
    unsafe { CStr::from_ptr(c::zlibVersion()) }
        .to_string_lossy()
        .into_owned()
}
