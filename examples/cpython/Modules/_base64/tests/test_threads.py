"""Several threads encode and decode shared data at the same time.

On the free-threaded build they really run in parallel (the module declares
Py_MOD_GIL_NOT_USED); on a GIL build, inputs above DETACH_THRESHOLD are processed with the GIL
released. A writer thread mutates a shared bytearray while others encode it: the module copies
mutable exporters before reading them, so every result is the base64 of one consistent-length
snapshot, and nothing crashes.
"""

import binascii
import random
import sys
import sysconfig
import threading
import unittest

import _base64

THREADS = 8
ROUNDS = 40
GIL_DISABLED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def run_threads(target, count=THREADS):
    barrier = threading.Barrier(count)
    errors = []

    def worker(index):
        try:
            barrier.wait()
            target(index)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


class SharedData(unittest.TestCase):
    def test_shared_immutable_inputs(self):
        rng = random.Random(11)
        small = [rng.randbytes(n) for n in range(0, 300, 7)]
        large = rng.randbytes(200_000)  # above DETACH_THRESHOLD
        expected_small = [binascii.b2a_base64(d, newline=False) for d in small]
        expected_large = binascii.b2a_base64(large, newline=False)
        urlsafe_large = expected_large.translate(bytes.maketrans(b"+/", b"-_"))

        def work(index):
            for _ in range(ROUNDS):
                for data, text in zip(small, expected_small):
                    assert _base64.b64encode(data) == text
                    assert _base64.b64decode(text, validate=True) == data
                assert _base64.b64encode(large) == expected_large
                assert _base64.urlsafe_b64encode(large) == urlsafe_large
                assert _base64.urlsafe_b64decode(urlsafe_large) == large
                try:
                    _base64.b64decode(b"abc")
                except binascii.Error:
                    pass
                else:
                    raise AssertionError("no binascii.Error")

        self.assertEqual(run_threads(work), [])

    def test_bytearray_mutated_while_encoded(self):
        size = 100_000
        shared = bytearray(size)
        stop = threading.Event()

        def writer():
            value = 0
            while not stop.is_set():
                value = (value + 1) % 256
                shared[:] = bytes([value]) * size  # same length: no resize while exported

        writer_thread = threading.Thread(target=writer)
        writer_thread.start()
        try:

            def reader(index):
                for _ in range(ROUNDS):
                    text = _base64.b64encode(shared)
                    assert len(text) == (size + 2) // 3 * 4
                    decoded = binascii.a2b_base64(text, strict_mode=True)
                    assert len(decoded) == size

            errors = run_threads(reader, THREADS - 1)
        finally:
            stop.set()
            writer_thread.join()
        self.assertEqual(errors, [])

    @unittest.skipUnless(GIL_DISABLED, "free-threaded build only")
    def test_gil_stays_disabled(self):
        run_threads(lambda i: _base64.b64encode(b"x" * 1000))
        self.assertFalse(sys._is_gil_enabled())


if __name__ == "__main__":
    unittest.main()
