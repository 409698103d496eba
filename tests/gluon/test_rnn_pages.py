"""`gluon.rnn` has doc pages (`ndsh doc gluon.rnn.LSTM`, `mx.gluon.rnn.LSTMCell.unroll`,
`help(rnn.GRU)`): each public class, method and property has a whole-sentence summary and a
page that describes every parameter its signature shows and fits 80 columns."""
from __future__ import annotations

import pytest

from ndsh.doc import describe, describe_object
from ndsh.doc.index import entries, gluon_names
from ndsh.doc.lookup import canonical
from ndsh.gluon import rnn
from tests.gluon.test_pages import test_every_core_name_has_a_page as check_page

RNN_NAMES = [name for name in gluon_names() if name.startswith("gluon.rnn.")]


def test_the_rnn_names_are_indexed():
    assert {"gluon.rnn.LSTM", "gluon.rnn.GRU", "gluon.rnn.RNN", "gluon.rnn.LSTM.begin_state",
            "gluon.rnn.LSTMCell", "gluon.rnn.RecurrentCell.unroll", "gluon.rnn.ZoneoutCell",
            "gluon.rnn.BidirectionalCell.unroll"} <= set(RNN_NAMES)
    assert set(RNN_NAMES) <= {entry.name for entry in entries()}
    # an inherited method has its page under the subclass's name too
    assert describe("gluon.rnn.LSTMCell.unroll").signature.startswith(
        "gluon.rnn.LSTMCell.unroll(length, inputs, begin_state=None, layout='NTC'")


@pytest.mark.parametrize("name", RNN_NAMES)
def test_every_rnn_name_has_a_page(name):
    check_page(name)


@pytest.mark.parametrize("asked,name", [
    ("mx.gluon.rnn.LSTM", "gluon.rnn.LSTM"), ("mxnet.gluon.rnn.GRUCell", "gluon.rnn.GRUCell"),
    ("mx.gluon.rnn.LSTMCell.unroll", "gluon.rnn.LSTMCell.unroll"), ("mx.gluon.rnn", "gluon.rnn"),
    ("gluon.rnn.LSTM.begin_state", "gluon.rnn.LSTM.begin_state")])
def test_mxnets_spellings_find_the_page(asked, name):
    assert canonical(asked) == name
    assert describe(asked).name == name


def test_help_on_a_layer_shows_its_page():
    assert describe_object(rnn.LSTM).name == "gluon.rnn.LSTM"
    assert "gluon.rnn.LSTM" in dict(describe("gluon.rnn").members)
