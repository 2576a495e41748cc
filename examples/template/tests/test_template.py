"""rs_template: the behaviour every copied module starts from."""

import inspect
import threading

import pytest

import rs_template


def test_word_count_arguments():
    assert rs_template.word_count("a bb bb") == {"a": 1, "bb": 2}
    assert rs_template.word_count("a bb BB", 2, ignore_case=True) == {"bb": 2}
    assert rs_template.word_count("") == {}
    with pytest.raises(TypeError):
        rs_template.word_count(text="x")  # positional-only
    with pytest.raises(TypeError):
        rs_template.word_count("x", 1, True)  # keyword-only


def test_errors_are_exceptions_not_panics():
    with pytest.raises(ValueError, match="min_length"):
        rs_template.word_count("x", 0)
    with pytest.raises(OverflowError):
        rs_template.word_count("x", -1)
    with pytest.raises(TypeError):
        rs_template.word_count(b"bytes")


def test_accumulator():
    acc = rs_template.Accumulator(10)
    assert acc.add(5) == 15
    assert (acc.total, acc.count) == (15, 1)
    assert repr(acc) == "Accumulator(total=15, count=1)"
    acc.reset()
    assert (acc.total, acc.count) == (0, 0)
    assert rs_template.Accumulator().total == 0


def test_custom_exception():
    assert issubclass(rs_template.TemplateError, ValueError)
    acc = rs_template.Accumulator(2**63 - 1)
    with pytest.raises(rs_template.TemplateError, match="overflows"):
        acc.add(1)
    assert acc.total == 2**63 - 1
    with pytest.raises(OverflowError):
        acc.add(2**64)


def test_docstrings_and_signatures():
    assert str(inspect.signature(rs_template.word_count)) == "(text, /, min_length=1, *, ignore_case=False)"
    assert "Count" in rs_template.word_count.__doc__
    assert rs_template.Accumulator.add.__doc__
    assert rs_template.__doc__


def test_shared_between_threads():
    acc = rs_template.Accumulator()
    threads = [threading.Thread(target=lambda: [acc.add(1) for _ in range(1000)]) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (acc.total, acc.count) == (8000, 8000)
