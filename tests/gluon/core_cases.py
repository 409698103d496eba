"""The golden cases of Gluon's core (Parameter, ParameterDict, initializers, Block, HybridBlock,
the nn layers, parameter files), run both by MXNet 1.9.1 (to record them:
scripts/record_gluon_core.py, under a virtual environment with the real MXNet) and by ndsh
(tests/gluon/test_golden_core.py replays them against tests/gluon/golden/core.json).

Each case is a snippet run in a fresh namespace holding `mx`, `nd`, `autograd`, `gluon`, `nn`,
`np`, `warnings`, `WORKDIR` and PRELUDE's helpers, inside a fresh `mx.name.NameManager()` (so
block names do not depend on the cases before) after `mx.random.seed(0)`. It sets `result` to
plain data through `v()`. A snippet that raises is recorded as its exception's type name and
message. A case is a snippet or (snippet, options): `rtol` / `atol`; `message`: True (ndsh
gives MXNet's exact message) or 'prefix' (ndsh's message starts with MXNet's and says more);
`needs`: nd ops the case runs (the replay skips it, naming them, until the engine has them).

Random draws differ between MXNet and ndsh, so cases that draw report only facts that hold
for any seed (bounds, shapes, spreads), or use deterministic parameters (`fill`).
"""
from __future__ import annotations

import contextlib
import io
import json
import sys
import warnings

PRELUDE = '''
def v(x):
    if hasattr(x, "asnumpy"):
        x = x.asnumpy()
    if isinstance(x, (list, tuple)):
        return [v(i) for i in x]
    if isinstance(x, dict):
        return {k: v(i) for k, i in x.items()}
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.generic):
        return x.item()
    return x

def det(shape, k=0, positive=False):
    """Deterministic values of a shape (no random stream involved)."""
    size = int(np.prod(shape)) if len(shape) else 1
    values = np.cos(np.arange(size) * 0.37 + k * 1.3) * 0.5
    if positive:
        values = values + 1.0
    return values.reshape(shape).astype("float32")

def fill(block):
    """Give every parameter deterministic values (in the order of its structural names)."""
    params = block._collect_params_with_prefix()
    for k, name in enumerate(sorted(params)):
        p = params[name]
        positive = name.endswith("running_var")
        p.set_data(nd.array(det(p.shape, k, positive), dtype=p.dtype))

def layer(block, x, train=True, dx=True, init=True, steps=1):
    """Forward and backward of a block with deterministic parameters: the output, the input's
    gradient, each trainable parameter's gradient and the running statistics afterwards."""
    if init:
        block.initialize()
        with autograd.record():   # the first forward finishes deferred initialization
            block(x)              # (recorded: MXNet's oneDNN max-pooling backward goes wrong
                                  # after a forward in predict mode of the same shape)
        fill(block)
    params = block._collect_params_with_prefix()
    for _ in range(steps):
        if dx:
            x.attach_grad()
        if train:
            with autograd.record():
                y = block(x)
            y.backward(nd.array(det(y.shape, 99), dtype=y.dtype))
        else:
            y = block(x)
    out = {"out": v(y), "shape": list(y.shape), "dtype": np.dtype(y.dtype).name}
    if train and dx:
        out["dx"] = v(x.grad)
    if train:
        out["grads"] = {n: v(p.grad()) for n, p in sorted(params.items())
                        if p.grad_req != "null"}
    out["stats"] = {n: v(p.data()) for n, p in sorted(params.items()) if "running" in n}
    return out

def names(pd):
    return list(pd.keys())

def caught(fn):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        value = fn()
    return value, [str(x.message) for x in w]

def error(fn):
    try:
        fn()
    except Exception as e:
        return [type(e).__name__, str(e)]
    return None
'''

# ----- Parameter --------------------------------------------------------------------------
PARAMETER = {
    "repr_and_attributes": """
p = gluon.Parameter('w', shape=(2, 3))
result = [repr(p), p.name, list(p.shape), str(p.dtype), p.grad_req, p.lr_mult, p.wd_mult,
          p.init]
""",
    "data_before_initialize": ("gluon.Parameter('w', shape=(2, 3)).data()", {"message": True}),
    "grad_before_initialize": ("gluon.Parameter('w', shape=(2, 3)).grad()", {"message": True}),
    "list_ctx_before_initialize": ("gluon.Parameter('w', shape=(2,)).list_ctx()",
                                   {"message": True}),
    "initialize_one": """
p = gluon.Parameter('w', shape=(2, 3)); p.initialize(init=mx.init.One())
result = [v(p.data()), v(p.grad()), repr(p.list_ctx()), p.data() is p.data()]
""",
    "data_writes_through": """
p = gluon.Parameter('w', shape=(2,)); p.initialize(init='zeros')
p.data()[:] = 5
result = v(p.data())
""",
    "set_data": """
p = gluon.Parameter('w', shape=(2, 3)); p.initialize()
p.set_data(nd.arange(6).reshape((2, 3)))
a = v(p.data())
p.set_data(np.ones((2, 3), dtype='float64'))
result = [a, v(p.data()), str(np.dtype(p.data().dtype))]
""",
    "set_data_wrong_shape": ("""
p = gluon.Parameter('w', shape=(2, 3)); p.initialize()
p.set_data(nd.ones((3, 2)))
""", {"message": True}),
    "data_on_other_context": ("""
p = gluon.Parameter('w', shape=(2,)); p.initialize()
p.data(mx.cpu(1))
""", {"message": True}),
    "several_contexts": """
p = gluon.Parameter('w', shape=(2,)); p.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
same = (p.data(mx.cpu(0)).asnumpy() == p.data(mx.cpu(1)).asnumpy()).all()
result = [len(p.list_data()), repr(p.data(mx.cpu(1)).context), bool(same),
          repr(p.data().context), repr(p.list_ctx())]
""",
    "reset_ctx": """
p = gluon.Parameter('w', shape=(2,)); p.initialize(init='ones')
p.reset_ctx(mx.cpu(2))
result = [repr(p.list_ctx()), repr(p.data().context), v(p.data())]
""",
    "grad_after_backward_and_zero_grad": """
p = gluon.Parameter('w', shape=(2,)); p.initialize(init='ones')
with autograd.record():
    y = (p.data() * nd.array([3, 4])).sum()
y.backward()
g = v(p.grad())
p.zero_grad()
z = v(p.grad())
p.data().grad[:] = 9                   # the same buffer as p.grad()
result = [g, z, v(p.grad())]
""",
    "grad_req_add": """
p = gluon.Parameter('w', shape=(2,), grad_req='add'); p.initialize(init='ones')
for _ in range(2):
    with autograd.record():
        y = (p.data() * nd.array([3, 4])).sum()
    y.backward()
result = v(p.grad())
""",
    "grad_req_null": ("""
p = gluon.Parameter('q', shape=(2,), grad_req='null'); p.initialize()
p.grad()
""", {"message": True}),
    "grad_req_null_list_grad": ("""
p = gluon.Parameter('q', shape=(2,), grad_req='null'); p.initialize()
p.list_grad()
""", {"message": True}),
    "grad_req_bogus": ("gluon.Parameter('q', shape=(2,), grad_req='bogus')", {"message": True}),
    "grad_req_back_to_write": """
p = gluon.Parameter('q', shape=(2,)); p.initialize(init='ones')
p.grad()[:] = 3
p.grad_req = 'null'
p.grad_req = 'write'
result = [p.grad_req, v(p.grad())]
""",
    "not_differentiable": """
p = gluon.Parameter('q', shape=(2,), differentiable=False)
result = p.grad_req
""",
    "shape_fill_unknown": """
p = gluon.Parameter('u', shape=(3, 0))
r = repr(p)
p.shape = (3, 4)
result = [r, list(p.shape)]
""",
    "shape_change_known": ("""
p = gluon.Parameter('u', shape=(3, 4))
p.shape = (5, 4)
""", {"message": True}),
    "shape_int_and_none": """
result = [list(gluon.Parameter('a', shape=3).shape), repr(gluon.Parameter('v'))]
""",
    "initialize_invalid_shape": ("gluon.Parameter('z', shape=(2, 0)).initialize()",
                                 {"message": True}),
    "dtype_float64": """
p = gluon.Parameter('c', shape=(2,), dtype='float64'); p.initialize()
result = [repr(p), str(p.dtype), str(np.dtype(p.data().dtype))]
""",
    "cast_float16": """
p = gluon.Parameter('c', shape=(2,)); p.initialize()
p.cast('float16')
result = [str(p.dtype), str(np.dtype(p.data().dtype)), str(np.dtype(p.grad().dtype))]
""",
    "int32_with_one": """
p = gluon.Parameter('i', shape=(2,), dtype='int32'); p.initialize(init=mx.init.One())
result = [v(p.data()), str(np.dtype(p.data().dtype))]
""",
    "int32_with_uniform": "gluon.Parameter('i', shape=(2,), dtype='int32').initialize()",
    "initialize_twice_warns": """
p = gluon.Parameter('w', shape=(2,)); p.initialize()
_, w = caught(lambda: p.initialize())
result = w
""",
    "initialize_init_overrides_own": """
p = gluon.Parameter('w', shape=(2,), init='zeros'); p.initialize(init=mx.init.One())
q = gluon.Parameter('w', shape=(2,), init='zeros'); q.initialize(default_init=mx.init.One())
result = [v(p.data()), v(q.data())]
""",
    "force_reinit": """
p = gluon.Parameter('w', shape=(2,)); p.initialize(init='zeros')
p.initialize(init='ones', force_reinit=True)
result = v(p.data())
""",
    "constant": """
c = gluon.Constant('k', [1, 2])
c.initialize()
_, w = caught(lambda: setattr(c, 'grad_req', 'write'))
result = [repr(c), c.grad_req, v(c.data()), w]
""",
    "constant_set_data": """
c = gluon.Constant('k', [1, 2]); c.initialize()
c.set_data(nd.array([5, 6]))
result = v(c.data())
""",
}

