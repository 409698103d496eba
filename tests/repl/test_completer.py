"""Completion from the live namespace, and the signature hint (ndsh.repl.completer)."""
from __future__ import annotations

import os

import pytest

from ndsh.engine import autograd, nd
from ndsh.engine.ndarray import NDArray
from ndsh.repl.completer import candidates, signature_hint
from ndsh.repl.scanning import enclosing_call, open_string


class Loud:
    """An object whose repr must never be called while completing."""

    size = 3

    def __repr__(self):
        raise AssertionError("repr called while completing")


@pytest.fixture
def namespace():
    return {"nd": nd, "autograd": autograd, "x": nd.ones((2, 3)), "loud": Loud(),
            "data": {"train": nd.ones((2,)), "test": 1, 3: "int key"}, "total": 1}


def texts(found):
    return [candidate.text for candidate in found]


def meta(found, text):
    return next(candidate.meta for candidate in found if candidate.text == text)


def test_names_with_summaries(namespace):
    found = candidates("to", namespace)
    assert texts(found) == ["total"]
    found = candidates("lo", namespace)
    assert texts(found) == ["locals", "loud"] and meta(found, "loud") == "Loud"
    assert "NDArray 2x3 float32 @cpu(0)" == meta(candidates("x", namespace), "x")
    assert "print" in texts(candidates("pri", namespace))
    assert "lambda" in texts(candidates("lam", namespace))


def test_attributes_ops_and_aliases(namespace):
    found = candidates("nd.elemwise_a", namespace)
    assert texts(found) == ["elemwise_add"] and meta(found, "elemwise_add") == "alias of nd.add"
    found = candidates("nd.random.nor", namespace)
    assert texts(found) == ["normal", "normal_like"]
    assert meta(found, "normal").startswith("Samples from a normal distribution")
    found = candidates("x.su", namespace)
    assert texts(found) == ["sum"] and found[0].length == 2
    assert "attach_grad" in texts(candidates("x.", namespace))
    assert not any(t.startswith("_") for t in texts(candidates("x.", namespace)))
    assert "_data" in texts(candidates("x._", namespace))


def test_a_module_offers_its_public_names_only(namespace):
    offered = texts(candidates("autograd.", namespace))
    assert offered == sorted(autograd.__all__, key=str.lower)
    assert texts(candidates("autograd.ST", namespace)) == []          # the engine's state
    assert "annotations" not in texts(candidates("nd.", namespace))   # a __future__ import
    assert "sys" not in texts(candidates("nd.", namespace))
    assert "random" in texts(candidates("nd.", namespace))
    import types
    namespace["mod"] = types.ModuleType("mod")
    namespace["mod"].__dict__.update(annotations=__import__("__future__").annotations,
                                     helper=1, _hidden=2)
    assert texts(candidates("mod.", namespace)) == ["helper"]
    assert texts(candidates("mod._h", namespace)) == ["_hidden"]


def test_safe_properties_are_followed(namespace):
    namespace["x"].attach_grad()
    assert "attach_grad" in texts(candidates("x.grad.", namespace))
    assert "device_type" in texts(candidates("x.context.dev", namespace))


def test_properties_of_other_objects_are_not_run(namespace):
    class Trap:
        @property
        def boom(self):
            raise AssertionError("property run while completing")
    namespace["trap"] = Trap()
    assert candidates("trap.boom.", namespace) == []


def test_dict_keys_close_the_string_and_the_bracket(namespace):
    found = candidates("data['t", namespace)
    assert texts(found) == ["test']", "train']"] and found[0].length == 1
    assert [c.display for c in found] == ["test", "train"]
    assert meta(candidates('data["tr', namespace), 'train"]') == "NDArray 2 float32 @cpu(0)"
    assert texts(candidates("data[", namespace)) == ["'test']", "'train']"]
    namespace["odd"] = {"it's": 1, 'say "hi"': 2}
    assert texts(candidates("odd['it", namespace)) == ["it\\'s']"]
    assert texts(candidates('odd["say', namespace)) == ['say \\"hi\\""]']
    assert texts(candidates("odd[", namespace)) == ['"it\'s"]', "'say \"hi\"']"]


def test_a_key_already_closed_after_the_cursor_is_not_closed_twice(namespace):
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from ndsh.repl.completer import NamespaceCompleter
    completer = NamespaceCompleter(namespace)
    for text, cursor, inserted in [('data["tr', 8, 'train"]'), ('data["tr"]', 8, "train"),
                                   ("data[]", 5, "'test'")]:
        found = list(completer.get_completions(Document(text, cursor), CompleteEvent(True)))
        assert found[0].text == inserted


def test_paths_inside_strings(tmp_path, monkeypatch, namespace):
    (tmp_path / "weights.params").write_bytes(b"x" * 2048)
    (tmp_path / "runs").mkdir()
    (tmp_path / ".hidden").write_text("")
    monkeypatch.chdir(tmp_path)
    found = candidates("nd.load('", namespace)
    assert texts(found) == ["runs/", "weights.params"]
    assert meta(found, "weights.params") == "file, 2.0 KiB" and meta(found, "runs/") == "folder"
    assert texts(candidates(f"nd.load('{tmp_path}{os.sep}w", namespace)) == ["weights.params"]
    assert texts(candidates("open('.h", namespace)) == [".hidden"]
    assert texts(candidates("%run we", namespace)) == ["weights.params"]


