"""Every docstring example of Gluon's training side runs and prints what it says (the
optimizers, the schedulers, the Trainer, the losses, data and utils), with the names a user
has inside ndsh: `mx`, `nd`, `autograd`, `gluon`.
"""
from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from tests.gluon.training_space import mx_namespace

MODULES = ["ndsh.gluon.lr_scheduler", "ndsh.gluon.optimizer", "ndsh.gluon.optimizer_base",
           "ndsh.gluon.optimizer_sgd", "ndsh.gluon.optimizer_adaptive",
           "ndsh.gluon.optimizer_adam",
           "ndsh.gluon.trainer", "ndsh.gluon.utils", "ndsh.gluon.data",
           "ndsh.gluon.data.dataset", "ndsh.gluon.data.sampler", "ndsh.gluon.data.dataloader",
           "ndsh.gluon.recordio", "ndsh.gluon.data.vision",
           "ndsh.gluon.data.vision.datasets", "ndsh.gluon.data.vision.image_ops",
           "ndsh.gluon.data.vision.transforms", "ndsh.gluon.data.vision.transforms_random",
           "ndsh.gluon.loss", "ndsh.gluon.loss_base", "ndsh.gluon.loss_regression",
           "ndsh.gluon.loss_classification"]
NEED_CORE = {"ndsh.gluon.data.vision.transforms", "ndsh.gluon.data.vision.transforms_random",
             "ndsh.gluon.loss", "ndsh.gluon.loss_base", "ndsh.gluon.loss_regression",
             "ndsh.gluon.loss_classification"}
NEED_PARAMETER = {"ndsh.gluon.trainer"}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    if name in NEED_PARAMETER:
        pytest.importorskip("ndsh.gluon.parameter", reason=f"{name}'s examples need it")
    if name in NEED_CORE:
        pytest.importorskip("ndsh.gluon.block", reason=f"{name} is made of Blocks")
    module = importlib.import_module(name)
    mx = mx_namespace()
    result = doctest.testmod(module, extraglobs={"nd": nd, "autograd": autograd, "mx": mx,
                                                 "gluon": mx.gluon, "np": np},
                             optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_has_an_example(name):
    if name in NEED_CORE:
        pytest.importorskip("ndsh.gluon.block", reason=f"{name} is made of Blocks")
    module = importlib.import_module(name)
    for public in getattr(module, "__all__", []):
        obj = getattr(module, public)
        if getattr(obj, "__module__", name) != name:
            continue            # re-exported: checked where it is defined
        doc = obj.__doc__ or ""
        assert doc.split("\n")[0].strip(), f"{name}.{public} has no first line"
        if callable(obj):
            assert ">>>" in doc, f"{name}.{public} has no example"
