//! The input conversions of `Lib/base64.py`, with its exact errors.

use cpython_api::buffer::{self, ByteInput};
use cpython_api::err::{TYPE_ERROR, VALUE_ERROR, clear};
use cpython_api::{Borrowed, PyAny, PyResult, ThreadContext};

/// base64.py's message for a `str` that is not ASCII.
pub const NON_ASCII: &str = "string argument should contain only ASCII characters";

/// `binascii.b2a_base64(s)`'s input: any C-contiguous bytes-like object (`PyBUF_SIMPLE`).
pub fn bytes_like<'a>(
    ctx: &ThreadContext<'_>,
    obj: Borrowed<'a, '_, PyAny>,
) -> PyResult<ByteInput<'a>> {
    buffer::bytes_like(ctx, obj, buffer::SIMPLE)
}

/// `_bytes_from_decode_data(s)`: an ASCII `str`, a `bytes`/`bytearray`, or anything
/// `memoryview` accepts (copied contiguous, as `memoryview(s).tobytes()`).
pub fn decode_data<'a>(
    ctx: &ThreadContext<'_>,
    obj: Borrowed<'a, '_, PyAny>,
) -> PyResult<ByteInput<'a>> {
    if let Some(text) = obj.downcast_str() {
        return match text.to_utf8() {
            Some(utf8) if utf8.is_ascii() => Ok(ByteInput::Shared(utf8)),
            _ => Err(VALUE_ERROR.raise(ctx, NON_ASCII)),
        };
    }
    if obj.downcast_bytes().is_some() || obj.is_bytearray() {
        return buffer::bytes_like(ctx, obj, buffer::SIMPLE);
    }
    match buffer::copy_buffer(ctx, obj, buffer::FULL_RO) {
        Ok(copy) => Ok(ByteInput::Copied(copy)),
        Err(raised) if TYPE_ERROR.is_pending(ctx) => {
            clear(ctx, raised);
            let name = obj.type_name();
            Err(TYPE_ERROR.raise(
                ctx,
                &format!("argument should be a bytes-like object or ASCII string, not '{name}'"),
            ))
        }
        Err(raised) => Err(raised),
    }
}
