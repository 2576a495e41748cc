"""What a results file measured: source hashes of the example folders.

A results file records `"sources": {"examples/base64": "<sha256>", ...}`.
The tracker recomputes the hashes when it checks evidence that cites the
file; a different hash means the code changed after the measurement, and
the evidence is reported as stale. The hash is the tracker's own
(`tracker source-hash`), so the two can never disagree on the algorithm.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def source_hashes(*dirs: str) -> dict[str, str]:
    out = subprocess.run(
        ["cargo", "run", "--quiet", "-p", "tracker", "--", "source-hash", "--root", str(ROOT), *dirs],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)
