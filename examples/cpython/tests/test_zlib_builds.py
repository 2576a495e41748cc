"""The Rust `zlib` on every build (run by `cpython.py test`, with test_builds.py's fixtures).

On the Rust builds `zlib` is the Rust module (Modules/zlib), on the baseline zlibmodule.c.
Each test that is meaningful for C zlib runs on the baseline too, so it is checked
against the module it replaces.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from test_builds import STD_SINGLETONS, defined_symbols, probe, run

from tool import builds

HERE = Path(__file__).resolve().parent

ZLIB_PROBE = r"""
import json, sys, zlib
print(json.dumps({"builtin": "zlib" in sys.builtin_module_names,
                  "file": getattr(zlib, "__file__", None),
                  "roundtrip": zlib.decompress(zlib.compress(b"rust " * 100)) == b"rust " * 100,
                  "runtime_version": zlib.ZLIB_RUNTIME_VERSION}))
"""


def zlib_files(build) -> list[Path]:
    return sorted((build.dir / "Modules").glob("zlib*.so"))


def needed_libraries(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]


def test_zlib_is_the_rust_module_exactly_on_rust_builds(build):
    got = probe(build, ZLIB_PROBE)
    assert got["roundtrip"]
    files = zlib_files(build)
    if build.spec.static:
        # Linked into python through cpython-rust-staticlib, like _base64.
        assert got["builtin"] and got["file"] is None and files == []
        counts = {name for _kind, name in defined_symbols(build.python, dynamic=False)}
        assert "PyInit_zlib" in counts
        return
    assert not got["builtin"]
    (module,) = files
    assert got["file"] == str(module) or Path(got["file"]).resolve() == module.resolve()
    symbols = {name for _kind, name in defined_symbols(module, dynamic=False)}
    rust = [name for name in STD_SINGLETONS if name in symbols]
    libz = [lib for lib in needed_libraries(module) if lib.startswith("libz.")]
    if build.spec.rust:
        assert rust, f"{module.name} holds no Rust standard library: not the Rust zlib"
        assert libz == [], f"the Rust zlib links {libz}"
    else:
        assert rust == [], f"{module.name} on the baseline holds Rust symbols {rust}"
        assert libz, "the baseline's zlibmodule.c does not link libz"


def test_shared_rust_zlib_exports_only_its_entry_point(build):
    if not build.spec.rust or build.spec.static:
        pytest.skip("only builds with the Rust zlib as its own file")
    (module,) = zlib_files(build)
    exported = sorted(name for _kind, name in defined_symbols(module, dynamic=True))
    assert exported == ["PyInit_zlib"]


# CPython's own suites: test_zlib whole (no test excluded), the stdlib's users of zlib
# whole, and the compressed cases of test_tarfile (the Gzip*/Gz* classes) and
# test_shutil (gztar and zip archives).
SUITES = {
    "zlib and its users": ["test_zlib", "test_gzip", "test_zipfile", "test_zipimport"],
    "test_tarfile gzip": ["test_tarfile", "-m", "Gzip*", "-m", "Gz*"],
    "test_shutil archives": ["test_shutil", "-m", "TestArchives"],
}


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_cpython_suites_of_zlib_pass(build, suite):
    proc = run(build, "-m", "test", "-q", *SUITES[suite], timeout=1800)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "Result: SUCCESS" in proc.stdout, proc.stdout[-2000:]


def bad_input_outcomes(python: Path, cwd: Path) -> list:
    proc = subprocess.run([str(python), str(HERE / "zlib_bad_input.py")], cwd=cwd, capture_output=True,
                          text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout)


def test_bad_input_gives_what_c_zlib_gives(build):
    # Differential: the same calls under the baseline's python (zlibmodule.c) and this build's.
    mine = bad_input_outcomes(build.python, build.dir)
    assert len(mine) > 1000
    if not build.spec.rust:
        pytest.skip("the baseline is the reference (its outcomes were computed above)")
    baseline_dir = builds.current("baseline").resolve()
    reference = bad_input_outcomes(builds.python_of(baseline_dir), baseline_dir)
    assert [c[0] for c in mine] == [c[0] for c in reference]
    # A SystemError is a bug of the C module (3.13's _ZlibDecompressor with a zdict returns
    # NULL without an exception): the Rust module must not crash there, nothing more.
    compared = [(m, r) for m, r in zip(mine, reference, strict=True) if r[2:3] != ["SystemError"]]
    differ = [f"{r[0]}: C {r[1:]} / Rust {m[1:]}" for m, r in compared if m != r]
    assert differ == [], f"{len(differ)} of {len(compared)} calls differ:\n" + "\n".join(differ[:60])


THREADS = r"""
import json, random, sys, threading, zlib
N_THREADS, CALLS, SIZE = 8, 24, 4096

def chunk(t, i):
    head = b"%02d:%05d|" % (t, i)
    return head + random.Random(t * 100_000 + i).randbytes(SIZE - len(head))

# One Compress shared by 8 threads: each call's output is kept per thread, in order.
comp = zlib.compressobj(1)
outputs = [[] for _ in range(N_THREADS)]
barrier = threading.Barrier(N_THREADS)

def compress_worker(t):
    barrier.wait()
    for i in range(CALLS):
        outputs[t].append(comp.compress(chunk(t, i)))

threads = [threading.Thread(target=compress_worker, args=(t,)) for t in range(N_THREADS)]
for th in threads: th.start()
for th in threads: th.join()
tail = comp.flush()

