"""One input at a time through ShellState: values, results history, errors, introspection."""
from __future__ import annotations

import pytest

from ndsh.repl.introspection import DirListing


def test_a_value_is_shown_as_out_n_and_kept(shell):
    shell.run_cell("x = 6 * 7")
    assert shell.out() == ""
    shell.run_cell("x")
    assert shell.out() == "Out[2]: 42\n"
    shell.run_cell("x + 1")
    shell.run_cell("x + 2")
    shell.run_cell("x + 3")
    namespace = shell.namespace
    assert (namespace["_"], namespace["__"], namespace["___"]) == (45, 44, 43)
    assert namespace["_3"] == 43 and namespace["Out"][5] == 45


def test_a_trailing_semicolon_shows_nothing_but_runs(shell):
    shell.run_cell("y = 3; y * 2;")
    assert shell.out() == "" and shell.namespace["y"] == 3


def test_none_and_statements_show_nothing(shell, capsys):
    shell.run_cell("None")
    shell.run_cell("print('hi')")
    assert shell.out() == "" and capsys.readouterr().out == "hi\n"


def test_numpy_scalars_are_plain_numbers(shell):
    shell.run_cell("np.float32(22.494442)")
    assert shell.out() == "Out[1]: 22.494442\n"


def test_an_array_shows_header_and_mxnet_text(shell):
    shell.run_cell("x = nd.arange(6).reshape((2, 3)); x.attach_grad()")
    shell.run_cell("x")
    assert shell.out() == ("Out[2]: NDArray 2x3 float32 @cpu(0)  attached, grad_req='write'\n"
                           "[[0. 1. 2.]\n [3. 4. 5.]]\n<NDArray 2x3 @cpu(0)>\n")
    shell.run_cell("with autograd.record():\n    y = x * 2\n")
    shell.run_cell("y")
    assert shell.out().startswith("Out[4]: NDArray 2x3 float32 @cpu(0)  recorded (multiply)\n")


def test_errors_are_compact_and_the_shell_goes_on(shell):
    shell.run_cell("def f(a):\n    return a / 0\n")
    outcome = shell.run_cell("f(1)")
    assert isinstance(outcome.error, ZeroDivisionError)
    err = shell.err()
    assert 'File "<In [2]>", line 1, in <module>' in err
    assert 'File "<In [1]>", line 2, in f' in err and "return a / 0" in err
    assert "^^^^^" in err and err.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "ndsh/" not in err and "session.py" not in err
    shell.run_cell("6 * 7")
    assert shell.out() == "Out[3]: 42\n"


def test_an_error_under_a_rewritten_line_quotes_the_line_as_typed(shell):
    shell.run_cell("x = 1\n%time 1/0")
    err = shell.err()
    assert "ZeroDivisionError" in err and "__ndsh__" not in err


def test_a_syntax_error_points_at_the_input(shell):
    shell.run_cell("x = [1,, 2]")
    err = shell.err()
    assert 'File "<In [1]>", line 1' in err and "SyntaxError" in err


def test_keyboard_interrupt_keeps_the_session(shell):
    shell.run_cell("n = 5")
    outcome = shell.run_cell("raise KeyboardInterrupt")
    assert isinstance(outcome.error, KeyboardInterrupt) and "KeyboardInterrupt" in shell.err()
    shell.run_cell("n")
    assert shell.out() == "Out[3]: 5\n"


@pytest.mark.parametrize("cell,code", [("exit", None), ("quit()", None), ("exit(3)", 3),
                                       ("import sys; sys.exit(2)", 2)])
def test_exit_comes_back_as_system_exit(shell, cell, code):
    outcome = shell.run_cell(cell)
    assert isinstance(outcome.error, SystemExit) and outcome.error.code == code
    assert shell.err() == ""


def test_help_pages(shell):
    shell.run_cell("nd.dot?")
    page = shell.out()
    assert page.startswith("nd.dot(lhs, rhs") and "Parameters" in page
    shell.run_cell("help nd.dot")
    assert shell.out() == page
    shell.run_cell("help(nd.dot)")
    assert shell.out() == page
    shell.run_cell("nd.dot??")
    assert "Source" in shell.out()


@pytest.mark.parametrize("columns", [80, 60])
def test_help_pages_fit_the_console_and_break_between_words(shell, columns):
    shell.output.environ["COLUMNS"] = str(columns)    # what a terminal of that width gives
    for asked in ("nd.dot?", "help(nd.dot)", "nd.linalg.gemm2?", "NDArray.reshape?"):
        shell.run_cell(asked)
        lines = shell.out().splitlines()
        assert max(len(line) for line in lines) <= columns, asked
    shell.run_cell("nd.linalg.gemm2?")
    signature = shell.out().split("\n\n")[0].split("\n")     # broken between parameters,
    assert len(signature) == 2 and signature[0].endswith(",")  # the rest under the bracket
    assert signature[1].startswith(" " * len("nd.linalg.gemm2(") + "alpha=1.0" if columns == 60
                                   else " " * len("nd.linalg.gemm2(") + "*, out=None)")


