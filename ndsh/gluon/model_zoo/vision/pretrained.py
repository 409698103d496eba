"""What every model constructor of the zoo does with `pretrained=True`: load MXNet's published
parameter file for the name (model_store.get_model_file) into the new net, on `ctx`.
"""
from __future__ import annotations

from ndsh.engine import nd
from ndsh.gluon.model_zoo.model_store import get_model_file


def load_pretrained(net, name: str, pretrained: bool, ctx, root: str | None):
    """Load the weights of MXNet's model `name` into net when `pretrained`; return net.

    Parameters:
        net: the freshly built model.
        name: its name in MXNet's table of pretrained files (`resnet18_v1`).
        pretrained: whether to load (False: net is returned as it is).
        ctx: the context of the weights (default cpu()).
        root: the folder of the files (default `$MXNET_HOME/models`).

    Example:
        >>> from ndsh.gluon.model_zoo.vision.pretrained import load_pretrained
        >>> net = gluon.nn.Dense(2)
        >>> load_pretrained(net, 'alexnet', False, None, None) is net
        True
    """
    if pretrained:
        ctx = ctx if ctx is not None else nd.cpu()
        net.load_parameters(get_model_file(name, root=root), ctx=ctx)
    return net
