"""rust_ext_testing's helpers catch what they claim to catch."""

import binascii

import pytest

from rust_ext_testing import KINDS, assert_no_leak, assert_same, compare, outcome, run_threads, wrap


def test_outcome_is_result_or_exception():
    assert outcome(binascii.hexlify, bytearray(b"\x01")) == ("ok", b"01")
    assert outcome(int, "x") == ("err", "ValueError", "invalid literal for int() with base 10: 'x'")


def test_outcome_lets_base_exceptions_through():
    def panics():
        raise KeyboardInterrupt  # a BaseException, like PyO3's PanicException

    with pytest.raises(KeyboardInterrupt):
        outcome(panics)


def test_compare_finds_a_differing_message():
    def ours(s):
        if not s:
            raise ValueError("empty input")
        return s.upper()

    def reference(s):
        if not s:
            raise ValueError("empty string")
        return s.upper()

    count, bad = compare(ours, reference, [("a",), ("",), (("b",), {})])
    assert count == 3
    assert len(bad) == 1 and bad[0].args == ("",)
    assert "empty input" in str(bad[0]) and "empty string" in str(bad[0])
    with pytest.raises(AssertionError):
        assert_same(ours, reference, "")


def test_wrap_covers_every_kind():
    for kind in KINDS:
        value = wrap(b"ab", kind)
        assert (value == "ab") if kind == "str" else bytes(value) == b"ab"
    with pytest.raises(ValueError):
        wrap(b"", "tuple")


def test_run_threads_reports_what_workers_raise():
    def target(i):
        if i == 3:
            raise KeyboardInterrupt
        if i == 5:
            raise AssertionError(i)

    errors = run_threads(target, 8)
    assert sorted(type(e).__name__ for e in errors) == ["AssertionError", "KeyboardInterrupt"]
    assert run_threads(lambda i: None, 4) == []


def test_assert_no_leak_catches_a_leak():
    kept = []

    def leaky(n):
        for _ in range(n):
            kept.append(bytearray(1024))

    with pytest.raises(AssertionError, match="resident set grew"):
        assert_no_leak(leaky, calls=20_000, warmup=100, limit=4 << 20)
    kept.clear()
    assert_no_leak(lambda n: [bytes(1024) for _ in range(n)], calls=20_000, warmup=100, limit=4 << 20)
