"""Run each example's tests once under valgrind memcheck.

Uses Debian's valgrind and CPython's `PYTHONMALLOC=malloc` (so every Python
allocation is a malloc valgrind can see), with the suppressions of
examples/tools/valgrind-cpython.supp, each of which is explained there and
matches CPython's own frames only. Passes when the tests pass and no error
valgrind reports has a frame in a Rust module (a `rs_*` shared object or a
`.rs` source line); the remaining errors, all in CPython's own frames, are
counted and printed (the .supp file says where they come from).

Under valgrind the interpreter runs about 30 to 50 times slower (pytest's
own start-up is most of it), so the step runs one test file per example,
listed in SELECTION below: the template's tests, and for the other modules
tests/test_isolation.py (panic, sub-interpreters, and the thread stress test
over bytes-like input of every kind, shortened by STRESS_ITERATIONS). The
API, differential and CPython-suite tests are left to the normal test step.

    python examples/tools/valgrind_tests.py [EXAMPLE...]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUPP = ROOT / "examples" / "tools" / "valgrind-cpython.supp"
LOGS = ROOT / "target" / "valgrind"
SELECTION = {
    "template": ["tests/test_template.py"],
    "base64": ["tests/test_isolation.py"],
    "base64-ffi": ["tests/test_isolation.py"],
    "zlib": ["tests/test_isolation.py"],
}
RUST_OBJECT = re.compile(r"\((?:in|within) [^)]*/rs_\w+[^)]*\.so\)|\(\w+\.rs:\d+\)")


def errors_in(log: str) -> tuple[int, list[str]]:
    """valgrind's error count and the error blocks that touch Rust frames."""
    summary = re.findall(r"ERROR SUMMARY: (\d+) errors", log)
    count = max((int(n) for n in summary), default=-1)
    blocks, current = [], []
    for line in log.splitlines():
        body = re.sub(r"^==\d+== ?", "", line)
        if not body.strip():
            if current:
                blocks.append("\n".join(current))
            current = []
        else:
            current.append(body)
    if current:
        blocks.append("\n".join(current))
    rust = [b for b in blocks if RUST_OBJECT.search(b) and ("at 0x" in b or "by 0x" in b)]
    return count, rust


def run(example: str) -> bool:
    folder = ROOT / "examples" / example
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{example}.log"
    env = dict(os.environ, PYTHONMALLOC="malloc", STRESS_ITERATIONS="8", PYTHONDONTWRITEBYTECODE="1")
    cmd = [
        "valgrind",
        "--tool=memcheck",
        f"--suppressions={SUPP}",
        "--error-limit=no",
        "--num-callers=40",
        "--leak-check=no",
        f"--log-file={log}",
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *SELECTION[example],
    ]
    res = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True)
    tail = (res.stdout.strip().splitlines() or ["?"])[-1]
    count, rust = errors_in(log.read_text(errors="replace"))
    ok = res.returncode == 0 and count >= 0 and not rust
    print(
        f"{example}: pytest {tail}; valgrind: {len(rust)} errors with Rust frames, "
        f"{count} in all (the rest in CPython's frames); log {log.relative_to(ROOT)}"
    )
    if res.returncode != 0:
        print(res.stdout[-3000:])
    for block in rust[:5]:
        print(block)
    return ok


def main() -> int:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (ci/test installs Debian's package)")
        return 1
    examples = sys.argv[1:] or list(SELECTION)
    results = [run(e) for e in examples]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
