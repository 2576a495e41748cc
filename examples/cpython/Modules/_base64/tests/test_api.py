"""_base64 against base64.py's own Python code: results, exceptions and messages.

The reference is Lib/base64.py imported with _base64 blocked, so it runs the binascii-based
functions that _base64 replaces. Run with the built interpreter:
    <build>/python -m unittest discover -s <this dir> -t <this dir>
"""

import array
import binascii
import inspect
import subprocess
import sys
import sysconfig
import unittest

from test.support import import_helper

import _base64

GIL_DISABLED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))

REFERENCE = import_helper.import_fresh_module("base64", blocked=["_base64"])
FUNCTIONS = (
    "b64encode",
    "b64decode",
    "standard_b64encode",
    "standard_b64decode",
    "urlsafe_b64encode",
    "urlsafe_b64decode",
)


def outcome(func, *args, **kwargs):
    """('ok', result) or (exception type, message) of one call."""
    try:
        return ("ok", func(*args, **kwargs))
    except Exception as exc:  # noqa: BLE001 - the comparison is the point
        return (type(exc), str(exc))


class SameAsBase64Py(unittest.TestCase):
    def assertSame(self, name, *args, **kwargs):
        expected = outcome(getattr(REFERENCE, name), *args, **kwargs)
        actual = outcome(getattr(_base64, name), *args, **kwargs)
        self.assertEqual(actual, expected, f"{name}{args!r} {kwargs!r}")

    def test_reference_is_the_python_code(self):
        self.assertEqual(type(REFERENCE.b64encode).__name__, "function")
        self.assertEqual(type(_base64.b64encode).__name__, "builtin_function_or_method")

    def test_base64_uses_the_module(self):
        import base64

        for name in FUNCTIONS:
            self.assertIs(getattr(base64, name), getattr(_base64, name), name)

    def test_round_trips_of_every_length(self):
        data = bytes(range(256)) * 3
        for n in range(0, 200):
            chunk = data[n : n * 2 + 1]
            for name in ("b64encode", "standard_b64encode", "urlsafe_b64encode"):
                self.assertSame(name, chunk)
            encoded = REFERENCE.b64encode(chunk)
            for name in ("b64decode", "standard_b64decode"):
                self.assertSame(name, encoded)
            self.assertSame("urlsafe_b64decode", REFERENCE.urlsafe_b64encode(chunk))

    def test_large_inputs_take_the_detached_path(self):
        data = bytes(range(256)) * 1024  # 256 KiB, above DETACH_THRESHOLD
        self.assertSame("b64encode", data)
        self.assertSame("b64encode", bytearray(data))
        self.assertSame("b64decode", REFERENCE.b64encode(data))
        self.assertSame("b64decode", REFERENCE.b64encode(data) + b"!")
        self.assertSame("b64decode", bytearray(REFERENCE.b64encode(data)), validate=True)

    def test_input_kinds(self):
        raw = b"\x00\xfbhello\xff"
        text = REFERENCE.b64encode(raw)
        for value in (
            raw,
            bytearray(raw),
            memoryview(raw),
            array.array("B", raw),
            array.array("i", [1, 2, 3]),
            memoryview(raw)[::2],
            "text",
            "n\xe9",
            3,
            None,
            [1, 2],
        ):
            for name in ("b64encode", "standard_b64encode", "urlsafe_b64encode"):
                self.assertSame(name, value)
        for value in (
            text,
            bytearray(text),
            memoryview(text),
            array.array("B", text),
            memoryview(text)[::2],
            text.decode(),
            "n\xe9",
            "\udcff",
            3,
            None,
            object(),
        ):
            for name in ("b64decode", "standard_b64decode", "urlsafe_b64decode"):
                self.assertSame(name, value)

    def test_malformed_base64_raises_binascii_error(self):
        cases = [b"a", b"ab", b"abc", b"=abc", b"ab=c", b"abcd=", b"ab==cd", b"a\x00bc", b"\xff"]
        for value in cases:
            for validate in (False, True):
                self.assertSame("b64decode", value, validate=validate)
            self.assertSame("urlsafe_b64decode", value)
            self.assertSame("standard_b64decode", value)
        with self.assertRaises(binascii.Error):
            _base64.b64decode(b"abc")

    def test_altchars(self):
        raw = b"\xfb\xff\xfe" * 5
        for alt in (b"-_", b"*!", bytearray(b"-_"), memoryview(b"-_"), "-_", b"-", b"-_.", "-_.", 3, []):
            self.assertSame("b64encode", raw, alt)
            self.assertSame("b64encode", raw, altchars=alt)
            encoded = REFERENCE.b64encode(raw, b"-_")
            self.assertSame("b64decode", encoded, alt)
            self.assertSame("b64decode", encoded, altchars=alt, validate=True)
        self.assertSame("b64encode", raw, None)
        self.assertSame("b64decode", REFERENCE.b64encode(raw), None)

    def test_validate_is_truth_tested(self):
        for flag in (0, 1, "", "x", [], None):
            self.assertSame("b64decode", b"ab!=", validate=flag)

        class Bad:
            def __bool__(self):
                raise ZeroDivisionError("bool")

        self.assertSame("b64decode", b"abcd", validate=Bad())


