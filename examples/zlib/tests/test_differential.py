"""Differential tests: rs_zlib against the interpreter's zlib (C zlib).

Seeded random cases (reproducible; the counts are printed by
`test_case_counts`): one-shot and streamed compression with random
parameters, zdicts and flush modes (each side's output must decompress with
the other); streamed decompression in random chunk sizes with random
`max_length` (identical outputs, `unconsumed_tail`, `unused_data`, `eof`);
corrupted and truncated input (same output bytes or the same exception type
and message, with one known zlib-rs difference: see `same`). A PanicException is a BaseException and is never caught here,
so any panic fails the run.
"""

import random
import sys
import zlib

import pytest
import rs_zlib

def c_compress(data, level=-1, wbits=15):
    """C zlib's compress(data, level, wbits) (the wbits argument is 3.11+)."""
    co = zlib.compressobj(level, zlib.DEFLATED, wbits)
    return co.compress(data) + co.flush()


COUNTS: dict[str, int] = {}
WBITS = [-15, -12, -9, 9, 11, 15, 25, 31]


def count(kind: str, n: int = 1) -> None:
    COUNTS[kind] = COUNTS.get(kind, 0) + n


def sample(rng: random.Random) -> bytes:
    kind = rng.randrange(5)
    n = rng.choice([0, 1, 2, 15, 100, 1000, 10_000, 70_000, 300_000])
    if kind == 0:
        return rng.randbytes(n)
    if kind == 1:
        words = [b"alpha", b"beta", b"gamma", b"delta", b" ", b"\n", b"zlib", b"rust"]
        return b"".join(rng.choice(words) for _ in range(n // 4))[:n]
    if kind == 2:
        return bytes([rng.randrange(4)]) * n
    if kind == 3:
        return bytes(rng.randrange(4) for _ in range(min(n, 20_000)))
    return rng.randbytes(16) * (n // 16)


def params(rng: random.Random) -> dict:
    return {
        "level": rng.choice([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
        "wbits": rng.choice(WBITS),
        "memLevel": rng.randint(1, 9),
        "strategy": rng.choice([0, 1, 2, 3, 4]),
    }


def chunks(rng: random.Random, data: bytes):
    i = 0
    while i < len(data):
        step = rng.choice([1, 7, 100, 4096, 65536, len(data)])
        yield data[i:i + step]
        i += step


# zlib-rs 0.6.8 reports errors found in its fast decoding loop with the
# message of its `Bad` state instead of the specific one (the fast loop sets
# the message, then the state machine passes through `Bad`, which overwrites
# it). Code and exception type are the same; the message differs.
ZLIB_RS_BAD_STATE = "repeated call with bad state"
FAST_LOOP_MESSAGES = ("invalid distance too far back", "invalid distance code", "invalid literal/length code")


def same(ours, theirs) -> bool:
    """Equal outcomes, or equal but for the zlib-rs fast-loop message (counted)."""
    if ours == theirs:
        return True
    text = repr(ours)
    for msg in FAST_LOOP_MESSAGES:
        if msg in repr(theirs) and repr(theirs).replace(msg, ZLIB_RS_BAD_STATE) == text:
            count("  of which: zlib-rs fast-loop error message differs")
            return True
    return False


def outcome(fn, *args, **kwargs):
    try:
        return ("ok", fn(*args, **kwargs))
    except (rs_zlib.error, zlib.error) as e:
        return ("error", str(e))
    except (ValueError, TypeError, OverflowError, MemoryError) as e:
        return (type(e).__name__, str(e))


@pytest.mark.parametrize("seed", range(8))
def test_one_shot_both_ways(seed):
    rng = random.Random(seed)
    for _ in range(50):
        data = sample(rng)
        level, wbits = rng.choice([-1, 0, 1, 6, 9]), rng.choice(WBITS)
        ours = rs_zlib.compress(data, level, wbits)
        assert zlib.decompress(ours, wbits) == data
        theirs = c_compress(data, level, wbits)
        assert rs_zlib.decompress(theirs, wbits, rng.choice([0, 1, 100, 16384])) == data
        if wbits > 0:
            assert rs_zlib.decompress(theirs, 47 if wbits >= 25 else 32 + 15) == data
        assert rs_zlib.crc32(data, seed) == zlib.crc32(data, seed)
        assert rs_zlib.adler32(data, seed) == zlib.adler32(data, seed)
        count("one-shot compress/decompress/checksum", 1)


@pytest.mark.parametrize("seed", range(8))
def test_streamed_compression(seed):
    rng = random.Random(100 + seed)
    for _ in range(40):
        data, p = sample(rng), params(rng)
        zdict = rng.choice([None, None, b"alpha beta gamma delta zlib rust", rng.randbytes(300)])
        if p["wbits"] >= 25:
            zdict = None  # gzip streams have no dictionary (both raise ValueError)
        kw = dict(p, zdict=zdict) if zdict is not None else p
        co = rs_zlib.compressobj(**kw)
        out = []
        for piece in chunks(rng, data):
            out.append(co.compress(piece))
            if rng.random() < 0.2:
                out.append(co.flush(rng.choice([zlib.Z_SYNC_FLUSH, zlib.Z_FULL_FLUSH,
                                                zlib.Z_PARTIAL_FLUSH, zlib.Z_BLOCK, zlib.Z_NO_FLUSH])))
        out.append(co.flush())
        stream = b"".join(out)
        d = zlib.decompressobj(p["wbits"], zdict=zdict) if zdict is not None else zlib.decompressobj(p["wbits"])
        assert d.decompress(stream) + d.flush() == data
        assert d.eof
        # and the other way round: C zlib's stream through rs_zlib's decompressobj
        co = zlib.compressobj(**kw)
        stream = b"".join([co.compress(piece) for piece in chunks(rng, data)]) + co.flush()
        d = rs_zlib.decompressobj(p["wbits"], zdict=zdict) if zdict is not None else rs_zlib.decompressobj(p["wbits"])
        assert b"".join(d.decompress(piece) for piece in chunks(rng, stream)) + d.flush() == data
        count("streamed compression (random params, zdicts, flush modes)")


def drive(module, stream, wbits, plan):
    """Feed `stream` to a decompressobj following `plan`; record everything seen."""
    d = module.decompressobj(wbits)
    seen = []
    data, i = stream, 0
    for size, max_length in plan:
        piece = d.unconsumed_tail + data[i:i + size]
        i += size
        r = outcome(d.decompress, piece, max_length)
        seen.append((r, d.unconsumed_tail, d.unused_data, d.eof))
        if r[0] != "ok":
            break
    seen.append((outcome(d.flush), d.unconsumed_tail, d.unused_data, d.eof))
    return seen


@pytest.mark.parametrize("seed", range(8))
def test_streamed_decompression_identical(seed):
    rng = random.Random(200 + seed)
    for _ in range(40):
        data, p = sample(rng), params(rng)
        co = zlib.compressobj(**p)
        stream = co.compress(data) + co.flush() + rng.choice([b"", b"tail", rng.randbytes(50)])
        plan = [(rng.choice([1, 5, 64, 1000, 65536]), rng.choice([0, 0, 1, 3, 100, 16384, 100_000]))
                for _ in range(rng.randint(1, 60))]
        assert drive(rs_zlib, stream, p["wbits"], plan) == drive(zlib, stream, p["wbits"], plan)
        count("streamed decompression, random chunks and max_length")


def corrupt(rng: random.Random, stream: bytes) -> bytes:
    b = bytearray(stream)
    op = rng.randrange(4)
    if op == 0 and b:  # flip bytes
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    elif op == 1:  # truncate
        del b[rng.randrange(len(b) + 1):]
    elif op == 2:  # insert garbage
        pos = rng.randrange(len(b) + 1)
        b[pos:pos] = rng.randbytes(rng.randint(1, 20))
    else:  # random header
        b[:2] = rng.randbytes(2)
    return bytes(b)


@pytest.mark.parametrize("seed", range(8))
def test_corrupt_and_truncated(seed):
    rng = random.Random(300 + seed)
    for _ in range(150):
        data = sample(rng)[:20_000]
        wbits = rng.choice(WBITS)
        bad = corrupt(rng, c_compress(data, rng.choice([1, 6, 9]), wbits))
        dec_wbits = rng.choice([wbits, wbits, 47, 15, -15])
        assert same(outcome(rs_zlib.decompress, bad, dec_wbits), outcome(zlib.decompress, bad, dec_wbits))
        plan = [(rng.choice([1, 13, 500, 100_000]), rng.choice([0, 0, 7, 1000])) for _ in range(8)]
        assert same(drive(rs_zlib, bad, dec_wbits, plan), drive(zlib, bad, dec_wbits, plan))
        count("corrupt/truncated input (one-shot + streamed)")


@pytest.mark.parametrize("seed", range(4))
def test_random_parameters_accept_and_reject_alike(seed):
    rng = random.Random(400 + seed)
    for _ in range(200):
        args = [rng.randint(-3, 12), rng.choice([8, 8, 8, 0, 9]), rng.randint(-17, 48),
                rng.randint(-1, 10), rng.randint(-1, 6)]
        a = outcome(lambda m: (m.compressobj(*args), None)[1], zlib)
        b = outcome(lambda m: (m.compressobj(*args), None)[1], rs_zlib)
        assert a == b, args
        w = rng.randint(-20, 50)
        assert outcome(lambda m: (m.decompressobj(w), None)[1], zlib) == \
            outcome(lambda m: (m.decompressobj(w), None)[1], rs_zlib), w
        lvl, wb = rng.randint(-3, 12), rng.randint(-20, 50)
        if sys.version_info >= (3, 11):  # zlib.compress(data, level, wbits) is 3.11+
            assert outcome(rs_zlib.compress, b"abc" * 10, lvl, wb)[0] == outcome(zlib.compress, b"abc" * 10, lvl, wb)[0]
        count("constructor/argument validation")


def test_case_counts():
    """Runs last in this file: print the number of cases each test checked."""
    total = sum(n for kind, n in COUNTS.items() if not kind.startswith(" "))
    for kind, n in sorted(COUNTS.items()):
        print(f"differential: {n:5} {kind}")
    print(f"differential: {total:5} total")
    assert total >= 1000 or not COUNTS  # all ran (or this test was selected alone)
