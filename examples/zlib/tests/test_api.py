"""rs_zlib's API against CPython's zlib: names, defaults, types, errors."""

import array
import copy
import pickle
import sys
import zlib

import pytest
import rs_zlib

TEXT = b"".join(b"line %d: the quick brown fox jumps over the lazy dog\n" % i for i in range(2000))
def c_compress(data, level=-1, wbits=15):
    """C zlib's compress(data, level, wbits) (the wbits argument is 3.11+)."""
    co = zlib.compressobj(level, zlib.DEFLATED, wbits)
    return co.compress(data) + co.flush()


C_COMPRESS_WBITS = sys.version_info >= (3, 11)  # zlib.compress(wbits=) is new in 3.11
CONSTANTS = [n for n in dir(zlib) if n.isupper() and n not in ("ZLIB_VERSION", "ZLIB_RUNTIME_VERSION")]


def test_every_public_name_exists():
    public = {n for n in dir(zlib) if not n.startswith("_")}
    assert public <= set(dir(rs_zlib))


@pytest.mark.parametrize("name", CONSTANTS)
def test_constants_match(name):
    assert getattr(rs_zlib, name) == getattr(zlib, name)


def test_versions():
    assert rs_zlib.ZLIB_VERSION == rs_zlib.ZLIB_RUNTIME_VERSION
    assert all(part.isdigit() for part in rs_zlib.ZLIB_VERSION.split("."))
    assert rs_zlib.ZLIB_RS_VERSION.startswith(rs_zlib.ZLIB_VERSION + "-zlib-rs-")


def test_error_is_an_exception_class_named_error():
    assert issubclass(rs_zlib.error, Exception)
    assert rs_zlib.error.__name__ == "error"


@pytest.mark.parametrize("wbits", [-15, -9, 9, 12, 15, 25, 31])
@pytest.mark.parametrize("level", [-1, 0, 1, 6, 9])
def test_compress_matches_c_zlib_roundtrip(level, wbits):
    packed = rs_zlib.compress(TEXT, level, wbits)
    assert zlib.decompress(packed, wbits) == TEXT
    assert rs_zlib.decompress(c_compress(TEXT, level, wbits), wbits) == TEXT


def test_header_autodetect():
    for wbits in (15, 31):
        packed = rs_zlib.compress(TEXT, wbits=wbits)
        assert rs_zlib.decompress(packed, 47) == TEXT
        assert rs_zlib.decompressobj(32 + 15).decompress(packed) == TEXT
    assert rs_zlib.decompress(rs_zlib.compress(TEXT), 0) == TEXT  # window from the header


@pytest.mark.parametrize("data", [b"", b"a", TEXT, bytearray(TEXT), memoryview(TEXT), array.array("i", range(1000))])
def test_any_bytes_like(data):
    raw = bytes(memoryview(data).cast("B"))
    assert rs_zlib.decompress(rs_zlib.compress(data)) == raw
    assert rs_zlib.crc32(data) == zlib.crc32(data)
    assert rs_zlib.adler32(data) == zlib.adler32(data)
    co = rs_zlib.compressobj()
    assert zlib.decompress(co.compress(data) + co.flush()) == raw


def test_empty_inputs():
    assert rs_zlib.compress(b"") == zlib.compress(b"")
    assert rs_zlib.decompress(rs_zlib.compress(b"")) == b""
    assert rs_zlib.crc32(b"") == 0 and rs_zlib.adler32(b"") == 1
    d = rs_zlib.decompressobj()
    assert d.decompress(b"") == b"" and d.flush() == b"" and not d.eof


@pytest.mark.parametrize("value", [0, 1, 0xFFFFFFFF, -1, 2**40 + 5, -(2**70), True])
def test_checksum_start_values_are_reduced_mod_2_32(value):
    assert rs_zlib.crc32(TEXT, value) == zlib.crc32(TEXT, value)
    assert rs_zlib.adler32(TEXT, value) == zlib.adler32(TEXT, value)


@pytest.mark.parametrize("call", [
    lambda m: m.compress("text"), lambda m: m.compress(None), lambda m: m.compress(42),
    lambda m: m.decompress("text"), lambda m: m.crc32([1]), lambda m: m.adler32(()),
    lambda m: m.crc32(b"x", 1.0), lambda m: m.compress(b"x", 1.5), lambda m: m.compress(b"x", "9"),
    lambda m: m.compress(data=b"x"), lambda m: m.decompress(b"x", bufsize="1"),
    lambda m: m.compressobj(zdict="abc"), lambda m: m.decompressobj(zdict="abc"),
    lambda m: m.compressobj().compress("x"), lambda m: m.decompressobj().decompress(1),
    lambda m: m.decompressobj().decompress(data=b""), lambda m: m.compressobj().flush("x"),
    *([lambda m: type(m.compressobj())(), lambda m: type(m.decompressobj())()]
      if sys.version_info >= (3, 10) else []),  # C types became non-instantiable in 3.10
    lambda m: pickle.dumps(m.compressobj()), lambda m: pickle.dumps(m.decompressobj()),
])
def test_type_errors_like_c(call):
    with pytest.raises(TypeError) as c_err:
        call(zlib)
    with pytest.raises(TypeError) as rs_err:
        call(rs_zlib)
    if "instances" in str(c_err.value) or "pickle" in str(c_err.value):
        assert str(rs_err.value).replace("rs_zlib", "zlib") == str(c_err.value)


