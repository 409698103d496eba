"""`gluon.model_zoo.vision`: the image classification models of MXNet 1.9.1, with MXNet's
layer and parameter names: AlexNet, DenseNet (121, 161, 169, 201), Inception v3, ResNet V1 and
V2 (18, 34, 50, 101, 152), SqueezeNet (1.0, 1.1), VGG (11, 13, 16, 19, with and without batch
norm), MobileNet and MobileNetV2 (widths 1.0, 0.75, 0.5, 0.25).

Each model is `features` (the trunk) then `output` (the classifier), which can be cut and
replaced (fine-tuning). `pretrained=True` loads MXNet's published weights from
`$MXNET_HOME/models` (`~/.mxnet/models`), fetching them when missing (see model_store).
They expect RGB images (N, 3, H, W), H and W at least 224 (299 for Inception v3), scaled to
[0, 1] and normalized with mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225).

Example:
    >>> from mxnet.gluon.model_zoo import vision
    >>> net = vision.resnet18_v1(classes=2)
    >>> net.output
    Dense(512 -> 2, linear)
"""
from __future__ import annotations

from ndsh.gluon.model_zoo.vision.alexnet import AlexNet, alexnet
from ndsh.gluon.model_zoo.vision.densenet import (
    DenseNet,
    densenet121,
    densenet161,
    densenet169,
    densenet201,
    get_densenet,
)
from ndsh.gluon.model_zoo.vision.inception import Inception3, inception_v3
from ndsh.gluon.model_zoo.vision.mobilenet import (
    MobileNet,
    MobileNetV2,
    get_mobilenet,
    get_mobilenet_v2,
    mobilenet0_5,
    mobilenet0_25,
    mobilenet0_75,
    mobilenet1_0,
    mobilenet_v2_0_5,
    mobilenet_v2_0_25,
    mobilenet_v2_0_75,
    mobilenet_v2_1_0,
)
from ndsh.gluon.model_zoo.vision.resnet import (
    ResNetV1,
    ResNetV2,
    get_resnet,
    resnet18_v1,
    resnet18_v2,
    resnet34_v1,
    resnet34_v2,
    resnet50_v1,
    resnet50_v2,
    resnet101_v1,
    resnet101_v2,
    resnet152_v1,
    resnet152_v2,
)
from ndsh.gluon.model_zoo.vision.resnet_blocks import (
    BasicBlockV1,
    BasicBlockV2,
    BottleneckV1,
    BottleneckV2,
)
from ndsh.gluon.model_zoo.vision.squeezenet import (
    SqueezeNet,
    get_squeezenet,
    squeezenet1_0,
    squeezenet1_1,
)
from ndsh.gluon.model_zoo.vision.vgg import (
    VGG,
    get_vgg,
    vgg11,
    vgg11_bn,
    vgg13,
    vgg13_bn,
    vgg16,
    vgg16_bn,
    vgg19,
    vgg19_bn,
)

_MODELS = {"resnet18_v1": resnet18_v1, "resnet34_v1": resnet34_v1, "resnet50_v1": resnet50_v1,
           "resnet101_v1": resnet101_v1, "resnet152_v1": resnet152_v1,
           "resnet18_v2": resnet18_v2, "resnet34_v2": resnet34_v2, "resnet50_v2": resnet50_v2,
           "resnet101_v2": resnet101_v2, "resnet152_v2": resnet152_v2,
           "vgg11": vgg11, "vgg13": vgg13, "vgg16": vgg16, "vgg19": vgg19,
           "vgg11_bn": vgg11_bn, "vgg13_bn": vgg13_bn, "vgg16_bn": vgg16_bn,
           "vgg19_bn": vgg19_bn, "alexnet": alexnet,
           "densenet121": densenet121, "densenet161": densenet161,
           "densenet169": densenet169, "densenet201": densenet201,
           "squeezenet1.0": squeezenet1_0, "squeezenet1.1": squeezenet1_1,
           "inceptionv3": inception_v3,
           "mobilenet1.0": mobilenet1_0, "mobilenet0.75": mobilenet0_75,
           "mobilenet0.5": mobilenet0_5, "mobilenet0.25": mobilenet0_25,
           "mobilenetv2_1.0": mobilenet_v2_1_0, "mobilenetv2_0.75": mobilenet_v2_0_75,
           "mobilenetv2_0.5": mobilenet_v2_0_5, "mobilenetv2_0.25": mobilenet_v2_0_25}


def get_model(name: str, **kwargs):
    """A model of the zoo by its name (`resnet18_v1`, `squeezenet1.1`, `mobilenetv2_0.25`...,
    case-insensitive), built with the keyword arguments given.

    Parameters:
        name: the model's name; an unknown one raises ValueError listing the names.
        **kwargs: the constructor's: pretrained, ctx, root, classes...

    Example:
        >>> net = gluon.model_zoo.vision.get_model('squeezenet1.1', classes=10)
        >>> type(net).__name__
        'SqueezeNet'
    """
    name = name.lower()
    if name not in _MODELS:
        raise ValueError("Model {} is not supported. Available options are\n\t{}".format(
            name, "\n\t".join(sorted(_MODELS))))
    return _MODELS[name](**kwargs)


__all__ = ["get_model", "AlexNet", "alexnet", "DenseNet", "get_densenet", "densenet121",
           "densenet161", "densenet169", "densenet201", "Inception3", "inception_v3",
           "MobileNet", "MobileNetV2", "get_mobilenet", "get_mobilenet_v2", "mobilenet1_0",
           "mobilenet0_75", "mobilenet0_5", "mobilenet0_25", "mobilenet_v2_1_0",
           "mobilenet_v2_0_75", "mobilenet_v2_0_5", "mobilenet_v2_0_25",
           "ResNetV1", "ResNetV2", "BasicBlockV1", "BasicBlockV2", "BottleneckV1",
           "BottleneckV2", "get_resnet", "resnet18_v1", "resnet34_v1", "resnet50_v1",
           "resnet101_v1", "resnet152_v1", "resnet18_v2", "resnet34_v2", "resnet50_v2",
           "resnet101_v2", "resnet152_v2", "SqueezeNet", "get_squeezenet", "squeezenet1_0",
           "squeezenet1_1", "VGG", "get_vgg", "vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn",
           "vgg13_bn", "vgg16_bn", "vgg19_bn"]