# ----- ParameterDict ----------------------------------------------------------------------
PARAMETER_DICT = {
    "get_creates_under_prefix": """
pd = gluon.ParameterDict('pre_')
a = pd.get('weight', shape=(2, 2))
result = [a is pd.get('weight'), a.name, names(pd), repr(pd)]
""",
    "get_conflicting_shape": ("""
pd = gluon.ParameterDict('pre_')
pd.get('weight', shape=(2, 2))
pd.get('weight', shape=(3, 3))
""", {"message": True}),
    "get_compatible_shape": """
pd = gluon.ParameterDict('pre_')
pd.get('weight', shape=(2, 0))
result = list(pd.get('weight', shape=(2, 2)).shape)
""",
    "get_fills_unknown": """
pd = gluon.ParameterDict('pre_')
pd.get('weight', shape=(2, 2))
result = list(pd.get('weight', shape=(0, 2)).shape)
""",
    "get_conflicting_dtype": ("""
pd = gluon.ParameterDict('pre_')
pd.get('w', dtype='float32')
pd.get('w', dtype='float64')
""", {"message": True}),
    "get_same_dtype_spelled_differently": """
pd = gluon.ParameterDict('pre_')
pd.get('w', dtype='float32')
result = str(pd.get('w', dtype=np.float32).dtype)
""",
    "shared": """
a = gluon.ParameterDict('a_'); w = a.get('w', shape=(1,))
b = gluon.ParameterDict('a_', shared=a)
result = [b.get('w') is w, names(b)]
""",
    "empty_repr": "result = [repr(gluon.ParameterDict('x_')), repr(gluon.ParameterDict())]",
    "getitem_short_name": ("""
pd = gluon.ParameterDict('pre_'); pd.get('weight', shape=(1,))
pd['weight']
""", {"message": True}),
    "setattr": """
pd = gluon.ParameterDict('p_')
a = pd.get('a', shape=(1,)); b = pd.get('b', shape=(1,))
pd.setattr('grad_req', 'null'); pd.setattr('lr_mult', 0.5)
result = [a.grad_req, b.grad_req, a.lr_mult, b.lr_mult]
""",
    "update_conflict": ("""
a = gluon.ParameterDict('p_'); a.get('w', shape=(1,))
b = gluon.ParameterDict('p_'); b.get('w', shape=(1,))
a.update(b)
""", {"message": True}),
    "zero_grad_and_list_ctx": """
pd = gluon.ParameterDict('p_')
a = pd.get('a', shape=(2,)); b = pd.get('b', shape=(2,), grad_req='null')
pd.initialize(mx.init.One(), ctx=mx.cpu(1))
a.grad()[:] = 4
pd.zero_grad()
result = [v(a.grad()), repr(pd.list_ctx())]
""",
    "get_constant": """
pd = gluon.ParameterDict('p_')
c = pd.get_constant('c', [[1, 2], [3, 4]])
c2 = pd.get_constant('c')
pd.initialize()
result = [c is c2, repr(c), v(c.data())]
""",
    "get_constant_without_value": ("gluon.ParameterDict('p_').get_constant('c')",
                                   {"message": True}),
    "save_and_load": """
pd = gluon.ParameterDict('p_')
pd.get('a', shape=(2,)); pd.get('b', shape=(1, 2))
pd.initialize(mx.init.Constant(3))
pd.save(WORKDIR + '/pd.params')
pd.save(WORKDIR + '/pd2.params', strip_prefix='p_')
other = gluon.ParameterDict('p_'); other.get('a', shape=(2,)); other.get('b', shape=(1, 2))
other.load(WORKDIR + '/pd.params')
third = gluon.ParameterDict('q_'); third.get('a', shape=(2,)); third.get('b', shape=(1, 2))
third.load(WORKDIR + '/pd2.params', restore_prefix='q_')
result = [sorted(nd.load(WORKDIR + '/pd.params')), sorted(nd.load(WORKDIR + '/pd2.params')),
          v(other['p_b'].data()), v(third['q_a'].data())]
""",
    "save_strip_prefix_mismatch": ("""
pd = gluon.ParameterDict('p_'); pd.get('a', shape=(2,)); pd.initialize()
pd.save(WORKDIR + '/x.params', strip_prefix='zz_')
""", {"message": "prefix"}),
    "load_missing": ("""
pd = gluon.ParameterDict('p_'); pd.get('a', shape=(2,)); pd.get('b', shape=(2,))
nd.save(WORKDIR + '/m.params', {'p_a': nd.ones(2)})
pd.load(WORKDIR + '/m.params')
""", {"message": "prefix"}),
    "load_extra": ("""
pd = gluon.ParameterDict('p_'); pd.get('a', shape=(2,))
nd.save(WORKDIR + '/m.params', {'p_a': nd.ones(2), 'p_zz': nd.ones(2)})
pd.load(WORKDIR + '/m.params')
""", {"message": "prefix"}),
    "load_dict_arg_aux": """
pd = gluon.ParameterDict('p_'); a = pd.get('a', shape=(2,)); b = pd.get('b', shape=(1,))
pd.load_dict({'arg:p_a': nd.array([1, 2]), 'aux:p_b': nd.array([3])})
result = [v(a.data()), v(b.data())]
""",
}

