"""MXNet's loss layers: SoftmaxOutput (Softmax), the regression outputs, MakeLoss, make_loss and
softmax_cross_entropy's kernel. Their backward is MXNet's definition, not the chain rule: the
head gradient is ignored (SoftmaxOutput uses it with out_grad=True), as in MXNet, where these
ops end a network and their gradient is the loss's."""
from __future__ import annotations

import math

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError

_NORMALIZATIONS = ("null", "batch", "valid")


def _float_only(op_name, data):
    if data.dtype.kind != "f":
        raise TypeError(f"{op_name}: this operation supports floating-point data only, not "
                        f"{data.dtype.name} (as in MXNet): convert with .astype('float32')")


def _normalization(op_name, normalization):
    if normalization not in _NORMALIZATIONS:
        raise ValueError(f"{op_name}: normalization must be one of 'null', 'batch' or 'valid', "
                         f"got {normalization!r}")


def _as_int(xp, labels):
    """Labels as C's static_cast<int> reads them: truncated toward zero (NaN matches nothing)."""
    with np.errstate(invalid="ignore"):
        return labels.astype(np.int64)


def _f32(value) -> float:
    """A parameter as MXNet holds it (a C float)."""
    return float(np.float32(value))


def _stable_softmax(xp, data, axis):
    # float64 inside, as nd.softmax: within an ulp of MXNet's float32 kernels
    wide = data.astype(np.float64) if data.dtype.itemsize < 8 else data
    e = xp.exp(wide - wide.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).astype(data.dtype)


