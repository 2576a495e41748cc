"""Calls zlib with bad input and prints, as JSON, what each call gave.

Run by test_zlib_builds.py under the baseline's python (C zlib) and under each Rust
build's python; the outputs must be identical: same exception type and message, or
the same result. Results that depend on the compressor (compressed bytes differ between
zlib and zlib-rs) are reduced to what must agree (the bytes they decompress to).
The compressed inputs are fixed here (made once by C zlib), so both sides read the same bytes.
"""

from __future__ import annotations

import base64
import copy
import json
import pickle
import sys
import zlib

TEXT = b"rust for cpython: zlib bad input " * 40
# zlib.compress(TEXT), compressobj(6, DEFLATED, -15 / 31) and with zdict=ZDICT, made by zlib 1.2.13.
ZLIB = base64.b64decode("eJwrKi0uUUjLL1JILqgsycjPs1KoyslMUkhKTFHIzCsoLVEoGlUwqmBUwaiCka0AAO125HA=")
RAW = base64.b64decode("KyotLlFIyy9SSC6oLMnIz7NSqMrJTFJISkxRyMwrKC1RKBpVMKpgVMGogpGtAAA=")
GZIP = base64.b64decode("H4sIAAAAAAAAAysqLS5RSMsvUkguqCzJyM+zUqjKyUxSSEpMUcjMKygtUSgaVTCqYFTBqIKRrQAAYmRa7CgFAAA=")
ZDICT = b"rust for cpython: zlib"
DICT_STREAM = base64.b64decode("eLth9whmK8IqqpCUmKKQmVdQWqIwqmBUwaiCUQUjXAEA7XbkcA==")

BIG = 2**63
BAD_INTS = [-2**31 - 1, -BIG, BIG, 2**31, 2**32, 1.5, "1", None, b"1", 1j]


def plain(value):
    """A JSON form of a result: bytes as base64, objects by their type's name."""
    if isinstance(value, (bytes, bytearray)):
        return "bytes:" + base64.b64encode(bytes(value)).decode()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return f"<{type(value).__name__}>"


def outcome(fn):
    try:
        value = fn()
    except BaseException as e:  # noqa: BLE001 -- the outcome is the point
        return ["raise", type(e).__name__, str(e)]
    return ["ok", plain(value)]


CASES: list[tuple[str, object]] = []


def case(label, fn):
    CASES.append((label, fn))


def roundtrip(packed, wbits=zlib.MAX_WBITS):
    return zlib.decompress(packed, wbits)


# -- module functions: wrong types and arity ----------------------------------
for name, arg in [("str", "text"), ("int", 1), ("None", None), ("list", [1]), ("object", object()),
                  ("memoryview-nd", memoryview(b"abcd").cast("B", (2, 2)))]:
    case(f"compress({name})", lambda a=arg: zlib.compress(a))
    case(f"decompress({name})", lambda a=arg: zlib.decompress(a))
    case(f"crc32({name})", lambda a=arg: zlib.crc32(a))
    case(f"adler32({name})", lambda a=arg: zlib.adler32(a))
    case(f"compressobj().compress({name})", lambda a=arg: zlib.compressobj().compress(a))
    case(f"decompressobj().decompress({name})", lambda a=arg: zlib.decompressobj().decompress(a))
    case(f"_ZlibDecompressor().decompress({name})", lambda a=arg: zlib._ZlibDecompressor().decompress(a))
    case(f"compressobj(zdict={name})", lambda a=arg: zlib.compressobj(zdict=a))
    case(f"decompressobj(zdict={name})", lambda a=arg: zlib.decompressobj(zdict=a))
    case(f"_ZlibDecompressor(zdict={name})", lambda a=arg: zlib._ZlibDecompressor(zdict=a))
