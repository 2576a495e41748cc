//! The two sound ways to read a mutable exporter, measured against borrowing
//! an immutable `bytes` of the same contents (the cost floor):
//!
//! - `whole`: `pybuffer::raw::copy_buffer` (one `PyBuffer_ToContiguous` into
//!   a `Vec`, export released, then work on the copy) — what the crate does;
//! - `chunks`: hold the export and copy 16 KiB at a time into a buffer
//!   allocated once per thread, working on each chunk (no allocation per
//!   call, but the export is held for the whole call and the work must be
//!   chunkable);
//! - `borrow`: an exact `bytes`, borrowed in place.
//!
//! The work is a byte checksum (about as cheap per byte as base64 encoding
//! with SIMD, so the copy's share is near its worst case).
//!
//! ```text
//! cargo run --release -p pybuffer --example copy_vs_chunks            # same-run ratios
//! valgrind --tool=callgrind target/release/examples/copy_vs_chunks whole 65536 200
//! ```

use std::hint::black_box;
use std::time::Instant;

use pyo3::ffi;
use pyo3::prelude::*;

const CHUNK: usize = 16 * 1024;

fn checksum(acc: u64, data: &[u8]) -> u64 {
    data.iter()
        .fold(acc, |a, &b| a.wrapping_mul(31).wrapping_add(u64::from(b)))
}

fn whole(obj: &Bound<'_, PyAny>) -> u64 {
    let input = pybuffer::bound::bytes_like(obj).expect("bytes-like");
    checksum(0, input.as_slice())
}

fn chunks(obj: &Bound<'_, PyAny>) -> u64 {
    let mut view = ffi::Py_buffer::new();
    // SAFETY: `obj` is live and we are attached (we hold a `Bound`); `view`
    // stays at this address until it is released below.
    let rc = unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &raw mut view, ffi::PyBUF_SIMPLE) };
    assert_eq!(rc, 0, "bytes-like");
    let len = usize::try_from(view.len).unwrap_or(0);
    let acc = SCRATCH.with_borrow_mut(|scratch| chunked_checksum(&view, len, scratch));
    // SAFETY: released once, on the thread that acquired the export.
    unsafe { ffi::PyBuffer_Release(&raw mut view) };
    acc
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; CHUNK]);
}

fn chunked_checksum(view: &ffi::Py_buffer, len: usize, stack: &mut [u8]) -> u64 {
    let mut acc = 0;
    let mut done = 0;
    while done < len {
        let n = CHUNK.min(len - done);
        // SAFETY: `done + n <= len` bytes are exported at `view.buf` until the
        // caller releases the view; the copy goes through raw pointers into
        // our own buffer, so no reference to exporter memory is formed.
        unsafe {
            std::ptr::copy_nonoverlapping(view.buf.cast::<u8>().add(done), stack.as_mut_ptr(), n);
        }
        acc = checksum(acc, &stack[..n]);
        done += n;
    }
    acc
}

fn borrow(obj: &Bound<'_, PyAny>) -> u64 {
    let input = pybuffer::bound::bytes_like(obj).expect("bytes-like");
    assert!(!input.is_copied(), "an exact bytes is borrowed");
    checksum(0, input.as_slice())
}

fn make<'py>(py: Python<'py>, kind: &str, size: usize) -> Bound<'py, PyAny> {
    let code = format!(
        "{kind}(bytes(range(256)) * {} + bytes({}))",
        size / 256,
        size % 256
    );
    let code = std::ffi::CString::new(code).expect("no NUL");
    py.eval(&code, None, None).expect("input object")
}

type Reader = fn(&Bound<'_, PyAny>) -> u64;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    Python::attach(|py| {
        if let [mode, size, reps] = args.as_slice() {
            // One variant, for callgrind: `none` measures the fixed cost.
            let size: usize = size.parse().expect("size");
            let reps: usize = reps.parse().expect("reps");
            let bytearray = make(py, "bytearray", size);
            let bytes = make(py, "bytes", size);
            let (f, obj): (Option<Reader>, _) = match mode.as_str() {
                "whole" => (Some(whole), &bytearray),
                "chunks" => (Some(chunks), &bytearray),
                "borrow" => (Some(borrow), &bytes),
                _ => (None, &bytes),
            };
            let mut acc = 0;
            if let Some(f) = f {
                for _ in 0..reps {
                    acc ^= f(black_box(obj));
                }
            }
            println!("{mode} {size} {reps} {acc:#x}");
            return;
        }
        println!("size      whole/borrow  chunks/borrow  (median of 15 rounds, same run)");
        for size in [64usize, 4096, 65_536, 1 << 20, 16 << 20] {
            let bytearray = make(py, "bytearray", size);
            let bytes = make(py, "bytes", size);
            assert_eq!(whole(&bytearray), borrow(&bytes));
            assert_eq!(chunks(&bytearray), borrow(&bytes));
            let reps = (64 << 20) / size.max(4096);
            let mut ratios = [Vec::new(), Vec::new()];
            for _ in 0..15 {
                let time = |f: Reader, obj: &Bound<'_, PyAny>| {
                    let t = Instant::now();
                    for _ in 0..reps {
                        black_box(f(black_box(obj)));
                    }
                    t.elapsed().as_secs_f64()
                };
                let b = time(borrow, &bytes);
                ratios[0].push(time(whole, &bytearray) / b);
                ratios[1].push(time(chunks, &bytearray) / b);
            }
            for r in &mut ratios {
                r.sort_by(f64::total_cmp);
            }
            println!("{size:<9} {:>12.3}  {:>13.3}", ratios[0][7], ratios[1][7]);
        }
    });
}
