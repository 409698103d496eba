"""The golden cases of Gluon's training side, run both by MXNet 1.9.1 (to record them:
scripts/record_gluon_golden.py, under a virtual environment with the real MXNet) and by ndsh
(tests/gluon/test_golden_training.py replays them against tests/gluon/golden/training.json).

Each case is a snippet run in a fresh namespace holding `mx`, `nd`, `autograd`, `gluon`, `np`
and PRELUDE's helpers; it sets `result` to plain data (numbers, strings, nested lists) through
`v()`, which turns NDArrays and numpy values into lists. A snippet that raises is recorded as
its exception's type name (and message). A case is a snippet, or (snippet, options) where
options may hold `rtol` / `atol`, `message=True` (ndsh must give MXNet's exact message) and
`needs` (what the case needs beyond the training side: 'parameter' (ndsh.gluon.parameter)
for several contexts and deferred initialization, 'nn' for layers, 'nd.CTCLoss' for an op
being written).

Only names that MXNet and ndsh both have are used: `mx.optimizer`, `mx.lr_scheduler`,
`gluon.loss`, `gluon.trainer.Trainer`, `gluon.data`, `gluon.utils`, `gluon.Parameter`.
"""
from __future__ import annotations

PRELUDE = '''
def v(x):
    if hasattr(x, "asnumpy"):
        x = x.asnumpy()
    if isinstance(x, (list, tuple)):
        return [v(i) for i in x]
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.generic):
        return x.item()
    return x

def kind(x):
    """What a batch is: its Python type, and for arrays their shape and dtype."""
    if isinstance(x, (list, tuple)):
        return [type(x).__name__, [kind(i) for i in x]]
    if hasattr(x, "asnumpy"):
        return ["NDArray", list(x.shape), np.dtype(x.dtype).name]
    if isinstance(x, np.ndarray):
        return ["ndarray", list(x.shape), x.dtype.name]
    return [type(x).__name__]

W0 = [1.0, -2.0, 0.5]
GS = [[0.5, 1.0, -3.0], [-1.0, 0.2, 2.0], [0.3, -0.4, 0.1]]

def traj(name, dtype="float32", states=False, **kw):
    """The weight after each of 3 updates (and the states at the end)."""
    opt = mx.optimizer.create(name, **kw)
    upd = mx.optimizer.get_updater(opt)
    w = nd.array(W0, dtype=dtype)
    out = []
    for g in GS:
        upd(0, nd.array(g, dtype=dtype), w)
        out.append(v(w))
    if states:
        out.append(v([s for s in (upd.states[0] if isinstance(upd.states[0], (list, tuple))
                                  else [upd.states[0]]) if s is not None]))
    return out

def sched(s, n=13):
    return [round(s(i), 9) for i in range(n)]
'''

# ----- mx.optimizer: 3 updates of W0 by GS --------------------------------------------------
OPTIMIZERS = {
    "sgd": "result = traj('sgd', learning_rate=0.1)",
    "sgd_default_lr": "result = traj('sgd')",
    "sgd_wd": "result = traj('sgd', learning_rate=0.1, wd=0.1)",
    "sgd_momentum": "result = traj('sgd', states=True, learning_rate=0.1, momentum=0.9)",
    "sgd_all": "result = traj('sgd', learning_rate=0.1, momentum=0.9, wd=0.1, rescale_grad=0.5, "
               "clip_gradient=0.4)",
    "sgd_clip_after_rescale": "result = traj('sgd', learning_rate=1, rescale_grad=2, "
                              "clip_gradient=1)",
    "sgd_clip_zero_is_none": "result = traj('sgd', learning_rate=0.1, clip_gradient=0)",
    "sgd_float64": "result = traj('sgd', dtype='float64', learning_rate=0.1, momentum=0.9)",
    "sgd_float16_mp": "result = traj('sgd', dtype='float16', states=True, learning_rate=0.1, "
                      "momentum=0.9, multi_precision=True)",
    "sgd_float16_mp_nomom": "result = traj('sgd', dtype='float16', states=True, "
                            "learning_rate=0.1, multi_precision=True)",
    "sgd_float16": "result = traj('sgd', dtype='float16', learning_rate=0.1, momentum=0.9)",
    "ccsgd": "result = traj('ccsgd', learning_rate=0.1, momentum=0.5)",
    "nag": "result = traj('nag', states=True, learning_rate=0.1, momentum=0.9)",
    "nag_wd": "result = traj('nag', learning_rate=0.1, momentum=0.9, wd=0.1)",
    "nag_no_momentum": "result = traj('nag', learning_rate=0.1)",
    "nag_clip_rescale": "result = traj('nag', learning_rate=0.1, momentum=0.5, clip_gradient=0.5,"
                        " rescale_grad=2.0)",
    "nag_float16_mp": "result = traj('nag', dtype='float16', learning_rate=0.1, momentum=0.9, "
                      "multi_precision=True)",
    "adam": "result = traj('adam', states=True, learning_rate=0.1)",
    "adam_default": "result = traj('adam')",
    "adam_wd": "result = traj('adam', learning_rate=0.1, wd=0.1)",
    "adam_betas": "result = traj('adam', learning_rate=0.1, beta1=0.5, beta2=0.9, epsilon=1e-3)",
    "adam_clip_after_wd": "result = traj('adam', learning_rate=0.1, wd=1.0, clip_gradient=0.3)",
    "adam_float64": "result = traj('adam', dtype='float64', learning_rate=0.1)",
    "adamax": "result = traj('adamax', states=True, learning_rate=0.1)",
    "adamax_default": "result = traj('adamax')",
    "adamax_wd_clip": "result = traj('adamax', learning_rate=0.1, wd=0.1, clip_gradient=0.5, "
                      "rescale_grad=2.0)",
    "nadam": "result = traj('nadam', states=True, learning_rate=0.1)",
    "nadam_wd_clip": "result = traj('nadam', learning_rate=0.1, wd=0.1, clip_gradient=0.5, "
                     "schedule_decay=0.1)",
    "adagrad": "result = traj('adagrad', states=True, learning_rate=0.1)",
    "adagrad_wd": "result = traj('adagrad', learning_rate=0.1, wd=0.1)",
    "adagrad_clip_eps": "result = traj('adagrad', learning_rate=0.1, wd=1.0, clip_gradient=0.3, "
                        "eps=1e-2, rescale_grad=0.5)",
    "adadelta": "result = traj('adadelta', states=True)",
    "adadelta_lr_ignored": "result = traj('adadelta', learning_rate=0.5)",
    "adadelta_wd": "result = traj('adadelta', wd=0.1)",
    "adadelta_all": "result = traj('adadelta', rho=0.5, epsilon=1e-3, rescale_grad=2.0, "
                    "clip_gradient=0.5)",
    "rmsprop": "result = traj('rmsprop', states=True, learning_rate=0.1)",
    "rmsprop_centered": "result = traj('rmsprop', states=True, learning_rate=0.1, centered=True)",
    "rmsprop_gamma_eps": "result = traj('rmsprop', learning_rate=0.1, gamma1=0.5, epsilon=1e-2)",
    "rmsprop_clip_after_wd": "result = traj('rmsprop', learning_rate=0.1, wd=1.0, "
                             "clip_gradient=0.3)",
    "rmsprop_clip_weights": "result = traj('rmsprop', learning_rate=0.1, clip_weights=1.5)",
    "rmsprop_centered_all": "result = traj('rmsprop', learning_rate=0.05, centered=True, "
                            "gamma1=0.8, gamma2=0.5, wd=0.1, clip_gradient=1.0, "
                            "clip_weights=2.05)",
    "ftrl": "result = traj('ftrl', states=True)",
    "ftrl_all": "result = traj('ftrl', learning_rate=0.5, lamda1=0.1, beta=2, wd=0.1, "
                "clip_gradient=2.0)",
    "ftml": "result = traj('ftml', states=True, learning_rate=0.1)",
    "ftml_all": "result = traj('ftml', learning_rate=0.1, beta1=0.5, wd=0.1, clip_gradient=0.5)",
    "signum": "result = traj('signum', states=True, learning_rate=0.1)",
    "signum_signsgd": "result = traj('signum', learning_rate=0.1, momentum=0.0)",
    "signum_wd_lh": "result = traj('signum', learning_rate=0.1, wd=0.1, wd_lh=0.1)",
    "lamb": "result = traj('lamb', states=True, learning_rate=0.1)",
    "lamb_wd_bounds": "result = traj('lamb', learning_rate=0.1, wd=0.1, lower_bound=0.5, "
                      "upper_bound=1.5)",
    "lamb_no_bias_correction": "result = traj('lamb', learning_rate=0.1, bias_correction=False,"
                               " clip_gradient=1.0)",
    "dcasgd": "result = traj('dcasgd', learning_rate=0.1)",
    "test": "result = traj('test', rescale_grad=0.5)",
    # the base class: registry, defaults, multipliers, schedules
    "registry": "result = sorted(k for k in mx.optimizer.Optimizer.opt_registry "
                "if k not in ('lars', 'lbsgd', 'groupadagrad'))",
    "create_case_insensitive": "result = type(mx.optimizer.create('NAdam')).__name__",
    "create_unknown": ("mx.optimizer.create('nope')", {"message": True}),
    "create_bad_keyword": "mx.optimizer.create('sgd', lr=0.1)",
    "defaults": """
opt = mx.optimizer.SGD()
result = [opt.lr, opt.wd, opt.momentum, opt.rescale_grad, opt.clip_gradient, opt.num_update,
          opt.lr_mult, opt.wd_mult, opt.multi_precision, opt.learning_rate, opt.begin_num_update]
""",
    "default_lrs": "result = [mx.optimizer.create(n).lr for n in ('sgd', 'nag', 'adam', "
                   "'adamax', 'nadam', 'adagrad', 'adadelta', 'rmsprop', 'ftrl', 'ftml', "
                   "'signum', 'lamb', 'dcasgd')]",
    "set_learning_rate": """
opt = mx.optimizer.Adam(learning_rate=0.1); opt.set_learning_rate(0.3)
result = [opt.lr, opt.learning_rate]
""",
    "set_learning_rate_with_scheduler": """
opt = mx.optimizer.SGD(lr_scheduler=mx.lr_scheduler.FactorScheduler(2))
opt.set_learning_rate(0.3)
""",
    "idx2name_wd": """
opt = mx.optimizer.SGD(learning_rate=0.1, wd=0.5,
                       param_idx2name={0: 'fc_weight', 1: 'fc_bias', 2: 'bn_gamma'})
opt.set_wd_mult({2: 3.0}); opt.set_lr_mult({'fc_bias': 2.0})
result = [opt._get_wd(0), opt._get_wd(1), opt._get_wd(2), opt._get_lr(1), opt._get_lr(0),
          sorted(opt.wd_mult.items(), key=str)]
""",
    "lr_mult_index": """
opt = mx.optimizer.SGD(learning_rate=0.1)
opt.set_lr_mult({0: 0.5}); opt.set_wd_mult({0: 2.0})
upd = mx.optimizer.get_updater(opt)
w0 = nd.array([1.0, 2.0]); w1 = nd.array([1.0, 2.0])
upd(0, nd.array([1.0, 1.0]), w0); upd(1, nd.array([1.0, 1.0]), w1)
result = [v(w0), v(w1), opt.num_update, opt._index_update_count]
""",
    "scheduler_in_optimizer": """
s = mx.lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=1.0)
opt = mx.optimizer.SGD(lr_scheduler=s)
upd = mx.optimizer.get_updater(opt)
w = nd.array([0.0]); used = []
for i in range(6):
    before = float(w.asscalar()); upd(0, nd.array([1.0]), w)
    used.append(round(before - float(w.asscalar()), 6))
result = [used, opt.num_update, opt.learning_rate]
""",
    "scheduler_overwritten": """
s = mx.lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=0.3)
opt = mx.optimizer.SGD(learning_rate=1.0, lr_scheduler=s)
result = [s.base_lr, opt.learning_rate]
""",
    "begin_num_update": """
opt = mx.optimizer.Adam(learning_rate=0.1, begin_num_update=5)
upd = mx.optimizer.get_updater(opt)
w = nd.array(W0); upd(0, nd.array(GS[0]), w)
result = [v(w), opt.num_update, opt._index_update_count]
""",
    "two_weights_counts": """
opt = mx.optimizer.Adam(learning_rate=0.1)
upd = mx.optimizer.get_updater(opt)
a = nd.array(W0); b = nd.array(W0)
upd(0, nd.array(GS[0]), a); upd(0, nd.array(GS[1]), a); upd(1, nd.array(GS[0]), b)
result = [v(a), v(b), opt.num_update, opt._index_update_count]
""",
    "updater_lists": """
opt = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
upd = mx.optimizer.get_updater(opt)
ws = [nd.array(W0), nd.array(W0[:2])]
for g in GS:
    upd([0, 1], [nd.array(g), nd.array(g[:2])], ws)
result = [v(ws), v([upd.states[0], upd.states[1]])]
""",
    "updater_states_roundtrip": """
opt = mx.optimizer.Adam(learning_rate=0.1)
upd = mx.optimizer.get_updater(opt)
w = nd.array(W0); upd(0, nd.array(GS[0]), w)
blob = upd.get_states(dump_optimizer=True)
upd2 = mx.optimizer.get_updater(mx.optimizer.Adam(learning_rate=0.5))
upd2.set_states(blob)
upd2(0, nd.array(GS[1]), w)
result = [v(w), upd2.optimizer.lr, upd2.optimizer.num_update]
""",
    "subclass": """
@mx.optimizer.register
class MyHalf(mx.optimizer.Optimizer):
    def create_state(self, index, weight):
        return nd.zeros(weight.shape)
    def update(self, index, weight, grad, state):
        self._update_count(index)
        state[:] += grad
        weight[:] -= self._get_lr(index) * self.rescale_grad * state / 2
opt = mx.optimizer.create('myhalf', learning_rate=0.5, rescale_grad=2.0)
upd = mx.optimizer.get_updater(opt)
w = nd.array(W0)
for g in GS:
    upd(0, nd.array(g), w)
result = [v(w), opt.num_update]
del mx.optimizer.Optimizer.opt_registry['myhalf']
""",
}

