"""ThreadSanitizer on the free-threaded build: the one-off run behind
examples/results/cpython-checks.json ("tsan"). Not a ci/test step (about 7 minutes on two
cores, and its reports are CPython 3.13's own, below).

    examples/cpython/cpython.py build tsan
    python examples/cpython/tests/tsan_attempt.py [--iterations N]

Why the extra steps. The `tsan` build instruments C with gcc 12 (libtsan.so.2 is the one
runtime) and the Rust crates with rustc's `-Zsanitizer=thread`. rustc's LLVM emits calls
to `__tsan_memcpy`, `__tsan_memset` and `__tsan_memmove`, which gcc 12's libtsan predates,
so the build's import check renames `_base64`, `_testrustapi` and `zlib` to `*_failed` as
not importable ("undefined symbol: __tsan_memcpy"). This script gives them those three
symbols from a shim preloaded with LD_PRELOAD (each calls libc's function, which libtsan
intercepts and checks as the same range access), installs the three modules under their
own names on PYTHONPATH, and runs, with CPython's own TSan suppressions for the
free-threaded build (Tools/tsan/suppressions_free_threading.txt, as CPython's CI does):
examples/tools/stress_threads.py on `_base64`, the module's tests/test_threads.py, and the
same stress test on C `binascii` as the control. Prints each run's reports by location.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tool import builds  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
SHIM = r"""
#include <string.h>
void *__tsan_memcpy(void *d, const void *s, size_t n) { return memcpy(d, s, n); }
void *__tsan_memset(void *d, int c, size_t n) { return memset(d, c, n); }
void *__tsan_memmove(void *d, const void *s, size_t n) { return memmove(d, s, n); }
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=200, help="of stress_threads.py (its default: 200)")
    args = parser.parse_args()
    bdir = builds.current("tsan").resolve()
    tree = Path(json.loads((bdir / "build-info.json").read_text())["tree"])
    work = Path(tempfile.mkdtemp(prefix="tsan-"))
    try:
        (work / "shim.c").write_text(SHIM)
        subprocess.run(["gcc", "-O1", "-fno-builtin", "-shared", "-fPIC", str(work / "shim.c"),
                        "-o", str(work / "libtsanshim.so")], check=True)
        (work / "mods").mkdir()
        for failed in (bdir / "Modules").glob("*_failed.*.so"):
            shutil.copy(failed, work / "mods" / failed.name.replace("_failed", ""))
        runs = {
            "stress _base64": [str(ROOT / "examples/tools/stress_threads.py"), "--iterations",
                               str(args.iterations), "_base64"],
            "test_threads.py": ["-m", "unittest", "discover", "-s",
                                str(ROOT / "examples/cpython/Modules/_base64/tests"), "-p", "test_threads.py"],
            "stress binascii (C control)": [str(ROOT / "examples/tools/stress_threads.py"), "--iterations",
                                            str(args.iterations), "binascii"],
        }
        ok = True
        for i, (name, cmd) in enumerate(runs.items()):
            log = work / f"log{i}"
            env = {**os.environ, "LD_PRELOAD": str(work / "libtsanshim.so"), "PYTHONPATH": str(work / "mods"),
                   "TSAN_OPTIONS": f"suppressions={tree}/Tools/tsan/suppressions_free_threading.txt "
                                   f"handle_segv=0 log_path={log}"}
            env.pop("VIRTUAL_ENV", None)
            proc = subprocess.run([str(bdir / "python"), *cmd], cwd=bdir, env=env, capture_output=True, text=True)
            text = "".join(p.read_text(errors="replace") for p in work.glob(f"log{i}.*"))
            where = collections.Counter(re.sub(r"\S*/trees/[^/]+/", "", m)
                                        for m in re.findall(r"SUMMARY: ThreadSanitizer: (.*)", text))
            rust_top = len(re.findall(r"^  \w[^\n]*\n    #0 _R", text, re.M))  # a report's top frame in Rust
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-1:]
            print(json.dumps({"run": name, "exit_status": proc.returncode, "last_line": tail,
                              "reports": sum(where.values()), "by_location": where,
                              "accesses_with_a_rust_top_frame": rust_top}, indent=2))
            ok &= "ok" in " ".join(tail).lower() or "OK" in proc.stderr
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
