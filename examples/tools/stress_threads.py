"""Thread stress test of the base64 and zlib modules over shared bytearrays.

Eight worker threads encode, decode, compress, decompress and checksum
shared `bytearray`s while two mutator threads overwrite them in place and
resize them, for a fixed number of iterations. The test passes when:

- nothing crashes;
- no worker call raises (mutators may get `BufferError` when they resize a
  bytearray that a call is exporting at that moment: the only exception the
  modules document, counted and reported);
- every output is one a serial run of the same module could have produced
  for some state of the input. The mutators only ever write bytes from a
  known alphabet at each position, so the input state behind an output can
  be recovered (by decoding or decompressing it) and checked against that
  alphabet, then the module itself is run on the recovered state, serially,
  and must give the same output.

Runs on the GIL build (with `sys.setswitchinterval` at its minimum, so the
threads interleave inside the modules' GIL-released sections) and on a
free-threaded build. Used by ci/test for the PyO3 modules and the raw-FFI
twin, and by examples/cpython for the in-tree `_base64` on the free-threaded
3.13 build:

    python examples/tools/stress_threads.py [--iterations N] MODULE...

A MODULE is any importable module with base64.py's `b64encode`/`b64decode`
or binascii's `b2a_base64`/`a2b_base64`, or zlib's `compress`/`decompress`/
`crc32`. Prints one summary line per module; exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import binascii
import importlib
import os
import random
import sys
import sysconfig
import threading
import zlib

WORKERS = 8
# Two mutator threads that overwrite and resize, except on free-threaded
# 3.13, whose bytearray is not thread-safe: with two mutators a run with
# CPython's own binascii dies with SIGBUS/SIGSEGV inside bytearray, and with
# one mutator that resizes, binascii itself returns impossible outputs (a
# resize lands while a buffer export is being taken). There one thread only
# overwrites in place while the eight workers read.
FREE_THREADED_313 = bool(sysconfig.get_config_var("Py_GIL_DISABLED")) and sys.version_info < (3, 14)
MUTATORS = 1 if FREE_THREADED_313 else 2
RESIZE = not FREE_THREADED_313
ITERATIONS = int(os.environ.get("STRESS_ITERATIONS", "200"))
# Below and above the modules' DETACH_THRESHOLD (64 KiB): both code paths.
SIZES = (3 * 40, 3 * 1000, 3 * 24_000)
FILL = bytes(range(0x41, 0x41 + 8))  # the byte values mutators write


def b64_text(value: int, n: int) -> bytes:
    """Canonical base64 of `n` bytes all equal to `value` (n % 3 == 0: no padding)."""
    return binascii.b2a_base64(bytes([value]) * n, newline=False)


class Shared:
    """The bytearrays every thread works on, and what may be written to them."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.plain = [bytearray(bytes([rng.choice(FILL)]) * n) for n in SIZES]
        # Each base64 position has one character per fill value.
        self.text = [bytearray(b64_text(FILL[0], n)) for n in SIZES]
        self.text_chars = [set() for _ in range(4)]
        for v in FILL:
            for i, c in enumerate(b64_text(v, 3)):
                self.text_chars[i].add(c)
        # Compressed data: rewritten with its own bytes, padded and truncated.
        self.packed_source = bytes(range(256)) * 64
        self.packed = bytearray(zlib.compress(self.packed_source))
        self.packed_len = len(self.packed)


