"""`gluon.Trainer`: applies an optimizer to a set of Parameters, as MXNet 1.9.1's.

After `loss.backward()`, `trainer.step(batch_size)` sets the optimizer's rescale_grad to
(the user's rescale_grad) / batch_size and updates every parameter whose grad_req is not
'null'. It does not zero the gradients (with grad_req='add' they keep accumulating). A
parameter whose gradient backward has not written since the last step is an error (MXNet's
UserWarning, raised) unless `ignore_stale_grad=True`, which skips it.

Parameters that live on several contexts are handled as MXNet's 'device' key-value store
handles them, without a store object: by default (update_on_kvstore) step() sums each
parameter's gradients over its contexts, updates the first copy from the sum and copies the
result to the others, leaving the gradient buffers as backward wrote them (and, as in MXNet,
without the stale-gradient check, whose flags this path never clears);
with update_on_kvstore=False, allreduce_grads() writes the sum into every gradient buffer and
update() updates each copy. On one context there is no store (`_kvstore` is None, as in
MXNet). The distributed stores ('dist_*') are refused; gradient compression is accepted and
not applied.
"""
from __future__ import annotations

import io
import pickle

from ndsh.engine import NDArray
from ndsh.gluon import lr_scheduler as _lr_scheduler
from ndsh.gluon import optimizer as opt

__all__ = ["Trainer"]


def _is_parameter(value) -> bool:
    return hasattr(value, "list_data") and hasattr(value, "grad_req") \
        and hasattr(value, "name")


def _weights(param) -> list:
    """The NDArrays an update writes: a Parameter's own (np mode's list_data() gives np views
    over them), or what a duck-typed parameter's list_data() gives."""
    arrays = getattr(param, "_nd_data", None)
    return arrays() if arrays is not None else param.list_data()


def _grads(param) -> list:
    """The gradient NDArrays, as _weights gives the weights."""
    arrays = getattr(param, "_nd_grads", None)
    return arrays() if arrays is not None else param.list_grad()


