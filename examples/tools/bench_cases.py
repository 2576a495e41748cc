"""The benchmark cases of examples/tools/bench.py: a registry of modules.

Every registered module contributes *cases*: one operation at one input size,
run by several implementations (the Rust module and its peers). A case's
input is built lazily and cached, so that a pyperf worker process, which runs
one implementation of one case, builds only the input it needs.

To add a module, write a function returning a list of `Case` and decorate it
with `@register("module_name")` (see `base64_cases`).
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable


@dataclass
class Impl:
    """One implementation of a case: `fn(data, **kwargs)`."""

    name: str
    fn: Callable[..., Any]
    kwargs: dict = field(default_factory=dict)

    def call(self) -> Callable[[Any], Any]:
        """`fn` with the keyword arguments bound: a one-argument callable."""
        return functools.partial(self.fn, **self.kwargs) if self.kwargs else self.fn


@dataclass
class Case:
    module: str
    operation: str
    size: int
    # The input, or a function that builds it (called once, on first use).
    source: Any
    impls: list[Impl]
    baseline: str
    # (implementation, peer, minimum ratio) checked and reported as targets.
    targets: list[tuple[str, str, float]] = field(default_factory=list)
    # Compressors: record len(output) per implementation ("output_bytes"), and
    # for each target whether the implementation's output is no larger than
    # the peer's ("size_met").
    record_size: bool = False
    _data: Any = None

    @property
    def data(self) -> Any:
        if self._data is None:
            self._data = self.source() if callable(self.source) else self.source
        return self._data

    @property
    def size_label(self) -> str:
        for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
            if self.size >= scale and self.size % scale == 0:
                return f"{self.size // scale} {unit}"
        return f"{self.size} B"

    @property
    def key(self) -> str:
        """A name unique across the registry (pyperf benchmark names)."""
        return f"{self.module}: {self.operation} {self.size_label}"

    def check(self) -> None:
        """Every implementation must agree (compressors: round trip)."""
        import zlib

        expected = self.impls[0].call()(self.data)
        for impl in self.impls:
            got = impl.call()(self.data)
            ok = zlib.decompress(got) == self.data if self.record_size else got == expected
            if not ok:
                raise SystemExit(f"{impl.name} gives a wrong result for {self.key}")


# module -> function(quick) returning its cases
REGISTRY: dict[str, Callable[[bool], list[Case]]] = {}


def register(module: str):
    def deco(fn):
        REGISTRY[module] = fn
        return fn

    return deco


def all_cases(only: list[str] | None = None, quick: bool = False) -> list[Case]:
    return [case for module, make in REGISTRY.items() if not only or module in only for case in make(quick)]


@functools.cache
def _random_bytes(size: int, seed: int = 20261123) -> bytes:
    return random.Random(seed).randbytes(size)


@register("rs_base64")
def base64_cases(quick: bool) -> list[Case]:
    import base64
    import binascii

    import pybase64
    import rs_base64
    import rs_base64_ffi

    cases = []
    for size in (64, 4096, 1 << 20):
        encode = Case(
            "rs_base64", "encode", size, functools.partial(_random_bytes, size),
            [
                Impl("binascii.b2a_base64", binascii.b2a_base64, {"newline": False}),
                Impl("base64.b64encode", base64.b64encode),
                Impl("pybase64.b64encode", pybase64.b64encode),
                Impl("rs_base64.b2a_base64", rs_base64.b2a_base64, {"newline": False}),
                Impl("rs_base64.b64encode", rs_base64.b64encode),
                Impl("rs_base64_ffi.b2a_base64", rs_base64_ffi.b2a_base64, {"newline": False}),
            ],
            baseline="binascii.b2a_base64",
        )
        decode = Case(
            "rs_base64", "decode", size, lambda size=size: base64.b64encode(_random_bytes(size)),
            [
                Impl("binascii.a2b_base64", binascii.a2b_base64),
                Impl("base64.b64decode", base64.b64decode),
                Impl("pybase64.b64decode", pybase64.b64decode),
                Impl("rs_base64.a2b_base64", rs_base64.a2b_base64),
                Impl("rs_base64.b64decode", rs_base64.b64decode),
                Impl("rs_base64_ffi.a2b_base64", rs_base64_ffi.a2b_base64),
            ],
            baseline="binascii.a2b_base64",
        )
        if size == 64:
            encode.targets.append(("rs_base64.b2a_base64", "binascii.b2a_base64", 1.0))
            decode.targets.append(("rs_base64.a2b_base64", "binascii.a2b_base64", 1.0))
        else:
            encode.targets.append(("rs_base64.b64encode", "pybase64.b64encode", 1.05))
            decode.targets.append(("rs_base64.b64decode", "pybase64.b64decode", 1.05))
        cases += [encode, decode]
    return cases


@functools.cache
def _stdlib_text(limit: int) -> bytes:
    """The interpreter's own Lib/*.py, in name order, concatenated and truncated."""
    import sysconfig

    lib = Path(sysconfig.get_paths()["stdlib"])
    out = bytearray()
    for path in sorted(lib.glob("*.py")):
        out += path.read_bytes()
        if len(out) >= limit:
            break
    return bytes(out[:limit])


def _streamer(module, level: int = 6, chunk: int = 64 * 1024):
    """compressobj(level), compress() in `chunk`-byte pieces, then flush()."""
    def run(data):
        co = module.compressobj(level)
        parts = [co.compress(data[i:i + chunk]) for i in range(0, len(data), chunk)]
        parts.append(co.flush())
        return b"".join(parts)

    return run


@register("rs_zlib")
def zlib_cases(quick: bool) -> list[Case]:
    import zlib

    import rs_zlib
    from zlib_ng import zlib_ng

    size = 1 << 20
    inputs = {"text": functools.partial(_stdlib_text, size), "random": functools.partial(_random_bytes, size)}
    mods = (("zlib", zlib), ("zlib_ng", zlib_ng), ("rs_zlib", rs_zlib))
    cases = []
    for kind, make in inputs.items():
        def case(op, payload, fn_name, kwargs=None, sizes=False, fns=None):
            impls = [Impl(f"{name}.{fn_name}", (fns or {}).get(name) or getattr(mod, fn_name), dict(kwargs or {}))
                     for name, mod in mods]
            cases.append(Case("rs_zlib", f"{op} {kind}", size, payload, impls, baseline=impls[0].name,
                              targets=[(impls[2].name, impls[1].name, 1.0)], record_size=sizes))

        for level in (1, 6, 9):
            case(f"compress level {level}", make, "compress", {"level": level}, sizes=True)
        case("decompress", lambda make=make: zlib.compress(make(), 6), "decompress")
        case("stream 64 KiB chunks, level 6", make, "compressobj", sizes=True,
             fns={name: _streamer(mod) for name, mod in mods})
        case("crc32", make, "crc32")
        case("adler32", make, "adler32")
    return cases