# ----- mx.lr_scheduler: sched(num_update) for num_update = 0..12 ----------------------------
SCHEDULERS = {
    "factor": "result = sched(mx.lr_scheduler.FactorScheduler(step=3, factor=0.5, base_lr=1.0))",
    "factor_stop": "result = sched(mx.lr_scheduler.FactorScheduler(step=3, factor=0.5, "
                   "base_lr=1.0, stop_factor_lr=0.2))",
    "factor_warmup": "result = sched(mx.lr_scheduler.FactorScheduler(step=2, factor=0.5, "
                     "base_lr=1.0, warmup_steps=4, warmup_begin_lr=0.2))",
    "factor_warmup_constant": "result = sched(mx.lr_scheduler.FactorScheduler(step=2, "
                              "factor=0.5, base_lr=1.0, warmup_steps=3, warmup_begin_lr=0.1, "
                              "warmup_mode='constant'))",
    "factor_default": "result = sched(mx.lr_scheduler.FactorScheduler(step=1))",
    "factor_stateful": """
s = mx.lr_scheduler.FactorScheduler(step=3, factor=0.5, base_lr=1.0)
result = [s(10), s(1), s.count]
""",
    "factor_step0": ("mx.lr_scheduler.FactorScheduler(step=0)", {"message": True}),
    "factor_gt1": ("mx.lr_scheduler.FactorScheduler(step=1, factor=1.5)", {"message": True}),
    "multifactor": "result = sched(mx.lr_scheduler.MultiFactorScheduler(step=[2, 5], factor=0.1,"
                   " base_lr=1.0))",
    "multifactor_warmup": "result = sched(mx.lr_scheduler.MultiFactorScheduler(step=[4, 8], "
                          "factor=0.5, base_lr=2.0, warmup_steps=3, warmup_begin_lr=0.5))",
    "multifactor_decreasing": ("mx.lr_scheduler.MultiFactorScheduler(step=[5, 2])",
                               {"message": True}),
    "multifactor_zero": ("mx.lr_scheduler.MultiFactorScheduler(step=[0, 2])", {"message": True}),
    "poly": "result = sched(mx.lr_scheduler.PolyScheduler(max_update=10, base_lr=1.0, pwr=2))",
    "poly_final_warmup": "result = sched(mx.lr_scheduler.PolyScheduler(max_update=10, "
                         "base_lr=1.0, pwr=1, final_lr=0.1, warmup_steps=2, "
                         "warmup_begin_lr=0.5), 14)",
    "cosine": "result = sched(mx.lr_scheduler.CosineScheduler(max_update=10, base_lr=1.0))",
    "cosine_final_warmup": "result = sched(mx.lr_scheduler.CosineScheduler(max_update=10, "
                           "base_lr=2.0, final_lr=0.5, warmup_steps=4, warmup_begin_lr=1.0), "
                           "14)",
    "cosine_zero": ("mx.lr_scheduler.CosineScheduler(max_update=0)", {"message": True}),
    "warmup_too_high": ("mx.lr_scheduler.PolyScheduler(max_update=5, base_lr=0.1, "
                        "warmup_begin_lr=0.5)", {"message": True}),
    "warmup_bad_mode": ("mx.lr_scheduler.CosineScheduler(max_update=5, warmup_mode='cubic')",
                        {"message": True}),
    "poly_overwritten_base_lr": """
s = mx.lr_scheduler.PolyScheduler(max_update=4, base_lr=0.5, warmup_steps=2)
opt = mx.optimizer.SGD(learning_rate=1.0, lr_scheduler=s)
result = [round(s(i), 9) for i in range(6)]
""",
}


# ----- gluon.Trainer over Parameters -------------------------------------------------------
TRAINER_PRELUDE = """
def param(name, value, **kw):
    p = gluon.Parameter(name, shape=np.array(value).shape, **kw)
    p.initialize()
    p.set_data(nd.array(value))
    return p

X = nd.array([[1.0, 2.0], [3.0, 4.0]]); Y = nd.array([[1.0], [2.0]])

def dense_loss(w, b):
    with autograd.record():
        out = nd.dot(X, w.data().T) + b.data()
        loss = ((out - Y) ** 2).sum()
    loss.backward()
"""

