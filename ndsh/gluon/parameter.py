"""`mxnet.gluon.parameter`: Parameter, Constant, ParameterDict, DeferredInitializationError
and tensor_types, as MXNet 1.9.1's module has them (d2l asks `isinstance(params,
gluon.parameter.ParameterDict)`).

The classes live in parameter_core.py (Parameter, Constant), parameter_base.py (the error and
the helpers) and parameter_dict.py (ParameterDict, which needs Parameter); this face imports
them all, so none of them imports it back.

Example:
    >>> gluon.parameter.ParameterDict is gluon.ParameterDict
    True
"""
from __future__ import annotations

from ndsh.gluon.parameter_base import (
                                       DeferredInitializationError,
                                       brief_list,
                                       indent,
                                       shape_is_known,
)
from ndsh.gluon.parameter_core import Constant, Parameter, tensor_types
from ndsh.gluon.parameter_dict import ParameterDict

__all__ = ["DeferredInitializationError", "Parameter", "Constant", "ParameterDict",
           "tensor_types", "shape_is_known", "brief_list", "indent"]