def test_keyword_arguments_inside_a_call(namespace):
    found = candidates("nd.dot(x, x, transp", namespace)
    assert texts(found) == ["transpose_a=", "transpose_b="]
    assert texts(candidates("x.sum(ax", namespace)) == ["axis="]


def test_repr_is_never_called(namespace, monkeypatch):
    monkeypatch.setattr(NDArray, "__repr__", Loud.__repr__)
    for text in ("", "l", "x", "x.", "data['", "data[", "loud.", "nd.dot(x, "):
        candidates(text, namespace)


def test_nothing_to_complete(namespace):
    for text in ("1.", "x[0].", "f(x).", "nosuch.", "x.nosuch."):
        assert candidates(text, namespace) == []


@pytest.mark.parametrize("text,callee", [("nd.dot(a, nd.ones((2, ", "nd.ones"),
                                         ("f([1, 2", "f"), ("f(x)", None),
                                         ("f(')', ", "f"), ("print(x) # (", None)])
def test_enclosing_call(text, callee):
    assert enclosing_call(text) == callee


def test_open_string():
    assert open_string("load('runs/") == (5, "'")
    assert open_string('"""doc\nmore') == (0, '"""')
    assert open_string("x = 'a' + \"b\"") is None


def test_signature_hint(namespace):
    assert signature_hint("nd.dot(x, ", namespace).startswith(
        "nd.dot(lhs, rhs, transpose_a=False, transpose_b=False")
    assert signature_hint("x.sum(", namespace).startswith("NDArray.sum(axis=None")
    assert signature_hint("y = 1", namespace) is None
    assert signature_hint("loud(", namespace) is None


def test_completer_for_prompt_toolkit(namespace):
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from ndsh.repl.completer import NamespaceCompleter
    completer = NamespaceCompleter(namespace)
    found = list(completer.get_completions(Document("nd.do"), CompleteEvent(True)))
    assert [c.text for c in found] == ["dot"] and found[0].start_position == -2
    assert found[0].display_meta_text.startswith("MXNet's dot")


@pytest.fixture
def gluon_namespace():
    from ndsh.gluon.name import NameManager
    from ndsh.mxnet_compat import mxnet as mx
    with NameManager():
        net = mx.gluon.nn.Sequential()
        net.add(mx.gluon.nn.Dense(4, in_units=3), mx.gluon.nn.Dense(1))
        net.initialize()
        yield {"mx": mx, "gluon": mx.gluon, "nn": mx.gluon.nn, "net": net,
               "params": net.collect_params(), "layers": [net[0]]}


def test_gluon_names_complete_with_their_summaries(gluon_namespace):
    found = candidates("gluon.nn.De", gluon_namespace)
    assert texts(found) == ["Dense"] and meta(found, "Dense").startswith("A fully connected")
    assert texts(candidates("mx.gluon.loss.L2", gluon_namespace)) == ["L2Loss"]
    assert "Conv2D" in texts(candidates("nn.Con", gluon_namespace))
    assert texts(candidates("gluon.Tr", gluon_namespace)) == ["Trainer"]
    # subpackages that load on first use are offered before they are loaded
    assert texts(candidates("gluon.data.vi", gluon_namespace)) == ["vision"]
    assert texts(candidates("gluon.data.vision.tr", gluon_namespace)) == ["transforms"]
    found = candidates("net.coll", gluon_namespace)
    assert texts(found) == ["collect_params"] and meta(found, "collect_params").startswith(
        "The parameters of this block")
    assert meta(candidates("ne", gluon_namespace), "net") == "Sequential, 17 params + 1 deferred"


def test_completion_follows_literal_subscripts_into_nets_and_containers(gluon_namespace):
    found = candidates("net[0].wei", gluon_namespace)
    assert texts(found) == ["weight"] and meta(found, "weight") == \
        "Parameter dense0_weight 4x3 float32"
    assert texts(candidates("net[1].weight.grad_r", gluon_namespace)) == ["grad_req"]
    assert texts(candidates("net[-1].bi", gluon_namespace)) == ["bias"]
    assert texts(candidates("params['dense0_bias'].da", gluon_namespace)) == ["data"]
    assert texts(candidates("layers[0].uni", gluon_namespace)) == []   # no such attribute
    assert "collect_params" in texts(candidates("layers[0].", gluon_namespace))
    assert texts(candidates("net[7].wei", gluon_namespace)) == []      # out of range: nothing


def test_subscripts_never_run_user_code():
    class Trap:
        def __getitem__(self, key):
            raise AssertionError("indexed while completing")
    assert candidates("trap[0].x", {"trap": Trap()}) == []


def test_signature_hint_and_arguments_through_subscripts(gluon_namespace):
    hint = signature_hint("net[0].weight.set_data(", gluon_namespace)
    assert hint.startswith("gluon.Parameter.set_data(data)  Write `data`")
    assert texts(candidates("params['dense0_bias'].initialize(ini", gluon_namespace)) == \
        ["init="]
    assert signature_hint("print('net[0].initialize(', ", gluon_namespace).startswith("print(")