TRAINER = {
    "step": TRAINER_PRELUDE + """
w = param('w', [[1.0, 1.0]]); b = param('b', [0.0])
tr = gluon.trainer.Trainer({'w': w, 'b': b}, 'sgd', {'learning_rate': 0.1})
before = tr.optimizer.rescale_grad
dense_loss(w, b); tr.step(2)
result = [v(w.data()), v(b.data()), v(w.grad()), v(b.grad()), before, tr.optimizer.rescale_grad,
          tr.learning_rate, [p.name for p in tr._params]]
""",
    "stale": (TRAINER_PRELUDE + """
w = param('w', [[1.0, 1.0]]); b = param('b', [0.0])
tr = gluon.trainer.Trainer({'w': w, 'b': b}, 'sgd', {'learning_rate': 0.1})
dense_loss(w, b); tr.step(2); tr.step(2)
""", {"message": True}),
    "stale_ignored": TRAINER_PRELUDE + """
w = param('w', [[1.0, 1.0]]); b = param('b', [0.0])
tr = gluon.trainer.Trainer({'w': w, 'b': b}, 'sgd', {'learning_rate': 0.1})
dense_loss(w, b); tr.step(2); tr.step(2, ignore_stale_grad=True)
result = [v(w.data()), v(b.data())]
""",
    "stale_subset": (TRAINER_PRELUDE + """
w = param('w', [[1.0, 1.0]]); b = param('b', [0.0])
tr = gluon.trainer.Trainer([w, b], 'sgd', {'learning_rate': 0.1})
with autograd.record():
    loss = nd.dot(X, w.data().T).sum()
loss.backward(); tr.step(1)
""", {"message": True}),
    "stale_subset_ignored": TRAINER_PRELUDE + """
w = param('w', [[1.0, 1.0]]); b = param('b', [0.5])
tr = gluon.trainer.Trainer([w, b], 'sgd', {'learning_rate': 0.1})
with autograd.record():
    loss = nd.dot(X, w.data().T).sum()
loss.backward(); tr.step(1, ignore_stale_grad=True)
dense_loss(w, b); tr.step(1)
result = [v(w.data()), v(b.data())]
""",
    "user_rescale": TRAINER_PRELUDE + """
w = param('w', [[1.0, 1.0]]); b = param('b', [0.0])
tr = gluon.trainer.Trainer([w, b], 'sgd', {'learning_rate': 0.1, 'rescale_grad': 2.0})
dense_loss(w, b); tr.step(4)
result = [v(w.data()), v(b.data()), tr.optimizer.rescale_grad]
""",
    "scheduler": TRAINER_PRELUDE + """
w = param('w', [[0.0]])
sched = mx.lr_scheduler.FactorScheduler(step=2, factor=0.5)
tr = gluon.trainer.Trainer([w], 'sgd', {'learning_rate': 1.0, 'lr_scheduler': sched})
used, lrs = [], []
for i in range(6):
    with autograd.record():
        loss = w.data().sum()
    loss.backward()
    before = float(w.data().asscalar()); tr.step(1)
    used.append(round(before - float(w.data().asscalar()), 6)); lrs.append(tr.learning_rate)
result = [used, lrs, tr.optimizer.num_update]
""",
    "set_learning_rate": TRAINER_PRELUDE + """
w = param('w', [[0.0]])
tr = gluon.trainer.Trainer([w], 'sgd', {'learning_rate': 0.1})
tr.set_learning_rate(0.5)
result = [tr.learning_rate, tr.optimizer.lr]
""",
    "learning_rate_read_only": TRAINER_PRELUDE + """
w = param('w', [[0.0]])
tr = gluon.trainer.Trainer([w], 'sgd')
tr.learning_rate = 0.3
""",
    "default_lrs": TRAINER_PRELUDE + """
w = param('w', [[0.0]])
result = [gluon.trainer.Trainer([w], name).learning_rate for name in ('sgd', 'adam', 'rmsprop')]
""",
    "instance_and_params": (TRAINER_PRELUDE + """
w = param('w', [[0.0]])
gluon.trainer.Trainer([w], mx.optimizer.SGD(learning_rate=0.2), {'learning_rate': 0.1})
""", {"message": True}),
    "instance": TRAINER_PRELUDE + """
w = param('w', [[0.0]])
result = gluon.trainer.Trainer([w], mx.optimizer.SGD(learning_rate=0.2)).learning_rate
""",
    "unknown_optimizer": (TRAINER_PRELUDE + """
w = param('w', [[0.0]])
gluon.trainer.Trainer([w], 'nope')
""", {"message": True}),
    "unknown_keyword": TRAINER_PRELUDE + """
w = param('w', [[0.0]])
gluon.trainer.Trainer([w], 'sgd', {'learning_rat': 0.1})
""",
    "single_parameter": TRAINER_PRELUDE + """
w = param('w', [[0.0]])
gluon.trainer.Trainer(w, 'sgd')
""",
    "not_parameters": TRAINER_PRELUDE + """
gluon.trainer.Trainer([nd.ones(2)], 'sgd')
""",
    "uninitialized": (TRAINER_PRELUDE + """
w = gluon.Parameter('w', shape=(2,))
gluon.trainer.Trainer([w], 'sgd')
""", {"message": True}),
    "sorted_by_name": TRAINER_PRELUDE + """
ps = {name: param(name, [1.0]) for name in ('zeta', 'alpha', 'mid')}
result = [p.name for p in gluon.trainer.Trainer(ps, 'sgd')._params]
""",
    "list_order_kept": TRAINER_PRELUDE + """
ps = [param(name, [1.0]) for name in ('zeta', 'alpha', 'mid')]
result = [p.name for p in gluon.trainer.Trainer(ps, 'sgd')._params]
""",
    "grad_req_add": TRAINER_PRELUDE + """
w = param('w', [[1.0, 1.0]], grad_req='add'); b = param('b', [0.0], grad_req='add')
tr = gluon.trainer.Trainer([w, b], 'sgd', {'learning_rate': 0.1})
out = []
for i in range(2):
    dense_loss(w, b); out.append(v(w.grad())); tr.step(1); out.append(v(w.data()))
w.zero_grad(); out.append(v(w.grad()))
result = out
""",
    "grad_req_null_skipped": TRAINER_PRELUDE + """
w = param('w', [[1.0, 1.0]]); b = param('b', [0.5], grad_req='null')
tr = gluon.trainer.Trainer([w, b], 'sgd', {'learning_rate': 0.1})
dense_loss(w, b); tr.step(2); dense_loss(w, b); tr.step(2)
result = [v(w.data()), v(b.data())]
""",
    "wd_and_wd_mult": TRAINER_PRELUDE + """
w = param('w', [[1.0]]); b = param('b', [1.0]); c = param('c', [1.0], wd_mult=0.0)
tr = gluon.trainer.Trainer([w, b, c], 'sgd', {'learning_rate': 0.1, 'wd': 0.5})
with autograd.record():
    loss = (w.data() * 0).sum() + (b.data() * 0).sum() + (c.data() * 0).sum()
loss.backward(); tr.step(1)
b.wd_mult = 0.0
with autograd.record():
    loss = (w.data() * 0).sum() + (b.data() * 0).sum() + (c.data() * 0).sum()
loss.backward(); tr.step(1)
result = [v(w.data()), v(b.data()), v(c.data())]
""",
    "lr_mult": TRAINER_PRELUDE + """
w = param('w', [[1.0, 1.0]]); b = param('b', [0.0], lr_mult=0.5)
tr = gluon.trainer.Trainer([w, b], 'adam', {'learning_rate': 0.1})
for i in range(3):
    dense_loss(w, b); tr.step(2)
result = [v(w.data()), v(b.data())]
""",
    "allreduce_update": TRAINER_PRELUDE + """
w = param('w', [[1.0, 1.0]]); b = param('b', [0.0])
tr = gluon.trainer.Trainer([w, b], 'sgd', {'learning_rate': 0.1}, update_on_kvstore=False)
dense_loss(w, b); tr.allreduce_grads(); tr.update(2)
result = [v(w.data()), v(b.data()), tr._kvstore, tr._update_on_kvstore]
""",
    "adam_three_steps": TRAINER_PRELUDE + """
w = param('w', [[1.0, -1.0]]); b = param('b', [0.5])
tr = gluon.trainer.Trainer([w, b], 'adam', {'learning_rate': 0.1, 'wd': 0.01})
out = []
for bs in (2, 4, 1):
    dense_loss(w, b); tr.step(bs); out.append([v(w.data()), v(b.data())])
result = out
""",
    "nag_momentum_three_steps": TRAINER_PRELUDE + """
w = param('w', [[1.0, -1.0]]); b = param('b', [0.5])
tr = gluon.trainer.Trainer([w, b], 'nag', {'learning_rate': 0.01, 'momentum': 0.9,
                                             'clip_gradient': 5.0})
out = []
for bs in (2, 2, 2):
    dense_loss(w, b); tr.step(bs); out.append([v(w.data()), v(b.data())])
result = out
""",
    "save_load_states": TRAINER_PRELUDE + """
import os
w = param('w', [[1.0, -1.0]]); b = param('b', [0.5])
tr = gluon.trainer.Trainer([w, b], 'sgd', {'learning_rate': 0.01, 'momentum': 0.9})
dense_loss(w, b); tr.step(2)
path = os.path.join(WORKDIR, 't.states'); tr.save_states(path)
w2 = param('w', v(w.data())); b2 = param('b', v(b.data()))
tr2 = gluon.trainer.Trainer([w2, b2], 'sgd', {'learning_rate': 0.5})
tr2.load_states(path)
for i in range(2):
    dense_loss(w, b); tr.step(2); dense_loss(w2, b2); tr2.step(2)
result = [v(w.data()), v(b.data()), v(w2.data()), v(b2.data()), tr2.learning_rate,
          tr2.optimizer.num_update, sorted(tr2._updaters[0].states)]
""",
    "mxnet_states_file": TRAINER_PRELUDE + """
import base64, os
w = param('w', [[1.0, -1.0]]); b = param('b', [0.5])
tr = gluon.trainer.Trainer([w, b], 'adam', {'learning_rate': 0.1,
    'lr_scheduler': mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=0.1)})
dense_loss(w, b); tr.step(2)
path = os.path.join(WORKDIR, 't.states'); tr.save_states(path)
with open(path, 'rb') as f:
    result = [base64.b64encode(f.read()).decode(), v(w.data()), v(b.data())]
""",
    "states_continue": TRAINER_PRELUDE + """
import os
w = param('w', [[1.0, -1.0]]); b = param('b', [0.5])
tr = gluon.trainer.Trainer([w, b], 'adam', {'learning_rate': 0.1,
    'lr_scheduler': mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=0.1)})
dense_loss(w, b); tr.step(2)
path = os.path.join(WORKDIR, 't.states'); tr.save_states(path)
w2 = param('w', v(w.data())); b2 = param('b', v(b.data()))
tr2 = gluon.trainer.Trainer([w2, b2], 'adam')
tr2.load_states(path)
out = []
for i in range(2):
    dense_loss(w2, b2); tr2.step(2); out.append([v(w2.data()), v(b2.data()), tr2.learning_rate])
result = [out, type(tr2.optimizer).__name__, tr2.optimizer.num_update]
""",
    "states_other_optimizer": TRAINER_PRELUDE + """
import os
w = param('w', [[1.0, -1.0]]); b = param('b', [0.5])
tr = gluon.trainer.Trainer([w, b], 'adam', {'learning_rate': 0.1})
dense_loss(w, b); tr.step(2)
path = os.path.join(WORKDIR, 't.states'); tr.save_states(path)
tr2 = gluon.trainer.Trainer([w, b], 'sgd')
tr2.load_states(path)
dense_loss(w, b); tr2.step(2)
result = [v(w.data()), v(b.data()), type(tr2.optimizer).__name__]
""",
    "float16_multi_precision": TRAINER_PRELUDE + """
w = param('w', [[1.0, -1.0]], dtype='float16'); b = param('b', [0.5], dtype='float16')
tr = gluon.trainer.Trainer([w, b], 'sgd', {'learning_rate': 0.01, 'momentum': 0.9,
                                             'multi_precision': True})
Xh = X.astype('float16'); Yh = Y.reshape((2,)).astype('float16')
for i in range(3):
    with autograd.record():
        loss = (((Xh * w.data()).sum(axis=1) + b.data() - Yh) ** 2).sum()
    loss.backward(); tr.step(2)
result = [v(w.data()), v(b.data()), np.dtype(w.data().dtype).name]
""",
    "two_contexts": (TRAINER_PRELUDE + """
ctxs = [mx.cpu(0), mx.cpu(1)]
w = gluon.Parameter('w', shape=(1, 2)); w.initialize(ctx=ctxs); w.set_data(nd.array([[1.0, 1.0]]))
tr = gluon.trainer.Trainer([w], 'sgd', {'learning_rate': 0.1, 'momentum': 0.5})
for i in range(2):
    with autograd.record():
        losses = [((nd.dot(X.as_in_context(c), w.data(c).T) - Y.as_in_context(c)) ** 2).sum()
                  for c in ctxs[:1]] + [(w.data(ctxs[1]) * 3).sum()]
    autograd.backward(losses)
    tr.step(4)
result = [v(w.data(ctxs[0])), v(w.data(ctxs[1])), v(w.grad(ctxs[0])), v(w.grad(ctxs[1]))]
""", {"needs": "parameter"}),
    "two_contexts_not_on_kvstore": (TRAINER_PRELUDE + """
ctxs = [mx.cpu(0), mx.cpu(1)]
w = gluon.Parameter('w', shape=(1, 2)); w.initialize(ctx=ctxs); w.set_data(nd.array([[1.0, 1.0]]))
tr = gluon.trainer.Trainer([w], 'sgd', {'learning_rate': 0.1, 'momentum': 0.5},
                           update_on_kvstore=False)
for i in range(2):
    with autograd.record():
        losses = [((nd.dot(X.as_in_context(c), w.data(c).T) - Y.as_in_context(c)) ** 2).sum()
                  for c in ctxs[:1]] + [(w.data(ctxs[1]) * 3).sum()]
    autograd.backward(losses)
    tr.allreduce_grads(); tr.update(4)
result = [v(w.data(ctxs[0])), v(w.data(ctxs[1])), v(w.grad(ctxs[0])), v(w.grad(ctxs[1])),
          tr._update_on_kvstore]
""", {"needs": "parameter"}),
    "two_contexts_allreduce_refused": (TRAINER_PRELUDE + """
ctxs = [mx.cpu(0), mx.cpu(1)]
w = gluon.Parameter('w', shape=(1, 2)); w.initialize(ctx=ctxs)
tr = gluon.trainer.Trainer([w], 'sgd')
tr.allreduce_grads()
""", {"needs": "parameter"}),
    "two_contexts_stale_not_checked": (TRAINER_PRELUDE + """
ctxs = [mx.cpu(0), mx.cpu(1)]
w = gluon.Parameter('w', shape=(1, 2)); w.initialize(ctx=ctxs); w.set_data(nd.array([[1.0, 1.0]]))
tr = gluon.trainer.Trainer([w], 'sgd', {'learning_rate': 0.1})
with autograd.record():
    losses = [(w.data(c) * 2).sum() for c in ctxs]
autograd.backward(losses)
tr.step(1); tr.step(1)
result = [v(w.data(ctxs[0])), v(w.data(ctxs[1])), tr._update_on_kvstore]
""", {"needs": "parameter"}),
    "two_contexts_mismatch": (TRAINER_PRELUDE + """
a = gluon.Parameter('a', shape=(1,)); a.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
b = gluon.Parameter('b', shape=(1,)); b.initialize(ctx=mx.cpu(0))
gluon.trainer.Trainer([a, b], 'sgd')
""", {"needs": "parameter"}),
    "deferred_step": (TRAINER_PRELUDE + """
d = gluon.Parameter('d', shape=(0, 2), allow_deferred_init=True); d.initialize()
tr = gluon.trainer.Trainer([d], 'sgd')
tr.step(1)
""", {"needs": "parameter"}),
}