# ----- initializers -----------------------------------------------------------------------
INIT = {
    "dumps": """
result = [mx.init.Zero().dumps(), mx.init.One().dumps(), mx.init.Constant(0.3).dumps(),
          mx.init.Uniform().dumps(), mx.init.Normal().dumps(), mx.init.Xavier().dumps(),
          mx.init.Orthogonal().dumps(), mx.init.MSRAPrelu().dumps(), mx.init.Bilinear().dumps(),
          mx.init.LSTMBias().dumps(), mx.init.Constant(nd.array([1, 2])).dumps(),
          mx.init.Xavier(factor_type='in', magnitude=2.34).dumps()]
""",
    "create_by_name_any_case": """
result = [type(mx.init.create(n)).__name__ for n in
          ('zeros', 'Zero', 'ONES', 'one', 'uniform', 'normal', 'XAVIER', 'msraprelu',
           'orthogonal', 'bilinear', 'lstmbias')]
""",
    "create_from_dumps": "result = mx.init.create('[\"normal\", {\"sigma\": 0.5}]').dumps()",
    "create_with_arguments": "result = mx.init.create('uniform', scale=0.5).dumps()",
    "create_unregistered": ("mx.init.create('gaussian')", {"message": True}),
    "create_not_a_string": ("mx.init.create(3)", {"message": True}),
    "create_constant_without_value": "mx.init.create('constant')",
    "equality": """
result = [mx.init.Uniform() == mx.init.Uniform(), mx.init.Uniform() == mx.init.Uniform(0.1),
          mx.init.Zero() == 3, mx.init.Xavier() == mx.init.Xavier()]
""",
    "constant_scalar_and_array": """
p = gluon.Parameter('w', shape=(2, 2)); p.initialize(init=mx.init.Constant([[1, 2], [3, 4]]))
q = gluon.Parameter('w', shape=(3,)); q.initialize(init=mx.init.Constant(0.3))
result = [v(p.data()), v(q.data())]
""",
    "bilinear": """
a = nd.zeros((1, 1, 4, 4)); mx.init.Bilinear()._init_weight('x', a)
b = nd.zeros((1, 2, 3, 5)); mx.init.Bilinear()._init_weight('x', b)
result = [v(a), v(b)]
""",
    "lstmbias": """
b = nd.zeros(8); mx.init.LSTMBias()._init_weight('x', b)
c = nd.zeros(8); mx.init.LSTMBias(2.0)._init_weight('x', c)
result = [v(b), v(c)]
""",
    "xavier_on_a_vector": ("mx.init.Xavier()._init_weight('w_weight', nd.zeros(3))",
                           {"message": True}),
    "xavier_bad_rnd_type": ("mx.init.Xavier(rnd_type='bad')._init_weight('w', nd.zeros((3, 3)))",
                            {"message": True}),
    "xavier_bad_factor_type": (
        "mx.init.Xavier(factor_type='bad')._init_weight('w', nd.zeros((3, 3)))",
        {"message": True}),
    "xavier_bounds": """
def bound_facts(init, shape, bound):
    w = nd.zeros(shape); init._init_weight('w', w)
    m = float(w.abs().max().asscalar())
    return [m <= bound * (1 + 1e-6), m > 0.9 * bound, round(bound, 5)]
result = [bound_facts(mx.init.Xavier(), (256, 512), (3 / 384) ** 0.5),
          bound_facts(mx.init.Xavier(factor_type='in'), (256, 512), (3 / 512) ** 0.5),
          bound_facts(mx.init.Xavier(factor_type='out', magnitude=6), (256, 512), (6 / 256) ** 0.5),
          bound_facts(mx.init.Xavier(), (64, 3, 5, 5), (3 / ((75 + 1600) / 2)) ** 0.5),
          bound_facts(mx.init.Uniform(), (256, 512), 0.07),
          bound_facts(mx.init.Uniform(0.5), (100,), 0.5)]
""",
    "gaussian_spreads": """
def spread(init, shape, target):
    w = nd.zeros(shape); init._init_weight('w', w)
    std = float(w.asnumpy().std())
    return [abs(std / target - 1) < 0.03, abs(float(w.asnumpy().mean())) < 0.1 * target]
result = [spread(mx.init.Normal(), (256, 512), 0.01),
          spread(mx.init.Normal(2.0), (256, 512), 2.0),
          spread(mx.init.Xavier(rnd_type='gaussian'), (256, 512), (3 / 384) ** 0.5),
          spread(mx.init.Xavier('gaussian', 'in', 2), (256, 512), (2 / 512) ** 0.5),
          spread(mx.init.MSRAPrelu(), (256, 512), (2 / 1.0625 / 384) ** 0.5)]
""",
    "orthogonal": """
def ortho(init, shape, scale):
    w = nd.zeros(shape); init._init_weight('w', w)
    m = w.asnumpy().reshape(shape[0], -1)
    g = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
    return bool(np.allclose(g, scale ** 2 * np.eye(g.shape[0]), atol=1e-4))
result = [ortho(mx.init.Orthogonal(), (4, 4), 1.414), ortho(mx.init.Orthogonal(1.0), (3, 5), 1),
          ortho(mx.init.Orthogonal(1.0, 'normal'), (5, 3), 1),
          ortho(mx.init.Orthogonal(2.0), (2, 3, 2), 2)]
""",
    "random_into_int": "mx.init.Uniform()._init_weight('x', nd.zeros(2, dtype='int32'))",
    "xavier_into_int": "mx.init.Xavier()._init_weight('x', nd.zeros((2, 2), dtype='int32'))",
    "normal_keeps_float64": """
w = nd.zeros((2, 2), dtype='float64'); mx.init.Normal()._init_weight('x', w)
result = str(np.dtype(w.dtype))
""",
    "base_initializer_weight": ("mx.init.Initializer()(mx.init.InitDesc('fc_weight'), "
                                "nd.zeros(2))", {"message": True}),
    "desc_by_name": """
def by_name(init, name):
    a = nd.zeros((2,)) + 7
    init(mx.init.InitDesc(name), a)
    return v(a)
result = [by_name(mx.init.One(), 'fc_weight'), by_name(mx.init.One(), 'fc_bias'),
          by_name(mx.init.Zero(), 'bn_gamma'), by_name(mx.init.One(), 'bn_beta'),
          by_name(mx.init.One(), 'q_min'), by_name(mx.init.Zero(), 'q_max')]
""",
    "desc_unknown_pattern": "mx.init.One()(mx.init.InitDesc('fc_running_mean'), nd.zeros(2))",
    "desc_with_init_attr": """
a = nd.zeros(2)
mx.init.Zero()(mx.init.InitDesc('fc_bias', {'__init__': 'ones'}), a)
result = v(a)
""",
    "legacy_call_by_name": """
def legacy(init, name):
    a = nd.zeros((2,)) + 7
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        init(name, a)
    return v(a)
result = [legacy(mx.init.One(), 'fc_weight'), legacy(mx.init.One(), 'fc_bias'),
          legacy(mx.init.Zero(), 'fc_gamma'), legacy(mx.init.Zero(), 'bn_moving_var'),
          legacy(mx.init.One(), 'bn_moving_mean')]
""",
    "mixed_called_directly": """
init = mx.init.Mixed(['.*bias', '.*'], [mx.init.One(), mx.init.Zero()])
a = nd.zeros(2) + 7; b = nd.zeros(2) + 7
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    init('fc_bias', a); init('fc_weight', b)
result = [v(a), v(b)]
""",
    "mixed_no_match": ("mx.init.Mixed(['.*bias'], [mx.init.One()])('fc_weight', nd.zeros(2))",),
    "gluon_uses_init_weight_only": """
class My(mx.init.Initializer):
    def _init_weight(self, name, arr):
        arr[:] = 5
    def _init_bias(self, name, arr):
        arr[:] = 7
a = nn.Dense(2, in_units=3); a.initialize(My())
b = nn.Dense(2, in_units=3, bias_initializer=None); b.initialize(My())
result = [v(a.weight.data()), v(a.bias.data()), v(b.bias.data())]
""",
    "gluon_ignores_names": """
class Odd(gluon.Block):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.gamma = self.params.get('gamma', shape=(3,))
        self.mybias = self.params.get('mybias', shape=(2,))
net = Odd(); net.initialize(mx.init.Zero())
net2 = Odd(); net2.initialize(mx.init.One())
result = [v(net.gamma.data()), v(net.mybias.data()), v(net2.mybias.data())]
""",
    "gluon_xavier_on_a_vector_parameter": ("""
class Odd(gluon.Block):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.gamma = self.params.get('gamma', shape=(3,))
Odd().initialize(mx.init.Xavier())
""", {"message": True}),
    "gluon_string_init_any_case": """
net = nn.Dense(4, in_units=8); net.initialize(init='XAVIER')
m = float(net.weight.data().abs().max().asscalar())
result = [m <= (3 / 6) ** 0.5, v(net.bias.data())]
""",
    "layer_defaults": """
d = nn.Dense(2, in_units=3); bn = nn.BatchNorm(in_channels=2); pr = nn.PReLU()
e = nn.Embedding(4, 2)
for b in (d, bn, pr, e):
    b.initialize(mx.init.Constant(9))
result = [v(d.weight.data()), v(d.bias.data()), v(bn.gamma.data()), v(bn.beta.data()),
          v(bn.running_mean.data()), v(bn.running_var.data()), v(pr.alpha.data()),
          v(e.weight.data())]
""",
    "verbose_initialize": """
net = nn.Dense(2, in_units=3); net.initialize(mx.init.One(), verbose=True)
result = v(net.weight.data())
""",
}