def mutate(shared: Shared, seed: int, stop: threading.Event, counts: dict) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        try:
            which = rng.randrange(5)
            if not RESIZE and which in (1, 3, 4):
                which -= 1 if which != 4 else 4
            if which == 0:
                buf = rng.choice(shared.plain)
                buf[:] = bytes([rng.choice(FILL)]) * len(buf)
            elif which == 1:
                buf = rng.choice(shared.plain)
                if len(buf) > 3 and rng.random() < 0.5:
                    del buf[-3:]
                else:
                    buf.extend(bytes([rng.choice(FILL)]) * 3)
            elif which == 2:
                buf = rng.choice(shared.text)
                value = rng.choice(FILL)
                start = 4 * rng.randrange(max(1, len(buf) // 4))
                piece = b64_text(value, 3 * rng.randrange(1, 64))
                buf[start : start + len(piece)] = piece[: max(0, len(buf) - start)]
            elif which == 3:
                buf = rng.choice(shared.text)
                if len(buf) > 4 and rng.random() < 0.5:
                    del buf[-4:]
                else:
                    buf.extend(b64_text(rng.choice(FILL), 3))
            else:
                # Same bytes again (a real write), then a trailing pad and its removal.
                buf = shared.packed
                buf[: shared.packed_len] = buf[: shared.packed_len]
                buf.extend(b"\0" * 7)
                del buf[shared.packed_len :]
        except BufferError:
            counts["BufferError"] += 1


def strict_a2b(text: bytes) -> bytes:
    """`binascii.a2b_base64(text, strict_mode=True)`; before 3.11 (no
    strict_mode) the same check as a canonical round trip."""
    if sys.version_info >= (3, 11):
        return binascii.a2b_base64(text, strict_mode=True)
    state = binascii.a2b_base64(text)
    if binascii.b2a_base64(state, newline=False) != text:
        raise binascii.Error("not canonical base64")
    return state


class Checker:
    """One module's operations and the serial-run check of each output."""

    def __init__(self, module) -> None:
        self.module = module
        self.ops = []
        if hasattr(module, "b64encode"):
            self.encode, self.decode = module.b64encode, module.b64decode
        elif hasattr(module, "b2a_base64"):
            self.encode = lambda d: module.b2a_base64(d, newline=False)
            self.decode = module.a2b_base64
        else:
            self.encode = None
        if self.encode is not None:
            self.ops += [self.check_encode, self.check_decode]
        if hasattr(module, "compress"):
            self.ops += [self.check_compress, self.check_decompress, self.check_crc32]

    def check_encode(self, shared: Shared, rng: random.Random) -> None:
        buf = rng.choice(shared.plain)
        out = self.encode(buf)
        state = strict_a2b(out)
        assert set(state) <= set(FILL), "encode: output of an impossible input"
        assert self.encode(bytes(state)) == out, "encode: differs from a serial run"

    def check_decode(self, shared: Shared, rng: random.Random) -> None:
        buf = rng.choice(shared.text)
        out = self.decode(buf)
        state = binascii.b2a_base64(out, newline=False)
        assert len(state) % 4 == 0 and b"=" not in state, "decode: impossible length"
        for i, c in enumerate(state):
            assert c in shared.text_chars[i % 4], "decode: output of an impossible input"
        assert self.decode(state) == out, "decode: differs from a serial run"

    def check_compress(self, shared: Shared, rng: random.Random) -> None:
        buf = rng.choice(shared.plain)
        out = self.module.compress(buf)
        state = zlib.decompress(out)
        assert set(state) <= set(FILL), "compress: output of an impossible input"
        assert self.module.compress(state) == out, "compress: differs from a serial run"

    def check_decompress(self, shared: Shared, rng: random.Random) -> None:
        out = self.module.decompress(shared.packed)
        assert out == shared.packed_source, "decompress: wrong output"

    def check_crc32(self, shared: Shared, rng: random.Random) -> None:
        value = self.module.crc32(shared.packed)
        good = {
            zlib.crc32(bytes(shared.packed[: shared.packed_len]) + b"\0" * k)
            for k in range(8)
        }
        assert value in good, "crc32: checksum of an impossible input"


def run(name: str, iterations: int, seed: int) -> bool:
    module = importlib.import_module(name)
    checker = Checker(module)
    if not checker.ops:
        print(f"{name}: no base64 or zlib functions to stress")
        return False
    shared = Shared(seed)
    stop = threading.Event()
    counts = {"BufferError": 0}
    failures: list[str] = []
    calls = [0] * WORKERS
    barrier = threading.Barrier(WORKERS + MUTATORS)

    def work(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        barrier.wait()
        for _ in range(iterations):
            op = checker.ops[(index + calls[index]) % len(checker.ops)]
            try:
                op(shared, rng)
            except BaseException as exc:  # every exception here is a failure
                failures.append(f"{op.__name__}: {type(exc).__name__}: {exc}")
                return
            calls[index] += 1

    def mutator(index: int) -> None:
        barrier.wait()
        mutate(shared, seed * 2000 + index, stop, counts)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(WORKERS)]
    mutators = [threading.Thread(target=mutator, args=(i,)) for i in range(MUTATORS)]
    for t in mutators + workers:
        t.start()
    for t in workers:
        t.join()
    stop.set()
    for t in mutators:
        t.join()
    status = "ok" if not failures else "FAILED"
    print(
        f"{name}: {status}: {sum(calls)} checked calls "
        f"({WORKERS} threads x {iterations} iterations, {len(checker.ops)} operations, "
        f"{MUTATORS} mutator thread{'s' if MUTATORS > 1 else ''}"
        f"{'' if RESIZE else ', overwriting only'}), "
        f"{counts['BufferError']} BufferError in the mutators"
    )
    for f in failures[:5]:
        print(f"  {f}")
    return not failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="+")
    parser.add_argument("--iterations", type=int, default=ITERATIONS)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(
        f"Python {sys.version.split()[0]}, "
        f"{'free-threaded build' if free else 'GIL build'}, GIL {'on' if gil else 'off'}"
    )
    sys.setswitchinterval(1e-6)
    ok = True
    for name in args.modules:
        ok &= run(name, args.iterations, args.seed)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
