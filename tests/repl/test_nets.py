"""A Gluon net given as a result is shown as a tree of layers with parameter shapes and counts
(plain when piped, coloured at a terminal); `print(net)` stays MXNet's text; `%whos` lists
nets, Parameters, ParameterDicts and Trainers with their parameter counts."""
from __future__ import annotations

import io

import pytest

from ndsh.display.console import Output
from ndsh.gluon.name import NameManager
from ndsh.repl.state import ShellState
from ndsh.session import Session

SETUP = ("from mxnet import gluon; from mxnet.gluon import nn\n"
         "net = nn.Sequential()\n"
         "net.add(nn.Dense(4, activation='relu'), nn.Dense(1))")


@pytest.fixture(autouse=True)
def _fresh_names():
    with NameManager():
        yield


def test_a_net_before_its_first_forward_shows_deferred_shapes(shell):
    shell.run_cell(SETUP)
    shell.out()
    shell.run_cell("net")
    assert shell.out() == (
        "Out[2]: Sequential: 5 parameters in 4 arrays, 2 deferred\n"
        "├── 0: Dense(None -> 4, Activation(relu))  4+?\n"
        "│   ├── dense0_weight  (4, 0)  ?  deferred\n"
        "│   └── dense0_bias    (4,)    4\n"
        "└── 1: Dense(None -> 1, linear)  1+?\n"
        "    ├── dense1_weight  (1, 0)  ?  deferred\n"
        "    └── dense1_bias    (1,)    1\n"
        "2 of 4 parameter arrays are deferred: their shapes (0 for a size not known yet) are set\n"
        "by the first forward, e.g. net(X); the total counts only the known ones.\n")
    assert shell.namespace["_"] is shell.namespace["net"]


def test_after_the_first_forward_every_shape_and_the_total_are_known(shell):
    shell.run_cell(SETUP + "\nnet.initialize(); _ = net(nd.ones((2, 3)))")
    shell.out()
    shell.run_cell("net")
    assert shell.out() == (
        "Out[2]: Sequential: 21 parameters in 4 arrays\n"
        "├── 0: Dense(3 -> 4, Activation(relu))  16\n"
        "│   ├── dense0_weight  (4, 3)  12\n"
        "│   └── dense0_bias    (4,)     4\n"
        "└── 1: Dense(4 -> 1, linear)  5\n"
        "    ├── dense1_weight  (1, 4)   4\n"
        "    └── dense1_bias    (1,)     1\n")


def test_print_net_stays_mxnets_text(shell, capsys):
    shell.run_cell(SETUP)
    shell.out()
    shell.run_cell("print(net)")
    assert capsys.readouterr().out == ("Sequential(\n  (0): Dense(None -> 4, Activation(relu))\n"
                           "  (1): Dense(None -> 1, linear)\n)\n")
    shell.run_cell("repr(net) == str(net) == 'Sequential(\\n  (0): Dense(None -> 4, "
                   "Activation(relu))\\n  (1): Dense(None -> 1, linear)\\n)'")
    assert shell.out() == "Out[3]: True\n"


def test_custom_blocks_nest_and_say_what_is_not_trained_or_initialized(shell):
    shell.run_cell("""from mxnet import gluon
class Net(gluon.Block):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.body = gluon.nn.Sequential()
            self.body.add(gluon.nn.Dense(3, in_units=2), gluon.nn.BatchNorm(in_channels=3))
            self.scale = self.params.get('scale', shape=(1,))

    def forward(self, x):
        return self.body(x) * self.scale.data()
net = Net()""")
    shell.out()
    shell.run_cell("net")
    lines = shell.out().splitlines()
    assert lines[0] == "Out[2]: Net: 22 parameters in 7 arrays"
    assert lines[1].split() == ["├──", "net0_scale", "(1,)", "1"]
    assert lines[2] == "└── body: Sequential  21"
    assert lines[3] == "    ├── 0: Dense(2 -> 3, linear)  9"
    assert lines[6].startswith("    └── 1: BatchNorm(axis=1, ") and lines[6].endswith("…)  12")
    assert lines[9].split()[-3:] == ["(3,)", "3", "grad_req='null'"]
    assert lines[-2:] == ["7 of 7 parameter arrays have no values yet: call net.initialize().",
                          "2 of 7 parameter arrays (6 values) are not trained "
                          "(grad_req='null')."]


def test_a_shared_parameter_counts_once(shell):
    shell.run_cell("from mxnet.gluon import nn\nshared = nn.Dense(2, in_units=2)\n"
                   "net = nn.Sequential(); net.add(shared, shared)")
    shell.out()
    shell.run_cell("net")
    assert shell.out().splitlines()[0] == "Out[2]: Sequential: 6 parameters in 2 arrays"


def test_the_net_view_is_coloured_at_a_terminal():
    out = io.StringIO()
    state = ShellState(Session(Output(stdout=out, stderr=io.StringIO(), color="always",
                                      environ={"COLORTERM": "truecolor"})))
    state.run_cell(SETUP + "\nnet")
    text = out.getvalue()
    assert "\x1b[" in text and "dense0_weight" in text and "deferred" in text


def test_whos_lists_nets_parameters_and_trainers(shell):
    shell.run_cell(SETUP + "\nnet.initialize(); _ = net(nd.ones((2, 3)))\n"
                   "trainer = gluon.Trainer(net.collect_params(), 'sgd', "
                   "{'learning_rate': 0.03})\nw = net[0].weight; params = net.collect_params()\n"
                   "lazy = nn.Dense(3)")
    shell.out()
    shell.run_cell("%whos")
    rows = {line.split()[0]: line.split(None, 6)[1:] for line in shell.out().splitlines()[2:]}
    assert rows["net"] == ["Sequential", "-", "float32", "cpu(0)", "84", "B   21 params"]
    assert rows["trainer"][0] == "Trainer" and rows["trainer"][-1].endswith(
        "sgd lr=0.03, 21 params")
    assert rows["w"] == ["Parameter", "4x3", "float32", "cpu(0)", "48", "B   dense0_weight"]
    assert rows["params"][-1].endswith("n=4, 21 params")
    assert rows["lazy"][:3] == ["Dense", "-", "float32"] and \
        rows["lazy"][-1].endswith("3 params + 1 deferred")
