"""rs_base64 against CPython's binascii and base64 modules: same bytes, same errors."""

import base64
import binascii

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import b64_diff
import rs_base64

BACKENDS = ("simd", "scalar")


@pytest.fixture(params=BACKENDS)
def backend(request):
    rs_base64._set_backend(request.param)
    yield request.param
    rs_base64._set_backend("simd")


def test_seeded_volume(backend):
    cases, bad = b64_diff.run_seeded(rs_base64)
    print(f"rs_base64[{backend}]: {cases} seeded differential cases")
    assert cases >= 3000 * 13
    assert bad == [], bad[:5]


base64_text = st.builds(
    lambda raw, noise, cut: (base64.b64encode(raw) + noise)[: cut if cut else None],
    st.binary(max_size=200),
    st.binary(max_size=6).map(lambda b: bytes(x % 128 for x in b)),
    st.integers(min_value=0, max_value=300),
)


@settings(max_examples=400, deadline=None)
@given(text=base64_text | st.binary(max_size=64), strict=st.sampled_from([None, False, True]))
def test_decode_matches_binascii(text, strict):
    assert b64_diff.compare_decode(rs_base64, text, strict) == []


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=300), newline=st.booleans(), kind=st.sampled_from(b64_diff.KINDS[:4]))
def test_encode_matches_binascii(raw, newline, kind):
    assert b64_diff.compare_encode(rs_base64, b64_diff.wrap(raw, kind), newline) == []


@settings(max_examples=300, deadline=None)
@given(
    raw=st.binary(max_size=100),
    text=base64_text,
    alt=st.sampled_from([None, b"-_", b"@!", "-_", b"+", b"abc", bytearray(b"xy")]),
)
def test_base64_module_matches(raw, text, alt):
    assert b64_diff.compare_base64_module(rs_base64, raw, text, alt) == []


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40))
def test_str_input_matches(text):
    assert b64_diff.compare_decode(rs_base64, text, None) == []
    ours = b64_diff.outcome(rs_base64.b64decode, text)
    assert ours == b64_diff.outcome(base64.b64decode, text)


def test_backend_reports_avx2_when_available():
    name, level = rs_base64._backend()
    assert name in BACKENDS
    with open("/proc/cpuinfo") as f:
        has_avx2 = " avx2" in f.read()
    encode_level, decode_level = level.split("/")
    if has_avx2:
        assert decode_level == "avx2"
        assert encode_level in ("avx2", "avx512vbmi")


def test_binascii_error_is_the_real_class():
    with pytest.raises(binascii.Error, match="Incorrect padding"):
        rs_base64.a2b_base64(b"abc")