case("compress()", lambda: zlib.compress())
case("compress(data=)", lambda: zlib.compress(data=b"x"))
case("compress(b, 1, 15, 0)", lambda: zlib.compress(b"x", 1, 15, 0))
case("compress(b, bogus=1)", lambda: zlib.compress(b"x", bogus=1))
case("decompress(data=)", lambda: zlib.decompress(data=ZLIB))
case("decompress(b, 15, 1, 0)", lambda: zlib.decompress(ZLIB, 15, 1, 0))
case("crc32(data=)", lambda: zlib.crc32(data=b"x"))
case("crc32(b, value=)", lambda: zlib.crc32(b"x", value=1))
case("crc32(b, 1, 2)", lambda: zlib.crc32(b"x", 1, 2))
case("adler32(b, value=)", lambda: zlib.adler32(b"x", value=1))
case("compressobj(1, 8, 15, 8, 0, b'', 1)", lambda: zlib.compressobj(1, 8, 15, 8, 0, b"", 1))
case("compressobj(bogus=1)", lambda: zlib.compressobj(bogus=1))
case("decompressobj(15, b'', 1)", lambda: zlib.decompressobj(15, b"", 1))
case("_ZlibDecompressor(15, b'', 1)", lambda: zlib._ZlibDecompressor(15, b"", 1))
for value in [-1, 2**32, 2**32 + 5, -2**63, 2**64, 2**100, 1.5, "1", None]:
    case(f"crc32(b, {value!r})", lambda v=value: zlib.crc32(b"abc", v))
    case(f"adler32(b, {value!r})", lambda v=value: zlib.adler32(b"abc", v))

# -- out-of-range parameters --------------------------------------------------
for level in [-2, -1, 0, 9, 10, 100, *BAD_INTS]:
    case(f"compress(level={level!r})", lambda v=level: roundtrip(zlib.compress(TEXT, v)))
    case(f"compressobj(level={level!r})", lambda v=level: zlib.compressobj(v) and "made")
for wbits in [-16, -15, -9, -8, -7, 0, 7, 8, 9, 15, 16, 24, 25, 31, 32, 40, 47, 48, 100, *BAD_INTS]:
    case(f"compress(wbits={wbits!r})", lambda v=wbits: zlib.compress(TEXT, 6, v) and "made")
    case(f"compressobj(wbits={wbits!r})", lambda v=wbits: zlib.compressobj(6, zlib.DEFLATED, v) and "made")
    case(f"decompress(ZLIB, wbits={wbits!r})", lambda v=wbits: zlib.decompress(ZLIB, v))
    case(f"decompress(GZIP, wbits={wbits!r})", lambda v=wbits: zlib.decompress(GZIP, v))
    case(f"decompress(RAW, wbits={wbits!r})", lambda v=wbits: zlib.decompress(RAW, v))
    case(f"decompressobj(wbits={wbits!r})", lambda v=wbits: zlib.decompressobj(v).decompress(ZLIB))
    case(f"_ZlibDecompressor(wbits={wbits!r})", lambda v=wbits: zlib._ZlibDecompressor(v).decompress(ZLIB))
for method in [-1, 0, 7, 9, *BAD_INTS]:
    case(f"compressobj(method={method!r})", lambda v=method: zlib.compressobj(method=v) and "made")
for mem in [-1, 0, 1, 9, 10, *BAD_INTS]:
    case(f"compressobj(memLevel={mem!r})", lambda v=mem: zlib.compressobj(memLevel=v) and "made")
for strategy in [-1, 0, 4, 5, 100, *BAD_INTS]:
    case(f"compressobj(strategy={strategy!r})", lambda v=strategy: zlib.compressobj(strategy=v) and "made")
for bufsize in [-1, 0, 1, 2**31, BIG, -BIG, 1.5, "1", None]:
    case(f"decompress(bufsize={bufsize!r})", lambda v=bufsize: zlib.decompress(ZLIB, 15, v))
