"""MXNet's Symbol methods that ndsh leaves out (executors: bind, simple_bind...) say so and
what to use instead; other misspelt attributes keep Python's own suggestion."""
from __future__ import annotations

import io

import pytest

from ndsh.display.console import Output
from ndsh.mxnet_compat import mxnet as mx
from ndsh.session import Session


@pytest.mark.parametrize("method", ["simple_bind", "bind"])
def test_executors_say_what_runs_a_graph_instead(method):
    y = mx.sym.FullyConnected(mx.sym.var("x"), num_hidden=2)
    with pytest.raises(AttributeError, match=rf"Symbol.{method} is MXNet's, but not in ndsh: "
                                             r"ndsh has no executors: y.eval"):
        getattr(y, method)(mx.cpu(), x=(1, 3))
    assert not hasattr(y, method)


def test_a_misspelt_method_keeps_pythons_suggestion():
    session = Session(Output(stdout=io.StringIO(), color="never"))
    report = session.run("y = mx.sym.var('x') * 2\ny.list_argument()", filename="s.nds").report
    assert report.message.endswith("Did you mean: 'list_arguments'?")