# ----- gluon.utils --------------------------------------------------------------------------
UTILS = {
    "split_even": "result = [v(x) for x in gluon.utils.split_data(nd.arange(12).reshape((6, 2)),"
                  " 3)]",
    "split_uneven_refused": ("gluon.utils.split_data(nd.zeros((5, 2)), 2)", {"message": True}),
    "split_uneven": "result = [kind(x) for x in gluon.utils.split_data(nd.arange(10).reshape("
                    "(5, 2)), 2, even_split=False)]",
    "split_more_slices_than_rows": "result = [kind(x) for x in gluon.utils.split_data("
                                   "nd.zeros((2, 2)), 3, even_split=False)]",
    "split_axis1": "result = [v(x) for x in gluon.utils.split_data(nd.arange(12).reshape((2, 6)),"
                   " 3, batch_axis=1)]",
    "split_axis1_uneven": "result = [v(x) for x in gluon.utils.split_data(nd.arange(10).reshape("
                          "(2, 5)), 2, batch_axis=1, even_split=False)]",
    "split_one": "result = [v(x) for x in gluon.utils.split_data(nd.arange(4), 1)]",
    "split_and_load": """
parts = gluon.utils.split_and_load(nd.arange(8).reshape((4, 2)), [mx.cpu(0), mx.cpu(1)])
result = [[v(p), str(p.context)] for p in parts]
""",
    "split_and_load_one_context": """
x = nd.arange(6).reshape((3, 2))
parts = gluon.utils.split_and_load(x, [mx.cpu(0)])
result = [len(parts), v(parts[0]), str(parts[0].context)]
""",
    "split_and_load_numpy": """
parts = gluon.utils.split_and_load(np.arange(6).reshape((3, 2)), [mx.cpu(0)])
result = [kind(parts[0]), v(parts[0])]
""",
    "split_and_load_bare_context": "gluon.utils.split_and_load(nd.zeros((2, 2)), mx.cpu())",
    "clip_global_norm": """
a = nd.array([3.0, 0.0]); b = nd.array([[4.0]])
n = gluon.utils.clip_global_norm([a, b], 1.0)
result = [type(n).__name__, float(n), v(a), v(b)]
""",
    "clip_global_norm_no_change": """
a = nd.array([3.0, 0.0]); b = nd.array([[4.0]])
n = gluon.utils.clip_global_norm([a, b], 10.0)
result = [float(n), v(a), v(b)]
""",
    "clip_global_norm_no_check": """
a = nd.array([[1.0, 2.0], [2.0, 4.0]]); b = nd.array([2.0])
n = gluon.utils.clip_global_norm([a, b], 2.5, check_isfinite=False)
result = [kind(n), v(n), v(a), v(b)]
""",
    "clip_global_norm_inf": """
import warnings
a = nd.array([np.inf, 1.0])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    n = gluon.utils.clip_global_norm([a], 1.0)
result = [float(n), [str(w.message) for w in caught], [type(w.message).__name__ for w in caught]]
""",
    "clip_global_norm_empty": "gluon.utils.clip_global_norm([], 1.0)",
    "check_sha1": """
import os
path = os.path.join(WORKDIR, 'f.bin')
with open(path, 'wb') as f:
    f.write(b'ndsh' * 1000)
import hashlib
result = [gluon.utils.check_sha1(path, '0' * 40),
          gluon.utils.check_sha1(path, hashlib.sha1(b'ndsh' * 1000).hexdigest())]
""",
    "download_present": """
import os, hashlib
path = os.path.join(WORKDIR, 'train.gz')
with open(path, 'wb') as f:
    f.write(b'abc')
sha = hashlib.sha1(b'abc').hexdigest()
got = gluon.utils.download('https://example.invalid/x/train.gz', path=WORKDIR, sha1_hash=sha)
result = [os.path.relpath(got, WORKDIR)]
""",
}