# ----- Block, names, printing, deferred initialization, hooks -------------------------------
BLOCK = {
    "names_and_counters": """
d0 = nn.Dense(2); d1 = nn.Dense(2)
blocks = [nn.Conv2D(2, 3), nn.BatchNorm(), nn.Embedding(3, 2), nn.Activation('relu'),
          nn.Dropout(0.5), nn.LeakyReLU(0.1), nn.Flatten(), nn.MaxPool2D(), nn.AvgPool1D(),
          nn.LayerNorm(), nn.PReLU(), nn.Conv1DTranspose(2, 2), nn.GlobalAvgPool2D(),
          nn.InstanceNorm(), nn.GroupNorm(), nn.ELU(), nn.SELU(), nn.GELU(), nn.Swish(),
          nn.Lambda('tanh'), nn.HybridLambda('relu'), nn.Sequential(), nn.HybridSequential(),
          nn.ReflectionPad2D(), nn.BatchNormReLU(), gluon.Block(), gluon.HybridBlock()]
result = [d0.name, d0.prefix, d1.name, names(d0.params), [b.name for b in blocks],
          names(blocks[1].params), names(blocks[10].params)]
""",
    "name_scope": """
net = nn.Sequential()
with net.name_scope():
    net.add(nn.Dense(2), nn.Dense(2))
net2 = nn.Sequential()
net2.add(nn.Dense(2), nn.Dense(2))
other = nn.Sequential()
with other.name_scope():
    other.add(nn.Dense(2))
result = [net.name, [c.name for c in net._children.values()], names(net.collect_params()),
          [c.name for c in net2._children.values()], names(net2.collect_params()),
          [c.name for c in other._children.values()]]
""",
    "nested_prefixes": """
net = nn.Sequential()
with net.name_scope():
    net.add(nn.Dense(2), nn.Dense(2))
    inner = nn.Sequential()
    with inner.name_scope():
        inner.add(nn.Dense(1))
    net.add(inner)
result = [[c.name for c in net._children.values()], names(net.collect_params())]
""",
    "custom_block_names": """
class MLP(gluon.Block):
    def __init__(self, **kw):
        super().__init__(**kw)
        with self.name_scope():
            self.hidden = nn.Dense(4)
            self.out = nn.Dense(2)
class NoScope(gluon.Block):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.d = nn.Dense(2)
a, b, c = MLP(), MLP(), NoScope()
result = [a.name, b.name, names(a.collect_params()), names(b.collect_params()), c.name,
          c.d.name, names(c.collect_params())]
""",
    "explicit_prefixes": """
a = nn.Dense(2, prefix='fc_'); b = nn.Dense(2, prefix='fc'); c = nn.Dense(2, prefix='')
result = [a.name, names(a.params), b.name, names(b.params), c.name, names(c.params)]
""",
    "name_prefix_and_manager": """
nn.Dense(2); nn.Dense(2)
with mx.name.Prefix('outer_'):
    a = nn.Dense(2)
with mx.name.NameManager():
    b = nn.Dense(2); c = nn.Conv2D(2, 3)
d = nn.Dense(2)
result = [a.name, names(a.params), b.name, c.name, d.name]
""",
    "shared_params": """
d0 = nn.Dense(2, in_units=2)
shared = nn.Dense(2, in_units=2, params=d0.params)
result = [shared.name, names(shared.params), shared.weight is d0.weight]
""",
    "block_scope_without_registering": """
b = gluon.Block()
with b.name_scope():
    d = nn.Dense(2)
result = [b.name, d.name]
""",
    "repr_sequential": """
net = nn.Sequential()
with net.name_scope():
    net.add(nn.Dense(8, activation='relu', in_units=4), nn.Dense(2), nn.Dropout(0.5),
            nn.BatchNorm(), nn.Flatten())
result = [repr(net), str(net) == repr(net)]
""",
    "repr_custom": """
class MLP(gluon.Block):
    def __init__(self, **kw):
        super().__init__(**kw)
        with self.name_scope():
            self.hidden = nn.Dense(4, activation='relu')
            self.out = nn.Dense(2)
    def forward(self, x):
        return self.out(self.hidden(x))
result = repr(MLP())
""",
    "repr_layers": """
layers = [nn.Conv2D(4, 3), nn.Conv2D(4, 3, in_channels=2), nn.Conv1D(4, 3, dilation=2),
          nn.Conv2DTranspose(3, 2), nn.Conv2DTranspose(3, 2, in_channels=5),
          nn.Conv2D(4, 3, strides=2, padding=1, groups=2, activation='relu', in_channels=2),
          nn.Conv2D(4, (3, 2), use_bias=False), nn.Conv3D(2, 2, padding=(1, 0, 1)),
          nn.Conv2DTranspose(3, 3, strides=2, padding=1, output_padding=1),
          nn.Embedding(10, 4), nn.Embedding(10, 4, dtype='float64'), nn.LayerNorm(),
          nn.LayerNorm(axis=1, center=False, in_channels=3), nn.InstanceNorm(), nn.BatchNorm(),
          nn.BatchNorm(scale=False, in_channels=3, momentum=0.5, axis=-1), nn.GroupNorm(),
          nn.MaxPool2D(), nn.MaxPool2D(3, 2, 1, ceil_mode=True), nn.AvgPool1D(3), nn.AvgPool3D(),
          nn.GlobalAvgPool2D(), nn.GlobalMaxPool1D(), nn.GlobalMaxPool3D(),
          nn.Activation('tanh'), nn.LeakyReLU(0.2), nn.Dropout(0.3), nn.Dropout(0.3, axes=(1,)),
          nn.Flatten(), nn.Dense(5), nn.Dense(5, in_units=3, activation='sigmoid'),
          nn.Dense(5, use_bias=False, flatten=False), nn.HybridSequential(), nn.Sequential(),
          nn.PReLU(), nn.ELU(), nn.SELU(), nn.Swish(), nn.GELU(), nn.ReflectionPad2D(2),
          nn.Lambda(lambda x: x), nn.Lambda('tanh'), nn.HybridLambda('relu'),
          nn.HybridLambda(lambda F, x: x), nn.BatchNormReLU(), gluon.Block(), gluon.HybridBlock()]
result = [repr(b) for b in layers]
""",
    "repr_after_forward": """
net = nn.Sequential()
net.add(nn.Dense(3), nn.Dense(2, activation='tanh'), nn.LayerNorm())
net.initialize()
net(nd.ones((2, 5)))
result = repr(net)
""",
    "collect_params": """
net = nn.Sequential()
with net.name_scope():
    net.add(nn.Dense(8, in_units=4), nn.Dense(2), nn.BatchNorm())
pd = net.collect_params()
result = [repr(pd), pd.prefix, len(list(pd.keys())), names(net.collect_params('.*weight')),
          names(net.collect_params('dense0_weight|dense1_bias')),
          names(net.collect_params('weight')), names(net.collect_params('.*(gamma|beta)')),
          names(net.params), repr(net[0].params), repr(pd['sequential0_dense0_weight'])]
""",
    "collect_params_get_short_name": ("""
net = nn.Dense(2); net.collect_params()['weight']
""", {"message": True}),
    "params_attribute_not_collected": """
class P(gluon.Block):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.p = gluon.Parameter('p', shape=(1,))
b = P()
result = [names(b.collect_params()), sorted(b._reg_params)]
""",
    "sequential_indexing": """
net = nn.Sequential()
net.add(nn.Dense(4, in_units=3), nn.Dense(2), nn.Dropout(0.5), nn.Flatten())
part = net[0:2]
result = [len(net), repr(net[1]), repr(net[-1]), type(part).__name__, len(part),
          part.prefix == net.prefix, part[0] is net[0]]
""",
    "sequential_index_out_of_range": ("nn.Sequential()[10]", {"message": True}),
    "sequential_add_not_a_block": """
net = nn.Sequential(); net.add(3)
result = repr(net)
""",
    "hybrid_sequential_refuses_a_block": "nn.HybridSequential().add(nn.Lambda('tanh'))",
    "register_child_keys": """
class R(gluon.Block):
    def __init__(self, **kw):
        super().__init__(**kw)
        with self.name_scope():
            self.a = nn.Dense(1)
            self.lst = [nn.Dense(1), nn.Dense(1)]
        self.register_child(nn.Dense(1))
        self.register_child(nn.Dense(1), 'named')
r = R()
keys = list(r._children)
params, w = caught(lambda: names(r.collect_params()))
result = [keys, repr(r), params, w]
""",
    "changing_attribute_type": ("""
class T(gluon.Block):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.a = nn.Dense(1)
t = T()
t.a = 3
"""),
    "forward_not_written": ("gluon.Block()(nd.ones(1))", {"message": True}),
    "call_with_keywords": ("""
class K(gluon.Block):
    def forward(self, x, scale=1):
        return x * scale
K()(nd.ones(1), scale=2)
""", {"message": True}),
    "deferred_before_initialize": ("nn.Dense(3)(nd.ones((2, 4)))", {"message": True}),
    "weight_before_initialize": ("nn.Dense(3).weight.data()", {"message": True}),
    "deferred_after_initialize": ("""
net = nn.Dense(3); net.initialize()
net.weight.data()
""", {"message": True}),
    "deferred_grad_after_initialize": ("""
net = nn.Dense(3); net.initialize()
net.weight.grad()
""", {"message": True}),
    "deferred_state": """
net = nn.Dense(3); net.initialize()
before = [list(net.weight.shape), repr(net.weight), v(net.bias.data()),
          repr(net.weight.list_ctx())]
net.weight.set_data(nd.ones((3, 4)) * 7)
net(nd.ones((2, 4)))
result = [before, list(net.weight.shape), v(net.weight.data())]
""",
    "initialize_twice": """
net = nn.Dense(3); net.initialize()
net(nd.ones((2, 4)))
_, w = caught(lambda: net.initialize())
net.initialize(mx.init.One(), force_reinit=True)
result = [w, v(net.weight.data()), v(net.bias.data())]
""",
    "in_units_known": """
net = nn.Dense(3, in_units=4); net.initialize()
result = list(net.weight.data().shape)
""",
    "in_units_mismatch": "net = nn.Dense(2, in_units=4); net.initialize(); net(nd.ones((2, 5)))",
    "wrong_dtype_input": "net = nn.Dense(2, in_units=3); net.initialize(); "
                         "net(nd.ones((2, 3), dtype='float64'))",
    "initialize_contexts": """
a = nn.Dense(2, in_units=2); a.initialize(ctx=mx.cpu(1))
b = nn.Dense(2, in_units=2); b.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
result = [repr(a.weight.list_ctx()), len(b.weight.list_data()),
          repr(b.weight.data(mx.cpu(1)).context)]
""",
    "initialize_on_other_context_then_data": ("""
b = nn.Dense(2, in_units=2); b.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
b.weight.data(mx.cpu(2))
""", {"message": True}),
    "hooks": """
log = []
net = nn.Dense(2, in_units=2); net.initialize(mx.init.One())
h1 = net.register_forward_pre_hook(lambda b, i: log.append(('pre', b.name, type(i).__name__,
                                                            len(i))))
h2 = net.register_forward_hook(lambda b, i, o: log.append(('post', type(o).__name__)) or 5)
out = net(nd.ones((1, 2)))
h1.detach(); h2.detach()
net(nd.ones((1, 2)))
result = [log, v(out), type(h1).__name__]
""",
    "hook_order_child_parent": """
log = []
net = nn.HybridSequential(); net.add(nn.Dense(2, in_units=2)); net.initialize()
net[0].register_forward_hook(lambda *a: log.append('child'))
net.register_forward_hook(lambda *a: log.append('parent'))
net(nd.ones((1, 2)))
result = log
""",
    "apply_and_cast": """
net = nn.Sequential(); net.add(nn.Dense(2, in_units=3)); net.initialize()
seen = []
returned = net.apply(lambda b: seen.append(type(b).__name__))
net.cast('float64')
y = net(nd.ones((1, 3), dtype='float64'))
result = [returned is net, seen, str(net[0].weight.dtype),
          str(np.dtype(net[0].weight.data().dtype)), str(np.dtype(y.dtype))]
""",
    "cast_then_float32_input": """
net = nn.Dense(2, in_units=3); net.initialize(); net.cast('float64')
net(nd.ones((1, 3)))
""",
    "is_training_in_forward": """
log = []
class T(gluon.Block):
    def forward(self, x):
        log.append((autograd.is_training(), autograd.is_recording()))
        return x
t = T(); t(nd.ones(1))
with autograd.record():
    t(nd.ones(1))
with autograd.train_mode():
    t(nd.ones(1))
result = log
""",
    "hybrid_forward_keyword_parameters": """
class Scale(gluon.HybridBlock):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.w = self.params.get('w', shape=(2,), init=mx.init.Constant(3))
        self.c = self.params.get_constant('c', [10])
    def hybrid_forward(self, F, x, w, c):
        return F.broadcast_add(x * w, c)
s = Scale(); s.initialize()
a = s(nd.array([1, 2]))
s.hybridize()
b = s(nd.array([1, 2]))
result = [names(s.params), v(a), v(b), s._active]
""",
    "hybrid_forward_missing_keyword": ("""
class Scale2(gluon.HybridBlock):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.w = self.params.get('w', shape=(2,))
    def hybrid_forward(self, F, x):
        return x
s = Scale2(); s.initialize(); s(nd.ones(2))
""", {"message": True}),
    "hybrid_block_numpy_input": ("""
net = nn.Dense(2, in_units=2); net.initialize()
net(np.ones((1, 2)))
""", {"message": True}),
    "hybridize_children_and_results": """
net = nn.HybridSequential()
net.add(nn.Dense(3, in_units=2, activation='relu'), nn.Dense(1))
x = nd.array([[1, 2], [3, -4]])
net.initialize(mx.init.One())
a = net(x)
net.hybridize(static_alloc=True, static_shape=True)
b = net(x)
c = net(nd.ones((4, 2)))
net.hybridize(False)
result = [v(a), v(b), list(c.shape), net[0]._active, repr(net)]
""",
    "hybridize_sequential_warns": """
net = nn.Sequential(prefix='s_'); net.add(nn.Dense(1))
_, w = caught(lambda: net.hybridize())
result = [w, net[0]._active]
""",
    "hybridize_with_hooks_warns": """
net = nn.Dense(1, in_units=1, prefix='d_')
net.register_forward_hook(lambda *a: None)
_, w = caught(lambda: net.hybridize())
result = w
""",
    "block_hybridize_returns_none": "result = gluon.Block().hybridize()",
    "gradients_through_a_net": """
net = nn.Sequential(); net.add(nn.Dense(2, in_units=2)); net.initialize(mx.init.One())
with autograd.record():
    y = net(nd.array([[1, 2]])).sum()
y.backward()
result = [v(net[0].weight.grad()), v(net[0].bias.grad()), v(net[0].weight.data().grad)]
""",
    "summary": ("""
net = nn.Sequential()
net.add(nn.Dense(4, activation='relu', in_units=3), nn.Dense(2, in_units=4))
net.initialize()
net.summary(nd.ones((2, 3)))
result = None
""", {}),
    "summary_shared_and_nested": ("""
net = nn.Sequential()
inner = nn.HybridSequential(); inner.add(nn.Dense(3, in_units=3, use_bias=False))
d = nn.Dense(3, in_units=3)
net.add(d, inner, nn.Dense(3, in_units=3, params=d.params), nn.Flatten())
net.initialize()
net.summary(nd.ones((1, 3)))
result = None
""", {}),
    "summary_hybridized": ("""
net = nn.HybridSequential(); net.add(nn.Dense(2, in_units=2)); net.initialize()
net.hybridize()
net.summary(nd.ones((1, 2)))
""", {"message": True}),
}

