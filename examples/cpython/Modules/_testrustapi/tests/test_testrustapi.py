"""The guarantees of cpython-api, driven from Python through _testrustapi.

Run with the built interpreter:
    <build>/python -m unittest discover -s <this dir> -t <this dir>
"""

import gc
import importlib.util
import sys
import unittest

from test import support

import _testrustapi


class Boundary(unittest.TestCase):
    def test_panic_becomes_system_error(self):
        with self.assertRaises(SystemError) as cm:
            _testrustapi._panic("deliberate")
        self.assertEqual(str(cm.exception), "Rust code panicked: deliberate")
        self.assertEqual(_testrustapi.new_bytes_copy(b"still works"), b"still works")

    def test_panic_while_the_state_is_dropped_is_reported_not_fatal(self):
        spec = importlib.util.find_spec("_testrustapi")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.panic_on_clear()
        with support.catch_unraisable_exception() as cm:
            del module
            gc.collect()
            self.assertIsNotNone(cm.unraisable, "the panic in Drop was not reported")
            self.assertIs(cm.unraisable.exc_type, SystemError)
            self.assertEqual(str(cm.unraisable.exc_value),
                             "Rust code panicked: State dropped with panic_on_drop set")


class NewBytes(unittest.TestCase):
    def test_whole_buffer(self):
        for data in (b"", b"x", bytes(range(256))):
            self.assertEqual(_testrustapi.new_bytes_copy(data), data)

    def test_a_writer_that_leaves_bytes_unwritten_is_refused(self):
        with self.assertRaises(SystemError) as cm:
            _testrustapi.new_bytes_copy(b"abc", short=True)
        self.assertEqual(str(cm.exception), "new_bytes: the output was not filled")


class Interpreters(unittest.TestCase):
    """A module refuses isolated sub-interpreters unless its state is `PerInterpreter`."""

    def run_isolated(self, code):
        try:
            import _interpreters
        except ImportError:
            self.skipTest("no _interpreters module")
        interp = _interpreters.create("isolated")
        try:
            return _interpreters.run_string(interp, code)
        finally:
            _interpreters.destroy(interp)

    def test_default_refuses_an_isolated_interpreter(self):
        failure = self.run_isolated("import _testrustapi")
        self.assertIsNotNone(failure, "_testrustapi imported in an isolated interpreter")
        self.assertEqual(failure.type.__name__, "ImportError")
        self.assertIn("does not support loading in subinterpreters", failure.msg)

    def test_main_interpreter_still_imports_it(self):
        self.assertIn("_testrustapi", sys.modules)


if __name__ == "__main__":
    unittest.main()
