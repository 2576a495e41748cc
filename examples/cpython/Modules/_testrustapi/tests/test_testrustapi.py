"""The guarantees of cpython-api, driven from Python through _testrustapi.

Run with the built interpreter:
    <build>/python -m unittest discover -s <this dir> -t <this dir>
"""

import gc
import importlib.util
import sys
import sysconfig
import threading
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


GIL_DISABLED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


class Classes(unittest.TestCase):
    def test_types_are_immutable_and_not_subclassable(self):
        for cls in (_testrustapi.Counter, _testrustapi.Countdown, _testrustapi.Node):
            with self.assertRaises(TypeError):
                cls.attribute = 1
            with self.assertRaises(TypeError):
                type("Sub", (cls,), {})
        self.assertEqual(_testrustapi.Counter.__module__, "_testrustapi")

    def test_no_instantiation_without_new(self):
        for cls in (_testrustapi.Counter, _testrustapi.Countdown):
            with self.assertRaises(TypeError) as cm:
                cls()
            self.assertEqual(str(cm.exception), f"cannot create '_testrustapi.{cls.__name__}' instances")

    def test_method_reaches_module_state_through_its_defining_class(self):
        counter = _testrustapi.make_counter()
        before = counter.state_calls()
        self.assertEqual(counter.add(5), 5)
        self.assertEqual(counter.add(2, times=3), 11)
        self.assertEqual(counter.value, 11)
        self.assertEqual(counter.state_calls(), before + 2)

    def test_positional_only_and_keyword_only_messages_are_cpythons(self):
        counter = _testrustapi.make_counter()
        cases = [
            ((), {}, TypeError, "add() takes exactly 1 positional argument (0 given)"),
            ((1, 2), {}, TypeError, "add() takes exactly 1 positional argument (2 given)"),
            ((), {"n": 1}, TypeError, "add() takes exactly 1 positional argument (0 given)"),
            ((1,), {"tiems": 2}, TypeError,
             "add() got an unexpected keyword argument 'tiems'. Did you mean 'times'?"),
            (("x",), {}, TypeError, "'str' object cannot be interpreted as an integer"),
            ((2**70,), {}, OverflowError, "Python int too large to convert to C ssize_t"),
            ((1,), {"times": -1}, ValueError, "times must be non-negative"),
        ]
        for args, kwargs, exc, message in cases:
            with self.subTest(args=args, kwargs=kwargs):
                with self.assertRaises(exc) as cm:
                    counter.add(*args, **kwargs)
                self.assertEqual(str(cm.exception), message)

    def test_signature_from_the_docstring(self):
        import inspect
        self.assertEqual(str(inspect.signature(_testrustapi.Counter.add)), "(self, n, /, *, times=1)")

    def test_lock_serialises_threads_that_detach_with_it_held(self):
        counter = _testrustapi.make_counter()
        threads = [threading.Thread(target=counter.add, args=(1,), kwargs={"times": 20000})
                   for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(counter.value, 8 * 20000)
        if GIL_DISABLED:
            self.assertFalse(sys._is_gil_enabled())

    def test_iterator(self):
        it = _testrustapi.countdown(3)
        self.assertIs(iter(it), it)
        self.assertEqual(list(it), [2, 1, 0])
        self.assertEqual(list(it), [])
        with self.assertRaises(StopIteration):
            next(it)

    def test_gc_type_is_collected_in_a_cycle(self):
        gc.collect()
        before = _testrustapi.nodes_alive()
        items = []
        node = _testrustapi.Node(items)
        items.append(node)
        self.assertIs(node.obj, items)
        self.assertTrue(gc.is_tracked(node))
        self.assertEqual(_testrustapi.nodes_alive(), before + 1)
        del node, items
        gc.collect()
        self.assertEqual(_testrustapi.nodes_alive(), before)

    def test_node_new_arguments(self):
        with self.assertRaises(TypeError) as cm:
            _testrustapi.Node()
        self.assertEqual(str(cm.exception), "Node() missing required argument 'obj' (pos 1)")

    def test_exception_and_constant_in_module_state(self):
        self.assertTrue(issubclass(_testrustapi.error, Exception))
        self.assertEqual(_testrustapi.error.__module__, "_testrustapi")
        with self.assertRaises(_testrustapi.error) as cm:
            _testrustapi.raise_error("boom")
        self.assertEqual(str(cm.exception), "boom")
        self.assertEqual(_testrustapi.ANSWER, 42)

    def test_each_module_object_has_its_own_types(self):
        spec = importlib.util.find_spec("_testrustapi")
        fresh = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(fresh)
        self.assertIsNot(fresh.Counter, _testrustapi.Counter)
        self.assertIsNot(fresh.error, _testrustapi.error)
        self.assertEqual(fresh.make_counter().add(4), 4)


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