@pytest.mark.parametrize("call", [
    lambda m: m.compress(b"x", 10), lambda m: m.compress(b"x", -2),
    *([lambda m: m.compress(b"x", wbits=0), lambda m: m.compress(b"x", wbits=16),
       lambda m: m.compress(b"x", wbits=100)] if C_COMPRESS_WBITS else []),
    lambda m: m.compressobj(10), lambda m: m.compressobj(1, m.DEFLATED, 0), lambda m: m.compressobj(wbits=32),
    lambda m: m.compressobj(memLevel=0), lambda m: m.compressobj(memLevel=10), lambda m: m.compressobj(method=9),
    lambda m: m.compressobj(strategy=5), lambda m: m.decompressobj(-1), lambda m: m.decompressobj(7),
    lambda m: m.decompressobj(48), lambda m: m.decompress(b"x", 7), lambda m: m.decompress(b"x", bufsize=-1),
    lambda m: m.decompressobj().decompress(b"", -1), lambda m: m.decompressobj().flush(0),
    lambda m: m.decompressobj().flush(-1), lambda m: m.compressobj().flush(m.Z_TREES),
    lambda m: m.compressobj().flush(99), lambda m: m.compress(b"x", 2**31),
    lambda m: m.decompress(b"", 15, sys.maxsize + 1),
])
def test_value_errors_like_c(call):
    with pytest.raises(Exception) as c_err:
        call(zlib)
    expected = type(c_err.value)
    if expected is zlib.error:
        expected = rs_zlib.error
    with pytest.raises(expected) as rs_err:
        call(rs_zlib)
    if expected is not OverflowError:
        assert str(rs_err.value) == str(c_err.value)


BAD_STREAMS = [
    b"", b"x", b"garbage data!", b"\x78\x9c", b"\x78\x9c\xff\xff\xff\xff",
    zlib.compress(TEXT)[:-1], zlib.compress(TEXT)[:-4], zlib.compress(TEXT)[:100],
    zlib.compress(TEXT)[:-4] + b"\0\0\0\0", bytes([0x78, 0x9C]) + bytes(range(256)),
    c_compress(b"abc", wbits=31), b"\x1f\x8b\x08\x00" + bytes(20),
    zlib.compressobj(zdict=b"dictionary").compress(b"abc") + zlib.compressobj().flush(),
]


@pytest.mark.parametrize("data", BAD_STREAMS)
@pytest.mark.parametrize("wbits", [15, -15, 31, 47])
def test_corrupt_and_truncated_streams(data, wbits):
    def outcome(m):
        try:
            return m.decompress(data, wbits)
        except m.error as e:
            return ("error", str(e))
    assert outcome(rs_zlib) == outcome(zlib)

    def streamed(m):
        d = m.decompressobj(wbits)
        try:
            out = d.decompress(data)
        except m.error as e:
            return ("error", str(e), d.unconsumed_tail, d.unused_data)
        return out + d.flush(), d.eof, d.unused_data, d.unconsumed_tail
    assert streamed(rs_zlib) == streamed(zlib)


def test_incomplete_stream_message():
    with pytest.raises(rs_zlib.error, match="Error -5 while decompressing data: incomplete or truncated stream"):
        rs_zlib.decompress(rs_zlib.compress(TEXT)[:-1])
    with pytest.raises(rs_zlib.error, match="Error -3 while decompressing data: incorrect header check"):
        rs_zlib.decompress(b"not zlib at all")


@pytest.mark.parametrize("max_length", [1, 2, 7, 100, 16383, 16384, 16385, len(TEXT) - 1, len(TEXT), len(TEXT) + 1, sys.maxsize])
def test_max_length_edges(max_length):
    packed = zlib.compress(TEXT)
    results = []
    for m in (zlib, rs_zlib):
        d = m.decompressobj()
        out, chunks, data = [], 0, packed
        while not d.eof and chunks < 100000:
            chunk = d.decompress(data, max_length)
            assert len(chunk) <= max_length
            out.append(chunk)
            data = d.unconsumed_tail
            chunks += 1
        out.append(d.flush())
        results.append((b"".join(out), chunks, d.unused_data, d.unconsumed_tail, d.eof))
    assert results[0] == results[1]
    assert results[1][0] == TEXT


def test_max_length_then_flush_and_unused_data():
    packed = zlib.compress(TEXT) + b"trailing"
    seen = []
    for m in (zlib, rs_zlib):
        d = m.decompressobj()
        first = d.decompress(packed, 10)
        assert first == TEXT[:10] and d.unconsumed_tail
        assert first + d.flush() == TEXT
        # zlibmodule.c leaves the trailing bytes in unconsumed_tail as well
        seen.append((d.unused_data, d.unconsumed_tail, d.eof))
    assert seen[0] == seen[1]
    assert seen[1][0] == b"trailing" and seen[1][2]


