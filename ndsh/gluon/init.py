"""Initializers (`mx.init`, also `mx.initializer`): how a Parameter's first values are drawn.

Gluon calls an initializer through `Parameter.initialize`: the parameter's own `init` (a layer's
`weight_initializer=`, `bias_initializer='zeros'`...) if it has one, else the global one given
to `initialize()` (by default `Uniform(0.07)`), and always through that initializer's
`_init_weight`: Gluon never looks at a parameter's name to pick zeros for a bias. The name-based
dispatch (`*_bias` -> zeros, `*_gamma` -> ones...) only happens when an initializer is called
directly with a descriptor that names no initializer, as MXNet's symbolic modules did.

Every initializer is also known by its lower-case name, case-insensitively: `'zeros'`,
`'ones'`, `'uniform'`, `'normal'`, `'xavier'`, `'msraprelu'`, `'orthogonal'`, `'bilinear'`,
`'lstmbias'` (`create(name)`, and any `init=` or `*_initializer=` argument).
"""
from __future__ import annotations

from ndsh.gluon.init_base import (
    InitDesc,
    Initializer,
    Load,
    Mixed,
    alias,
    create,
    register,
)
from ndsh.gluon.init_schemes import (
    Bilinear,
    Constant,
    LSTMBias,
    MSRAPrelu,
    Normal,
    One,
    Orthogonal,
    Uniform,
    Xavier,
    Zero,
)

__all__ = ["InitDesc", "Initializer", "Zero", "One", "Constant", "Uniform", "Normal",
           "Orthogonal", "Xavier", "MSRAPrelu", "Bilinear", "LSTMBias", "Load", "Mixed",
           "register", "alias", "create"]
