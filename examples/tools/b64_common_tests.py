"""Behaviour tests shared by rs_base64 and rs_base64_ffi (binascii's two functions).

Each test module does `from b64_common_tests import *` after defining a
`mod` fixture that yields the module under test.
"""

import array
import binascii
import gc
import os
import sys

import pytest

import b64_diff
from rust_ext_testing import assert_no_leak, run_threads

HUGE = 16 * 1024 * 1024 + 5


def same(mod, name, *args, **kwargs):
    ours = b64_diff.outcome(getattr(mod, name), *args, **kwargs)
    ref = b64_diff.outcome(getattr(binascii, name), *args, **kwargs)
    assert ours == ref
    return ours


def test_empty_inputs(mod):
    assert mod.b2a_base64(b"") == b"\n"
    assert mod.b2a_base64(b"", newline=False) == b""
    assert mod.a2b_base64(b"") == b""
    assert mod.a2b_base64("") == b""
    if b64_diff.HAS_STRICT:
        assert mod.a2b_base64(b"", strict_mode=True) == b""


@pytest.mark.parametrize("kind", b64_diff.KINDS[:4])
def test_buffer_types(mod, kind):
    raw = bytes(range(256)) * 3
    text = binascii.b2a_base64(raw)
    assert mod.b2a_base64(b64_diff.wrap(raw, kind)) == text
    assert mod.a2b_base64(b64_diff.wrap(text, kind)) == raw


def test_wide_array_is_raw_bytes(mod):
    arr = array.array("I", [1, 2, 3, 0xFFFFFFFF])
    same(mod, "b2a_base64", arr)
    same(mod, "a2b_base64", array.array("I", b"QUJDRA==" * 2))


@pytest.mark.parametrize("bad", [None, 5, 3.5, [1, 2], object(), {"a": 1}])
def test_wrong_types(mod, bad):
    with pytest.raises(TypeError):
        mod.b2a_base64(bad)
    with pytest.raises(TypeError):
        mod.a2b_base64(bad)
    same(mod, "b2a_base64", bad)
    same(mod, "a2b_base64", bad)


def test_str_rules(mod):
    assert same(mod, "b2a_base64", "abc")[1] == "TypeError"
    assert mod.a2b_base64("QUJD") == b"ABC"
    assert same(mod, "a2b_base64", "QUJD\u00e9")[1] == "ValueError"
    assert same(mod, "a2b_base64", "\ud800")[1] == "ValueError"


def test_non_contiguous_buffers(mod):
    view = memoryview(b"QUJDREVG" * 4)[::2]
    same(mod, "b2a_base64", view)
    same(mod, "a2b_base64", view)


def test_flags_are_truthiness(mod):
    assert mod.b2a_base64(b"x", newline=0) == b"eA=="
    assert mod.b2a_base64(b"x", newline="yes") == b"eA==\n"
    if b64_diff.HAS_STRICT:
        with pytest.raises(binascii.Error):
            mod.a2b_base64(b"eA==\n", strict_mode=1)


def test_argument_errors(mod):
    for call in (
        lambda: mod.b2a_base64(),
        lambda: mod.b2a_base64(b"", b""),
        lambda: mod.b2a_base64(b"", bogus=True),
        lambda: mod.a2b_base64(data=b""),
    ):
        with pytest.raises(TypeError):
            call()


@pytest.mark.parametrize(
    "text",
    [b"abc", b"a", b"ab=c", b"=abc", b"ab==ab==", b"Zm9v=", b"Zm 9v", b"\xff\xfe", b"====", b"QQ"],
)
def test_invalid_data_same_error(mod, text):
    same(mod, "a2b_base64", text)
    if b64_diff.HAS_STRICT:
        same(mod, "a2b_base64", text, strict_mode=True)


def test_huge_round_trip(mod):
    raw = os.urandom(HUGE)
    text = mod.b2a_base64(raw)
    assert text == binascii.b2a_base64(raw)
    assert mod.a2b_base64(text) == raw
    assert mod.a2b_base64(bytearray(text)) == raw
    same(mod, "a2b_base64", text[:-2] + b"\n!")
    same(mod, "a2b_base64", text[:-3] + b"=\n")


def test_threads(mod):
    """8 threads at once, small and large (GIL-releasing) inputs, exact results."""

    def work(seed):
        data = [os.urandom(n) for n in (0, 1, 63, 4096, 70_000, 300_000)]
        expected = [(binascii.b2a_base64(d), d) for d in data]
        for _ in range(30):
            for (text, raw), d in zip(expected, data):
                assert mod.b2a_base64(d) == text, seed
                assert mod.a2b_base64(text) == raw, seed
                assert mod.a2b_base64(bytearray(text)) == raw, seed

    assert run_threads(work, 8) == []


def test_no_leak_over_100k_calls(mod):
    raw = os.urandom(700)
    text = binascii.b2a_base64(raw)
    bad = text[:-3] + b"!"

    def calls(n):
        for _ in range(n):
            mod.b2a_base64(raw)
            mod.a2b_base64(text)
            mod.a2b_base64(bytearray(text))
            try:
                mod.a2b_base64(bad)
            except binascii.Error:
                pass
            try:
                mod.b2a_base64("str")
            except TypeError:
                pass

    # Python-heap blocks (objects the module forgets to release) and the
    # resident set (Rust-side allocations) are both bounded.
    calls(2_000)
    gc.collect()
    blocks = sys.getallocatedblocks()
    assert_no_leak(calls, calls=100_000, warmup=0, limit=4 << 20)
    grown = sys.getallocatedblocks() - blocks
    assert grown < 200, grown