def test_zdict_roundtrip_and_mismatch():
    zdict = b"the quick brown fox jumps over the lazy dog"
    co = rs_zlib.compressobj(zdict=zdict)
    packed = co.compress(TEXT) + co.flush()
    assert zlib.decompressobj(zdict=zdict).decompress(packed) == TEXT
    assert rs_zlib.decompressobj(zdict=bytearray(zdict)).decompress(packed) == TEXT
    with pytest.raises(rs_zlib.error, match="Error 2 while decompressing data"):
        rs_zlib.decompressobj().decompress(packed)
    with pytest.raises(rs_zlib.error, match="while setting zdict"):
        rs_zlib.decompressobj(zdict=b"other").decompress(packed)
    raw = rs_zlib.compressobj(wbits=-15, zdict=zdict)
    packed = raw.compress(TEXT) + raw.flush()
    assert zlib.decompressobj(-15, zdict=zdict).decompress(packed) == TEXT


def test_copy_compress_and_decompress():
    co = rs_zlib.compressobj(9)
    head = co.compress(TEXT[:5000])
    for dup in (co.copy(), copy.copy(co), copy.deepcopy(co)):
        assert zlib.decompress(head + dup.compress(b"tail") + dup.flush()) == TEXT[:5000] + b"tail"
    assert zlib.decompress(head + co.compress(TEXT[5000:]) + co.flush()) == TEXT
    with pytest.raises(ValueError, match="Inconsistent stream state"):
        co.copy()
    packed = zlib.compress(TEXT)
    d = rs_zlib.decompressobj()
    first = d.decompress(packed[:100])
    for dup in (d.copy(), copy.copy(d), copy.deepcopy(d)):
        assert first + dup.decompress(packed[100:]) == TEXT
    d.decompress(packed[100:])
    d.flush()
    with pytest.raises(ValueError):
        d.copy()


def test_use_after_finish_like_c():
    for m in (zlib, rs_zlib):
        co = m.compressobj()
        co.compress(b"abc")
        co.flush()
        with pytest.raises(m.error, match="Error -2 while compressing data: inconsistent stream state"):
            co.compress(b"more")
        with pytest.raises(m.error, match="Error -2 while flushing"):
            co.flush()
        assert co.flush(m.Z_NO_FLUSH) == b""
        d = m.decompressobj()
        d.decompress(m.compress(b"abc"))
        d.flush()
        with pytest.raises(m.error, match="Error -2 while decompressing data"):
            d.decompress(b"xyz")
        assert d.unconsumed_tail == b"xyz"
        assert d.flush() == b""


@pytest.mark.parametrize("mode", ["Z_SYNC_FLUSH", "Z_FULL_FLUSH", "Z_PARTIAL_FLUSH", "Z_BLOCK"])
def test_flush_modes_keep_stream_usable(mode):
    co = rs_zlib.compressobj()
    parts = [co.compress(TEXT[:1000]), co.flush(getattr(rs_zlib, mode)), co.compress(TEXT[1000:]), co.flush()]
    assert zlib.decompress(b"".join(parts)) == TEXT


def test_huge_input():
    big = TEXT * 600  # ~32 MiB: crosses the GIL-release threshold many times over
    packed = rs_zlib.compress(big, 1)
    assert zlib.decompress(packed) == big
    assert rs_zlib.decompress(packed) == big
    assert rs_zlib.crc32(big) == zlib.crc32(big)
    assert rs_zlib.adler32(big) == zlib.adler32(big)
    bomb = zlib.compress(bytes(64 << 20), 9)  # 64 MiB of zeros in ~64 KiB
    d = rs_zlib.decompressobj()
    assert len(d.decompress(bomb, 1 << 20)) == 1 << 20
    assert len(d.unconsumed_tail) > 0


def test_keywords_and_signatures():
    assert rs_zlib.decompress(rs_zlib.compress(TEXT, level=1, wbits=31), wbits=31, bufsize=1) == TEXT
    assert rs_zlib.decompress(rs_zlib.compress(TEXT), bufsize=0) == TEXT
    co = rs_zlib.compressobj(level=2, method=rs_zlib.DEFLATED, wbits=-12, memLevel=9,
                             strategy=rs_zlib.Z_FILTERED, zdict=b"")
    d = rs_zlib.decompressobj(wbits=-12, zdict=b"")
    assert d.decompress(co.compress(TEXT) + co.flush(), max_length=len(TEXT)) + d.flush() == TEXT


@pytest.mark.parametrize("strategy", ["Z_DEFAULT_STRATEGY", "Z_FILTERED", "Z_HUFFMAN_ONLY", "Z_RLE", "Z_FIXED"])
@pytest.mark.parametrize("mem_level", [1, 8, 9])
def test_strategies_and_mem_levels(strategy, mem_level):
    co = rs_zlib.compressobj(6, rs_zlib.DEFLATED, 15, mem_level, getattr(rs_zlib, strategy))
    assert zlib.decompress(co.compress(TEXT) + co.flush()) == TEXT
