"""Instruction counts per call, with valgrind's callgrind, for bench.py.

Wall-clock time depends on the machine's load; the number of instructions
executed does not (on one CPU model, one build). Each implementation of a
case runs in its own process under callgrind: the input is built and the
function called once (warm-up: lazy initialisation, CPU feature detection)
with collection off; then N calls run inside one `itertools.starmap` loop,
and `--toggle-collect=starmap_next` collects exactly those calls (plus a few
dozen instructions of loop overhead per call, the same for every
implementation). The count is `Collected / N`.

valgrind does not emulate AVX-512: under callgrind, code that dispatches at
run time takes its AVX2 path, so the counts are those of the AVX2 paths
(recorded in the results file as `settings.instructions`).

    python bench_callgrind.py --run "<case key>" "<impl>" N   # the child
    python bench_callgrind.py --smoke    # ci/test: one pair, against bench.json
    python bench_callgrind.py --merge COUNTS.json... RESULTS.json
        # counts taken apart from the timing run ({case key: {impl: n}}, later
        # files win) into a results file: `instructions`, `instruction_ratio`

The smoke check counts rs_base64 against binascii on 64-byte encodes and
fails if callgrind cannot count, or if the ratio of the two counts is more
than SMOKE_TOLERANCE worse than the one recorded in examples/results/bench.json
(a regression of the Rust path that no wall-clock noise can hide).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TOGGLE = "starmap_next"
SMOKE = ("rs_base64: encode 64 B", "rs_base64.b2a_base64", "binascii.b2a_base64", 64)
SMOKE_TOLERANCE = 0.10


def calls_for(size: int) -> int:
    """Enough calls that the loop overhead is noise, few enough to be quick."""
    return max(2, min(1000, (1 << 21) // max(size, 1)))


def available() -> bool:
    return shutil.which("valgrind") is not None


def count(case_key: str, impl: str, size: int, only: list[str] | None, pythonpath: str | None = None) -> int:
    """Instructions per call of `impl` on the case `case_key` (`pythonpath`:
    a folder whose modules shadow the installed ones)."""
    n = calls_for(size)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["valgrind", "--tool=callgrind", "--collect-atstart=no", f"--toggle-collect={TOGGLE}",
               f"--callgrind-out-file={tmp}/callgrind.out",
               sys.executable, str(Path(__file__).resolve()), "--run", case_key, impl, str(n)]
        for module in only or []:
            cmd += ["--only", module]
        env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
        if pythonpath:
            env["PYTHONPATH"] = pythonpath
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"callgrind run of {impl} ({case_key}) failed:\n{proc.stderr[-2000:]}")
    found = re.search(r"Collected\s*:\s*(\d+)", proc.stderr)
    if not found or int(found.group(1)) == 0:
        raise SystemExit(f"callgrind collected nothing for {impl} ({case_key}): "
                         f"is `{TOGGLE}` in the interpreter's symbol table?\n{proc.stderr[-2000:]}")
    return round(int(found.group(1)) / n)


def child(argv: list[str]) -> int:
    import collections
    import itertools

    from bench_cases import all_cases

    only = [argv[i + 1] for i, a in enumerate(argv) if a == "--only"]
    key, name, n = argv[1], argv[2], int(argv[3])
    case = next(c for c in all_cases(only or None) if c.key == key)
    fn = next(i for i in case.impls if i.name == name).call()
    data = case.data
    fn(data)
    collections.deque(itertools.starmap(fn, itertools.repeat((data,), n)), maxlen=0)
    return 0


def smoke() -> int:
    import json

    key, impl, peer, size = SMOKE
    mine, theirs = count(key, impl, size, ["rs_base64"]), count(key, peer, size, ["rs_base64"])
    ratio = theirs / mine
    print(f"{key}: {impl} {mine:,} instructions/call, {peer} {theirs:,}: ratio {ratio:.3f}")
    results = Path(__file__).resolve().parents[1] / "results" / "bench.json"
    recorded = None
    for case in json.loads(results.read_text()).get("benchmarks", []):
        if f"{case['module']}: {case['operation']} {case['size_label']}" == key:
            recorded = next((t.get("instruction_ratio") for t in case["targets"] if t["impl"] == impl), None)
    if recorded is None:
        print(f"no recorded instruction ratio for {key} in {results.name}: nothing to compare")
        return 0
    floor = recorded * (1 - SMOKE_TOLERANCE)
    print(f"recorded ratio {recorded:.3f}; fails below {floor:.3f}")
    return 0 if ratio >= floor else 1


def merge(count_files: list[str], results_file: str) -> int:
    import json

    counts: dict[str, dict[str, int]] = {}
    for f in count_files:
        for key, by_impl in json.loads(Path(f).read_text()).items():
            counts.setdefault(key, {}).update(by_impl)
    path = Path(results_file)
    data = json.loads(path.read_text())
    for case in data["benchmarks"]:
        got = counts.get(f"{case['module']}: {case['operation']} {case['size_label']}", {})
        for r in case["results"]:
            if r["impl"] in got:
                r["instructions"] = got[r["impl"]]
        for t in case["targets"]:
            if t["impl"] in got and t["peer"] in got:
                t["instruction_ratio"] = got[t["peer"]] / got[t["impl"]]
    data["settings"]["instructions"] = (f"callgrind Ir per call ({TOGGLE} loop), counted apart from the timing run"
                                        " on the same build; valgrind runs the AVX2 paths of run-time dispatch"
                                        " (it does not emulate AVX-512)")
    path.write_text(json.dumps(data, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if len(sys.argv) >= 5 and sys.argv[1] == "--run":
        sys.exit(child(sys.argv[1:]))
    if sys.argv[1:] == ["--smoke"]:
        sys.exit(smoke())
    if len(sys.argv) >= 4 and sys.argv[1] == "--merge":
        sys.exit(merge(sys.argv[2:-1], sys.argv[-1]))
    sys.exit(__doc__)
