"""Differential testing helpers: Rust base64 modules against CPython's C code.

The generic parts (`outcome`, `wrap`, `KINDS`) come from `rust_ext_testing`;
this file holds what is specific to base64: the corruptions, the seeded
cases and the pairs of functions compared.
"""

from __future__ import annotations

import base64
import binascii
import random

from rust_ext_testing.differential import KINDS, outcome, wrap

__all__ = ["KINDS", "outcome", "wrap", "corrupt", "compare_decode", "compare_encode",
           "compare_base64_module", "seeded_cases", "run_seeded", "HAS_STRICT"]

# binascii gained strict_mode in 3.11; older interpreters cannot be compared in strict mode.
try:
    binascii.a2b_base64(b"", strict_mode=True)
    HAS_STRICT = True
except TypeError:
    HAS_STRICT = False

ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
NOISE = b"=\n\r \t-_.:!\x00\x80\xff"


def corrupt(rng: random.Random, text: bytes) -> bytes:
    """Truncate, insert noise, flip or drop bytes of valid base64 text."""
    buf = bytearray(text)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(5)
        if op == 0 and buf:
            del buf[rng.randrange(len(buf)) :]
        elif op == 1:
            buf.insert(rng.randint(0, len(buf)), rng.choice(NOISE + ALPHABET))
        elif op == 2 and buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif op == 3 and buf:
            del buf[rng.randrange(len(buf))]
        else:
            buf += b"=" * rng.randint(1, 3)
    return bytes(buf)


def compare_decode(mod, data, strict: bool | None) -> list[str]:
    """Compare `a2b_base64` on one input; returns a list of mismatches."""
    kwargs = {} if strict is None else {"strict_mode": strict}
    if strict is not None and not HAS_STRICT:
        kwargs = {}
    ours = outcome(mod.a2b_base64, data, **kwargs)
    ref = outcome(binascii.a2b_base64, data, **kwargs)
    return [] if ours == ref else [f"a2b_base64({data!r}, {kwargs}) -> {ours} != {ref}"]


def compare_encode(mod, data, newline: bool) -> list[str]:
    ours = outcome(mod.b2a_base64, data, newline=newline)
    ref = outcome(binascii.b2a_base64, data, newline=newline)
    return [] if ours == ref else [f"b2a_base64({data!r}, newline={newline}) -> {ours} != {ref}"]


def compare_base64_module(mod, raw: bytes, text: bytes, altchars) -> list[str]:
    """Compare the base64.py-style helpers when `mod` provides them."""
    if not hasattr(mod, "b64encode"):
        return []
    bad = []
    pairs = [
        (mod.b64encode, base64.b64encode, (raw,), {"altchars": altchars}),
        (mod.b64decode, base64.b64decode, (text,), {"altchars": altchars}),
        (mod.b64decode, base64.b64decode, (text,), {"validate": True}),
        (mod.urlsafe_b64encode, base64.urlsafe_b64encode, (raw,), {}),
        (mod.urlsafe_b64decode, base64.urlsafe_b64decode, (text,), {}),
        (mod.standard_b64encode, base64.standard_b64encode, (raw,), {}),
        (mod.standard_b64decode, base64.standard_b64decode, (text,), {}),
    ]
    for ours_fn, ref_fn, args, kwargs in pairs:
        ours, ref = outcome(ours_fn, *args, **kwargs), outcome(ref_fn, *args, **kwargs)
        if ours != ref:
            bad.append(f"{ref_fn.__name__}{args!r} {kwargs} -> {ours} != {ref}")
    return bad


def seeded_cases(seed: int, count: int):
    """Yield `count` deterministic (raw, text, altchars) triples."""
    rng = random.Random(seed)
    alts = [None, b"-_", b"@!", "-_", b"++", b"ab"]
    for i in range(count):
        size = rng.choice((0, 1, 2, 3, 4, 5, rng.randrange(64), rng.randrange(4096)))
        raw = rng.randbytes(size)
        text = base64.b64encode(raw)
        if i % 2:
            text = corrupt(rng, text)
        yield raw, text, rng.choice(alts)


def run_seeded(mod, seed: int = 20261123, count: int = 3000) -> tuple[int, list[str]]:
    """The volume part of the differential test. Returns (cases run, mismatches)."""
    cases = 0
    bad: list[str] = []
    for raw, text, alt in seeded_cases(seed, count):
        for newline in (True, False):
            bad += compare_encode(mod, raw, newline)
            cases += 1
        for strict in (None, True, False):
            bad += compare_decode(mod, text, strict)
            cases += 1
        kind = KINDS[cases % len(KINDS)]
        bad += compare_decode(mod, wrap(text, kind), None)
        cases += 1
        if kind != "str":
            bad += compare_encode(mod, wrap(raw, kind), True)
            cases += 1
        bad += compare_base64_module(mod, raw, text, alt)
        cases += 7 if hasattr(mod, "b64encode") else 0
    return cases, bad
