#!/usr/bin/env python3
"""Run the fuzz targets of crates/fuzz with cargo-fuzz.

    python crates/fuzz/fuzz.py smoke [--seconds 12] [TARGET...]
    python crates/fuzz/fuzz.py campaign --seconds 75 [--jobs 2] --output examples/results/fuzz.json

`smoke` (ci/test) runs each target for a bounded time from its committed
seeds (crates/fuzz/seeds/TARGET) plus the corpus earlier runs grew
(target/fuzz/corpus/TARGET, not committed) and fails on any finding, naming
the input libFuzzer saved (target/fuzz/artifacts/TARGET/). `campaign` runs
each target from its seeds only, for longer, and writes what libFuzzer
reports (executions, coverage, corpus, findings) to a results file.

cargo-fuzz passes `-Zsanitizer=address` and the coverage flags, which stable
rustc accepts only with RUSTC_BOOTSTRAP=1: the toolchain is the pinned
stable one (no nightly is fetched), and the flag is set for these builds
only, in their own target dir (target/fuzz).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FUZZ_DIR = ROOT / "crates" / "fuzz"
TARGET_DIR = ROOT / "target" / "fuzz"
# The fuzzed inputs' size bound: enough for every seed.
MAX_LEN = 4096
DONE = re.compile(r"#(\d+)\s+DONE\s+cov: (\d+) ft: (\d+) corp: (\d+)/")
EXECS = re.compile(r"stat::number_of_executed_units: (\d+)")


def targets() -> list[str]:
    return sorted(p.stem for p in (FUZZ_DIR / "fuzz_targets").glob("*.rs"))


def env() -> dict[str, str]:
    return {**os.environ, "RUSTC_BOOTSTRAP": "1"}


def cargo_fuzz(*args: str) -> list[str]:
    return ["cargo", "fuzz", *args, "--fuzz-dir", str(FUZZ_DIR), "--target-dir", str(TARGET_DIR)]


def build() -> None:
    subprocess.run(cargo_fuzz("build"), cwd=ROOT, env=env(), check=True)


def run(target: str, seconds: int, corpus: Path, fresh: bool) -> dict:
    """One bounded run; the figures libFuzzer prints at the end."""
    artifacts = TARGET_DIR / "artifacts" / target
    if fresh and corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True, exist_ok=True)
    artifacts.mkdir(parents=True, exist_ok=True)
    before = set(artifacts.iterdir())
    started = time.monotonic()
    proc = subprocess.run(
        [*cargo_fuzz("run"), target, str(corpus), str(FUZZ_DIR / "seeds" / target), "--",
         f"-max_total_time={seconds}", f"-max_len={MAX_LEN}", "-print_final_stats=1",
         f"-artifact_prefix={artifacts}/"],
        cwd=ROOT, env=env(), capture_output=True, text=True,
    )
    elapsed = time.monotonic() - started
    log = proc.stderr
    found = sorted(str(p.relative_to(ROOT)) for p in set(artifacts.iterdir()) - before)
    done = DONE.findall(log)
    execs = EXECS.findall(log)
    result = {
        "runs": int(execs[-1]) if execs else (int(done[-1][0]) if done else 0),
        "seconds": round(elapsed, 1),
        "cov": int(done[-1][1]) if done else None,
        "ft": int(done[-1][2]) if done else None,
        "corpus": len(list(corpus.iterdir())),
        "seeds": len(list((FUZZ_DIR / "seeds" / target).iterdir())),
        "findings": found,
        "ok": proc.returncode == 0 and not found,
    }
    if not result["ok"]:
        print(log[-4000:], file=sys.stderr)
    return result


def line(target: str, r: dict) -> str:
    state = "ok" if r["ok"] else "FINDING " + " ".join(r["findings"])
    return (f"{target:18} {r['runs']:>9} runs {r['seconds']:>6}s cov {r['cov']} ft {r['ft']} "
            f"corpus {r['corpus']}  {state}")


def toolchain() -> str:
    return subprocess.run(["rustc", "--version"], capture_output=True, text=True,
                          check=True).stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["smoke", "campaign"])
    parser.add_argument("targets", nargs="*")
    parser.add_argument("--seconds", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--output", type=Path)
    args = parser.parse_intermixed_args()
    chosen = args.targets or targets()
    build()
    fresh = args.mode == "campaign"
    base = TARGET_DIR / ("campaign" if fresh else "corpus")
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {t: pool.submit(run, t, args.seconds, base / t, fresh) for t in chosen}
        results = {t: f.result() for t, f in futures.items()}
    for t, r in results.items():
        print(line(t, r))
    if args.output:
        cfuzz = subprocess.run(["cargo", "fuzz", "--version"], capture_output=True, text=True)
        data = {
            "schema": 1,
            "date": datetime.date.today().isoformat(),
            "toolchain": toolchain(),
            "cargo_fuzz": cfuzz.stdout.strip(),
            "sanitizer": "address",
            "max_len": MAX_LEN,
            "seconds_per_target": args.seconds,
            "parallel_jobs": args.jobs,
            "targets": {t: {k: v for k, v in r.items() if k != "ok"} for t, r in results.items()},
        }
        args.output.write_text(json.dumps(data, indent=2) + "\n")
    return 0 if all(r["ok"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
