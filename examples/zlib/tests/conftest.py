"""Make examples/tools importable (differential helpers, CPython suite runner)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
