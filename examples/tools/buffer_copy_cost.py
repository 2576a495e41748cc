"""What copying a mutable exporter costs the shipped modules.

The `pybuffer` layer borrows an exact `bytes` and copies everything else
(see its crate docs). Calling the same function on a `bytes` and on a
`bytearray` of the same contents therefore differs by exactly that copy.
For each function and size this prints:

- callgrind instruction counts per call for both (two runs of R and 2R
  calls each, the difference divided by R, so interpreter start-up cancels),
  and the bytearray/bytes ratio of those counts;
- the same ratio in wall-clock time, both measured in one process,
  interleaved, median of 7 rounds (the machine is shared: treat it as
  indicative, the instruction counts as the decision).

    python examples/tools/buffer_copy_cost.py [--output examples/results/buffer-copy.txt]

With --output, the table is also written there, after two measurements of
`examples/pybuffer/examples/copy_vs_chunks.rs` (whole copy against chunked
copy against borrowing `bytes`): its callgrind instruction counts per call
and its own same-run wall-clock ratios. The book includes that file.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = [
    ("rs_base64", "b64encode", "plain"),
    ("rs_base64", "b64decode", "text"),
    ("rs_zlib", "compress", "plain"),
    ("rs_zlib", "crc32", "plain"),
]
SIZES = {64: 500, 4096: 100, 1 << 20: 2}

SETUP = """
import base64, importlib, os
module = importlib.import_module({module!r})
f = getattr(module, {func!r})
raw = (bytes(range(256)) * ({size} // 256 + 1))[:{size}]
data = base64.b64encode(raw) if {shape!r} == "text" else raw
data = {kind}(data)
"""


def instructions(code: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", code],
            check=True,
            capture_output=True,
        )
        text = out.read_text()
    match = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
    assert match, "no callgrind totals"
    return int(match.group(1))


def per_call(module: str, func: str, shape: str, size: int, kind: str, reps: int) -> float:
    setup = SETUP.format(module=module, func=func, shape=shape, size=size, kind=kind)
    counts = [instructions(setup + f"for _ in range({n}): f(data)\n") for n in (reps, 2 * reps)]
    return (counts[1] - counts[0]) / reps


def wall_ratio(module: str, func: str, shape: str, size: int, reps: int) -> float:
    env: dict = {}
    exec(SETUP.format(module=module, func=func, shape=shape, size=size, kind="bytes"), env)
    f, as_bytes = env["f"], env["data"]
    as_bytearray = bytearray(as_bytes)
    ratios = []
    for _ in range(7):
        b = timeit.timeit(lambda: f(as_bytes), number=reps)
        a = timeit.timeit(lambda: f(as_bytearray), number=reps)
        ratios.append(a / b)
    ratios.sort()
    return ratios[len(ratios) // 2]


def chunks_instructions() -> list[str]:
    """Instructions per call of the copy_vs_chunks example's three readers."""
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "pybuffer", "--example", "copy_vs_chunks"],
        check=True,
        cwd=ROOT,
    )
    binary = ROOT / "target" / "release" / "examples" / "copy_vs_chunks"
    lines = ["size      borrow bytes  whole copy  chunked copy  (instructions per call)"]
    for size, reps in ((64, 500), (4096, 100), (1 << 20, 2)):
        counts = {}
        for mode in ("borrow", "whole", "chunks"):
            total = []
            for n in (reps, 2 * reps):
                with tempfile.TemporaryDirectory() as tmp:
                    out = Path(tmp) / "callgrind.out"
                    subprocess.run(
                        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, mode, str(size), str(n)],
                        check=True,
                        capture_output=True,
                    )
                    total.append(int(re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M).group(1)))
            counts[mode] = (total[1] - total[0]) / reps
        lines.append(f"{size:<9} {counts['borrow']:>12,.0f} {counts['whole']:>11,.0f} {counts['chunks']:>13,.0f}")
        print(lines[-1], flush=True)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    lines = [
        "function           size     bytes instr/call  bytearray instr/call  ratio  wall ratio",
    ]
    for module, func, shape in CASES:
        for size, reps in SIZES.items():
            b = per_call(module, func, shape, size, "bytes", reps)
            a = per_call(module, func, shape, size, "bytearray", reps)
            w = wall_ratio(module, func, shape, size, reps * 5)
            lines.append(
                f"{module[3:] + '.' + func:<18} {size:>8} {b:>18,.0f} {a:>21,.0f} {a / b:>6.3f} {w:>11.3f}"
            )
            print(lines[-1], flush=True)
    if args.output:
        chunks = subprocess.run(
            ["cargo", "run", "--release", "-q", "-p", "pybuffer", "--example", "copy_vs_chunks"],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
        header = (
            "# copy_vs_chunks under callgrind: a bytearray copied whole or in chunks, bytes borrowed\n"
            + "\n".join(chunks_instructions())
            + "\n\n# cargo run --release -p pybuffer --example copy_vs_chunks\n"
            "# (whole copy and chunked copy of a bytearray, time relative to borrowing bytes)\n"
        )
        header2 = (
            "\n# python examples/tools/buffer_copy_cost.py\n"
            "# (the modules' calls on bytearray, copied, against bytes, borrowed)\n"
        )
        args.output.write_text(header + chunks + header2 + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
