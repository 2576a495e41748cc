"""Sub-interpreters: what rs_template, and every module copied from it, supports.

Every interpreter must get its own module object, classes and exceptions.
PyO3 0.30.1 keeps them in process-wide statics (`create_exception!` for
`TemplateError`, the type object of each `#[pyclass]`), so a second
interpreter that imported the module would be handed the first one's
objects. The module therefore refuses every sub-interpreter with
ImportError: legacy ones in its `#[pymodule_init]`, isolated ones (3.13+)
by CPython itself, since the module declares no per-interpreter GIL support.
"""

import pytest
import rs_template
import subinterp

# Imports the module in a sub-interpreter and reports either the refusal or
# the identity of the objects that interpreter got.
IMPORT = (
    "try:\n"
    "    import rs_template\n"
    "except ImportError as e:\n"
    "    report(f'refused {e}')\n"
    "else:\n"
    "    report(f'TemplateError {id(rs_template.TemplateError)}')\n"
    "    report(f'Accumulator {id(rs_template.Accumulator)}')\n"
)

REFUSAL = " does not support loading in subinterpreters"


def test_a_legacy_sub_interpreter_gets_none_of_the_main_interpreters_objects():
    # Use the module here first, so every process-wide cache is filled.
    with pytest.raises(rs_template.TemplateError):
        rs_template.Accumulator(2**63 - 1).add(1)
    out = subinterp.run_legacy(IMPORT)
    if out.startswith("refused "):
        # The extension is `rs_template.rs_template` inside the package maturin installs.
        assert out.startswith("refused module rs_template") and out.endswith(
            REFUSAL + " (PyO3 0.30.1 has no per-interpreter module state)\n"
        ), out
    else:
        ids = dict(line.split() for line in out.splitlines())
        shared = sorted(name for name, i in ids.items() if int(i) == id(getattr(rs_template, name)))
        assert not shared, f"the sub-interpreter got the main interpreter's {', '.join(shared)}"
    # The main interpreter's module is unaffected.
    assert rs_template.Accumulator(41).add(1) == 42


def test_not_importable_in_an_isolated_sub_interpreter():
    if not subinterp.AVAILABLE:
        pytest.skip(subinterp.REASON)
    out = subinterp.run_isolated(IMPORT)
    assert out.startswith("refused ") and REFUSAL in out, out
