//! Docstrings: base64.py's, each after the `__text_signature__` line that `inspect` reads.

pub const B64ENCODE: &std::ffi::CStr = c"b64encode($module, /, s, altchars=None)
--

Encode the bytes-like object s using Base64 and return a bytes object.

Optional altchars should be a byte string of length 2 which specifies an
alternative alphabet for the '+' and '/' characters.  This allows an
application to e.g. generate url or filesystem safe Base64 strings.";

pub const B64DECODE: &std::ffi::CStr = c"b64decode($module, /, s, altchars=None, validate=False)
--

Decode the Base64 encoded bytes-like object or ASCII string s.

Optional altchars must be a bytes-like object or ASCII string of length 2
which specifies the alternative alphabet used instead of the '+' and '/'
characters.

The result is returned as a bytes object.  A binascii.Error is raised if
s is incorrectly padded.

If validate is False (the default), characters that are neither in the
normal base-64 alphabet nor the alternative alphabet are discarded prior
to the padding check.  If validate is True, these non-alphabet characters
in the input result in a binascii.Error.
For more information about the strict base64 check, see:

https://docs.python.org/3.11/library/binascii.html#binascii.a2b_base64";

pub const STANDARD_B64ENCODE: &std::ffi::CStr = c"standard_b64encode($module, /, s)
--

Encode bytes-like object s using the standard Base64 alphabet.

The result is returned as a bytes object.";

pub const STANDARD_B64DECODE: &std::ffi::CStr = c"standard_b64decode($module, /, s)
--

Decode bytes encoded with the standard Base64 alphabet.

Argument s is a bytes-like object or ASCII string to decode.  The result
is returned as a bytes object.  A binascii.Error is raised if the input
is incorrectly padded.  Characters that are not in the standard alphabet
are discarded prior to the padding check.";

pub const URLSAFE_B64ENCODE: &std::ffi::CStr = c"urlsafe_b64encode($module, /, s)
--

Encode bytes using the URL- and filesystem-safe Base64 alphabet.

Argument s is a bytes-like object to encode.  The result is returned as a
bytes object.  The alphabet uses '-' instead of '+' and '_' instead of
'/'.";

pub const URLSAFE_B64DECODE: &std::ffi::CStr = c"urlsafe_b64decode($module, /, s)
--

Decode bytes using the URL- and filesystem-safe Base64 alphabet.

Argument s is a bytes-like object or ASCII string to decode.  The result
is returned as a bytes object.  A binascii.Error is raised if the input
is incorrectly padded.  Characters that are not in the URL-safe base-64
alphabet, and are not a plus '+' or slash '/', are discarded prior to the
padding check.

The alphabet uses '-' instead of '+' and '_' instead of '/'.";