# ----- parameter files ----------------------------------------------------------------------
_NET = """
def make(n=3, bn=True):
    net = nn.Sequential()
    with net.name_scope():
        net.add(nn.Dense(3, activation='relu', in_units=4))
        if bn:
            net.add(nn.BatchNorm(in_channels=3))
        net.add(nn.Dense(2, in_units=3))
        if n > 3:
            net.add(nn.Dense(2, in_units=2))
    return net
"""

IO = {
    "save_parameters_keys": _NET + """
net = make(); net.initialize(); fill(net)
net.save_parameters(WORKDIR + '/net.params')
loaded = nd.load(WORKDIR + '/net.params')
result = [[(k, list(a.shape), str(np.dtype(a.dtype))) for k, a in loaded.items()],
          type(loaded).__name__]
""",
    "save_parameters_custom_keys": """
class Custom(gluon.Block):
    def __init__(self, **kw):
        super().__init__(**kw)
        with self.name_scope():
            self.hidden = nn.Dense(2, in_units=2)
            self.body = nn.Sequential()
            self.body.add(nn.Dense(2, in_units=2))
net = Custom(); net.initialize()
net.save_parameters(WORKDIR + '/c.params')
result = [sorted(nd.load(WORKDIR + '/c.params')), names(net.collect_params())]
""",
    "round_trip_between_differently_named_nets": (_NET + """
a = make(); a.initialize(); fill(a)
a.save_parameters(WORKDIR + '/net.params')
b = make(); b.load_parameters(WORKDIR + '/net.params')
x = nd.array(det((2, 4), 5))
result = [a.prefix != b.prefix, v(b(x)), v(a(x)), v(b[1].running_var.data())]
""", {"needs": ("BatchNorm",)}),
    "round_trip_without_batch_norm": _NET + """
a = make(bn=False); a.initialize(); fill(a)
a.save_parameters(WORKDIR + '/net.params')
b = make(bn=False); b.load_parameters(WORKDIR + '/net.params')
x = nd.array(det((2, 4), 5))
result = [a.prefix != b.prefix, v(b(x)), v(a(x))]
""",
    "load_into_uninitialized_deferred_net": _NET + """
a = make(); a.initialize(); fill(a); a.save_parameters(WORKDIR + '/net.params')
b = nn.Sequential()
b.add(nn.Dense(3, activation='relu'), nn.BatchNorm(), nn.Dense(2))
b.load_parameters(WORKDIR + '/net.params')
result = [list(b[0].weight.shape), repr(b)]
""",
    "load_fewer_layers": (_NET + """
a = make(4); a.initialize(); a.save_parameters(WORKDIR + '/net.params')
b = make(3); b.load_parameters(WORKDIR + '/net.params')
"""),
    "load_fewer_layers_ignore_extra": _NET + """
a = make(4); a.initialize(); fill(a); a.save_parameters(WORKDIR + '/net.params')
b = make(3); b.load_parameters(WORKDIR + '/net.params', ignore_extra=True)
result = v(b[2].weight.data())
""",
    "load_more_layers": (_NET + """
a = make(3); a.initialize(); a.save_parameters(WORKDIR + '/net.params')
b = make(4); b.load_parameters(WORKDIR + '/net.params')
""", {"message": "prefix"}),
    "load_more_layers_allow_missing": _NET + """
a = make(3); a.initialize(); fill(a); a.save_parameters(WORKDIR + '/net.params')
b = make(4); b.initialize(mx.init.One()); b.load_parameters(WORKDIR + '/net.params',
                                                           allow_missing=True)
result = [v(b[2].weight.data()), v(b[3].weight.data())]
""",
    "load_shape_mismatch": ("""
a = nn.Dense(3, in_units=4); a.initialize(); a.save_parameters(WORKDIR + '/d.params')
b = nn.Dense(4, in_units=4); b.initialize(); b.load_parameters(WORKDIR + '/d.params')
""", {"message": True}),
    "load_dtype_mismatch": ("""
a = nn.Dense(2, in_units=2); a.initialize(); a.cast('float64')
a.save_parameters(WORKDIR + '/d.params')
b = nn.Dense(2, in_units=2); b.load_parameters(WORKDIR + '/d.params')
""", {"message": True}),
    "load_cast_dtype": """
a = nn.Dense(2, in_units=2); a.initialize(mx.init.Constant(0.5)); a.cast('float64')
a.save_parameters(WORKDIR + '/d.params')
b = nn.Dense(2, in_units=2); b.load_parameters(WORKDIR + '/d.params', cast_dtype=True)
c = nn.Dense(2, in_units=2)
c.load_parameters(WORKDIR + '/d.params', cast_dtype=True, dtype_source='saved')
result = [str(np.dtype(b.weight.data().dtype)), str(np.dtype(c.weight.data().dtype)),
          str(c.weight.dtype), v(b.weight.data())]
""",
    "load_on_another_context": ("""
a = nn.Sequential(); a.add(nn.Dense(2, in_units=2)); a.initialize()
a.save_parameters(WORKDIR + '/d.params')
b = nn.Sequential(); b.add(nn.Dense(2, in_units=2)); b.initialize()
b.load_parameters(WORKDIR + '/d.params', ctx=mx.cpu(1))
""", {"message": True}),
    "load_context_for_new_parameters": """
a = nn.Dense(2, in_units=2); a.initialize(); a.save_parameters(WORKDIR + '/d.params')
b = nn.Dense(2, in_units=2); b.load_parameters(WORKDIR + '/d.params', ctx=mx.cpu(3))
result = repr(b.weight.list_ctx())
""",
    "deduplicate": """
net = nn.Sequential()
d = nn.Dense(2, in_units=2)
net.add(d, nn.Dense(2, in_units=2, params=d.params)); net.initialize()
net.save_parameters(WORKDIR + '/a.params')
net.save_parameters(WORKDIR + '/b.params', deduplicate=True)
fresh = nn.Sequential(); d2 = nn.Dense(2, in_units=2)
fresh.add(d2, nn.Dense(2, in_units=2, params=d2.params))
fresh.load_parameters(WORKDIR + '/b.params')
result = [sorted(nd.load(WORKDIR + '/a.params')), sorted(nd.load(WORKDIR + '/b.params')),
          v(fresh[0].weight.data()) == v(net[0].weight.data())]
""",
    "save_params_legacy": _NET + """
net = make(); net.initialize(); fill(net)
_, w = caught(lambda: net.save_params(WORKDIR + '/legacy.params'))
keys = sorted(nd.load(WORKDIR + '/legacy.params'))
other = make(); other.load_parameters(WORKDIR + '/legacy.params')
third = make()
_, w2 = caught(lambda: third.load_params(WORKDIR + '/legacy.params'))
net.save_parameters(WORKDIR + '/new.params')
fourth = make()
_, w3 = caught(lambda: fourth.load_params(WORKDIR + '/new.params'))
result = [w, keys, v(other[2].bias.data()), w2, v(third[0].bias.data()), w3,
          v(fourth[1].gamma.data())]
""",
    "collect_params_save": _NET + """
net = make(); net.initialize()
net.collect_params().save(WORKDIR + '/pd.params')
net.collect_params().save(WORKDIR + '/pd2.params', strip_prefix=net.prefix)
result = [sorted(nd.load(WORKDIR + '/pd.params')), sorted(nd.load(WORKDIR + '/pd2.params'))]
""",
    "save_uninitialized": ("nn.Dense(2).save_parameters(WORKDIR + '/u.params')",
                           {"message": True}),
}