for max_length in [-1, 0, 1, 100, BIG, -BIG, 1.5, "1", None]:
    case(f"Decompress.decompress(max_length={max_length!r})",
         lambda v=max_length: zlib.decompressobj().decompress(ZLIB, v))
    case(f"_ZlibDecompressor.decompress(max_length={max_length!r})",
         lambda v=max_length: zlib._ZlibDecompressor().decompress(ZLIB, v))
for length in [-1, 0, 1, BIG, -BIG, 1.5, "1", None]:
    case(f"Decompress.flush({length!r})", lambda v=length: zlib.decompressobj().flush(v))
for mode in [-1, 0, 1, 2, 3, 4, 5, 6, 7, 100, *BAD_INTS]:
    case(f"Compress.flush({mode!r})", lambda v=mode: zlib.compressobj().flush(v) and "flushed")

# -- truncated and corrupted streams ------------------------------------------
for name, stream, wbits in [("ZLIB", ZLIB, 15), ("RAW", RAW, -15), ("GZIP", GZIP, 31), ("auto", GZIP, 47)]:
    for cut in range(len(stream)):
        case(f"decompress({name}[:{cut}])", lambda s=stream[:cut], w=wbits: zlib.decompress(s, w))
        case(f"decompressobj {name}[:{cut}] + flush",
             lambda s=stream[:cut], w=wbits: (lambda d: [d.decompress(s), d.flush(), d.eof])(zlib.decompressobj(w)))
    for i in range(len(stream)):
        for xor in (0x01, 0x80, 0xFF):
            bad = bytearray(stream)
            bad[i] ^= xor
            case(f"decompress({name}^{i}:{xor:#x})", lambda s=bytes(bad), w=wbits: zlib.decompress(s, w))
    case(f"decompress({name}+garbage)", lambda s=stream, w=wbits: zlib.decompress(s + b"garbage", w))
    case(f"decompressobj {name}+garbage",
         lambda s=stream, w=wbits: (lambda d: [d.decompress(s + b"garbage"), d.unused_data, d.eof,
                                               d.decompress(b"more"), d.unused_data])(zlib.decompressobj(w)))
    case(f"_ZlibDecompressor {name}+garbage then more",
         lambda s=stream, w=wbits: (lambda d: [d.decompress(s + b"garbage"), d.unused_data, d.eof,
                                               d.decompress(b"more")])(zlib._ZlibDecompressor(w)))
case("decompress(b'')", lambda: zlib.decompress(b""))
case("decompressobj().flush()", lambda: zlib.decompressobj().flush())

# -- dictionaries ------------------------------------------------------------
case("decompress(DICT_STREAM) without zdict", lambda: zlib.decompress(DICT_STREAM))
case("decompressobj(zdict) right", lambda: zlib.decompressobj(zdict=ZDICT).decompress(DICT_STREAM))
case("decompressobj(zdict) wrong", lambda: zlib.decompressobj(zdict=b"wrong").decompress(DICT_STREAM))
case("decompressobj(zdict=b'')", lambda: zlib.decompressobj(zdict=b"").decompress(DICT_STREAM))
case("decompressobj(zdict=bytearray)", lambda: zlib.decompressobj(zdict=bytearray(ZDICT)).decompress(DICT_STREAM))
case("decompressobj(zdict=str)", lambda: zlib.decompressobj(zdict="str"))
case("decompressobj(-15, zdict=str)", lambda: zlib.decompressobj(-15, zdict="str"))
case("decompressobj without zdict", lambda: zlib.decompressobj().decompress(DICT_STREAM))
case("_ZlibDecompressor(zdict) right", lambda: zlib._ZlibDecompressor(zdict=ZDICT).decompress(DICT_STREAM))
case("_ZlibDecompressor(zdict) wrong", lambda: zlib._ZlibDecompressor(zdict=b"wrong").decompress(DICT_STREAM))
case("compressobj(zdict) roundtrip",
     lambda: zlib.decompressobj(zdict=ZDICT).decompress((lambda c: c.compress(TEXT) + c.flush())(
         zlib.compressobj(zdict=ZDICT))))