# ----- SoftmaxOutput ------------------------------------------------------------------------
def _label_shapes(data_shape, multi_output):
    """The label shapes SoftmaxOutput takes for data of this shape (besides data's own)."""
    if multi_output:
        n, c, rest = data_shape[0], data_shape[1], data_shape[2:]
        return [(n, math.prod(data_shape) // n // c if n * c else 0), (n, *rest), (n, 1, *rest)]
    return [data_shape[:-1]]


def _check_softmax_output(data, label, multi_output, preserve_shape, normalization):
    _float_only("SoftmaxOutput", data)
    _normalization("SoftmaxOutput", normalization)
    if data.ndim == 0:
        raise ValueError("SoftmaxOutput: data must have at least one axis, got a 0-d array")
    if label.shape == data.shape:          # probabilities as labels
        return
    if data.ndim < (2 if multi_output else 1) or (data.ndim == 1 and not multi_output):
        raise ValueError(f"SoftmaxOutput: data of shape {data.shape} needs a label of the same "
                         f"shape (probabilities); class labels need data with a batch axis and "
                         f"a class axis")
    wanted = _label_shapes(data.shape, multi_output)
    if label.shape not in wanted:
        options = " or ".join(str(s) for s in dict.fromkeys(wanted))
        raise ValueError(f"SoftmaxOutput: label has shape {label.shape}, but data of shape "
                         f"{data.shape} (multi_output={bool(multi_output)}, preserve_shape="
                         f"{bool(preserve_shape)}) needs {options}, or {data.shape} for "
                         f"probabilities")


def _softmax_output_forward(xp, data, multi_output, preserve_shape):
    if multi_output:
        n, c = data.shape[:2]
        return _stable_softmax(xp, data.reshape(n, c, -1), 1).reshape(data.shape)
    if preserve_shape:
        return _stable_softmax(xp, data, -1)
    rows = data.shape[0]
    return _stable_softmax(xp, data.reshape(rows, -1), 1).reshape(data.shape)


def _valid_count(xp, labels, ignore_label):
    """How many labels differ from ignore_label (at least 1), as MXNet's 'valid' counts."""
    ignored = (_as_int(xp, labels) == math.trunc(ignore_label)).sum()
    return xp.maximum(labels.size - ignored, 1).astype(np.float32)


def _softmax_output_vjp(xp, g, ans, data, label, grad_scale=1.0, ignore_label=-1.0,
                        multi_output=False, use_ignore=False, preserve_shape=False,
                        normalization="null", out_grad=False, smooth_alpha=0.0):
    """MXNet's defined backward: grad_scale * (softmax - onehot(label)) / normalizer; the head
    gradient is read only with out_grad=True."""
    scale = np.float32(grad_scale)
    if label.shape == ans.shape:                       # probabilities: no normalization
        grad = (ans - label) * ans.dtype.type(scale)
        return grad * g if out_grad else grad
    ignore = math.trunc(_f32(ignore_label))
    if multi_output:
        n, c = ans.shape[:2]
        out = ans.reshape(n, c, -1)
        classes = _as_int(xp, label.reshape(n, -1))[:, None, :]
        grad = out - (xp.arange(c)[None, :, None] == classes)
        if use_ignore:
            grad = xp.where(classes == ignore, 0, grad)
        spatial = np.float32(out.shape[2])
        if normalization == "valid":
            scale = xp.true_divide(scale, _valid_count(xp, label, ignore_label))
        elif normalization == "batch":
            scale = scale / spatial / np.float32(n)
        else:
            scale = scale / spatial
    else:
        rows = ans.size // ans.shape[-1] if preserve_shape else ans.shape[0]
        out = ans.reshape(rows, -1)
        k = out.shape[1]
        # MXNet reads the first `rows` labels (all of them but for N-D data without
        # preserve_shape, whose label has shape data.shape[:-1])
        classes = _as_int(xp, label.reshape(-1)[:rows])[:, None]
        hit = xp.arange(k)[None, :] == classes
        if smooth_alpha:
            alpha = _f32(smooth_alpha)
            grad = out - xp.where(hit, 1 - alpha, _f32(alpha / (k - 1)) if k > 1 else np.inf)
        else:
            grad = out - hit
        if use_ignore:
            grad = xp.where(classes == ignore, 0, grad)
        if normalization == "valid":
            scale = xp.true_divide(scale, _valid_count(xp, label, ignore_label))
        elif normalization == "batch":
            scale = scale / np.float32(label.size)
    grad = (grad * xp.asarray(scale, dtype=ans.dtype)).astype(ans.dtype).reshape(ans.shape)
    return grad * g if out_grad else grad


@op(nin=2, aliases=("Softmax",), keeps=(1,), vjp=(_softmax_output_vjp, lambda *a, **k: None),
    departs="out_grad=True multiplies the gradient by the head gradient, as MXNet documents "
            "it (MXNet 1.9.1 multiplies by the op's own output).")
def SoftmaxOutput(xp, data, label, grad_scale=1.0, ignore_label=-1.0, multi_output=False,
                  use_ignore=False, preserve_shape=False, normalization="null", out_grad=False,
                  smooth_alpha=0.0):
    """Softmax in the forward pass; in the backward pass the gradient of the cross-entropy
    against `label`, grad_scale * (softmax - onehot(label)), whatever the head gradient.

    The softmax runs over axis 1 of data reshaped to (N, -1); over the last axis with
    preserve_shape; over axis 1 of (N, C, ...) with multi_output. Labels are class numbers
    (truncated; one out of range matches no class) of shape data.shape[:-1], or (N, ...)
    with multi_output; a label of data's own shape holds probabilities (gradient
    grad_scale * (softmax - label), unnormalized). normalization='batch' divides the
    gradient by the label's size ('null' by nothing), 'valid' by the number of labels that
    are not ignore_label; with multi_output, 'null' divides by the positions per example
    and 'batch' by the positions times N.

    Parameters:
        data: the scores; float.
        label: the classes (or probabilities), in data's dtype.
        grad_scale: a factor on the gradient.
        ignore_label: the class whose positions get no gradient (with use_ignore), and
            which 'valid' leaves out of its count.
        multi_output: a softmax per position of (N, C, ...) data, label (N, ...).
        use_ignore: zero the gradient where the label is ignore_label.
        preserve_shape: the softmax runs over the last axis.
        normalization: 'null', 'batch' or 'valid'.
        out_grad: multiply the gradient by the head gradient.
        smooth_alpha: label smoothing: the true class gets 1 - smooth_alpha, every other
            class smooth_alpha / (classes - 1) (not with multi_output, as in MXNet).

    Example:
        >>> x = nd.array([[1, 2, 3], [1, 1, 1]]); x.attach_grad()
        >>> with autograd.record():
        ...     y = nd.SoftmaxOutput(x, nd.array([2, 0]))
        >>> y.backward()
        >>> x.grad
        <BLANKLINE>
        [[ 0.09003057  0.24472848 -0.33475912]
         [-0.6666666   0.33333334  0.33333334]]
        <NDArray 2x3 @cpu(0)>
    """
    _check_softmax_output(data, label, multi_output, preserve_shape, normalization)
    return _softmax_output_forward(xp, data, multi_output, preserve_shape)


# ----- the regression outputs --------------------------------------------------------------
def _check_regression(op_name, data, label):
    _float_only(op_name, data)
    if data.ndim == 0 or label.ndim == 0 or label.shape[0] != data.shape[0] \
            or label.size != data.size:
        raise ValueError(f"{op_name}: label has shape {label.shape}, but data has shape "
                         f"{data.shape}: the label needs data's batch size and number of "
                         f"elements (e.g. {data.shape})")


def _regression_scale(ans, label, grad_scale):
    """grad_scale / (outputs per example), in float as MXNet, then in the data's dtype."""
    per_example = np.float32(label.size // label.shape[0] if label.shape[0] else 1)
    return ans.dtype.type(np.float32(grad_scale) / per_example)


def _difference_vjp(xp, g, ans, data, label, grad_scale=1.0):
    return (ans - label.reshape(ans.shape)) * _regression_scale(ans, label, grad_scale)


def _sign_vjp(xp, g, ans, data, label, grad_scale=1.0):
    # MXNet's minus_sign: +1 where out > label, else -1 (also where they are equal)
    sign = xp.where(ans - label.reshape(ans.shape) > 0, 1, -1).astype(ans.dtype)
    return sign * _regression_scale(ans, label, grad_scale)


@op(nin=2, keeps=(1,), vjp=(_difference_vjp, lambda *a, **k: None))
def LinearRegressionOutput(xp, data, label, grad_scale=1.0):
    """data unchanged in the forward pass; in the backward pass the gradient of a squared
    loss, grad_scale * (data - label) / outputs per example, whatever the head gradient.

    Parameters:
        data: the predictions; float.
        label: the targets, in data's dtype, with data's batch size and number of elements.
        grad_scale: a factor on the gradient (which is also divided by the number of
            outputs per example).

    Example:
        >>> x = nd.array([[0.5, 2]]); x.attach_grad()
        >>> with autograd.record():
        ...     y = nd.LinearRegressionOutput(x, nd.array([[1, 1]]))
        >>> y.backward()
        >>> x.grad
        <BLANKLINE>
        [[-0.25  0.5 ]]
        <NDArray 1x2 @cpu(0)>
    """
    _check_regression("LinearRegressionOutput", data, label)
    return data.copy()


@op(nin=2, keeps=(1,), vjp=(_difference_vjp, lambda *a, **k: None))
def LogisticRegressionOutput(xp, data, label, grad_scale=1.0):
    """sigmoid(data) in the forward pass; in the backward pass the gradient of the logistic
    loss, grad_scale * (sigmoid(data) - label) / outputs per example, whatever the head
    gradient.

    Parameters:
        data: the scores; float.
        label: the targets (0 or 1, or probabilities), in data's dtype, with data's batch
            size and number of elements.
        grad_scale: a factor on the gradient (which is also divided by the number of
            outputs per example).

    Example:
        >>> x = nd.array([[0, 2]]); x.attach_grad()
        >>> with autograd.record():
        ...     y = nd.LogisticRegressionOutput(x, nd.array([[1, 1]]))
        >>> y.backward()
        >>> x.grad
        <BLANKLINE>
        [[-0.25       -0.05960146]]
        <NDArray 1x2 @cpu(0)>
    """
    _check_regression("LogisticRegressionOutput", data, label)
    with np.errstate(over="ignore"):
        return (1 / (1 + xp.exp(-data))).astype(data.dtype)


@op(nin=2, keeps=(1,), vjp=(_sign_vjp, lambda *a, **k: None))
def MAERegressionOutput(xp, data, label, grad_scale=1.0):
    """data unchanged in the forward pass; in the backward pass the gradient of an absolute
    loss, grad_scale * sign(data - label) / outputs per example (-1 where they are equal, as
    MXNet), whatever the head gradient.

    Parameters:
        data: the predictions; float.
        label: the targets, in data's dtype, with data's batch size and number of elements.
        grad_scale: a factor on the gradient (which is also divided by the number of
            outputs per example).

    Example:
        >>> x = nd.array([[0.5, 2]]); x.attach_grad()
        >>> with autograd.record():
        ...     y = nd.MAERegressionOutput(x, nd.array([[1, 1]]))
        >>> y.backward()
        >>> x.grad
        <BLANKLINE>
        [[-0.5  0.5]]
        <NDArray 1x2 @cpu(0)>
    """
    _check_regression("MAERegressionOutput", data, label)
    return data.copy()


# ----- MakeLoss, make_loss -----------------------------------------------------------------
def _make_loss_vjp(xp, g, ans, data, grad_scale=1.0, valid_thresh=0.0, normalization="null"):
    if normalization == "valid":
        valid = (data > data.dtype.type(_f32(valid_thresh))).sum()
        count = xp.maximum(valid, 1).astype(data.dtype)
        return xp.broadcast_to(xp.true_divide(data.dtype.type(_f32(grad_scale)), count),
                               data.shape).copy()
    scale = np.float32(grad_scale)
    if normalization == "batch":        # MXNet divides by the rows of data as (-1, last axis)
        scale = scale / np.float32(data.size // max(data.shape[-1], 1) if data.ndim else 1)
    return xp.full(data.shape, scale, dtype=data.dtype)


@op(keeps=(0,), vjp=_make_loss_vjp)
def MakeLoss(xp, data, grad_scale=1.0, valid_thresh=0.0, normalization="null"):
    """Make data a loss: unchanged in the forward pass; in the backward pass its gradient is
    grad_scale everywhere, whatever the head gradient, divided by nothing with
    normalization='null', by the size of data without its last axis with 'batch' (as
    MXNet), by the number of elements above valid_thresh (at least 1) with 'valid'.

    Parameters:
        data: the loss values; float.
        grad_scale: the gradient's value.
        valid_thresh: with normalization='valid', the elements above it count as valid.
        normalization: 'null', 'batch' or 'valid'.

    Example:
        >>> x = nd.array([[1, -2], [3, 4]]); x.attach_grad()
        >>> with autograd.record():
        ...     y = nd.MakeLoss(x * x, normalization='batch')
        >>> y.backward()
        >>> x.grad
        <BLANKLINE>
        [[ 1. -2.]
         [ 3.  4.]]
        <NDArray 2x2 @cpu(0)>
    """
    _float_only("MakeLoss", data)
    _normalization("MakeLoss", normalization)
    return data.copy()


@op(keeps=(), vjp=lambda xp, g, ans, data: xp.ones(data.shape, dtype=g.dtype))
def make_loss(xp, data):
    """Make data a loss: unchanged in the forward pass; its gradient is 1 everywhere,
    whatever the head gradient.

    Example:
        >>> x = nd.array([1, 2]); x.attach_grad()
        >>> with autograd.record():
        ...     y = nd.make_loss(x * x)
        >>> y.backward()
        >>> x.grad
        <BLANKLINE>
        [2. 4.]
        <NDArray 2 @cpu(0)>
    """
    return data.copy()


# ----- softmax_cross_entropy's kernel ------------------------------------------------------
def _check_cross_entropy(xp, data, label):
    _float_only("softmax_cross_entropy", data)
    if data.ndim != 2 or label.ndim != 1 or label.shape[0] != data.shape[0]:
        raise ValueError(f"softmax_cross_entropy: takes 2-D data (batch, classes) and a 1-D "
                         f"label with one class per row, got data {data.shape} and label "
                         f"{label.shape}")
    classes = _as_int(xp, label)
    if classes.size and bool(((classes < 0) | (classes >= data.shape[1])).any()):
        raise ValueError(f"softmax_cross_entropy: a label is outside the classes 0.."
                         f"{data.shape[1] - 1} of data {data.shape} (MXNet reads past the row)")
    return classes


def _cross_entropy_vjp(xp, g, ans, data, label):
    # MXNet's gradient: that of the cross-entropy without the 1e-8 floor of the forward
    classes = _as_int(xp, label)[:, None]
    p = _stable_softmax(xp, data, 1)
    return ((p - (xp.arange(data.shape[1])[None, :] == classes)) * g).astype(data.dtype)


@op(nin=2, namespace="_internal", vjp=(_cross_entropy_vjp, lambda *a, **k: None),
    departs="`label` gets a zero gradient (MXNet refuses to compute one).")
def _softmax_cross_entropy(xp, data, label):
    """softmax_cross_entropy's recorded op: the summed -log(max(softmax(data)[i, label[i]],
    1e-8)), shape (1,).

    Example:
        >>> nd.softmax_cross_entropy(nd.array([[0, 0]]), nd.array([1]))
        <BLANKLINE>
        [0.6931472]
        <NDArray 1 @cpu(0)>
    """
    classes = _check_cross_entropy(xp, data, label)
    p = _stable_softmax(xp, data, 1)
    picked = xp.take_along_axis(p, classes[:, None], axis=1)
    floor = data.dtype.type(1e-8)
    return (-xp.log(xp.maximum(picked, floor))).sum().reshape(1).astype(data.dtype)
