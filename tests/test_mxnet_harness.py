"""The harness that runs MXNet 1.9.1's own unit tests against ndsh (scripts/mxnet_tests.py and
scripts/mxnet_harness/): how it sorts tests out, reads errors, compares values and writes the
table. The plugin itself enters the mxnet alias for its whole process, so it is not imported
here; its side-effect-free parts are."""
from __future__ import annotations

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "scripts"))

import mxnet_tests  # noqa: E402
from mxnet_harness import departures, requests_stand_in, sorting  # noqa: E402
from mxnet_harness import test_utils as harness_utils  # noqa: E402

from ndsh.engine import nd  # noqa: E402
from ndsh.gluon import optimizer  # noqa: E402


def executor_test():
    sym = None
    sym.simple_bind(None)


def cached_op_test():
    nd.CachedOp(None)


def module_test():
    mx = None
    mx.mod.Module(None)


def sparse_embedding_test():
    nn = None
    nn.Embedding(10, 1, sparse_grad=True)


def plain_test():
    assert nd.ones((2,)).sum().asscalar() == 2


def calls_a_helper_that_binds():
    executor_test()


def test_tests_are_sorted_by_what_they_reach():
    assert sorting.category(executor_test) == "needs executors"
    assert sorting.category(calls_a_helper_that_binds) == "needs executors"
    assert sorting.category(cached_op_test) == "needs executors"
    assert sorting.category(module_test) == "needs Module"
    assert sorting.category(sparse_embedding_test) == "needs sparse"
    assert sorting.category(plain_test) is None


def test_errors_that_say_ndsh_lacks_a_part_name_it():
    assert sorting.missing_part(ImportError(
        "mxnet.gluon.contrib is not part of ndsh: inside ndsh, ...")) == "mxnet.gluon.contrib"
    assert sorting.missing_part(AttributeError(
        "gluon.contrib is not in ndsh yet (ndsh.gluon.contrib is being written)")) \
        == "mxnet.gluon.contrib"
    assert sorting.missing_part(ConnectionError(
        "Could not download https://x/y.zip ([Errno -2] Name or service not known). Without "
        "a network, ...")) == "network"
    assert sorting.missing_part(sorting.MissingPart("kvstore")) == "kvstore"
    assert sorting.missing_part(ValueError("shapes (2,) and (3,) differ")) is None


def test_a_missing_module_stands_in_until_used():
    absent = sorting.Absent("mx.metric")
    accuracy = absent.metric.Accuracy            # module-level attribute chains are fine
    with pytest.raises(sorting.MissingPart, match="needs mx.metric"):
        accuracy()

    @absent.use_np
    def decorated():
        pass
    with pytest.raises(sorting.MissingPart):
        decorated()


def test_departures_match_by_file_and_name_without_parameters():
    assert "urllib" in departures.reason(
        "test_gluon_utils.py::test_download_ssl_verify")
    assert departures.reason("test_gluon_utils.py::test_download_retries") is None
    assert departures.reason("test_operator.py::test_flip[0]") is not None


def test_the_table_counts_each_outcome_and_lists_failures():
    records = [
        {"test": "test_a.py::t1", "outcome": "passed", "reason": ""},
        {"test": "test_a.py::t2", "outcome": "failed", "reason": "AssertionError: 1 != 2"},
        {"test": "test_a.py::t3", "outcome": "needs sparse", "reason": "needs sparse"},
        {"test": "test_b.py::t1", "outcome": "timed out", "reason": "ran past 120 s"},
        {"test": "test_c.py", "outcome": "error", "reason": "ImportError: no"},
    ]
    text = mxnet_tests.table(records)
    lines = text.splitlines()
    assert lines[0] == ("| file | passed | failed | timed out | error | needs sparse | "
                        "total |")
    assert "| test_a.py | 1 | 1 | 0 | 0 | 1 | 3 |" in lines
    assert "| test_b.py | 0 | 0 | 1 | 0 | 0 | 1 |" in lines
    assert "| **all** | **1** | **1** | **1** | **1** | **1** | **5** |" in lines
    assert "- `test_a.py::t2`: AssertionError: 1 != 2" in lines
    assert "- `test_c.py`: ImportError: no" in lines and "- `test_a.py::t1`" not in text


def test_assert_almost_equal_broadcasts_as_mxnet_does():
    harness_utils.assert_almost_equal(np.ones((1, 3, 2)), np.ones((3, 2)))
    with pytest.raises(AssertionError):
        harness_utils.assert_almost_equal(np.ones((3, 2)), np.full((3, 2), 1.1))
    with pytest.raises(ValueError):
        harness_utils.assert_almost_equal(np.ones((3, 2)), np.ones((3, 3)))


def test_compare_optimizer_runs_two_optimizers_on_the_same_draws(monkeypatch):
    monkeypatch.setattr(harness_utils, "mx", type("mx", (), {"random": nd.random}))
    harness_utils.compare_optimizer(optimizer.SGD(momentum=0.9), optimizer.SGD(momentum=0.9),
                                    (3, 4), np.float32)
    with pytest.raises(AssertionError):
        harness_utils.compare_optimizer(optimizer.SGD(learning_rate=0.1),
                                        optimizer.SGD(learning_rate=0.5), (3, 4), np.float32)
    assert harness_utils.effective_dtype(nd.ones((2,), dtype="float16")) == np.float16


def test_the_requests_stand_in_never_fetches():
    requests = requests_stand_in.module()
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get("https://example.com")
    assert isinstance(requests.Response(), requests.Response)


def graph_test():
    get_symbol = None
    get_symbol(None).list_arguments()


def test_a_test_of_the_recorded_graph_needs_get_symbol():
    assert sorting.category(graph_test) == "needs autograd.get_symbol"