class Trainer:
    """Applies an Optimizer to a set of Parameters; use it with autograd.

    Parameters:
        params: the parameters: a ParameterDict or dict (held sorted by name, as MXNet holds
            them) or a list; every one must be initialized (or waiting for its deferred
            initialization) when the Trainer is made.
        optimizer: an Optimizer, or the name of a registered one ('sgd', 'adam'...).
        optimizer_params: the keyword arguments that make the optimizer from its name, e.g.
            {'learning_rate': 0.1, 'wd': 1e-4} (None with an Optimizer instance).
        kvstore: 'device' (the default), 'local' or None; ndsh sums the gradients of a
            parameter's copies itself. The distributed stores ('dist_*') are not in ndsh.
        compression_params: accepted; gradients are never compressed.
        update_on_kvstore: accepted; the updates happen in the Trainer either way.

    Example:
        >>> w = gluon.Parameter('w', shape=(2,)); w.initialize(init='ones')
        >>> trainer = gluon.Trainer([w], 'sgd', {'learning_rate': 0.1})
        >>> with autograd.record():
        ...     loss = (w.data() * nd.array([3, 4])).sum()
        >>> loss.backward()
        >>> trainer.step(2); w.data()
        <BLANKLINE>
        [0.85 0.8 ]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, params, optimizer, optimizer_params: dict | None = None,
                 kvstore="device", compression_params: dict | None = None,
                 update_on_kvstore: bool | None = None):
        if hasattr(params, "keys") and not _is_parameter(params):
            params = [params[key] for key in sorted(params.keys())]
        if not isinstance(params, (list, tuple)):
            raise ValueError(f"First argument must be a list or dict of Parameters, "
                             f"got {type(params)}.")
        self._params: list = []
        self._param2idx: dict = {}
        for i, param in enumerate(params):
            if not _is_parameter(param):
                raise ValueError(f"First argument must be a list or dict of Parameters, "
                                 f"got list of {type(param)}.")
            self._param2idx[param.name] = i
            self._params.append(param)
            if hasattr(param, "_set_trainer"):
                param._set_trainer(self)
        if isinstance(kvstore, str) and kvstore.startswith("dist"):
            raise ValueError(f"kvstore={kvstore!r}: distributed training (MXNet's 'dist_*' "
                             f"key-value stores) is not part of ndsh; use kvstore='device' to "
                             f"train on this machine's contexts.")
        self._compression_params = compression_params
        self._contexts = self._check_contexts()
        self._init_optimizer(optimizer, optimizer_params or {})
        self._scale = self._optimizer.rescale_grad
        self._kvstore_params = {"kvstore": kvstore, "update_on_kvstore": update_on_kvstore}
        self._init_kvstore()

    def _init_kvstore(self) -> None:
        """Set up the store as MXNet's first step does (ndsh does it at once): on several
        contexts MXNet's 'device' store, which updates the weights itself unless told not to;
        on one, none."""
        kvstore = self._kvstore_params["kvstore"]
        update_on_kvstore = self._kvstore_params["update_on_kvstore"]
        self._kvstore = None
        self._update_on_kvstore = None
        if kvstore and self._contexts and len(self._contexts) > 1:
            self._kvstore = _DeviceStore(kvstore if isinstance(kvstore, str) else "device")
            self._update_on_kvstore = True if update_on_kvstore is None else update_on_kvstore
        self._kv_initialized = True
        self._distributed = False
        self._params_to_init: list = []

    def _reset_kvstore(self) -> None:
        """Drop the store, as MXNet's Trainer does when a parameter's data is set anew (after
        load_parameters): the next step sets it up again. The weights live in the
        Parameters, so nothing is lost.

        Example:
            >>> w = gluon.Parameter('w', shape=(1,)); w.initialize(init='ones')
            >>> trainer = gluon.Trainer([w], 'sgd', {'learning_rate': 1.0})
            >>> trainer._reset_kvstore(); trainer._kv_initialized
            False
            >>> with autograd.record():
            ...     loss = 2 * w.data()
            >>> loss.backward(); trainer.step(1); trainer._kv_initialized
            True
            >>> w.data()
            <BLANKLINE>
            [-1.]
            <NDArray 1 @cpu(0)>
        """
        self._kv_initialized = False
        self._kvstore = None
        self._update_on_kvstore = None
        self._params_to_init = list(self._params)

    def _ready(self) -> None:
        if not self._kv_initialized:
            self._init_kvstore()

    def _check_contexts(self) -> list | None:
        contexts = None
        for param in self._params:
            ctx = param.list_ctx()
            assert contexts is None or contexts == ctx, \
                f"All Parameters must be initialized on the same set of contexts, but " \
                f"Parameter {param.name} is initialized on {ctx} while previous Parameters " \
                f"are initialized on {contexts}."
            contexts = ctx
        return contexts

    def _init_optimizer(self, optimizer, optimizer_params: dict) -> None:
        param_dict = dict(enumerate(self._params))
        if isinstance(optimizer, opt.Optimizer):
            assert not optimizer_params, "optimizer_params must be None if optimizer is an " \
                "instance of Optimizer instead of str"
            self._optimizer = optimizer
            self._optimizer.param_dict = param_dict
        else:
            self._optimizer = opt.create(optimizer, param_dict=param_dict, **optimizer_params)
        self._updaters = [opt.get_updater(self._optimizer) for _ in self._contexts or [None]]

    # ----- the learning rate --------------------------------------------------------------
    @property
    def learning_rate(self) -> float:
        """The optimizer's current learning rate (read only: use set_learning_rate)."""
        return self._optimizer.learning_rate

    @property
    def optimizer(self) -> opt.Optimizer:
        """The Optimizer this Trainer applies."""
        return self._optimizer

    def set_learning_rate(self, lr: float) -> None:
        """Set the optimizer's learning rate (refused when a scheduler sets it).

        Example:
            >>> w = gluon.Parameter('w', shape=(1,)); w.initialize()
            >>> trainer = gluon.Trainer([w], 'adam')
            >>> trainer.learning_rate, trainer.set_learning_rate(0.5), trainer.learning_rate
            (0.001, None, 0.5)
        """
        self._optimizer.set_learning_rate(lr)

    # ----- stepping -----------------------------------------------------------------------
    def step(self, batch_size, ignore_stale_grad: bool = False) -> None:
        """One update of every parameter from its gradient, scaled by 1/batch_size.

        Call it after backward, outside autograd.record(). It is allreduce_grads() then
        update(batch_size).

        Parameters:
            batch_size: the gradient is divided by it (1 if the loss is already a mean).
            ignore_stale_grad: skip, instead of refusing, the parameters whose gradient
                backward has not written since the last step.

        Example:
            >>> w = gluon.Parameter('w', shape=(1,)); w.initialize(init='zeros')
            >>> trainer = gluon.Trainer([w], 'sgd', {'learning_rate': 1.0})
            >>> with autograd.record():
            ...     loss = 3 * w.data()
            >>> loss.backward(); trainer.step(3); w.data()
            <BLANKLINE>
            [-1.]
            <NDArray 1 @cpu(0)>
        """
        self._ready()
        self._optimizer.rescale_grad = self._scale / batch_size
        self._allreduce_grads()
        self._update(ignore_stale_grad)

    def _on_store(self) -> bool:
        return bool(self._kvstore and self._update_on_kvstore)

    def _refuse_on_store(self, what: str) -> None:
        assert not self._on_store(), \
            f"{what}() when parameters are updated on kvstore is not supported. Try setting " \
            f"`update_on_kvstore` to False when creating trainer."

    def allreduce_grads(self) -> None:
        """Sum each parameter's gradients over its contexts, into every copy (nothing to do on
        one context). With update(), what step() does; between them, the gradients can be
        read or changed (clip_global_norm...).

        Example:
            >>> w = gluon.Parameter('w', shape=(1,)); w.initialize(init='zeros')
            >>> trainer = gluon.Trainer([w], 'sgd', {'learning_rate': 1.0})
            >>> with autograd.record():
            ...     loss = 4 * w.data()
            >>> loss.backward(); trainer.allreduce_grads()
            >>> w.grad()[:] = w.grad() / 2; trainer.update(1); w.data()
            <BLANKLINE>
            [-2.]
            <NDArray 1 @cpu(0)>
        """
        self._ready()
        self._refuse_on_store("allreduce_grads")
        self._allreduce_grads()

    def _allreduce_grads(self) -> None:
        if not self._kvstore:
            return
        for i, param in enumerate(self._params):
            if param.grad_req == "null":
                continue
            grads = _grads(param)
            total = grads[0].copy()
            for grad in grads[1:]:
                total += grad.as_in_context(total.context)
            if not self._update_on_kvstore:
                for grad in grads:
                    grad[:] = total.as_in_context(grad.context)
                continue
            arrays = _weights(param)
            self._updaters[0](i, total, arrays[0])
            for data in arrays[1:]:
                data[:] = arrays[0].as_in_context(data.context)

    def update(self, batch_size, ignore_stale_grad: bool = False) -> None:
        """One update of every parameter, without summing the gradients over contexts first
        (allreduce_grads() does that); otherwise as step().

        Parameters:
            batch_size, ignore_stale_grad: as step()'s.

        Example:
            >>> w = gluon.Parameter('w', shape=(1,)); w.initialize(init='zeros')
            >>> trainer = gluon.Trainer([w], 'sgd', {'learning_rate': 0.5})
            >>> with autograd.record():
            ...     loss = w.data() * 2
            >>> loss.backward(); trainer.update(1); w.data()
            <BLANKLINE>
            [-1.]
            <NDArray 1 @cpu(0)>
        """
        self._ready()
        self._refuse_on_store("update")
        self._optimizer.rescale_grad = self._scale / batch_size
        self._update(ignore_stale_grad)

    def _update(self, ignore_stale_grad: bool = False) -> None:
        updates = [[] for _ in self._updaters]
        for i, param in enumerate(self._params):
            if param.grad_req == "null":
                continue
            arrays = _weights(param)
            if not ignore_stale_grad:
                for data in arrays:
                    if not data._fresh_grad:
                        raise UserWarning(_stale_message(param.name, data.context))
            if self._on_store():
                continue        # updated in _allreduce_grads
            for pending, data, grad in zip(updates, arrays, _grads(param)):
                if not ignore_stale_grad or data._fresh_grad:
                    pending.append((i, grad, data))
                    data._fresh_grad = False
        for updater, pending in zip(self._updaters, updates):
            if pending:
                indices, grads, weights = zip(*pending)
                updater(list(indices), list(grads), list(weights))

    # ----- saving -------------------------------------------------------------------------
    def save_states(self, fname: str) -> None:
        """Save the optimizer and its states (momentum...) to a file (a pickle, as MXNet's).

        The parameters' own lr_mult and wd_mult are not saved: they come from the
        parameters the Trainer holds when the states are loaded.

        Parameters:
            fname: the file to write.

        Example:
            >>> import os, tempfile
            >>> w = gluon.Parameter('w', shape=(1,)); w.initialize(init='zeros')
            >>> trainer = gluon.Trainer([w], 'sgd', {'learning_rate': 0.1, 'momentum': 0.9})
            >>> path = os.path.join(tempfile.mkdtemp(), 'trainer.states')
            >>> trainer.save_states(path); trainer.load_states(path); trainer.learning_rate
            0.1
        """
        with open(fname, "wb") as f:
            f.write(self._updaters[0].get_states(dump_optimizer=True))

    def load_states(self, fname: str) -> None:
        """Load what save_states wrote (ndsh's, or MXNet 1.9.1's own .states files).

        Parameters:
            fname: the file to read.
        """
        with open(fname, "rb") as f:
            blob = _mxnet_pickle_as_ndsh(f.read())
        for updater in self._updaters:
            updater.set_states(blob)
            updater.optimizer = self._updaters[0].optimizer
        self._optimizer = self._updaters[0].optimizer
        self._optimizer.param_dict = dict(enumerate(self._params))


