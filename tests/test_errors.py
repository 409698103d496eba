"""Error reports: the user's frames only, carets, operands in the user's terms, chains."""
from __future__ import annotations

import io
import os

import pytest

from ndsh import errors
from ndsh.display.console import Output
from ndsh.session import Session


def run(code: str, filename: str = "s.nds"):
    return Session(Output(stdout=io.StringIO(), color="never")).run(code, filename=filename)


def test_engine_error_names_the_expression_shapes_dtypes_and_context():
    report = run("a = nd.ones((2, 3))\nb = nd.ones((3,))\nc = nd.dot(a, b.T)\n"
                 "d = a + nd.ones((2, 3), dtype='int32')").report
    text = report.plain()
    assert text.startswith('Traceback (most recent call last):\n  File "s.nds", line 4')
    assert "    d = a + nd.ones((2, 3), dtype='int32')\n        ^^^^^" in text
    assert "In `a + nd.ones((2, 3), dtype='int32')`, a has shape (2, 3), dtype float32, " \
           "on cpu(0)." in text
    assert "ndsh/" not in text and report.hint == ""


def test_operands_are_only_names_in_operand_position():
    assert errors._operand_names("nd.dot(X, Y.T) + b") == ["nd", "X", "b"]
    assert errors._operand_names("x.sum(axis=k)[0] < y") == ["x", "k", "y"]
    assert errors._operand_names("x += y") == ["x", "y"]
    assert errors._operand_names("(((") == []


def test_a_users_own_exception_gets_no_operand_sentence():
    text = run("x = nd.ones(2)\nraise ValueError(f'bad {x.shape}')").report.plain()
    assert text.endswith("ValueError: bad (2,)")


def test_internal_looking_errors_from_ndsh_get_a_hint(monkeypatch):
    from ndsh.engine import nd
    namespace: dict = {}
    inside_ndsh = os.path.join(errors.NDSH_DIR, "not_a_real_module.py")
    exec(compile("def broken():\n    return {}['missing']\n", inside_ndsh, "exec"), namespace)
    monkeypatch.setattr(nd, "broken", namespace["broken"], raising=False)
    report = run("nd.broken()").report
    assert report.type_name == "KeyError" and "--traceback" in report.hint


def test_chained_exceptions_keep_python_shape():
    text = run("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n"
               "    raise ValueError('no') from e").report.plain()
    assert "ZeroDivisionError: division by zero" in text
    assert "The above exception was the direct cause" in text
    assert text.endswith("ValueError: no")


def test_full_report_is_pythons_own(monkeypatch):
    outcome = run("nd.ones(2) + nd.ones(3)")
    full = errors.build_report(outcome.error, full=True).plain()
    assert "ndsh/engine" in full or "ndsh\\engine" in full
    monkeypatch.setenv("NDSH_TRACEBACK", "1")
    assert errors.wants_full_traceback() and not errors.wants_full_traceback.__defaults__[0]
    monkeypatch.setenv("NDSH_TRACEBACK", "0")
    assert not errors.wants_full_traceback()


def test_no_user_frame_means_the_full_traceback():
    try:
        from ndsh.engine import nd
        nd.ones(2) + nd.ones(3)
    except ValueError as exc:        # raised from this test file: a user frame
        assert errors.build_report(exc).full_text is None
    exc = RuntimeError("inside")     # no traceback at all: nothing to trim to
    assert errors.build_report(exc).plain() == "RuntimeError: inside"


def test_syntax_error_carets_and_unicode_columns():
    report = run("é = 1\nx = (é +* 2)\n").report
    assert report.plain().splitlines()[1:3] == ["    x = (é +* 2)", "            ^"]


@pytest.mark.parametrize("name", ["NameError", "IndexError"])
def test_plain_python_errors_in_user_code(name):
    code = {"NameError": "undefined_thing", "IndexError": "[][1]"}[name]
    report = run(code).report
    assert report.type_name == name and report.frames[0].filename == "s.nds"