# ----- gluon.data: samplers, datasets, DataLoader, RecordIO, vision datasets -----------------
DATA_PRELUDE = """
import os
def epoch(loader):
    return [v(batch) for batch in loader]

def epochs(loader, n=2):
    return [[len(loader), epoch(loader)] for _ in range(n)]

def write_mnist(folder, prefix, n, seed=0):
    import gzip, struct
    rs = np.random.RandomState(seed)
    images = rs.randint(0, 256, size=(n, 28, 28)).astype(np.uint8)
    labels = rs.randint(0, 10, size=n).astype(np.uint8)
    with gzip.open(os.path.join(folder, prefix + '-images-idx3-ubyte.gz'), 'wb') as f:
        f.write(struct.pack('>IIII', 2051, n, 28, 28) + images.tobytes())
    with gzip.open(os.path.join(folder, prefix + '-labels-idx1-ubyte.gz'), 'wb') as f:
        f.write(struct.pack('>II', 2049, n) + labels.tobytes())

def write_cifar(folder, names, n, label_bytes, seed=0):
    rs = np.random.RandomState(seed)
    for name in names:
        rows = rs.randint(0, 256, size=(n, label_bytes + 3072)).astype(np.uint8)
        rows[:, :label_bytes] = rs.randint(0, 100, size=(n, label_bytes))
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(rows.tobytes())

def local_files(module):
    # MXNet's pinned hashes are of the real files: these small ones are read as they are
    saved = (module.download, module.check_sha1)
    module.download = lambda url, path=None, sha1_hash=None, **kw: os.path.join(
        path, url.split('/')[-1])
    module.check_sha1 = lambda filename, sha1: True
    return saved

def restore(module, saved):
    module.download, module.check_sha1 = saved

def png(array):
    # PNG bytes of a uint8 (H, W) or (H, W, 3) array, written by hand (no imaging library)
    import struct, zlib
    a = np.asarray(array, dtype=np.uint8)
    color = 2 if a.ndim == 3 else 0
    rows = b''.join(b'\\0' + row.tobytes() for row in a)
    def chunk(kind, data):
        body = kind + data
        return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body))
    header = struct.pack('>IIBBBBB', a.shape[1], a.shape[0], 8, color, 0, 0, 0)
    return (b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', header)
            + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))
"""
D = DATA_PRELUDE

DATA = {
    "sequential_sampler": "result = [list(gluon.data.SequentialSampler(4, 3)), "
                          "len(gluon.data.SequentialSampler(4, 3))]",
    "filter_sampler": "s = gluon.data.FilterSampler(lambda x: x % 3 == 1, list(range(10)))\n"
                      "result = [list(s), len(s)]",
    "batch_sampler_keep": "result = [list(gluon.data.BatchSampler(gluon.data.SequentialSampler("
                          "10), 3, 'keep')), len(gluon.data.BatchSampler(gluon.data."
                          "SequentialSampler(10), 3))]",
    "batch_sampler_rollover": """
b = gluon.data.BatchSampler(gluon.data.SequentialSampler(10), 4, 'rollover')
result = [[len(b), [list(map(int, x)) for x in b]] for _ in range(3)]
""",
    "batch_sampler_bad": ("b = gluon.data.BatchSampler(gluon.data.SequentialSampler(10), 4, "
                          "'bad')\nresult = [list(x) for x in b]", {"message": True}),
    "batch_sampler_bad_len": ("len(gluon.data.BatchSampler(gluon.data.SequentialSampler(10), 4,"
                              " 'bad'))", {"message": True}),
    "random_sampler_seeded": "np.random.seed(0)\nresult = [[int(i) for i in "
                             "gluon.data.RandomSampler(10)] for _ in range(2)]",
    "loader_keep": D + "result = epochs(gluon.data.DataLoader(np.arange(10), 4))",
    "loader_discard": D + "result = epochs(gluon.data.DataLoader(np.arange(10), 4, "
                          "last_batch='discard'))",
    "loader_rollover": D + "result = epochs(gluon.data.DataLoader(np.arange(10), 4, "
                           "last_batch='rollover'), 3)",
    "loader_bad_last_batch": (D + "dl = gluon.data.DataLoader(np.arange(10), 4, "
                                  "last_batch='bad')\nresult = epoch(dl)", {"message": True}),
    "loader_shuffle_seeded": D + """
np.random.seed(0)
result = epochs(gluon.data.DataLoader(np.arange(10), 4, shuffle=True))
""",
    "loader_no_batch_size": ("gluon.data.DataLoader(np.arange(10))", {"message": True}),
    "loader_shuffle_and_sampler": ("gluon.data.DataLoader(np.arange(10), 2, shuffle=True, "
                                   "sampler=gluon.data.SequentialSampler(10))",
                                   {"message": True}),
    "loader_batch_sampler_and_size": ("gluon.data.DataLoader(np.arange(10), 2, batch_sampler="
                                      "gluon.data.BatchSampler(gluon.data.SequentialSampler("
                                      "10), 3))", {"message": True}),
    "loader_batch_sampler": D + """
dl = gluon.data.DataLoader(np.arange(10) * 10, batch_sampler=gluon.data.BatchSampler(
    gluon.data.SequentialSampler(10), 3, 'keep'))
result = [len(dl), epoch(dl)]
""",
    "loader_sampler": D + """
dl = gluon.data.DataLoader(np.arange(10), 3, sampler=gluon.data.SequentialSampler(5, 4))
result = epoch(dl)
""",
    "batchify_dtypes": D + """
cases = {
    'np_float64': [np.float64(i) / 2 for i in range(4)],
    'np_int64': [np.int64(i) for i in range(4)],
    'np_int32': [np.int32(i) for i in range(4)],
    'py_int': list(range(4)),
    'py_float': [i / 2 for i in range(4)],
    'py_bool': [True, False, True, False],
    'uint8_nd': [nd.ones((2, 2), dtype='uint8') * i for i in range(4)],
    'float64_nd': [nd.ones((3,), dtype='float64') * i for i in range(4)],
    'np_rows': [np.arange(3, dtype=np.float32) + i for i in range(4)],
    'tuples': [(nd.ones((2,)) * i, np.int32(i), i / 4) for i in range(4)],
    'nested': [((i, i * 2), np.float32(i)) for i in range(4)],
}
result = {name: [[kind(b) for b in gluon.data.DataLoader(gluon.data.SimpleDataset(samples), 3)],
                 epoch(gluon.data.DataLoader(gluon.data.SimpleDataset(samples), 3))]
          for name, samples in cases.items()}
""",
    "batchify_strings": D + "epoch(gluon.data.DataLoader(gluon.data.SimpleDataset(['a', 'b',"
                            " 'c']), 2))",
    "batchify_ragged": D + "epoch(gluon.data.DataLoader(gluon.data.SimpleDataset([nd.ones(2), "
                           "nd.ones(3)]), 2))",
    "batchify_fn_raw": D + """
dl = gluon.data.DataLoader(gluon.data.SimpleDataset(list(range(5))), 2,
                           batchify_fn=lambda samples: samples)
result = [list(b) for b in dl]
""",
    "workers": D + """
ds = gluon.data.ArrayDataset(nd.arange(20).reshape((10, 2)), np.arange(10).astype('int32'))
serial = gluon.data.DataLoader(ds, 3)
procs = gluon.data.DataLoader(ds, 3, num_workers=2)
threads = gluon.data.DataLoader(ds, 3, num_workers=2, thread_pool=True)
result = [epoch(serial), epoch(procs), epoch(procs), epoch(threads),
          [kind(b) for b in procs], len(procs)]
""",
    "workers_shuffle_rollover": D + """
ds = gluon.data.SimpleDataset([np.float32(i) for i in range(11)])
np.random.seed(1)
dl = gluon.data.DataLoader(ds, 4, shuffle=True, last_batch='rollover', num_workers=2,
                           prefetch=1)
result = epochs(dl, 3)
""",
    "workers_negative": D + "result = epoch(gluon.data.DataLoader(np.arange(5), 2, "
                            "num_workers=-1))",
    "workers_transform": D + """
ds = gluon.data.ArrayDataset(np.arange(6).astype('float32'), np.arange(6))
ds = ds.transform_first(lambda x: x * 10)
result = epoch(gluon.data.DataLoader(ds, 4, num_workers=2))
""",
    "pin_memory": D + """
b = next(iter(gluon.data.DataLoader(gluon.data.ArrayDataset(np.ones((4, 2)), np.arange(4)), 2,
                                    pin_memory=True)))
result = [str(x.context) for x in b]
""",
    "array_dataset": """
ds = gluon.data.ArrayDataset(nd.arange(20).reshape((10, 2)), nd.arange(10), list(range(10)),
                             np.arange(10) * 2.5)
x = ds[1]
result = [len(ds), kind(x), v(x), kind(ds[1:3]), v(ds[1:3])]
""",
    "array_dataset_single": """
ds = gluon.data.ArrayDataset(np.arange(6).reshape((3, 2)))
result = [kind(ds[0]), v(ds[0]), len(ds)]
""",
    "array_dataset_2d_label_stays": """
ds = gluon.data.ArrayDataset(nd.arange(4), nd.arange(8).reshape((4, 2)))
result = [kind(ds[2]), v(ds[2])]
""",
    "array_dataset_mismatch": ("gluon.data.ArrayDataset(nd.ones((10, 2)), list(range(10)), "
                               "nd.ones(5))", {"message": True}),
    "transform_lazy": """
calls = []
def fn(x, y):
    calls.append(1)
    return x * 2, y
ds = gluon.data.ArrayDataset(np.arange(3), np.arange(3) + 10).transform(fn)
first = v(ds[1]); again = v(ds[1])
result = [first, again, len(calls), type(ds).__name__ == 'SimpleDataset']
""",
    "transform_eager": """
calls = []
def fn(x):
    calls.append(1)
    return x + 1
ds = gluon.data.SimpleDataset([1, 2, 3]).transform(fn, lazy=False)
result = [len(calls), [ds[i] for i in range(3)], len(calls), type(ds).__name__]
""",
    "transform_first": """
ds = gluon.data.ArrayDataset(np.arange(3), np.arange(3) + 10).transform_first(lambda x: -x)
single = gluon.data.SimpleDataset([1, 2]).transform_first(lambda x: x * 100)
result = [v(ds[2]), kind(ds[2]), single[1]]
""",
    "filter_shard_take_sample": """
ds = gluon.data.SimpleDataset(list(range(11)))
f = ds.filter(lambda x: x % 2 == 0)
shards = [ds.shard(4, i) for i in range(4)]
result = [[f[i] for i in range(len(f))], [[s[i] for i in range(len(s))] for s in shards],
          len(ds.take(3)), len(ds.take(None)), len(ds.take(50)),
          [x for x in ds.sample(gluon.data.SequentialSampler(3, 5))]]
""",
    "sample_not_a_sampler": ("gluon.data.SimpleDataset([1]).sample([0])", {"message": True}),
    "shard_out_of_bounds": ("gluon.data.SimpleDataset([1, 2]).shard(2, 2)", {"message": True}),
    "recordio_bytes": """
import struct
path = os.path.join(WORKDIR, 'r.rec')
magic = struct.pack('<I', 0xced7230a)
records = [b'', b'a', b'abcd', b'abcde', magic, b'xy' + magic + b'zz', b'wxyz' + magic + b'q',
           magic + magic, b'1234' + magic + b'5678' + magic, b'abcd' * 7 + magic[:2]]
w = mx.recordio.MXRecordIO(path, 'w')
for r in records:
    w.write(r)
w.close()
with open(path, 'rb') as f:
    raw = f.read()
r = mx.recordio.MXRecordIO(path, 'r')
back = [r.read() for _ in range(len(records) + 1)]
r.reset(); again = r.read(); r.close()
result = [raw.hex(), [b is None or b.hex() for b in back], back[:-1] == records, again.hex()]
""".replace("import struct", "import os, struct"),
    "recordio_indexed": """
import os
idx, rec = os.path.join(WORKDIR, 'i.idx'), os.path.join(WORKDIR, 'i.rec')
w = mx.recordio.MXIndexedRecordIO(idx, rec, 'w')
tells = []
for i in range(5):
    w.write_idx(i * 10, b'record_%d' % i * (i + 1)); tells.append(w.tell())
w.close()
r = mx.recordio.MXIndexedRecordIO(idx, rec, 'r')
with open(idx) as f:
    text = f.read()
ds = gluon.data.RecordFileDataset(rec)
result = [tells, text, r.keys, r.read_idx(30).decode(), r.read_idx(10).decode(), len(ds),
          ds[4].decode(), r.read().decode()]
""",
    "recordio_pack": """
h = mx.recordio.IRHeader(0, 4.5, 2574, 3)
a = mx.recordio.pack(h, b'payload')
b = mx.recordio.pack(mx.recordio.IRHeader(9, [1, 2, 3], 5, 0), b'xyz')
ha, sa = mx.recordio.unpack(a); hb, sb = mx.recordio.unpack(b)
result = [a.hex(), b.hex(), [ha.flag, ha.label, ha.id, ha.id2, sa.decode()],
          [hb.flag, v(hb.label), hb.id, hb.id2, sb.decode()]]
""",
    "image_record_dataset": D + """
rec = os.path.join(WORKDIR, 'img.rec')
w = mx.recordio.MXIndexedRecordIO(rec[:-4] + '.idx', rec, 'w')
rs = np.random.RandomState(0)
imgs = [rs.randint(0, 256, size=(3, 4, 3)), rs.randint(0, 256, size=(2, 5))]
w.write_idx(0, mx.recordio.pack((0, 3.0, 0, 0), png(imgs[0])))
w.write_idx(1, mx.recordio.pack((0, [1.0, 2.0], 1, 0), png(imgs[1])))
w.close()
color = gluon.data.vision.ImageRecordDataset(rec)
gray = gluon.data.vision.ImageRecordDataset(rec, flag=0)
lab = gluon.data.vision.ImageRecordDataset(rec, transform=lambda x, y: (x.shape, y))
result = [[kind(color[i][0]), v(color[i][0]), v(color[i][1])] for i in range(2)] + [
    [kind(gray[i][0]), v(gray[i][0])] for i in range(2)] + [v(lab[1])]
""",
    "image_folder": D + """
root = os.path.join(WORKDIR, 'images')
rs = np.random.RandomState(1)
for name in ('car/b.png', 'car/a.PNG', 'bus/x.png', 'bus/notes.txt', 'truck/y.png'):
    os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
    with open(os.path.join(root, name), 'wb') as f:
        if not name.endswith('.txt'):
            f.write(png(rs.randint(0, 256, size=(2, 3, 3))))
open(os.path.join(root, 'README'), 'w').close()
ds = gluon.data.vision.ImageFolderDataset(root)
gray = gluon.data.vision.ImageFolderDataset(root, flag=0)
result = [ds.synsets, [[os.path.relpath(f, root), l] for f, l in ds.items], len(ds),
          [kind(ds[i]) for i in range(len(ds))], v(ds[1][0]), v(gray[0][0])]
""",
    "mnist": D + """
module = gluon.data.vision.datasets
saved = local_files(module)
try:
    folder = os.path.join(WORKDIR, 'mnist'); os.makedirs(folder)
    write_mnist(folder, 'train', 7, 0); write_mnist(folder, 't10k', 3, 1)
    train = gluon.data.vision.MNIST(root=folder)
    test = gluon.data.vision.FashionMNIST(root=folder, train=False,
                                          transform=lambda x, y: (x.astype('float32') / 255, y))
    x, y = train[0]
    result = [len(train), len(test), kind(x), type(y).__name__, int(y), int(x.sum().asscalar()),
              [int(train[i][1]) for i in range(7)], kind(test[2]), v(test[2][1]),
              round(float(test[2][0].sum().asscalar()), 3),
              [kind(b) for b in gluon.data.DataLoader(train, 4)]]
finally:
    restore(module, saved)
""",
    "cifar": D + """
module = gluon.data.vision.datasets
saved = local_files(module)
try:
    c10 = os.path.join(WORKDIR, 'c10'); os.makedirs(c10)
    write_cifar(c10, ['data_batch_%d.bin' % i for i in range(1, 6)], 2, 1)
    write_cifar(c10, ['test_batch.bin'], 3, 1, seed=5)
    c100 = os.path.join(WORKDIR, 'c100'); os.makedirs(c100)
    write_cifar(c100, ['train.bin'], 4, 2); write_cifar(c100, ['test.bin'], 2, 2, seed=3)
    train = gluon.data.vision.CIFAR10(root=c10)
    test = gluon.data.vision.CIFAR10(root=c10, train=False)
    coarse = gluon.data.vision.CIFAR100(root=c100)
    fine = gluon.data.vision.CIFAR100(root=c100, fine_label=True, train=False)
    result = [len(train), len(test), kind(train[0]), type(train[0][1]).__name__,
              v(train[9][0][1]), [int(test[i][1]) for i in range(3)],
              [int(coarse[i][1]) for i in range(4)], [int(fine[i][1]) for i in range(2)],
              v(fine[1][0][31][31])]
finally:
    restore(module, saved)
""",
    "dataset_missing_offline": D + """
os.environ['MXNET_GLUON_REPO'] = 'http://127.0.0.1:9/'
try:
    gluon.data.vision.FashionMNIST(root=os.path.join(WORKDIR, 'fm'), train=False)
finally:
    del os.environ['MXNET_GLUON_REPO']
""",
}