class _DeviceStore:
    """Stands where MXNet keeps its KVStore for several contexts (the summing is the
    Trainer's own)."""

    def __init__(self, kind: str):
        self.type = kind

    def __repr__(self) -> str:
        return f"<KVStore {self.type} (ndsh: summed by the Trainer)>"


def _stale_message(name: str, context) -> str:
    return (f"Gradient of Parameter `{name}` on context {context} has not been updated by "
            f"backward since last `step`. This could mean a bug in your model that made it "
            f"only use a subset of the Parameters (Blocks) for this iteration. If you are "
            f"intentionally only using a subset, call step with ignore_stale_grad=True to "
            f"suppress this warning and skip updating of Parameters with stale gradient")


class _FromMXNet(pickle.Unpickler):
    """Reads a pickle MXNet wrote, with MXNet's optimizer, scheduler and NDArray classes
    replaced by ndsh's (whose attributes have MXNet's names)."""

    def find_class(self, module, name):
        if module.startswith("mxnet.optimizer"):
            return getattr(opt, name)
        if module == "mxnet.lr_scheduler":
            return getattr(_lr_scheduler, name)
        if module.startswith("mxnet.ndarray") and name == "NDArray":
            return NDArray
        return super().find_class(module, name)


def _mxnet_pickle_as_ndsh(blob: bytes) -> bytes:
    """The same states, pickled again with ndsh's classes if MXNet's are named in them."""
    if b"mxnet." not in blob:
        return blob
    return pickle.dumps(_FromMXNet(io.BytesIO(blob)).load())
