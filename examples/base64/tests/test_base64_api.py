"""rs_base64's base64-module functions and module-level details."""

import base64
import binascii
import subprocess
import sys

import pytest

import b64_diff
import rs_base64


def same(name, *args, **kwargs):
    ours = b64_diff.outcome(getattr(rs_base64, name), *args, **kwargs)
    ref = b64_diff.outcome(getattr(base64, name), *args, **kwargs)
    assert ours == ref
    return ours


def test_round_trips():
    raw = bytes(range(256))
    for enc, dec in [
        ("b64encode", "b64decode"),
        ("standard_b64encode", "standard_b64decode"),
        ("urlsafe_b64encode", "urlsafe_b64decode"),
    ]:
        text = same(enc, raw)[1]
        assert same(dec, text)[1] == raw
        assert same(dec, text.decode())[1] == raw


@pytest.mark.parametrize("alt", [b"-_", "-_", b"", b"abc", 5, bytearray(b"*&"), memoryview(b"@!")])
def test_altchars(alt):
    same("b64encode", b"\xfb\xff\xfe", altchars=alt)
    same("b64decode", b"-_8=", altchars=alt)


@pytest.mark.parametrize("bad", [None, 5, [1], "\u00e9", object()])
def test_bad_types(bad):
    for name in ("b64encode", "b64decode", "urlsafe_b64encode", "urlsafe_b64decode",
                 "standard_b64encode", "standard_b64decode"):
        same(name, bad)


def test_validate():
    for text in [b"QUJD", b"QU JD", b"QUJD\n", b"QQ==", b"QQ=", b"QQ===", b"Q-_=", "QUJD"]:
        same("b64decode", text, validate=True)
        same("b64decode", text, validate=False)


def test_decode_accepts_non_contiguous_views():
    same("b64decode", memoryview(b"QxUxJxDx")[::2])


def test_assertion_text_and_optimize_mode():
    same("b64encode", b"x", altchars=b"abc")
    code = "import rs_base64, base64\n" \
           "for f in (rs_base64, base64):\n" \
           "    try: f.b64encode(b'x', altchars=b'abc')\n" \
           "    except Exception as e: print(type(e).__name__, e)\n"
    out = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert len(lines) == 2 and lines[0] == lines[1], lines


def test_errors_are_binascii_error():
    with pytest.raises(binascii.Error) as info:
        rs_base64.b64decode(b"abc")
    assert type(info.value) is binascii.Error


def test_signatures_and_docs():
    import inspect

    assert str(inspect.signature(rs_base64.b2a_base64)) == "(data, /, *, newline=True)"
    assert str(inspect.signature(rs_base64.a2b_base64)) == "(data, /, *, strict_mode=False)"
    assert "Base64" in rs_base64.b64encode.__doc__


def test_scalar_backend_from_environment():
    code = "import rs_base64; print(rs_base64._backend()[0], rs_base64.b2a_base64(b'hi'))"
    env = {"RS_BASE64_BACKEND": "scalar"}
    import os

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, **env}, check=True)
    assert out.stdout.strip() == "scalar b'aGk=\\n'"


def test_unknown_backend_rejected():
    with pytest.raises(ValueError):
        rs_base64._set_backend("gpu")