class ArgumentParsing(unittest.TestCase):
    """Messages of CPython's own parser: `_codecs.encode(obj, encoding, errors)` has the same
    shape as `b64decode(s, altchars, validate)` (three parameters, the first required) and
    is parsed by Argument Clinic's `_PyArg_UnpackKeywords`."""

    import _codecs

    PEER = _codecs.encode
    PEER_PARAMS = ("obj", "encoding", "errors")
    OURS_PARAMS = ("s", "altchars", "validate")

    def translated(self, call):
        peer = call(self.PEER, *self.PEER_PARAMS)
        ours = call(_base64.b64decode, *self.OURS_PARAMS)
        peer_message = peer[1].replace("encode()", "b64decode()")
        for a, b in zip(self.PEER_PARAMS, self.OURS_PARAMS):
            peer_message = peer_message.replace(f"'{a}'", f"'{b}'")
        return (peer[0], peer_message), ours

    def test_messages_match_argument_clinic(self):
        calls = [
            lambda f, p0, p1, p2: outcome(f),
            lambda f, p0, p1, p2: outcome(f, b"", b"", b"", b""),
            lambda f, p0, p1, p2: outcome(f, **{p1: b"", p2: b"", "x": 1, "y": 2}),
            lambda f, p0, p1, p2: outcome(f, b"", **{p0: b""}),
            lambda f, p0, p1, p2: outcome(f, **{p1: b""}),
            lambda f, p0, p1, p2: outcome(f, b"", bogus=1),
        ]
        for call in calls:
            expected, actual = self.translated(call)
            self.assertEqual(actual, expected)

    def test_suggestion_for_a_misspelt_keyword(self):
        self.assertEqual(
            outcome(_base64.b64decode, b"", validat=True),
            (TypeError, "b64decode() got an unexpected keyword argument 'validat'. Did you mean 'validate'?"),
        )

    def test_one_parameter(self):
        self.assertEqual(
            outcome(_base64.standard_b64encode, b"", b""),
            (TypeError, "standard_b64encode() takes at most 1 argument (2 given)"),
        )

    def test_keywords_and_signatures(self):
        self.assertEqual(_base64.b64encode(s=b"ab", altchars=b"-_"), b"YWI=")
        self.assertEqual(_base64.b64decode(s="YWI=", validate=True), b"ab")
        self.assertEqual(str(inspect.signature(_base64.b64decode)), "(s, altchars=None, validate=False)")
        self.assertEqual(str(inspect.signature(_base64.urlsafe_b64encode)), "(s)")
        for name in FUNCTIONS:
            ours = getattr(_base64, name).__doc__
            self.assertEqual(ours.strip(), getattr(REFERENCE, name).__doc__.strip(), name)


class OptimizedMode(unittest.TestCase):
    """Under -O, base64.py's `assert len(altchars) == 2` is skipped and bytes.maketrans
    reports the length instead; _base64 reads sys.flags.optimize when it is imported."""

    def test_altchars_length_without_asserts(self):
        code = (
            "from test.support import import_helper\n"
            "import _base64\n"
            "ref = import_helper.import_fresh_module('base64', blocked=['_base64'])\n"
            "def outcome(f, *a):\n"
            "    try:\n"
            "        return ('ok', f(*a))\n"
            "    except Exception as e:\n"
            "        return (type(e).__name__, str(e))\n"
            "for name, args in [('b64encode', (b'x', b'abc')), ('b64decode', (b'', 'abc')),\n"
            "                   ('b64decode', (b'', bytearray(b'a')))]:\n"
            "    ours, theirs = outcome(getattr(_base64, name), *args), outcome(getattr(ref, name), *args)\n"
            "    assert ours == theirs, (name, ours, theirs)\n"
            "    assert ours[0] == 'ValueError', ours\n"
        )
        result = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)


class Module(unittest.TestCase):
    def test_multi_phase_init_gives_each_import_its_own_module(self):
        fresh = import_helper.import_fresh_module("_base64")
        self.assertIsNot(fresh, _base64)
        self.assertEqual(fresh.b64encode(b"x"), b"eA==")

    @unittest.skipUnless(GIL_DISABLED, "free-threaded build only")
    def test_import_keeps_the_gil_disabled(self):
        self.assertFalse(sys._is_gil_enabled())

    def test_subinterpreter_with_its_own_gil(self):
        try:
            import _interpreters
        except ImportError:
            self.skipTest("no _interpreters module")
        interp = _interpreters.create("isolated")
        try:
            code = (
                "import _base64, binascii\n"
                "assert _base64.b64encode(b'sub') == b'c3Vi'\n"
                "try:\n"
                "    _base64.b64decode(b'abc')\n"
                "except binascii.Error:\n"
                "    pass\n"
                "else:\n"
                "    raise AssertionError('no binascii.Error')\n"
            )
            self.assertIsNone(_interpreters.run_string(interp, code))
        finally:
            _interpreters.destroy(interp)


if __name__ == "__main__":
    unittest.main()