# ----- Python's own suggestions, sentences joined, missing gradients ------------------------
@pytest.mark.parametrize("code,ending", [
    ("x = nd.ones(3)\nprint(X)", "NameError: name 'X' is not defined. Did you mean: 'x'?"),
    ("x = nd.ones(3)\nx.sumx()",
     "AttributeError: 'NDArray' object has no attribute 'sumx'. Did you mean: 'sum'?"),
    ("def f():\n    value = 1\n    return valeu\nf()",
     "NameError: name 'valeu' is not defined. Did you mean: 'value'?"),
    ("nothing_like_this_anywhere", "NameError: name 'nothing_like_this_anywhere' is not defined"),
])
def test_pythons_did_you_mean_is_kept(code, ending):
    assert run(code).report.plain().endswith(ending)


def test_did_you_mean_in_the_full_traceback_too():
    report = errors.build_report(run("x = nd.ones(3)\nprint(X)").error, full=True)
    assert report.full_text.rstrip("\n").endswith("is not defined. Did you mean: 'x'?")


def test_a_message_that_suggests_already_gets_no_second_suggestion():
    code = ("class Box:\n    size = 1\n    def __getattr__(self, name):\n"
            "        raise AttributeError(f'no {name}. Did you mean: size?')\nBox().sise")
    text = run(code).report.plain()
    assert text.endswith("AttributeError: no sise. Did you mean: size?")


@pytest.mark.parametrize("code,expression", [
    ("X = nd.ones((2, 3))\nY = nd.ones((4, 5))\nX * Y", "X * Y"),
    ("x = nd.ones(4)\nx.asscalar()", "x.asscalar()"),
    ("x = nd.ones(4)\nfloat(x)", "float(x)"),
    ("x = nd.ones(4)\nnd.dot(x, nd.ones((3, 3)))", "nd.dot(x, nd.ones((3, 3)))"),
    ("x = nd.ones(4)\nx.reshape((3,))", "x.reshape((3,))"),
    ("x = nd.ones(4)\nx[7]", "x[7]"),
])
def test_the_operand_sentence_follows_a_full_stop(code, expression):
    message = run(code).report.message
    before, found, _ = message.partition(f" In `{expression}`, ")
    assert found and before.endswith(".") and not before.endswith(".."), message


def test_add_sentence():
    assert errors.add_sentence("size 1 on one side", "In `X`.") == "size 1 on one side. In `X`."
    assert errors.add_sentence("Convert it first.", "In `X`.") == "Convert it first. In `X`."
    assert errors.add_sentence("Really?", "Yes.") == "Really? Yes."
    assert errors.add_sentence("as it was", "") == "as it was"


@pytest.mark.parametrize("line", ["x.grad + 1", "y = 2 * x.grad", "x.grad.asnumpy()",
                                  "x.grad[0]", "nd.dot(x.grad, x)"])
def test_a_missing_gradient_says_how_to_get_one(line):
    message = run(f"x = nd.ones(3)\n{line}").report.message
    assert message.endswith(". x.grad is None: call x.attach_grad() before recording "
                            "(ndsh.explain_grad(x) says why a gradient is missing).")


def test_no_gradient_sentence_when_grad_is_not_the_problem():
    message = run("x = nd.ones(3)\nx.attach_grad()\nx.grad + 'a'").report.message
    assert "attach_grad" not in message
    assert "attach_grad" not in run("g = None\ng + 1").report.message


def test_ndsh_errors_that_suggest_get_no_internal_hint(monkeypatch):
    from ndsh.engine import nd
    namespace: dict = {}
    inside_ndsh = os.path.join(errors.NDSH_DIR, "not_a_real_module.py")
    exec(compile("def lookup(name):\n    raise AttributeError(f'nd has no {name!r}. "
                 "Did you mean: nd.dot?')\n", inside_ndsh, "exec"), namespace)
    monkeypatch.setattr(nd, "lookup", namespace["lookup"], raising=False)
    report = run("nd.lookup('dott')").report
    assert report.hint == "" and report.message.endswith("Did you mean: nd.dot?")


@pytest.mark.parametrize("body, hinted", [("assert False", True),
                                          ("assert 1 == 2, 'shape incompatible (4, 4)'", False)])
