"""Fetch CPython's source: Debian's `python3.13` source package, pristine.

`apt-get source --download-only` runs against a private apt configuration
(one `deb-src` line for Debian trixie, its own lists and cache), so the
machine's apt sources and lists are not touched. apt checks the files
against the signed Sources index; we then check the upstream tarball
against the hash pinned below and unpack it with tar. Debian's patches
(debian.tar.xz) are downloaded by apt but not applied: the tree is
upstream's release exactly.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

from .common import Failure, cache_root, progress, publish, sha256_file, tmp_sibling

# The upstream release and the orig tarball Debian serves for it
# (python3.13 3.13.5-2+deb13u5 in trixie, checked 2 December 2026).
UPSTREAM_VERSION = "3.13.5"
ORIG_TARBALL = f"python3.13_{UPSTREAM_VERSION}.orig.tar.xz"
ORIG_SHA256 = "93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640"
DEBIAN_SOURCE = "python3.13"
DEBIAN_SUITE = "trixie"
APT_LINE = (f"deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
            f"http://deb.debian.org/debian {DEBIAN_SUITE} main\n")
RETRY = "check the network and run `examples/cpython/cpython.py fetch` again"


def source_dir() -> Path:
    return cache_root() / "source" / UPSTREAM_VERSION


def _apt_options(apt: Path) -> list[str]:
    return [
        "-o", f"Dir::Etc::SourceList={apt / 'sources.list'}",
        "-o", f"Dir::Etc::SourceParts={apt / 'sources.list.d'}",
        "-o", f"Dir::State::Lists={apt / 'lists'}",
        "-o", f"Dir::Cache={apt / 'cache'}",
        # The private directories belong to us, not to apt's sandbox user.
        "-o", "APT::Sandbox::User=root" if _is_root() else "APT::Sandbox::User=" + _user(),
        "-qq",
    ]


def _is_root() -> bool:
    import os
    return os.geteuid() == 0


def _user() -> str:
    import getpass
    return getpass.getuser()


def _apt(args: list[str], apt: Path, cwd: Path, what: str) -> str:
    if shutil.which("apt-get") is None:
        raise Failure(f"{what} failed: apt-get is not installed (this tool fetches CPython's source from Debian)")
    proc = subprocess.run(["apt-get", *_apt_options(apt), *args], cwd=cwd,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        last = detail[-1] if detail else f"exit status {proc.returncode}"
        raise Failure(f"{what} failed ({last}); {RETRY}")
    return proc.stdout


def download() -> Path:
    """The orig tarball in the download cache, fetched when missing or wrong."""
    downloads = cache_root() / "downloads"
    tarball = downloads / ORIG_TARBALL
    if tarball.is_file() and sha256_file(tarball) == ORIG_SHA256:
        return tarball
    apt = cache_root() / "apt"
    for sub in ("lists/partial", "cache/archives/partial", "sources.list.d"):
        (apt / sub).mkdir(parents=True, exist_ok=True)
    (apt / "sources.list").write_text(APT_LINE)
    progress("fetch", f"apt-get update (private list: {DEBIAN_SUITE} deb-src)")
    _apt(["update"], apt, apt, f"downloading Debian {DEBIAN_SUITE}'s source index")
    tmp = tmp_sibling(downloads / "incoming")
    tmp.mkdir(parents=True)
    progress("fetch", f"apt-get source --download-only {DEBIAN_SOURCE}")
    _apt(["source", "--download-only", DEBIAN_SOURCE], apt, tmp,
         f"downloading the {DEBIAN_SOURCE} source package")
    got = tmp / ORIG_TARBALL
    if not got.is_file():
        offered = sorted(p.name for p in tmp.glob("*.orig.tar.*"))
        shutil.rmtree(tmp)
        raise Failure(
            f"Debian's {DEBIAN_SOURCE} no longer carries CPython {UPSTREAM_VERSION} (it offers {offered}); "
            f"update UPSTREAM_VERSION and ORIG_SHA256 in examples/cpython/tool/source.py after checking the edits apply"
        )
    digest = sha256_file(got)
    if digest != ORIG_SHA256:
        shutil.rmtree(tmp)
        raise Failure(f"{ORIG_TARBALL} has sha256 {digest}, expected {ORIG_SHA256}; "
                      f"the download is not the pinned release, so it is not used")
    downloads.mkdir(parents=True, exist_ok=True)
    for f in tmp.iterdir():
        f.replace(downloads / f.name)
    shutil.rmtree(tmp)
    return tarball


def fetch() -> Path:
    """The pristine upstream tree, unpacked once into the cache."""
    final = source_dir()
    if (final / "configure.ac").is_file():
        progress("fetch", f"CPython {UPSTREAM_VERSION} source cached at {final}")
        return final
    tarball = download()
    progress("fetch", f"unpacking {tarball.name}")
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_sibling(final)
    tmp.mkdir()
    top = f"Python-{UPSTREAM_VERSION}/"
    with tarfile.open(tarball) as tar:
        members = []
        for m in tar.getmembers():
            if not m.name.startswith(top):
                continue
            m.name = m.name[len(top):]
            if m.name:
                members.append(m)
        tar.extractall(tmp, members=members, filter="tar")
    if not (tmp / "configure.ac").is_file():
        shutil.rmtree(tmp)
        raise Failure(f"{tarball} does not hold a CPython tree (no {top}configure.ac); delete it and {RETRY}")
    publish(tmp, final)
    progress("fetch", f"CPython {UPSTREAM_VERSION} source at {final}")
    return final