def test_a_plain_value_shows_its_type_and_value_before_the_docstring(shell):
    shell.run_cell('lr = 0.1\nnames = ["a", "b"]\ngreeting = "hi"\n'
                   'def f(a):\n    """Double it."""\n    return 2 * a')
    shell.run_cell("lr?")
    assert shell.out().splitlines()[:3] == ["lr", "  Type         float",
                                            "  String form  0.1"]
    shell.run_cell("names?")
    page = shell.out()
    assert page.startswith("names\n  Type         list\n  String form  ['a', 'b']\n"
                           "  Length       2\n\n") and "mutable sequence" in page
    shell.run_cell("greeting?")
    page = shell.out()
    assert page.startswith("greeting\n  Type         str\n  String form  hi\n")
    assert "str(object=" not in page                  # not the constructor's signature lines
    shell.run_cell("f?")
    assert shell.out() == ("f(a)\n  Type        function\n  Defined in  In [1], line 4\n\n"
                           "Double it.\n")               # no empty row for the undocumented a


def test_help_on_a_variable_and_a_miss(shell):
    shell.run_cell("w = nd.ones((3, 4))")
    shell.run_cell("w?")
    assert "w is an NDArray of shape (3, 4)" in shell.out()
    shell.run_cell("nd.dott?")
    assert "Did you mean: nd.dot" in shell.err()


def test_help_on_an_array_is_a_short_page_and_the_class_keeps_the_full_one(shell):
    shell.run_cell("x = nd.ones((2, 3))")
    for asked in ("x?", "help x", "help(x)"):
        shell.run_cell(asked)
        page = shell.out()
        assert page.startswith("x: NDArray 2x3 float32 @cpu(0)\n\nx is an NDArray of shape "
                               "(2, 3), dtype float32, on cpu(0), with no gradient\nbuffer"), asked
        assert max(len(line) for line in page.splitlines()) <= 80       # piped: 80 columns
        assert len(page.splitlines()) < 15 and "Members" not in page
        assert "NDArray? (or help(nd.NDArray)) shows the full page" in " ".join(page.split())
    shell.run_cell("x.attach_grad()\nwith autograd.record():\n    y = x * 2")
    shell.run_cell("x?")
    assert "with a gradient buffer (grad_req='write': backward() writes x.grad)" in \
        " ".join(shell.out().split())
    shell.run_cell("y?")
    assert "y is an NDArray of shape (2, 3), dtype float32, on cpu(0), recorded" in \
        " ".join(shell.out().split())
    for asked in ("NDArray?", "help(nd.NDArray)"):
        shell.run_cell(asked)
        page = shell.out()
        assert "Members (" in page and len(page.splitlines()) > 100


def test_errors_keep_pythons_suggestions_in_the_shell(shell):
    shell.run_cell("x = nd.ones(3)")
    shell.run_cell("print(X)")
    assert shell.err().endswith("NameError: name 'X' is not defined. Did you mean: 'x'?\n")
    shell.run_cell("x.sumx()")
    assert shell.err().endswith("'sumx'. Did you mean: 'sum'?\n")


def test_wildcard_search(shell):
    shell.run_cell("nd.*dot*?")
    lines = shell.out().splitlines()
    assert any(line.split()[0] == "nd.dot" for line in lines)
    assert any(line.split()[0] == "nd.batch_dot" for line in lines)


def test_dir_shows_groups_and_still_returns_a_list(shell):
    shell.run_cell("dir nd")
    text = shell.out()
    assert text.startswith("nd: ") and "Ops (" in text and "MXNet aliases (" in text
    assert "elemwise_add" in text and "alias of nd.add" in text
    shell.run_cell("names = dir(nd)")
    names = shell.namespace["names"]
    assert isinstance(names, list) and "dot" in names and names == sorted(names)
    shell.run_cell("x = nd.ones((2,))\ndir(x)")
    text = shell.out()
    assert "Autograd (" in text and "attach_grad" in text and "Properties (" in text


def test_dir_without_argument_lists_the_session(shell):
    shell.run_cell("w = nd.ones((3, 4))")
    listing = shell.run_cell("dir()").value
    assert isinstance(listing, DirListing) and "w" in listing
    assert "NDArray 3x4 float32 @cpu(0)" in shell.out()


def test_listing_never_prints_an_array(shell, monkeypatch):
    from ndsh.engine.ndarray import NDArray
    shell.run_cell("big = nd.zeros((1000, 1000))")
    monkeypatch.setattr(NDArray, "__repr__", _refuse)
    shell.run_cell("dir()")
    shell.run_cell("%whos")
    assert "big" in shell.out() and shell.err() == ""


def _refuse(self):
    raise AssertionError("repr called on an NDArray")


def test_a_value_whose_repr_fails_is_reported_as_the_users_error(shell):
    shell.run_cell("class Bad:\n    def __repr__(self):\n        raise ValueError('no repr')\n")
    shell.run_cell("Bad()")
    err = shell.err()
    assert "ValueError: no repr" in err and 'File "<In [1]>", line 3, in __repr__' in err
    shell.run_cell("1 + 1")
    assert shell.out() == "Out[3]: 2\n"


def test_gluon_is_at_hand_as_nd_is_and_loads_on_first_use(shell):
    import sys
    assert "gluon" in shell.namespace
    shell.run_cell("net = gluon.nn.Dense(2, in_units=3)")
    shell.run_cell("type(net).__name__, 'Trainer' in dir(gluon)")
    assert shell.out() == "Out[2]: ('Dense', True)\n"
    assert "ndsh.gluon" in sys.modules
    shell.run_cell("from mxnet import gluon as g; g.nn.Dense is gluon.nn.Dense")
    assert shell.out().endswith("True\n")
