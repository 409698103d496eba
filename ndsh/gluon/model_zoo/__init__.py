"""`gluon.model_zoo`: MXNet 1.9.1's predefined and pretrained models: `vision` (the image
classifiers, `vision.get_model(name)`) and `model_store` (where their pretrained weights are
kept and fetched from).

Example:
    >>> net = gluon.model_zoo.vision.get_model('mobilenet0.25', classes=10)
    >>> net.output
    Dense(None -> 10, linear)
"""
from __future__ import annotations

from ndsh.gluon.model_zoo import model_store, vision

__all__ = ["model_store", "vision"]
