#!/usr/bin/env python3
"""CPython 3.13 with the project's Rust modules: fetch, edit, build, test, measure.

    cpython.py fetch                 download and unpack the pristine source (cached)
    cpython.py apply TREE            apply the edits and copy the crates into TREE
    cpython.py revert TREE           undo them, byte for byte
    cpython.py status TREE           which edits TREE has
    cpython.py build [NAME...]       the builds (baseline shared static freethreaded), cached
    cpython.py test [NAME...]        the tests of each build (pytest, examples/cpython/tests)
    cpython.py paths [--json]        where each current build's python is
    cpython.py measure [--repeats N] clean build times and sizes -> examples/results/cpython-build.json

Everything is cached under ${XDG_CACHE_HOME:-~/.cache}/rust-for-cpython/cpython/,
keyed by the upstream version, the edits, the crates and the configure options.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tool import builds, edits, source, tree  # noqa: E402
from tool.common import EXAMPLE, Failure, progress  # noqa: E402


def cmd_fetch(_args) -> None:
    path = source.fetch()
    print(f"CPython {source.UPSTREAM_VERSION} (Debian {source.DEBIAN_SOURCE}, {source.DEBIAN_SUITE}, "
          f"orig tarball sha256 {source.ORIG_SHA256[:16]}...): {path}")


def cmd_apply(args) -> None:
    changed = edits.apply(Path(args.tree))
    print(f"{len(changed)} paths changed" + "".join(f"\n  {p}" for p in changed))


def cmd_revert(args) -> None:
    changed = edits.revert(Path(args.tree))
    print(f"{len(changed)} paths restored or removed" + "".join(f"\n  {p}" for p in changed))


def cmd_status(args) -> None:
    edits.check_tree(Path(args.tree))
    for edit, applied in edits.status(Path(args.tree)):
        print(f"{'applied' if applied else 'missing':8} {edit.path}: {edit.fragment}:{edit.block}")


def _names(names: list[str]) -> list[str]:
    unknown = [n for n in names if n not in builds.BUILDS]
    if unknown:
        raise Failure(f"unknown build {unknown[0]!r}; the builds are {', '.join(builds.BUILDS)}")
    return names or list(builds.DEFAULT)


def cmd_build(args) -> None:
    for name in _names(args.names):
        builds.ensure_build(name)


def cmd_test(args) -> None:
    names = _names(args.names)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests" / "test_builds.py"),
           str(EXAMPLE / "tests" / "test_zlib_builds.py"),
           "--cpython-builds", ",".join(names)]
    progress("test", " ".join(names))
    sys.exit(subprocess.run(cmd, check=False).returncode)


def cmd_paths(args) -> None:
    paths = {name: str(builds.current(name) / "python") for name in builds.BUILDS}
    if args.json:
        print(json.dumps(paths, indent=2))
    else:
        for name, path in paths.items():
            print(f"{name:13} {path}")


def cmd_measure(args) -> None:
    from tool import measure
    measure.main(repeats=args.repeats, output=Path(args.output))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fetch").set_defaults(func=cmd_fetch)
    for name, func in (("apply", cmd_apply), ("revert", cmd_revert), ("status", cmd_status)):
        p = sub.add_parser(name)
        p.add_argument("tree", help="a CPython 3.13 source tree")
        p.set_defaults(func=func)
    for name, func in (("build", cmd_build), ("test", cmd_test)):
        p = sub.add_parser(name)
        p.add_argument("names", nargs="*", help="baseline, shared, static, freethreaded (default: all)")
        p.set_defaults(func=func)
    p = sub.add_parser("paths")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_paths)
    p = sub.add_parser("measure")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--output", default=str(EXAMPLE.parent / "results" / "cpython-build.json"))
    p.set_defaults(func=cmd_measure)
    args = parser.parse_args()
    try:
        args.func(args)
    except Failure as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