# With a lock each call is atomic: the stream is the calls' outputs in lock order, and
# it decompresses to an interleaving of whole chunks, each thread's in its own order.
# Find that order: a depth-first search over the threads' next outputs, pruned as soon
# as the data decompressed so far is not such an interleaving.
pieces = [[p for p in out if p] for out in outputs]

def consistent(data, seqs):
    seqs = list(seqs)
    for start in range(0, len(data), SIZE):
        block = data[start:start + SIZE]
        if len(block) < 10:
            return seqs
        head = block[:10]
        if not (head[:2].isdigit() and head[2:3] == b":" and head[3:8].isdigit() and head[8:9] == b"|"):
            return None
        t, i = int(head[:2]), int(head[3:8])
        if t >= N_THREADS or i != seqs[t] or not chunk(t, i).startswith(block):
            return None
        if len(block) == SIZE:
            seqs[t] += 1
    return seqs

sys.setrecursionlimit(10_000)
def search(d, pos, data):
    if all(pos[t] == len(pieces[t]) for t in range(N_THREADS)):
        dd = d.copy()
        rest = data + dd.decompress(tail) + dd.flush()
        seqs = consistent(rest, [0] * N_THREADS)
        return seqs == [CALLS] * N_THREADS and len(rest) == N_THREADS * CALLS * SIZE and dd.eof
    for t in range(N_THREADS):
        if pos[t] == len(pieces[t]):
            continue
        dd = d.copy()
        try:
            more = data + dd.decompress(pieces[t][pos[t]])
        except zlib.error:
            continue
        if consistent(more, [0] * N_THREADS) is None:
            continue
        if search(dd, pos[:t] + (pos[t] + 1,) + pos[t + 1:], more):
            return True
    return False

ok = search(zlib.decompressobj(), (0,) * N_THREADS, b"")

# One Decompress shared by 8 threads: the stream is non-final stored blocks, one per
# call, which decompress in any order, so each call must give back exactly its block.
dec = zlib.decompressobj(-15)
wrong = []
def decompress_worker(t):
    barrier.wait()
    for i in range(CALLS):
        data = chunk(t, i)
        block = b"\x00" + len(data).to_bytes(2, "little") + (0xFFFF ^ len(data)).to_bytes(2, "little") + data
        got = dec.decompress(block)
        if got != data:
            wrong.append((t, i, len(got)))
        _ = (dec.unconsumed_tail, dec.unused_data, dec.eof)

threads = [threading.Thread(target=decompress_worker, args=(t,)) for t in range(N_THREADS)]
for th in threads: th.start()
for th in threads: th.join()
end = dec.decompress(b"\x01\x00\x00\xff\xff")
print(json.dumps({"compress_consistent": ok, "decompress_wrong": wrong, "end": end == b"",
                  "eof": dec.eof, "gil": sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else None}))
"""


def test_shared_objects_across_8_threads(build):
    # Meaningful everywhere (the C module locks too); the free-threaded build is the one
    # where the threads really run the objects' methods at once.
    proc = run(build, "-c", THREADS, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    got = json.loads(proc.stdout)
    assert got["compress_consistent"], "the shared Compress's output is not an interleaving of whole calls"
    assert got["decompress_wrong"] == [] and got["end"] and got["eof"]
    if build.spec.free_threaded:
        assert got["gil"] is False, "importing or using zlib turned the GIL on"


def test_free_threaded_import_keeps_the_gil_off(build):
    if not build.spec.free_threaded:
        pytest.skip("only the free-threaded build")
    got = probe(build, "import json, sys, zlib; print(json.dumps(sys._is_gil_enabled()))")
    assert got is False


SUBINTERPRETER = r"""
import _interpreters, json, threading, zlib

SUB = '''
import zlib
data = b"isolated sub-interpreter " * 2000
assert zlib.decompress(zlib.compress(data, 9)) == data
c = zlib.compressobj(6, zlib.DEFLATED, 31)
d = zlib.decompressobj(47)
assert d.decompress(c.compress(data) + c.flush()) == data and d.eof
assert zlib.crc32(data[7:], zlib.crc32(data[:7])) == zlib.crc32(data)
try:
    zlib.decompress(b"garbage!")
except zlib.error as e:
    assert "incorrect header check" in str(e), e
else:
    raise AssertionError("no zlib.error")
'''

errors = []
stop = threading.Event()

def main_user():
    data = b"main interpreter " * 5000
    while not stop.is_set():
        if zlib.decompress(zlib.compress(data)) != data:
            errors.append("main roundtrip")

worker = threading.Thread(target=main_user)
worker.start()
results = []
try:
    for _ in range(3):
        interp = _interpreters.create("isolated")
        try:
            excinfo = _interpreters.exec(interp, SUB)
            results.append(None if excinfo is None else str(excinfo))
        finally:
            _interpreters.destroy(interp)
finally:
    stop.set()
    worker.join()
main_error_is_main = zlib.error.__module__ == "zlib"
print(json.dumps({"sub": results, "main_errors": errors, "main_ok": main_error_is_main}))
"""


def test_zlib_in_an_isolated_subinterpreter(build):
    proc = run(build, "-c", SUBINTERPRETER, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    got = json.loads(proc.stdout)
    assert got["sub"] == [None, None, None], got["sub"]
    assert got["main_errors"] == [] and got["main_ok"]