# ----- layers: forward and gradients with deterministic parameters -----------------------
X24 = "nd.array(det((2, 4), 1))"
X245 = "nd.array(det((2, 4, 5), 2))"
V5 = "nd.array([-2., -0.5, 0.1, 0.5, 2.])"
CONV = ("Convolution",)
DECONV = ("Deconvolution",)
POOL = ("Pooling",)

# nd.array, not nd.arange: MXNet's oneDNN max-pooling backward sends the gradient to each
# window's first cell when its input comes straight from nd.arange(...).reshape(...)
A25 = "nd.array(np.arange(25.).reshape((1, 1, 5, 5)))"

LAYERS = {
    "dense_flatten": f"result = layer(nn.Dense(3), {X245})",
    "dense_no_flatten": f"result = layer(nn.Dense(3, flatten=False), {X245})",
    "dense_tanh_no_bias": f"result = layer(nn.Dense(3, activation='tanh', use_bias=False), {X24})",
    "dense_activations": f"""
result = [layer(nn.Dense(2, activation=a), {X24})
          for a in ('relu', 'sigmoid', 'softrelu', 'softsign')]
""",
    "dense_gelu_activation_fails": f"d = nn.Dense(2, activation='gelu', in_units=4); "
                                   f"d.initialize(); d({X24})",
    "dense_1d_input": "result = layer(nn.Dense(2), nd.array([1., -2., 3.]))",
    "dense_float64": f"result = layer(nn.Dense(2, dtype='float64'), {X24}.astype('float64'))",
    "dense_in_units": f"result = layer(nn.Dense(3, in_units=4), {X24})",
    "activation": f"result = [layer(nn.Activation(a), {V5}) for a in "
                  f"('relu', 'sigmoid', 'tanh', 'softrelu', 'softsign')]",
    "activation_bad_name": f"nn.Activation('gelu')({V5})",
    "leaky_relu": f"result = layer(nn.LeakyReLU(0.1), {V5})",
    "leaky_relu_negative_slope": ("nn.LeakyReLU(-1)", {"message": True}),
    "leaky_relu_without_alpha": "nn.LeakyReLU()",
    "prelu": f"result = layer(nn.PReLU(), {V5})",
    "prelu_default_init": f"p = nn.PReLU(); p.initialize(); result = v(p({V5}))",
    "prelu_channels": "result = layer(nn.PReLU(in_channels=3), nd.array(det((2, 3, 4), 3)))",
    "elu": f"result = [layer(nn.ELU(), {V5}), layer(nn.ELU(alpha=2.0), {V5})]",
    "selu_forward": f"s = nn.SELU(); result = v(s({V5}))",
    "gelu": (f"result = layer(nn.GELU(), {V5})", {"rtol": 1e-4}),
    "swish": f"result = [layer(nn.Swish(), {V5}), layer(nn.Swish(beta=2.0), {V5})]",
    "dropout_predict": "result = v(nn.Dropout(0.5)(nd.ones((2, 4))))",
    "dropout_train_values": """
d = nn.Dropout(0.5)
with autograd.record():
    y = d(nd.ones((100, 100)))
frac = float((y == 0).mean().asscalar())
result = [sorted(set(y.asnumpy().ravel().tolist())), abs(frac - 0.5) < 0.05]
""",
    "dropout_axes": """
d = nn.Dropout(0.5, axes=(1,))
with autograd.record():
    y = d(nd.ones((50, 40)))
rows = y.asnumpy()
result = bool(((rows == rows[:, :1])).all())
""",
    "dropout_zero_rate": "result = layer(nn.Dropout(0.0), nd.array([1., 2.]))",
    "embedding": """
result = layer(nn.Embedding(10, 4), nd.array([[1, 2, 3], [4, 5, 9]]), dx=False)
""",
    "embedding_float64_and_repeats": """
result = layer(nn.Embedding(5, 2, dtype='float64'), nd.array([1, 1, 4]), dx=False)
""",
    "flatten": "result = layer(nn.Flatten(), nd.array(det((2, 3, 4), 4)))",
    "lambda": f"""
result = [v(nn.Lambda('tanh')({V5})), v(nn.Lambda(lambda x: x * 2)({V5})),
          v(nn.HybridLambda('relu')({V5})),
          v(nn.HybridLambda(lambda F, x: F.LeakyReLU(x, slope=0.1))({V5}))]
""",
    "lambda_unknown_name": ("nn.Lambda('nope')", {"message": True}),
    "lambda_not_callable": ("nn.Lambda(3)", {"message": True}),
    "layer_norm": "result = layer(nn.LayerNorm(), nd.array([[1., 2., 3.], [2., 4., 9.]]))",
    "layer_norm_axis": "result = layer(nn.LayerNorm(axis=1), nd.array(det((2, 3, 4), 6)))",
    "layer_norm_no_center_scale": """
ln = nn.LayerNorm(center=False, scale=False)
result = [layer(ln, nd.array(det((3, 4), 7))), ln.gamma.grad_req, ln.beta.grad_req]
""",
    "batch_norm_train": ("result = layer(nn.BatchNorm(), nd.array(det((2, 3, 2, 2), 8)))",
                         {"needs": ("BatchNorm",), "rtol": 1e-4, "atol": 1e-5}),
    "batch_norm_predict": ("result = layer(nn.BatchNorm(), nd.array(det((2, 3, 2, 2), 8)), "
                           "train=False)", {"needs": ("BatchNorm",)}),
    "batch_norm_options": ("""
result = layer(nn.BatchNorm(axis=-1, momentum=0.5, epsilon=1e-3, center=False, scale=False),
               nd.array(det((3, 2), 9)))
""", {"needs": ("BatchNorm",), "rtol": 1e-4, "atol": 1e-5}),
    "batch_norm_global_stats": ("""
result = layer(nn.BatchNorm(use_global_stats=True), nd.array(det((4, 2), 10)))
""", {"needs": ("BatchNorm",), "rtol": 1e-4, "atol": 1e-5}),
    "batch_norm_running_statistics": ("""
X = nd.array([[1., 2.], [3., 4.], [5., 9.]])
bn = nn.BatchNorm(in_channels=2, momentum=0.5); bn.initialize()
plain = v(bn(X)[0])
with autograd.record():
    y = bn(X)
after_forward = [v(bn.running_mean.data()), v(bn.running_var.data())]
y.backward()
means = []
for _ in range(2):
    with autograd.record():
        y = bn(X)
    y.backward()
    means.append([v(bn.running_mean.data()), v(bn.running_var.data())])
with autograd.train_mode():
    t = bn(X)
result = [plain, after_forward, means, v(t[0])]
""", {"needs": ("BatchNorm",), "rtol": 1e-4, "atol": 1e-5}),
    "batch_norm_scale_false_rewrites_gamma": ("""
bn = nn.BatchNorm(scale=False, in_channels=2); bn.initialize()
bn.gamma.set_data(nd.array([5., 5.]))
with autograd.record():
    y = bn(nd.array([[1., 2.], [3., 5.]]))
result = [v(y), v(bn.gamma.data()), bn.gamma.grad_req, bn.beta.grad_req]
""", {"needs": ("BatchNorm",), "rtol": 1e-4, "atol": 1e-5}),
    "batch_norm_cast_float16": """
bn = nn.BatchNorm(in_channels=2); bn.initialize(); bn.cast('float16')
result = str(np.dtype(bn.gamma.data().dtype))
""",
    "instance_norm": ("result = layer(nn.InstanceNorm(), nd.array(det((2, 3, 4), 12)))",
                      {"needs": ("InstanceNorm",), "rtol": 1e-4, "atol": 1e-5}),
    "instance_norm_axis_and_scale": ("""
result = layer(nn.InstanceNorm(axis=2, scale=True), nd.array(det((2, 3, 4), 13)))
""", {"needs": ("InstanceNorm",), "rtol": 1e-4, "atol": 1e-5}),
    "group_norm": ("result = layer(nn.GroupNorm(num_groups=2), nd.array(det((2, 4, 3), 14)))",
                   {"needs": ("GroupNorm",), "rtol": 1e-4, "atol": 1e-5}),
    "conv2d": ("result = layer(nn.Conv2D(4, 3), nd.array(det((1, 2, 6, 6), 15)))",
               {"needs": CONV, "rtol": 1e-4, "atol": 1e-5}),
    "conv2d_options": ("""
result = layer(nn.Conv2D(4, 3, strides=2, padding=1, groups=2, activation='relu'),
               nd.array(det((1, 2, 6, 6), 16)))
""", {"needs": CONV, "rtol": 1e-4, "atol": 1e-5}),
    "conv2d_no_bias_rect_dilated": ("""
result = layer(nn.Conv2D(3, (3, 2), dilation=(2, 1), use_bias=False),
               nd.array(det((2, 2, 7, 6), 17)))
""", {"needs": CONV, "rtol": 1e-4, "atol": 1e-5}),
    "conv1d": ("result = layer(nn.Conv1D(3, 2), nd.array(det((2, 4, 10), 18)))",
               {"needs": CONV, "rtol": 1e-4, "atol": 1e-5}),
    "conv1d_options": ("""
result = layer(nn.Conv1D(2, 3, strides=2, padding=2, dilation=2),
               nd.array(det((1, 3, 9), 19)))
""", {"needs": CONV, "rtol": 1e-4, "atol": 1e-5}),
    "conv3d": ("result = layer(nn.Conv3D(2, 2, padding=(1, 0, 0)), "
               "nd.array(det((1, 2, 3, 4, 4), 20)))",
               {"needs": CONV, "rtol": 1e-4, "atol": 1e-5}),
    "conv2d_on_3d_input": ("c = nn.Conv2D(2, 3); c.initialize(); c(nd.ones((2, 6, 6)))",
                           {"needs": CONV}),
    "conv2d_in_channels_mismatch": ("c = nn.Conv2D(2, 3, in_channels=3); c.initialize(); "
                                    "c(nd.ones((1, 2, 5, 5)))", {"needs": CONV}),
    "layer_norm_in_channels_mismatch": ("b = nn.LayerNorm(in_channels=3); b.initialize(); "
                                        "b(nd.ones((2, 4)))",),
    "conv2d_transpose": ("""
result = layer(nn.Conv2DTranspose(3, 3, strides=2, padding=1, output_padding=1),
               nd.array(det((1, 2, 4, 4), 21)))
""", {"needs": DECONV, "rtol": 1e-4, "atol": 1e-5}),
    "conv2d_transpose_default": ("""
result = layer(nn.Conv2DTranspose(3, 2), nd.array(det((1, 2, 4, 4), 22)))
""", {"needs": DECONV, "rtol": 1e-4, "atol": 1e-5}),
    "conv1d_transpose": ("""
result = layer(nn.Conv1DTranspose(4, 3, strides=2), nd.array(det((2, 2, 5), 23)))
""", {"needs": DECONV, "rtol": 1e-4, "atol": 1e-5}),
    "conv3d_transpose": ("""
result = layer(nn.Conv3DTranspose(2, 2, strides=2), nd.array(det((1, 1, 2, 2, 2), 24)))
""", {"needs": DECONV, "rtol": 1e-4, "atol": 1e-5}),
    "max_pool2d": (f"result = layer(nn.MaxPool2D(), {A25})",
                   {"needs": POOL}),
    "max_pool2d_options": (f"""
result = [layer(nn.MaxPool2D(pool_size=3, strides=2, padding=1),
                {A25}),
          layer(nn.MaxPool2D(2, ceil_mode=True), {A25})]
""", {"needs": POOL}),
    "avg_pool2d": ("""
result = [layer(nn.AvgPool2D(3, 1, 1), nd.array(det((1, 2, 3, 3), 25))),
          layer(nn.AvgPool2D(3, 1, 1, count_include_pad=False), nd.array(det((1, 2, 3, 3), 25))),
          layer(nn.AvgPool2D(2, ceil_mode=True), nd.array(det((1, 1, 5, 5), 26)))]
""", {"needs": POOL, "rtol": 1e-4, "atol": 1e-6}),
    "pool_1d_3d": ("""
result = [layer(nn.MaxPool1D(2), nd.array(det((1, 2, 5), 27))),
          layer(nn.AvgPool1D(3, 2, 1), nd.array(det((1, 2, 6), 28))),
          layer(nn.MaxPool3D(), nd.array(det((1, 1, 4, 4, 4), 29))),
          layer(nn.AvgPool3D(pool_size=(2, 1, 2)), nd.array(det((1, 1, 4, 3, 4), 30)))]
""", {"needs": POOL, "rtol": 1e-4, "atol": 1e-6}),
    "global_pools": ("""
result = [layer(b, nd.array(det(s, 31))) for b, s in (
    (nn.GlobalAvgPool1D(), (1, 2, 3)), (nn.GlobalMaxPool1D(), (1, 2, 3)),
    (nn.GlobalAvgPool2D(), (2, 3, 4, 5)), (nn.GlobalMaxPool2D(), (1, 2, 2, 2)),
    (nn.GlobalAvgPool3D(), (1, 2, 2, 3, 2)), (nn.GlobalMaxPool3D(), (1, 1, 2, 2, 3)))]
""", {"needs": POOL, "rtol": 1e-4, "atol": 1e-6}),
    "reflection_pad": ("result = layer(nn.ReflectionPad2D(1), nd.array(det((1, 2, 3, 3), 32)))",
                       {"needs": ("pad",)}),
    "lenet": ("""
net = nn.Sequential()
net.add(nn.Conv2D(2, kernel_size=3, padding=1, activation='sigmoid'),
        nn.AvgPool2D(pool_size=2, strides=2),
        nn.Conv2D(3, kernel_size=3, activation='sigmoid'),
        nn.AvgPool2D(pool_size=2, strides=2),
        nn.Dense(5, activation='sigmoid'), nn.Dense(3))
result = [layer(net, nd.array(det((2, 1, 12, 12), 33))), repr(net)]
""", {"needs": CONV + POOL, "rtol": 1e-4, "atol": 1e-6}),
}

