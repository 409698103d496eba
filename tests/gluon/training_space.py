"""The namespace the golden cases of Gluon's training side run in under ndsh: `mx`, `gluon`,
`nd`, `autograd`, `np`, built from ndsh's own modules (so the cases test them, whatever the
`mxnet` alias wires), and a minimal stand-in Parameter until ndsh.gluon.parameter lands.
"""
from __future__ import annotations

import importlib
import types

import numpy as np

from ndsh.engine import autograd, nd


def _optional(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


class StandInParameter:
    """The few parts of gluon.Parameter that the Trainer and the cases use (tests only)."""

    def __init__(self, name, grad_req="write", shape=None, dtype=np.float32, lr_mult=1.0,
                 wd_mult=1.0, init=None, **_):
        self.name, self.shape, self.dtype = name, shape, dtype
        self.lr_mult, self.wd_mult, self.init = lr_mult, wd_mult, init
        self._grad_req, self._data = grad_req, None

    def __repr__(self):
        return f"Parameter {self.name} (shape={self.shape}, dtype={self.dtype})"

    def initialize(self, init=None, ctx=None, default_init=None, force_reinit=False):
        ctx = ctx or nd.current_context()
        self._data = nd.random.uniform(-0.07, 0.07, shape=self.shape, ctx=ctx,
                                       dtype=np.dtype(self.dtype).name)
        if self._grad_req != "null":
            self._data.attach_grad(self._grad_req)

    def _check(self):
        if self._data is None:
            raise RuntimeError(f"Parameter '{self.name}' has not been initialized")

    def data(self, ctx=None):
        self._check()
        return self._data

    def list_data(self):
        return [self.data()]

    def list_ctx(self):
        self._check()
        return [self._data.context]

    def grad(self, ctx=None):
        self._check()
        if self._grad_req == "null":
            raise RuntimeError(f"Cannot get gradient array for Parameter '{self.name}' "
                               "because grad_req='null'")
        return self._data.grad

    def list_grad(self):
        return [self.grad()]

    def set_data(self, value):
        self._check()
        self._data[:] = value

    def zero_grad(self):
        if self._data is not None and self._grad_req != "null":
            self._data.grad[:] = 0

    @property
    def grad_req(self):
        return self._grad_req

    @grad_req.setter
    def grad_req(self, req):
        self._grad_req = req
        if self._data is not None and req != "null":
            self._data.attach_grad(req)


def gluon_namespace() -> types.SimpleNamespace:
    """ndsh's Gluon modules under MXNet's names (those that exist so far)."""
    parameter = _optional("ndsh.gluon.parameter")
    space = types.SimpleNamespace(
        Parameter=parameter.Parameter if parameter else StandInParameter,
        nn=_optional("ndsh.gluon.nn"))
    for name in ("loss", "trainer", "data", "utils"):
        module = _optional(f"ndsh.gluon.{name}")
        if module is not None:
            setattr(space, name, module)
    if hasattr(space, "trainer"):
        space.Trainer = space.trainer.Trainer
    return space


def mx_namespace() -> types.SimpleNamespace:
    from ndsh.gluon import lr_scheduler, optimizer
    init = _optional("ndsh.gluon.init")
    recordio = _optional("ndsh.gluon.recordio")
    return types.SimpleNamespace(nd=nd, autograd=autograd, optimizer=optimizer,
                                 lr_scheduler=lr_scheduler, random=nd.random, init=init,
                                 recordio=recordio, cpu=nd.cpu, gpu=nd.gpu,
                                 gluon=gluon_namespace())


def namespace(workdir: str) -> dict:
    mx = mx_namespace()
    return {"mx": mx, "nd": nd, "autograd": autograd, "gluon": mx.gluon, "np": np,
            "WORKDIR": workdir}
