"""Print the path of a free-threaded CPython >= 3.14, or why there is none.

Looks at pyenv's versions (3.14t and later) and at python3.14t/python3.15t
on PATH. Exit status 0 with the path on stdout when found; 1 with the reason
on stdout otherwise (ci/test prints it as the step's one-line skip notice).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys

PROBE = "import sys, sysconfig; print(sys.version_info[:2] >= (3, 14) and bool(sysconfig.get_config_var('Py_GIL_DISABLED')))"


def candidates() -> list[str]:
    found = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[4-9]*t/bin/python")))
    found += [p for p in (shutil.which(n) for n in ("python3.14t", "python3.15t")) if p]
    return found


def main() -> int:
    looked = candidates()
    for path in looked:
        out = subprocess.run([path, "-c", PROBE], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip() == "True":
            print(path)
            return 0
    print(
        "no free-threaded CPython >= 3.14 on this machine "
        f"(looked in ~/.pyenv/versions/3.14t+ and for python3.14t/3.15t on PATH: {len(looked)} candidates); "
        "PyO3 0.30.1 refuses free-threaded 3.13, so the PyO3 modules' free-threaded run did not happen"
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