# ----- a d2l-style concise model: linear regression with nn.Dense and manual SGD -----------
MODELS = {
    "linear_regression_manual_sgd": """
X = nd.array([[1, 2], [2, 0], [0, 1], [3, 1]])
y = nd.dot(X, nd.array([2, -3.4])) + 4.2
net = nn.Sequential(); net.add(nn.Dense(1)); net.initialize(mx.init.Zero())
losses = []
for epoch in range(3):
    for i in range(0, 4, 2):
        xb, yb = X[i:i + 2], y[i:i + 2]
        with autograd.record():
            l = ((net(xb).reshape(yb.shape) - yb) ** 2 / 2).mean()
        l.backward()
        for p in net.collect_params().values():
            p.data()[:] = p.data() - 0.1 * p.grad()
    losses.append(float((((net(X).reshape(y.shape) - y) ** 2) / 2).mean().asscalar()))
result = [losses, v(net[0].weight.data()), v(net[0].bias.data())]
""",
}

# ----- parameter files both ways (tests/gluon/test_parameter_files.py) --------------------
FILES_PRELUDE = '''
import os

def mlp():
    net = nn.Sequential()
    with net.name_scope():
        net.add(nn.Dense(3, activation='relu', in_units=4), nn.Dense(2, in_units=3))
    return net

def custom():
    class Custom(gluon.Block):
        def __init__(self, **kw):
            super().__init__(**kw)
            with self.name_scope():
                self.hidden = nn.Dense(3, in_units=2)
                self.body = nn.Sequential()
                self.body.add(nn.Dense(2, in_units=3))
        def forward(self, x):
            return self.body(self.hidden(x))
    return Custom()

def bn_net():
    net = nn.Sequential()
    net.add(nn.Dense(3, in_units=4), nn.BatchNorm(in_channels=3))
    return net

def values(net):
    return {k: v(p.data()) for k, p in sorted(net._collect_params_with_prefix().items())}

def written(net, path, x):
    loaded = nd.load(path)
    return {"keys": list(loaded), "params": values(net), "out": v(net(x)) if x is not None
            else None, "dtypes": sorted({str(np.dtype(a.dtype)) for a in loaded.values()})}

def write_mlp(path):
    net = mlp(); net.initialize(); fill(net); net.save_parameters(path)
    return written(net, path, nd.array(det((2, 4), 5)))

def write_custom(path):
    net = custom(); net.initialize(); fill(net); net.save_parameters(path)
    return written(net, path, nd.array(det((2, 2), 6)))

def write_legacy(path):
    net = mlp(); net.initialize(); fill(net)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        net.save_params(path)
    return written(net, path, nd.array(det((2, 4), 5)))

def write_bn(path):
    net = bn_net(); net.initialize(); fill(net); net.save_parameters(path)
    return written(net, path, None)

def read_mlp(path):
    net = mlp(); net.load_parameters(path)
    return {"params": values(net), "out": v(net(nd.array(det((2, 4), 5))))}
'''