def test_only_a_bare_assert_inside_ndsh_looks_like_a_bug(monkeypatch, body, hinted):
    """MXNet's own checks raise AssertionErrors with messages (load_parameters' shapes and
    prefixes); those are the user's to act on, with no '(raised inside ndsh...)' tail."""
    from ndsh.engine import nd
    namespace: dict = {}
    inside_ndsh = os.path.join(errors.NDSH_DIR, "not_a_real_module.py")
    exec(compile(f"def check():\n    {body}\n", inside_ndsh, "exec"), namespace)
    monkeypatch.setattr(nd, "check", namespace["check"], raising=False)
    report = run("nd.check()").report
    assert report.type_name == "AssertionError" and ("--traceback" in report.hint) is hinted


def test_load_parameters_shape_mismatch_has_no_internal_tail(tmp_path):
    path = tmp_path / "a.params"
    report = run(f"from mxnet import gluon\n"
                 f"net = gluon.nn.Dense(3, in_units=4); net.initialize()\n"
                 f"net.save_parameters({str(path)!r})\n"
                 f"other = gluon.nn.Dense(3, in_units=5); other.initialize()\n"
                 f"other.load_parameters({str(path)!r})").report
    assert report.type_name == "AssertionError" and "shape incompatible" in report.message
    assert report.hint == ""


@pytest.mark.parametrize("line, written", [
    ("nd.ones(2, ctx='gpu0')", "Write ctx='gpu0' with a context object: ctx=mx.gpu(0)"),
    ("nd.ones(2).as_in_context('gpu:1')", "as_in_context(mx.gpu(1))"),
    ("nd.ones(2).copyto('cpu ')", "copyto(mx.cpu())")])
def test_a_context_given_as_a_string_says_how_to_write_it(line, written):
    report = run(line).report
    assert written in report.message and "(contexts are mx.cpu(), mx.gpu(i))." in report.message


def test_error_hint_examples():
    import doctest

    from ndsh import error_hints
    result = doctest.testmod(error_hints)
    assert result.attempted > 0 and result.failed == 0


def test_a_trainer_made_before_initialize_says_to_initialize_first():
    report = run("from mxnet import gluon\nmodel = gluon.nn.Dense(2)\n"
                 "trainer = gluon.Trainer(model.collect_params(), 'sgd')").report
    assert report.type_name == "RuntimeError" and report.hint == ""
    assert report.message.endswith("_bias' has not been initialized. The Trainer reads each "
                                   "parameter's context: call model.initialize() before "
                                   "creating it.")


def test_a_failing_hint_never_hides_the_users_error(monkeypatch):
    def broken(*args):
        raise AttributeError("a bug in a hint")
    monkeypatch.setattr(errors, "context_string_hint", broken)
    monkeypatch.setattr(errors, "describe_operands", broken)
    report = run("nd.ones(2, ctx=nd.cpu()) + nd.ones(3)").report
    assert report.type_name != "AttributeError" and "a bug in a hint" not in report.plain()


@pytest.mark.parametrize("line, says", [
    ("np.fft.fft(np.ones(4))", "NumPy has numpy.fft, but MXNet 1.9.1's numpy interface"),
    ("np.random.seed(0)", "seed with npx.random.seed(n)"),
    ("np.ones(2).asscalar()", "use x.item()"),
    ("np.linalg.vecdot(np.ones(2), np.ones(2))", "NumPy has numpy.linalg.vecdot"),
    ("np.onse(2)", "has no attribute 'onse'")])
def test_a_name_mx_np_lacks_is_the_users_error(line, says):
    """An AttributeError that says mx.np lacks a name gets no '(raised inside ndsh: rerun with
    --traceback...)' tail, nor Python's 'Did you mean' where it names the fix (x.asscalar()
    would get "Did you mean: '_scalar'?")."""
    report = run(f"from mxnet import np, npx\n{line}").report
    assert report.type_name == "AttributeError" and says in report.message, report.message
    assert report.hint == "" and "did you mean" not in report.message.lower(), report


def test_a_name_mx_np_lacks_through_ndsh_run(tmp_path):
    import subprocess
    import sys
    script = tmp_path / "fft.py"
    script.write_text("from mxnet import np\nx = np.ones(4)\ny = np.fft.fft(x)\n")
    done = subprocess.run([sys.executable, "-m", "ndsh", "run", str(script)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "AttributeError: module 'mxnet.numpy' has no attribute 'fft'" in done.stderr
    assert "raised inside ndsh" not in done.stderr + done.stdout
