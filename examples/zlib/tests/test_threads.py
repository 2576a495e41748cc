"""Threads: parallel use, shared objects, and no leaks over 10**5 calls."""

import os
import random
import threading
import zlib

import pytest
import rs_zlib
from rust_ext_testing import assert_no_leak, run_threads

THREADS = 8


def test_eight_threads_compress_and_decompress():
    def work(i):
        rng = random.Random(i)
        for _ in range(20):
            data = rng.randbytes(rng.choice([10, 1000, 200_000])) * rng.randint(1, 3)
            packed = rs_zlib.compress(data, rng.choice([1, 6, 9]))
            assert zlib.decompress(packed) == data
            assert rs_zlib.decompress(packed) == data
            assert rs_zlib.crc32(data) == zlib.crc32(data)
            co, do = rs_zlib.compressobj(), rs_zlib.decompressobj()
            stream = co.compress(data) + co.flush()
            assert do.decompress(stream, 100_000) + do.flush() == data

    assert run_threads(work) == []


def test_shared_compressobj():
    # Writers serialise (compress + append) so that the stream order is known;
    # the other threads copy, no-op flush and compress into copies at the same time.
    co = rs_zlib.compressobj(6)
    piece = {i: (b"thread %d " % i) * 5000 for i in range(THREADS // 2)}
    out, order = [], threading.Lock()

    def work(i):
        for _ in range(30):
            if i in piece:
                with order:
                    out.append(co.compress(piece[i]))
            else:
                dup = co.copy()
                assert co.flush(rs_zlib.Z_NO_FLUSH) == b""
                dup.compress(b"into the copy only")

    assert run_threads(work) == []
    data = zlib.decompress(b"".join(out) + co.flush())
    assert sorted(data) == sorted(b"".join(p * 30 for p in piece.values()))


def test_shared_compressobj_racing():
    # Unordered calls from 8 threads: no crash, no error; the object stays usable.
    co = rs_zlib.compressobj(1)

    def work(i):
        for _ in range(50):
            co.compress(os.urandom(5000) * 20)  # above DETACH_THRESHOLD: detached while locked
            if i == 0:
                co.flush(rs_zlib.Z_SYNC_FLUSH)

    assert run_threads(work) == []
    assert co.flush()
    with pytest.raises(rs_zlib.error):
        co.flush()


def test_shared_decompressobj_never_crashes():
    data = os.urandom(50_000) * 20
    stream = zlib.compress(data)
    do = rs_zlib.decompressobj()
    results, lock = [], threading.Lock()

    def work(i):
        for j in range(i, len(stream), 997 * THREADS):
            try:
                got = do.decompress(stream[j:j + 997], 4096)
            except rs_zlib.error:
                got = b""
            with lock:
                results.append(len(got))
            do.unconsumed_tail, do.unused_data, do.eof  # racing readers
            if j % 7 == 0:
                try:
                    do.copy()
                except ValueError:
                    pass

    assert run_threads(work) == []
    do.flush()  # whatever state the race left, flush works


def test_shared_object_big_inputs_release_the_gil():
    # large immutable inputs run detached while another thread waits on the lock
    co = rs_zlib.compressobj(1)
    big = os.urandom(1 << 20)
    out, order = [], threading.Lock()

    def work(i):
        for _ in range(3):
            with order:  # compress runs detached while the others wait here
                out.append(co.compress(big))

    assert run_threads(work, 4) == []
    assert zlib.decompress(b"".join(out) + co.flush()) == big * 12


def test_no_leak_over_100k_calls():
    small = b"some small payload " * 20
    packed = zlib.compress(small)

    def batch(n):
        for i in range(n):
            k = i % 8
            if k == 0:
                rs_zlib.compress(small)
            elif k == 1:
                rs_zlib.decompress(packed)
            elif k == 2:
                co = rs_zlib.compressobj(zdict=b"payload")
                co.compress(small)
                co.copy().flush()
            elif k == 3:
                d = rs_zlib.decompressobj()
                d.decompress(packed + b"tail", 5)
                d.copy().flush()
            elif k == 4:
                rs_zlib.crc32(small, i)
            elif k == 5:
                try:
                    rs_zlib.decompress(packed[:-3])
                except rs_zlib.error:
                    pass
            elif k == 6:
                try:
                    rs_zlib.compressobj(memLevel=99)
                except ValueError:
                    pass
            else:
                rs_zlib.adler32(bytearray(small))

    grown = assert_no_leak(batch, calls=100_000, warmup=20_000)
    print(f"RSS growth over 10**5 calls: {grown / 1024:.0f} KiB")


@pytest.mark.parametrize("n", [THREADS])
def test_threads_mixed_with_c_zlib(n):
    # rs_zlib and C zlib in the same process, same time: no symbol clash
    def work(i):
        data = os.urandom(100_000) * 3
        for _ in range(5):
            assert zlib.decompress(rs_zlib.compress(data)) == data
            assert rs_zlib.decompress(zlib.compress(data)) == data

    assert run_threads(work, n) == []