# ----- gluon.loss ---------------------------------------------------------------------------
LOSS_PRELUDE = """
L = gluon.loss
P = nd.array([[1.0, 2.0], [3.0, 5.0], [0.0, 0.0]])
T = nd.array([[0.0, 2.0], [3.0, 3.0], [1.0, -1.0]])
Z = nd.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]); Y = nd.array([2, 0])
S = nd.array([[-1.0, 0.0, 2.0], [3.0, -4.0, 0.5]]); B = nd.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])

def grads(loss, *inputs, **kw):
    # [loss values, the gradient of its sum for each input]
    xs = [x if x is None else x.copy() for x in inputs]
    for x in xs:
        if x is not None:
            x.attach_grad()
    with autograd.record():
        out = loss(*xs, **kw)
    out.backward()
    return [v(out)] + [v(x.grad) for x in xs if x is not None]
"""
LP = LOSS_PRELUDE

LOSS = {
    "repr": LP + "result = [repr(c()) for c in (L.L2Loss, L.L1Loss, L.SoftmaxCrossEntropyLoss, "
                 "L.SigmoidBinaryCrossEntropyLoss, L.KLDivLoss, L.HuberLoss, L.HingeLoss, "
                 "L.SquaredHingeLoss, L.LogisticLoss, L.TripletLoss, L.PoissonNLLLoss, "
                 "L.CosineEmbeddingLoss, L.CTCLoss, L.SDMLLoss)] + "
                 "[repr(L.L2Loss(weight=2, batch_axis=1))]",
    "aliases": LP + "result = [L.SigmoidBCELoss is L.SigmoidBinaryCrossEntropyLoss, "
                    "L.SoftmaxCELoss is L.SoftmaxCrossEntropyLoss]",
    "l2": LP + "result = grads(L.L2Loss(), P, T)",
    "l2_weight": LP + "result = v(L.L2Loss(weight=2.)(P, T))",
    "l2_sample_weight": LP + "result = grads(L.L2Loss(), P, T, nd.array([[1.0], [0.0], [2.0]]))",
    "l2_sample_weight_not_broadcastable": LP + "v(L.L2Loss()(P, T, nd.array([1.0, 0.0, 2.0])))",
    "l2_label_reshaped": LP + "result = [v(L.L2Loss()(nd.array([[1.0], [2.0], [3.0]]), "
                              "nd.array([1.0, 0.0, 0.0]))), v(L.L2Loss()(P, T.reshape((2, 3))))]",
    "l2_label_too_small": LP + "v(L.L2Loss()(P, nd.ones(4)))",
    "l2_label_too_large": LP + "result = v(L.L2Loss()(P, nd.arange(8)))",
    "l2_1d": LP + "result = v(L.L2Loss()(nd.array([1.0, 2.0, 3.0]), nd.zeros(3)))",
    "l2_3d": LP + "result = grads(L.L2Loss(), nd.arange(8).reshape((2, 2, 2)), "
                  "nd.zeros((2, 2, 2)))",
    "l2_batch_axis1": LP + "result = grads(L.L2Loss(batch_axis=1), P, T)",
    "l2_float64": LP + "out = L.L2Loss()(P.astype('float64'), T.astype('float64'))\n"
                       "result = [kind(out), v(out)]",
    "weight_not_a_number": LP + "L.L1Loss(weight=nd.ones(1))(P, T)",
    "l1": LP + "result = grads(L.L1Loss(weight=3), P, T)",
    "sce": LP + "result = grads(L.SoftmaxCrossEntropyLoss(), Z, Y)",
    "sce_label_shapes": LP + """
result = [v(L.SoftmaxCELoss()(Z, Y.reshape((2, 1)))), v(L.SoftmaxCELoss()(Z, Y.astype('int32'))),
          v(L.SoftmaxCELoss()(Z, nd.array([1.7, 0.0]))),
          v(L.SoftmaxCELoss()(Z, nd.array([5.0, -1.0])))]
""",
    "sce_dense": LP + "result = grads(L.SoftmaxCrossEntropyLoss(sparse_label=False), Z, "
                      "nd.array([[0.0, 0.0, 1.0], [0.5, 0.5, 0.0]]))",
    "sce_dense_label_reshaped": LP + "result = v(L.SoftmaxCrossEntropyLoss(sparse_label=False)(Z, "
                                     "nd.array([0.0, 0.0, 1.0, 0.5, 0.5, 0.0])))",
    "sce_from_logits": LP + "result = grads(L.SoftmaxCrossEntropyLoss(from_logits=True), Z, Y)",
    "sce_axis1": LP + "result = grads(L.SoftmaxCrossEntropyLoss(axis=1), "
                      "nd.arange(12).reshape((2, 3, 2)) / 5, nd.array([[0, 1], [2, 2]]))",
    "sce_ntc": LP + "result = grads(L.SoftmaxCrossEntropyLoss(), nd.arange(12).reshape((2, 2, 3)) "
                    "/ 5, nd.array([[0, 1], [2, 2]]))",
    "sce_weights": LP + "result = [v(L.SoftmaxCrossEntropyLoss(weight=0.5)(Z, Y)), "
                        "grads(L.SoftmaxCrossEntropyLoss(), Z, Y, nd.array([[2.0], [0.0]]))]",
    "sce_float64": LP + "result = grads(L.SoftmaxCrossEntropyLoss(), Z.astype('float64'), Y)",
    "sce_batch_axis1": LP + "result = v(L.SoftmaxCrossEntropyLoss(axis=0, batch_axis=1)(Z.T, Y))",
    "bce_logits": LP + "result = grads(L.SigmoidBinaryCrossEntropyLoss(), S, B)",
    "bce_sigmoid": LP + "result = grads(L.SigmoidBinaryCrossEntropyLoss(from_sigmoid=True), "
                        "nd.sigmoid(S), B)",
    "bce_edges": LP + """
result = [v(L.SigmoidBCELoss(from_sigmoid=True)(nd.array([[0.0, 1.0]]), nd.array([[1.0, 0.0]]))),
          v(L.SigmoidBCELoss()(nd.array([[100.0, -100.0]]), nd.array([[0.0, 1.0]])))]
""",
    "bce_pos_weight": LP + "result = grads(L.SigmoidBinaryCrossEntropyLoss(), S, B, None, "
                           "nd.array([[2.0, 2.0, 2.0]]))",
    "bce_pos_weight_sigmoid": LP + "result = grads(L.SigmoidBinaryCrossEntropyLoss(from_sigmoid="
                                   "True), nd.sigmoid(S), B, nd.array([[1.0], [3.0]]), "
                                   "nd.array([[2.0, 1.0, 0.5]]))",
    "kldiv": LP + """
q = nd.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]])
result = [grads(L.KLDivLoss(), nd.log_softmax(Z), q), grads(L.KLDivLoss(from_logits=False), Z, q),
          v(L.KLDivLoss()(nd.log_softmax(Z), nd.array([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]])))]
""",
    "huber": LP + """
p = nd.array([[0.0, 2.0, 5.0], [1.0, 1.5, -1.0]]); t = nd.array([[0.5, 0.0, 0.0], [1.0, 0.0, 0.0]])
result = [grads(L.HuberLoss(), p, t), grads(L.HuberLoss(rho=2.0), p, t)]
""",
    "hinge": LP + "result = [grads(L.HingeLoss(), nd.array([[0.5, -2.0, 3.0]]), "
                  "nd.array([[1.0, 1.0, -1.0]])), grads(L.SquaredHingeLoss(margin=2), "
                  "nd.array([[0.5, -2.0, 3.0]]), nd.array([[1.0, 1.0, -1.0]]))]",
    "logistic": LP + "result = [grads(L.LogisticLoss(), nd.array([[0.5, -2.0], [30.0, -30.0]]), "
                     "nd.array([[1.0, -1.0], [-1.0, 1.0]])), v(L.LogisticLoss(label_format="
                     "'binary')(nd.array([[0.5, -2.0]]), nd.array([[1.0, 0.0]])))]",
    "logistic_bad_format": (LP + "L.LogisticLoss(label_format='pm')", {"message": True}),
    "poisson": LP + """
result = [grads(L.PoissonNLLLoss(), nd.array([[1.0, 2.0]]), nd.array([[1.0, 0.0]])),
          v(L.PoissonNLLLoss()(nd.array([[1.0, 2.0], [0.0, 0.0]]),
                               nd.array([[1.0, 0.0], [1.0, 1.0]]))),
          grads(L.PoissonNLLLoss(from_logits=False), nd.array([[1.0, 2.0], [0.5, 3.0]]),
                nd.array([[1.0, 0.0], [2.0, 4.0]])),
          v(L.PoissonNLLLoss(from_logits=False)(nd.array([[1.0, 2.0]]), nd.array([[1.0, 3.0]]),
                                                 None, 0.5)),
          v(L.PoissonNLLLoss(weight=2.0)(nd.array([[1.0, 2.0]]), nd.array([[1.0, 0.0]]),
                                          nd.array([[1.0], [2.0]])))]
""",
    "poisson_full": LP + "result = v(L.PoissonNLLLoss(compute_full=True)("
                         "nd.array([[1.0, 2.0], [0.5, 3.0]]), nd.array([[1.0, 0.0], [2.0, 4.0]])))",
    "poisson_full_recorded": LP + "result = grads(L.PoissonNLLLoss(compute_full=True), "
                                  "nd.array([[1.0, 2.0], [0.5, 3.0]]), "
                                  "nd.array([[1.0, 0.0], [2.0, 4.0]]))",
    "keyword_forward_arguments": LP + "L.PoissonNLLLoss()(nd.ones((1, 2)), nd.ones((1, 2)), "
                                      "epsilon=0.5)",
    "cosine": LP + """
a = nd.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
b = nd.array([[0.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
result = [grads(L.CosineEmbeddingLoss(), a, b, nd.array([1.0, -1.0, -1.0])),
          v(L.CosineEmbeddingLoss(margin=0.5)(a, b, nd.array([[1.0], [-1.0], [-1.0]]))),
          kind(L.CosineEmbeddingLoss()(a, b, nd.array([1.0, 1.0, 1.0])))]
""",
    "triplet": LP + """
p = nd.array([[0.0, 0.0], [1.0, 1.0]]); pos = nd.array([[1.0, 0.0], [1.0, 2.0]])
neg = nd.array([[0.0, 2.0], [1.0, 1.5]])
result = [grads(L.TripletLoss(), p, pos, neg), v(L.TripletLoss(margin=3, weight=0.5)(p, pos, neg))]
""",
    "sdml": LP + "result = v(L.SDMLLoss()(nd.array([[0.0, 0.0], [1.0, 1.0], [3.0, 0.0]]), "
                 "nd.array([[0.1, 0.0], [1.0, 1.2], [2.0, 0.0]])))",
    "ctc": (LP + """
rs = np.random.RandomState(3); lg = nd.array(rs.randn(2, 4, 3))
ctc = L.CTCLoss()
result = [v(ctc(nd.zeros((1, 4, 3)), nd.array([[1, 0, -1]]))),
          grads(ctc, lg, nd.array([[0, 1, -1], [1, 1, -1]])),
          v(ctc(lg, nd.array([[0, 1, 0], [1, 1, 1]]), nd.array([4, 3]), nd.array([2, 1]))),
          v(L.CTCLoss(layout='TNC', label_layout='TN', weight=2.0)(lg.swapaxes(0, 1),
                                                                   nd.array([[0, 1], [1, -1]])))]
""", {"rtol": 1e-5, "atol": 1e-6, "needs": "nd.CTCLoss"}),
    # d2l's loops, with the Parameters a Dense layer would hold (gluon_api.md section 9)
    "linear_regression_epochs": LP + """
X = nd.array([[1.0, 2.0], [2.0, 0.0], [0.0, 1.0], [3.0, 1.0]])
y = nd.dot(X, nd.array([[2.0], [-3.4]])) + 4.2
w = gluon.Parameter('w', shape=(1, 2)); w.initialize(); w.set_data(nd.zeros((1, 2)))
b = gluon.Parameter('b', shape=(1,)); b.initialize(); b.set_data(nd.zeros(1))
net = lambda x: nd.dot(x, w.data().T) + b.data()
loss = L.L2Loss()
trainer = gluon.trainer.Trainer([w, b], 'sgd', {'learning_rate': 0.1})
loader = gluon.data.DataLoader(gluon.data.ArrayDataset(X, y), batch_size=2)
out = []
for epoch in range(3):
    for xb, yb in loader:
        with autograd.record():
            l = loss(net(xb), yb)
        l.backward()
        trainer.step(2)
    out.append([float(loss(net(X), y).mean().asscalar()), v(w.data()), v(b.data())])
result = out
""",
    "d2l_linear_regression_dense": (LP + """
X = nd.array([[1.0, 2.0], [2.0, 0.0], [0.0, 1.0], [3.0, 1.0]])
y = nd.dot(X, nd.array([[2.0], [-3.4]])) + 4.2
net = gluon.nn.Sequential(); net.add(gluon.nn.Dense(1)); net.initialize(mx.init.Zero())
loss = L.L2Loss()
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
loader = gluon.data.DataLoader(gluon.data.ArrayDataset(X, y), batch_size=2)
out = []
for epoch in range(3):
    for xb, yb in loader:
        with autograd.record():
            l = loss(net(xb), yb)
        l.backward()
        trainer.step(2)
    out.append([float(loss(net(X), y).mean().asscalar()), v(net[0].weight.data()),
                v(net[0].bias.data())])
result = out
""", {"needs": "nn"}),
    "d2l_softmax_regression_dense": (LP + """
net = gluon.nn.Dense(3, in_units=2); net.initialize(mx.init.One())
net.bias.set_data(nd.array([0.0, 0.1, 0.2]))
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.5})
x = nd.array([[1.0, 0.0], [0.0, 2.0]]); yl = nd.array([0, 2])
with autograd.record():
    l = L.SoftmaxCrossEntropyLoss()(net(x), yl)
l.backward(); trainer.step(2)
result = [v(l), v(net.weight.grad()), v(net.bias.grad()), v(net.weight.data()),
          v(net.bias.data())]
""", {"needs": "nn"}),
    "softmax_regression_step": LP + """
w = gluon.Parameter('w', shape=(3, 2)); w.initialize(); w.set_data(nd.ones((3, 2)))
b = gluon.Parameter('b', shape=(3,)); b.initialize(); b.set_data(nd.array([0.0, 0.1, 0.2]))
x = nd.array([[1.0, 0.0], [0.0, 2.0]]); yl = nd.array([0, 2])
trainer = gluon.trainer.Trainer([w, b], 'sgd', {'learning_rate': 0.5})
with autograd.record():
    l = L.SoftmaxCrossEntropyLoss()(nd.dot(x, w.data().T) + b.data(), yl)
l.backward(); trainer.step(2)
result = [v(l), v(w.grad()), v(b.grad()), v(w.data()), v(b.data())]
""",
}

