"""Build-level tests of the in-tree CPython work.

test_edits.py needs only the fetched source (`cpython.py fetch`);
test_builds.py runs against the builds named by `--cpython-builds`
(`cpython.py test NAME...` passes it), each built by `cpython.py build`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tool import builds  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--cpython-builds", default="",
                     help="comma-separated builds to test (baseline,shared,static,freethreaded)")


def pytest_generate_tests(metafunc):
    if "build" in metafunc.fixturenames:
        names = [n for n in metafunc.config.getoption("--cpython-builds").split(",") if n]
        metafunc.parametrize("build", names, indirect=True)


class BuiltPython:
    """One finished build: its directory, its python and its Build definition."""

    def __init__(self, name: str):
        self.spec = builds.BUILDS[name]
        self.dir = builds.current(name).resolve()
        self.python = builds.python_of(self.dir)

    def __repr__(self) -> str:
        return self.spec.name


@pytest.fixture
def build(request):
    return BuiltPython(request.param)
