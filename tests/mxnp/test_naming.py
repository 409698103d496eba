"""An np function's shape error names the np function the user called (np.concatenate), not the
engine op behind it (concat), as np.reshape's own checks always did; the error keeps its type
(MXNet's ValueError); operators (x + y) keep the op's name."""
from __future__ import annotations

import pytest

from ndsh.engine.mxnet_errors import MXNetError
from ndsh.mxnp import np
from ndsh.mxnp.naming import rename


@pytest.mark.parametrize("call, fname", [
    (lambda: np.concatenate([np.ones((2, 3)), np.ones((2, 4))]), "np.concatenate"),
    (lambda: np.stack([np.ones((2, 3)), np.ones((2, 4))]), "np.stack"),
    (lambda: np.vstack([np.ones((2, 3)), np.ones((2, 4))]), "np.vstack"),
    (lambda: np.hstack([np.ones((2, 3)), np.ones((3, 4))]), "np.hstack"),
    (lambda: np.dstack([np.ones((2, 3)), np.ones((3, 4))]), "np.dstack"),
    (lambda: np.dot(np.ones((2, 3)), np.ones((2, 4))), "np.dot"),
    (lambda: np.matmul(np.ones((2, 3)), np.ones((2, 4))), "np.matmul"),
    (lambda: np.add(np.ones((2, 3)), np.ones((2, 4))), "np.add"),
    (lambda: np.maximum(np.ones((2, 3)), np.ones((2, 4))), "np.maximum"),
    (lambda: np.broadcast_to(np.ones((2, 3)), (4,)), "np.broadcast_to"),
    (lambda: np.reshape(np.ones((2, 3)), (4,)), "np.reshape"),
])
def test_an_np_functions_error_names_it(call, fname):
    with pytest.raises(ValueError) as caught:
        call()
    assert isinstance(caught.value, MXNetError)
    assert str(caught.value).startswith(f"{fname}: "), str(caught.value)
    assert "(2, 3" in str(caught.value)          # the shapes it was given


def test_an_operator_keeps_the_ops_name():
    with pytest.raises(ValueError, match=r"^add: shapes \(2, 3\) and \(2, 4\)"):
        np.ones((2, 3)) + np.ones((2, 4))


def test_rename_leaves_an_np_name_and_other_messages():
    assert str(rename(ValueError("np.reshape: bad"), "np.x")) == "np.reshape: bad"
    assert str(rename(ValueError("shapes differ"), "np.x")) == "shapes differ"
    assert str(rename(ValueError("nd.concat: bad"), "np.concatenate")) == "np.concatenate: bad"