# ----- gluon.data.vision.transforms ----------------------------------------------------------
TRANSFORMS_PRELUDE = """
T = gluon.data.vision.transforms
rs = np.random.RandomState(0)
def img(*shape, dtype='uint8'):
    return nd.array(rs.randint(0, 256, size=shape), dtype=dtype)
"""
TP = TRANSFORMS_PRELUDE

TRANSFORMS = {
    "to_tensor": TP + """
x = img(3, 4, 2)
y = T.ToTensor()(x); b = T.ToTensor()(nd.stack(x, x))
result = [kind(y), v(y), kind(b), v(T.ToTensor()(x.astype('float32')))]
""",
    "to_tensor_2d": (TP + "T.ToTensor()(nd.zeros((28, 28), dtype='uint8'))", {"message": True}),
    "normalize": TP + """
x = T.ToTensor()(img(2, 3, 3))
result = [v(T.Normalize(0.5, 0.25)(x)), v(T.Normalize((0.1, 0.2, 0.3), (1.0, 2.0, 4.0))(x)),
          v(T.Normalize((0.1,), (2.0,))(x[:1])), kind(T.Normalize()(nd.stack(x, x)))]
""",
    "normalize_hwc": (TP + "T.Normalize()(nd.zeros((28, 28, 1)))", {"message": True}),
    "normalize_bad_mean": (TP + "T.Normalize(mean=(0.1, 0.2, 0.3))(nd.zeros((1, 28, 28)))",
                           {"message": True}),
    "resize_upscale": (TP + """
out = []
for shape, size in [((2, 2, 1), 4), ((3, 4, 3), (7, 5)), ((4, 4, 1), (11, 9)), ((5, 3, 2), 8)]:
    x = img(*shape)
    out.append([v(T.Resize(size)(x)), v(T.Resize(size, interpolation=0)(x)),
                v(T.Resize(size)(x.astype('float32')))])
result = out
""", {"atol": 1.0}),
    "resize_downscale": (TP + """
out = []
for shape, size in [((7, 5, 3), (3, 4)), ((9, 9, 1), 4), ((6, 10, 1), (5, 3))]:
    x = img(*shape)
    out.append([v(T.Resize(size)(x)), v(T.Resize(size, interpolation=0)(x)),
                v(T.Resize(size)(x.astype('float32')))])
result = out
""", {"atol": 1.0}),
    "resize_probe": TP + "result = v(T.Resize(4)(nd.array([[0, 100], [200, 255]], "
                         "dtype='uint8').reshape((2, 2, 1))))",
    "resize_keep_ratio_and_shapes": TP + """
result = [kind(T.Resize(14, keep_ratio=True)(img(28, 56, 1))),
          kind(T.Resize(14, keep_ratio=True)(img(56, 28, 3))),
          kind(T.Resize((10, 20))(img(28, 28, 1))),
          kind(T.Resize(14)(img(1, 28, 28))),
          kind(T.Resize(14)(img(28, 28, 3, dtype='float32'))),
          kind(T.Resize(7)(img(2, 28, 28, 3)))]
""",
    "resize_wide": (TP + """
x = img(28, 28, 1)
result = [v(T.Resize(64)(x)), v(T.Resize(20)(x))]
""", {"atol": 1.0}),
    "center_crop": TP + """
x = img(6, 8, 3)
result = [v(T.CenterCrop(4)(x)), v(T.CenterCrop((5, 3))(x)), kind(T.CenterCrop(10)(x)),
          v(T.CenterCrop((4, 9))(x.astype('float32')))]
""",
    "crop_resize_two_channels": TP + "T.CropResize(1, 2, 3, 4)(img(6, 8, 2))",
    "crop_resize": TP + """
x = img(6, 8, 3)
result = [v(T.CropResize(1, 2, 3, 4)(x)), v(T.CropResize(0, 0, 4, 4, size=2, interpolation=1)(x)),
          v(T.CropResize(2, 1, 4, 3, size=(2, 6), interpolation=0)(x))]
""",
    "crop_resize_no_interpolation": TP + "v(T.CropResize(0, 0, 4, 4, size=2)(img(6, 8, 3)))",
    "cast_compose": TP + """
x = img(28, 28, 1)
c = T.Compose([T.Resize(14), T.ToTensor(), T.Normalize(0.5, 0.25)])
y = c(x)
result = [kind(T.Cast()(x)), kind(T.Cast('float64')(x)), kind(y), v(y[0, :2, :3]), len(c),
          [type(b).__name__ for b in c]]
""",
    "random_shapes": TP + """
x = img(10, 12, 3)
ts = [T.RandomResizedCrop(6), T.RandomResizedCrop((5, 4), scale=(0.5, 1.0)),
      T.RandomFlipLeftRight(), T.RandomFlipTopBottom(), T.RandomBrightness(0.3),
      T.RandomContrast(0.3), T.RandomSaturation(0.3), T.RandomHue(0.2),
      T.RandomColorJitter(0.2, 0.2, 0.2, 0.1), T.RandomLighting(0.1)]
result = [[type(t).__name__, kind(t(x)), kind(t(x.astype('float32')))] for t in ts]
""",
    "random_identity_settings": TP + """
x = img(4, 5, 3)
ts = [T.RandomBrightness(0), T.RandomContrast(0), T.RandomSaturation(0), T.RandomHue(0),
      T.RandomColorJitter(), T.RandomLighting(0)]
result = [v(t(x)) == v(x) for t in ts]
""",
    "flips_cover_both": TP + """
x = nd.arange(8).reshape((2, 4, 1))
lr = {tuple(v(T.RandomFlipLeftRight()(x)[0, :, 0])) for _ in range(60)}
tb = {tuple(v(T.RandomFlipTopBottom()(x)[:, 0, 0])) for _ in range(60)}
result = [sorted(lr), sorted(tb)]
""",
    "flip_odd_width": TP + """
x = nd.arange(6).reshape((2, 3, 1))
flipped = [v(y[0, :, 0]) for y in (T.RandomFlipLeftRight()(x) for _ in range(60))
           if v(y[0, :, 0]) != [0.0, 1.0, 2.0]]
result = flipped[0]
""",
    "d2l_fashion_mnist": D + TP + """
module = gluon.data.vision.datasets
saved = local_files(module)
try:
    folder = os.path.join(WORKDIR, 'fm'); os.makedirs(folder)
    write_mnist(folder, 'train', 10, 0)
    train = gluon.data.vision.FashionMNIST(root=folder, train=True)
    loader = gluon.data.DataLoader(train.transform_first(T.ToTensor()), 4, shuffle=False)
    X, y = next(iter(loader))
    resized = gluon.data.DataLoader(train.transform_first(T.Compose([T.Resize(6),
                                                                     T.ToTensor()])), 4)
    X6, _ = next(iter(resized))
    result = [kind(X), kind(y), len(loader), round(float(X.sum().asscalar()), 3), kind(X6),
              round(float(X6.sum().asscalar()), 2)]
finally:
    restore(module, saved)
""",
}

SECTIONS = {"optimizer": OPTIMIZERS, "lr_scheduler": SCHEDULERS, "trainer": TRAINER,
            "utils": UTILS, "data": DATA, "loss": LOSS,
            "transforms": TRANSFORMS}
