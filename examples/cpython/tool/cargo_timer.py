#!/usr/bin/env python3
"""Stands in for cargo during `cpython.py measure`: runs the real cargo and
appends its wall and CPU time (user + sys of cargo and everything it ran) to
$CARGO_TIMER_LOG, one JSON object a line."""

import json
import os
import subprocess
import sys
import time

before = os.times()
t0 = time.monotonic()
status = subprocess.call([os.environ["CARGO_TIMER_REAL"], *sys.argv[1:]])
wall = time.monotonic() - t0
after = os.times()
cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
with open(os.environ["CARGO_TIMER_LOG"], "a") as log:
    log.write(json.dumps({"args": sys.argv[1:], "wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}) + "\n")
sys.exit(status)
