//! The crate's contract, checked on an embedded interpreter: which objects
//! are borrowed, which copied, which rejected and with what error.

use pybuffer::Input;
use pybuffer::bound::{ascii_or_bytes_like, bytes_like, new_bytes, supports_buffer};
use pyo3::exceptions::{PyBufferError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

fn eval<'py>(py: Python<'py>, code: &std::ffi::CStr) -> Bound<'py, PyAny> {
    py.eval(code, None, None)
        .expect("test expression evaluates")
}

#[test]
fn exact_bytes_are_borrowed_in_place() {
    Python::attach(|py| {
        let obj = eval(py, c"b'immutable'");
        let input = bytes_like(&obj).expect("bytes are bytes-like");
        let storage = obj.cast::<PyBytes>().expect("a bytes").as_bytes().as_ptr();
        assert!(matches!(input, Input::Borrowed(s) if s.as_ptr() == storage));
        assert_eq!(input.as_slice(), b"immutable");
    });
}

#[test]
fn mutable_exporters_are_copied_and_released() {
    Python::attach(|py| {
        for code in [
            c"bytearray(b'abc')",
            c"memoryview(bytearray(b'abc'))",
            c"memoryview(b'abc')",
            c"__import__('array').array('B', b'abc')",
            c"type('B', (bytes,), {})(b'abc')",
        ] {
            let obj = eval(py, code);
            let input = bytes_like(&obj).expect("bytes-like");
            assert!(input.is_copied(), "{code:?} is copied");
            assert_eq!(input.as_slice(), b"abc", "{code:?}");
        }
        // The export is released before the copy is used: the bytearray can
        // be resized while the input is alive, and the copy does not change.
        let obj = eval(py, c"bytearray(b'before')");
        let input = bytes_like(&obj).expect("bytes-like");
        obj.call_method1("extend", (b"-and-after",))
            .expect("no export held");
        obj.call_method1("__setitem__", (0, 0x42))
            .expect("writable");
        assert_eq!(input.as_slice(), b"before");
    });
}

#[test]
fn array_of_ints_is_read_as_raw_bytes() {
    Python::attach(|py| {
        let obj = eval(py, c"__import__('array').array('i', [1, 2])");
        let want: Vec<u8> = [1i32, 2].iter().flat_map(|v| v.to_ne_bytes()).collect();
        assert_eq!(bytes_like(&obj).expect("array").as_slice(), want);
    });
}

#[test]
fn rejections_carry_the_exporters_errors() {
    Python::attach(|py| {
        let strided = eval(py, c"memoryview(b'abcdef')[::2]");
        let err = bytes_like(&strided).expect_err("not contiguous");
        assert!(err.is_instance_of::<PyBufferError>(py), "{err}");
        let text = eval(py, c"'text'");
        let err = bytes_like(&text).expect_err("str has no buffer");
        assert!(err.is_instance_of::<PyTypeError>(py), "{err}");
        assert!(!supports_buffer(&text) && supports_buffer(&strided));
    });
}

#[test]
fn ascii_text_is_borrowed_and_other_text_refused() {
    Python::attach(|py| {
        let obj = eval(py, c"'QUJD'");
        let input = ascii_or_bytes_like(&obj).expect("ASCII str");
        assert!(matches!(input, Input::Borrowed(b"QUJD")));
        let err = ascii_or_bytes_like(&eval(py, c"'é'")).expect_err("non-ASCII");
        assert!(err.is_instance_of::<PyValueError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "string argument should contain only ASCII characters"
        );
        let err = ascii_or_bytes_like(&eval(py, c"1")).expect_err("int");
        assert!(err.is_instance_of::<PyTypeError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "argument should be bytes, buffer or ASCII string, not 'int'"
        );
    });
}

#[test]
fn new_bytes_is_filled_or_discarded() {
    Python::attach(|py| {
        let made = new_bytes(py, 3, |out| {
            for (slot, b) in out.iter_mut().zip(b"xyz") {
                slot.write(*b);
            }
            true
        })
        .expect("allocated")
        .expect("kept");
        assert_eq!(made.as_bytes(), b"xyz");
        let dropped = new_bytes(py, 3, |_| false).expect("allocated");
        assert!(dropped.is_none());
    });
}
