"""`mx.optimizer`: the optimizers of MXNet 1.9.1, their registry, and the Updater.

`create(name, **kwargs)` (or `Optimizer.create_optimizer`) makes one by its registered name, in
any case; `register` adds a subclass; `get_updater(opt)` gives the function that updates a
weight in place, `upd(index, grad, weight)`. A `gluon.Trainer` takes either a name or an
instance. The update rules are in optimizer_sgd.py and optimizer_adaptive.py; what they share
in optimizer_base.py.

Example:
    >>> opt = mx.optimizer.create('sgd', learning_rate=0.1)
    >>> w = nd.array([1.0, -2.0, 0.5])
    >>> mx.optimizer.get_updater(opt)(0, nd.array([0.5, 1.0, -3.0]), w)
    >>> w
    <BLANKLINE>
    [ 0.95 -2.1   0.8 ]
    <NDArray 3 @cpu(0)>
"""
from __future__ import annotations

from ndsh.gluon.optimizer_adaptive import (
    FTML,
    LAMB,
    AdaDelta,
    AdaGrad,
    Adam,
    Adamax,
    Ftrl,
    Nadam,
    RMSProp,
)
from ndsh.gluon.optimizer_base import Optimizer, Updater, create, get_updater, register
from ndsh.gluon.optimizer_sgd import DCASGD, NAG, SGD, SGLD, Signum, Test, ccSGD

__all__ = ["AdaDelta", "AdaGrad", "Adam", "Adamax", "DCASGD", "FTML", "Ftrl", "LAMB", "NAG",
           "Nadam", "Optimizer", "RMSProp", "SGD", "SGLD", "Signum", "Test", "Updater",
           "ccSGD", "create", "get_updater", "register"]