SECTIONS = {"parameter": PARAMETER, "parameter_dict": PARAMETER_DICT, "init": INIT,
            "block": BLOCK, "io": IO, "layers": LAYERS, "models": MODELS}


def cases():
    """(key, code, options) for every case, key = 'section/name'."""
    for section, table in SECTIONS.items():
        for name, case in table.items():
            code, options = (case, {}) if isinstance(case, str) else (case[0], dict(
                case[1] if len(case) > 1 else {}))
            yield f"{section}/{name}", code, options


def run_case(code: str, space: dict, mx) -> tuple[dict, BaseException | None]:
    """Run one case in `space` (a fresh NameManager, seed 0): ({'value': result, 'stdout':
    printed} or {'error': type name, 'message': text}, the exception or None)."""
    exec(PRELUDE, space)
    printed = io.StringIO()
    raised = None
    try:
        with contextlib.redirect_stdout(printed), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mx.random.seed(0)
            with mx.name.NameManager():
                exec(code, space)
        outcome = {"value": space.get("result")}
    except Exception as error:  # noqa: BLE001  (every failure is a recorded outcome)
        raised = error
        outcome = {"error": type(error).__name__, "message": str(error)}
    if printed.getvalue():
        outcome["stdout"] = printed.getvalue()
    workdir = space.get("WORKDIR")
    if workdir:                  # the temporary folder's name is no part of the outcome
        outcome = json.loads(json.dumps(outcome).replace(workdir, "<WORKDIR>"))
    json.dumps(outcome)      # fails here, naming the case, if a result is not plain data
    return outcome, raised


if __name__ == "__main__":   # list the cases
    for key, _, _ in cases():
        sys.stdout.write(key + "\n")