case("compressobj(zdict=b'') roundtrip",
     lambda: roundtrip((lambda c: c.compress(TEXT) + c.flush())(zlib.compressobj(zdict=b""))))


# -- objects: use after end, copies, pickling, instantiation -----------------
def finished_compress():
    c = zlib.compressobj()
    c.compress(TEXT)
    c.flush()
    return c


def finished_decompress():
    d = zlib.decompressobj()
    d.decompress(ZLIB)
    d.flush()
    return d


case("Compress after finish: compress", lambda: finished_compress().compress(b"x"))
case("Compress after finish: flush()", lambda: finished_compress().flush())
case("Compress after finish: flush(Z_SYNC_FLUSH)", lambda: finished_compress().flush(zlib.Z_SYNC_FLUSH))
case("Compress after finish: flush(Z_NO_FLUSH)", lambda: finished_compress().flush(zlib.Z_NO_FLUSH))
case("Compress after finish: copy", lambda: finished_compress().copy())
case("Compress after finish: __copy__", lambda: copy.copy(finished_compress()))
case("Compress after finish: __deepcopy__", lambda: copy.deepcopy(finished_compress()))
case("Decompress after flush: decompress", lambda: finished_decompress().decompress(b"x"))
case("Decompress after flush: flush", lambda: finished_decompress().flush())
case("Decompress after flush: copy", lambda: finished_decompress().copy())
case("Decompress after flush: attributes",
     lambda: (lambda d: [d.eof, d.unused_data, d.unconsumed_tail])(finished_decompress()))
case("Decompress eof then decompress", lambda: (lambda d: [d.decompress(ZLIB), d.decompress(b"x"), d.unused_data])(
    zlib.decompressobj()))
case("Decompress max_length tail",
     lambda: (lambda d: [d.decompress(ZLIB, 10), d.unconsumed_tail, d.flush(), d.unconsumed_tail, d.eof])(
         zlib.decompressobj()))
case("_ZlibDecompressor after eof", lambda: (lambda d: [d.decompress(ZLIB), d.eof, d.decompress(b"x")])(
    zlib._ZlibDecompressor()))
case("_ZlibDecompressor needs_input",
     lambda: (lambda d: [d.needs_input, d.decompress(ZLIB, 10), d.needs_input, d.decompress(b"", 10_000),
                         d.needs_input, d.eof])(zlib._ZlibDecompressor()))
case("_ZlibDecompressor truncated", lambda: (lambda d: [d.decompress(ZLIB[:-5]), d.eof, d.needs_input])(
    zlib._ZlibDecompressor()))
case("_ZlibDecompressor corrupt", lambda: zlib._ZlibDecompressor().decompress(b"garbage!"))
for obj_name, make in [("Compress", zlib.compressobj), ("Decompress", zlib.decompressobj),
                       ("_ZlibDecompressor", zlib._ZlibDecompressor)]:
    case(f"pickle {obj_name}", lambda m=make: pickle.dumps(m()))
    case(f"type({obj_name})()", lambda m=make: type(m())())
    case(f"type({obj_name}) name", lambda m=make: [type(m()).__name__, type(m()).__qualname__,
                                                   type(m()).__module__])
    case(f"{obj_name} setattr", lambda m=make: setattr(m(), "x", 1))
case("Decompress set unused_data", lambda: setattr(zlib.decompressobj(), "unused_data", b""))
case("Compress.copy args", lambda: zlib.compressobj().copy(1))
case("Compress.__deepcopy__()", lambda: zlib.compressobj().__deepcopy__())
case("error type", lambda: [zlib.error.__name__, zlib.error.__module__, zlib.error.__mro__[1].__name__])
case("constants", lambda: sorted((k, v) for k, v in vars(zlib).items()
                                 if k.isupper() and isinstance(v, int)))


def main() -> None:
    json.dump([[label, *outcome(fn)] for label, fn in CASES], sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
