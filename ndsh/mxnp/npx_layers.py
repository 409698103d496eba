"""`mx.npx`'s operators that run one op of the table on np arrays: `table_op` builds each (np
arrays unwrapped, the result wrapped), and the layer ops (convolution, pooling, batch_norm,
layer_norm, embedding...) are made with it here."""
from __future__ import annotations

import inspect

from ndsh.engine.ndarray import NDArray
from ndsh.engine.registry import OPS
from ndsh.mxnp import npx_extra as _npx_extra
from ndsh.mxnp import npx_image as _npx_image
from ndsh.mxnp.array import ndarray, unwrap, wrap_all


def table_op(name: str, op_name: str, doc: str):
    """npx.NAME: the table's op on np arrays (every np array argument unwrapped, the result
    wrapped)."""
    call = OPS[f"nd.{op_name}"].call

    def function(*args, **kwargs):
        args = [unwrap(a, f"npx.{name}") if isinstance(a, (ndarray, NDArray)) else a
                for a in args]
        kwargs = {k: unwrap(v, f"npx.{name}") if isinstance(v, (ndarray, NDArray)) else v
                  for k, v in kwargs.items()}
        return wrap_all(call(*args, **kwargs))

    function.__name__ = function.__qualname__ = name
    function.__module__ = __name__
    function.__doc__ = doc
    op = OPS[f"nd.{op_name}"]
    signature = inspect.signature(op.fn)
    parameters = list(signature.parameters.values())
    # a primitive's forward takes the array module first; a composite op's takes arrays
    function.__signature__ = signature.replace(
        parameters=parameters[1:] if op.kind == "primitive" else parameters)
    return function


_LAYER_DOCS = {
    "embedding": ("Embedding", """Rows of `weight` (input_dim, output_dim) picked by the indices in
    `data`: an embedding layer's op.

    Parameters:
        data: an np array of indices.
        weight: an np array of shape (input_dim, output_dim).
        input_dim: the number of rows of weight.
        output_dim: the number of columns of weight.
        dtype: the dtype of the result.
        sparse_grad: accepted for MXNet's sake (gradients are dense).

    Example:
        >>> npx.embedding(np.array([0, 2]), np.arange(6).reshape(3, 2), input_dim=3, output_dim=2)
        array([[0., 1.],
               [4., 5.]])
    """),
    "layer_norm": ("LayerNorm", """`data` normalised along `axis` to zero mean and unit variance,
    then scaled by `gamma` and shifted by `beta`.

    Parameters:
        data: an np array.
        gamma: an np array, the scale (the size of `axis`).
        beta: an np array, the shift.
        axis: the axis normalised.
        eps: added to the variance.
        output_mean_var: also return the mean and the standard deviation.

    Example:
        >>> npx.layer_norm(np.array([[1.0, 2.0, 4.0]]), np.ones(3), np.zeros(3))
        array([[-1.0690414 , -0.26726028,  1.3363018 ]])
    """),
    "batch_norm": ("BatchNorm", """Batch normalisation: each channel normalised by the batch's
    statistics while training, by the running ones otherwise (MXNet's BatchNorm).

    Parameters:
        data: an np array (N, C, ...).
        gamma: an np array (C,), the scale.
        beta: an np array (C,), the shift.
        moving_mean: an np array (C,), the running mean.
        moving_var: an np array (C,), the running variance.
        eps: added to the variance.
        momentum: the running statistics' momentum.
        fix_gamma: treat gamma as ones.
        use_global_stats: use the running statistics while training too.
        output_mean_var: also return the batch mean and variance.
        axis: the channel axis.
        cudnn_off: accepted for MXNet's sake.
        min_calib_range: accepted for MXNet's sake (quantization).
        max_calib_range: accepted for MXNet's sake (quantization).

    Example:
        >>> npx.batch_norm(np.arange(4).reshape(2, 2), np.ones(2), np.zeros(2), np.zeros(2),
        ...                np.ones(2))
        array([[0.       , 0.9995004],
               [1.9990008, 2.9985013]])
    """),
    "convolution": ("Convolution", """A batch of images convolved with a bank of filters (a
    cross-correlation, as in MXNet): (N, C, H, W) with (F, C, kh, kw) gives (N, F, H', W').

    Parameters:
        data: an np array (N, C, *spatial).
        weight: an np array (num_filter, C / num_group, *kernel).
        bias: an np array (num_filter,), or None with no_bias=True.
        kernel: the window size.
        stride: the step, per spatial axis.
        dilate: the dilation, per spatial axis.
        pad: the zero padding, per spatial axis.
        num_filter: the number of filters.
        num_group: the number of groups.
        no_bias: leave the bias out.
        layout: 'NCHW' (and the 1-D and 3-D forms).

    Example:
        >>> npx.convolution(np.arange(16).reshape(1, 1, 4, 4), np.ones((1, 1, 2, 2)), np.zeros(1),
        ...                 kernel=(2, 2), num_filter=1)[0, 0, 0]
        array([10., 14., 18.])
    """),
    "pooling": ("Pooling", """Each channel pooled over sliding windows: the maximum, the average,
    the sum or the p-norm ('max', 'avg', 'sum', 'lp'), or over the whole image with
    global_pool=True.

    Parameters:
        data: an np array (N, C, *spatial).
        kernel: the window size.
        pool_type: 'max', 'avg', 'sum' or 'lp'.
        global_pool: pool over the whole spatial extent.
        stride: the step, per spatial axis.
        pad: the padding, per spatial axis.
        pooling_convention: 'valid' or 'full' (how the last window is placed).

    Example:
        >>> npx.pooling(np.arange(16).reshape(1, 1, 4, 4), kernel=(2, 2), stride=(2, 2),
        ...             pool_type='max')
        array([[[[ 5.,  7.],
                 [13., 15.]]]])
    """),
    "leaky_relu": ("LeakyReLU", """Leaky activations: 'leaky' (x, or slope * x where x <= 0),
    'prelu', 'elu', 'selu', 'gelu', 'rrelu'.

    Parameters:
        data: an np array.
        gamma: an np array, the learned slope for 'prelu'.
        act_type: the activation's name.
        slope: the slope for x <= 0 ('leaky', 'elu').

    Example:
        >>> npx.leaky_relu(np.array([-1.0, 2.0]), slope=0.1)
        array([-0.1,  2. ])
    """),
    "gather_nd": ("gather_nd", """The elements whose coordinates are the columns of `indices`
    (its first axis runs over data's leading axes).

    Parameters:
        data: an np array.
        indices: an np array of shape (k, ...): k coordinates for each element.

    Example:
        >>> npx.gather_nd(np.arange(6).reshape(2, 3), np.array([[0, 1], [2, 0]]))
        array([2., 3.])
    """),
    "batch_flatten": ("flatten", """Every axis but the first collapsed: (2, 3, 4) -> (2, 12).

    Parameters:
        data: an np array.

    Example:
        >>> npx.batch_flatten(np.ones((2, 3, 4))).shape
        (2, 12)
    """),
    "reshape_like": ("reshape_like", """`lhs` in the shape of `rhs` (same number of elements).

    Parameters:
        lhs: an np array.
        rhs: an np array whose shape is taken.

    Example:
        >>> npx.reshape_like(np.arange(6), np.ones((2, 3))).shape
        (2, 3)
    """),
    "gammaln": ("gammaln", """The log of the absolute gamma function, elementwise.

    Parameters:
        data: an np array.

    Example:
        >>> npx.gammaln(np.array([3.0]))
        array([0.6931472])
    """),
    "erfinv": ("erfinv", """The inverse error function, elementwise.

    Parameters:
        data: an np array.

    Example:
        >>> npx.erfinv(np.array([0.5]))
        array([0.47693628])
    """),
    "smooth_l1": ("smooth_l1", """0.5 * (s * x)**2 where |x| < 1 / s**2, else |x| - 0.5 / s**2.

    Parameters:
        data: an np array.
        scalar: s.

    Example:
        >>> npx.smooth_l1(np.array([-2.0, 0.5]), scalar=1.0)
        array([1.5  , 0.125])
    """),
    "rnn": ("RNN", """A recurrent network (rnn_relu, rnn_tanh, lstm or gru) over a whole
    sequence, with its parameters packed in one array (MXNet's RNN op).

    Parameters:
        data: an np array (T, N, input_size).
        parameters: an np array: every weight and bias, packed.
        state: an np array (num_layers * directions, N, state_size).
        state_cell: the LSTM cell state.
        sequence_length: an np array of lengths, with use_sequence_length=True.
        state_size: the hidden size.
        num_layers: the number of layers.
        bidirectional: run both directions.
        mode: 'rnn_relu', 'rnn_tanh', 'lstm' or 'gru'.
        p: the dropout between layers.
        state_outputs: also return the final states.
        projection_size: the LSTM projection size.
        lstm_state_clip_min: the LSTM cell clip's lower bound.
        lstm_state_clip_max: the LSTM cell clip's upper bound.
        lstm_state_clip_nan: clip NaN too.
        use_sequence_length: apply sequence_length.

    Example:
        >>> out = npx.rnn(np.ones((3, 1, 2)), np.ones(12) * 0.1, np.zeros((1, 1, 2)),
        ...               state_size=2, num_layers=1, mode='rnn_tanh')
        >>> out.shape
        (3, 1, 2)
    """),
    "deconvolution": ("Deconvolution", """The transpose of a convolution (a learned upsampling):
    (N, C, H, W) with (C, F, kh, kw) gives (N, F, H', W').

    Parameters:
        data: an np array (N, C, *spatial).
        weight: an np array (C, num_filter / num_group, *kernel).
        bias: an np array (num_filter,), or None with no_bias=True.
        kernel: the window size.
        stride: the step, per spatial axis.
        dilate: the dilation, per spatial axis.
        pad: the padding removed, per spatial axis.
        adj: extra size added to one side of the output.
        target_shape: the output's spatial shape (overrides pad and adj).
        num_filter: the number of output channels.
        num_group: the number of groups.
        workspace: accepted for MXNet's sake.
        no_bias: leave the bias out.
        cudnn_tune: accepted for MXNet's sake.
        cudnn_off: accepted for MXNet's sake.
        layout: 'NCHW' (and the 1-D and 3-D forms).
        out: not supported; must be None.

    Example:
        >>> npx.deconvolution(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2)), kernel=(2, 2),
        ...                   num_filter=1, no_bias=True)[0, 0]
        array([[1., 2., 1.],
               [2., 4., 2.],
               [1., 2., 1.]])
    """),
    "roi_pooling": ("ROIPooling", """Max pooling of each region of interest to a fixed size:
    rois rows are (batch index, x1, y1, x2, y2) in image coordinates.

    Parameters:
        data: an np array (N, C, H, W).
        rois: an np array (R, 5).
        pooled_size: the output's (height, width).
        spatial_scale: the ratio of data's size to the image's.

    Example:
        >>> npx.roi_pooling(np.arange(16).reshape(1, 1, 4, 4), np.array([[0, 0, 0, 3, 3]]),
        ...                 pooled_size=(2, 2), spatial_scale=1.0)
        array([[[[ 5.,  7.],
                 [13., 15.]]]])
    """),
    "slice": ("slice", """The part of the array from `begin` to `end` (with `step`) on the leading
    axes: MXNet's slice op.

    Parameters:
        data: an np array.
        begin: the first index per axis (None for the start).
        end: the end per axis, excluded (None for the end).
        step: the step per axis.

    Example:
        >>> npx.slice(np.arange(12).reshape(3, 4), begin=(0, 1), end=(2, 3))
        array([[1., 2.],
               [5., 6.]])
    """),
    "shape_array": ("shape_array", """The array's shape as an int64 np array.

    Parameters:
        data: an np array.

    Example:
        >>> npx.shape_array(np.ones((2, 3)))
        array([2, 3], dtype=int64)
    """),
    "arange_like": ("contrib.arange_like", """0, 1, 2... shaped like `data` (or as long as its
    `axis`).

    Parameters:
        data: an np array.
        start: the first value.
        step: the spacing.
        repeat: how many times each value repeats.
        ctx: the context of the result.
        axis: the axis whose length is used; None for data's whole shape.

    Example:
        >>> npx.arange_like(np.ones((2, 3)), axis=1)
        array([0., 1., 2.])
    """),
    "multibox_prior": ("contrib.MultiBoxPrior", """Anchor boxes centred on each pixel of a feature
    map, (1, H * W * (len(sizes) + len(ratios) - 1), 4), corners scaled to [0, 1]: d2l's anchors.

    Parameters:
        data: an np array (N, C, H, W): only its spatial shape is read.
        sizes: the boxes' sizes (fractions of the image).
        ratios: the boxes' width / height ratios.
        clip: clip the boxes to [0, 1].
        steps: the steps between centres (-1: 1 / the map's size).
        offsets: the centres' offsets within a step.

    Example:
        >>> npx.multibox_prior(np.ones((1, 3, 2, 2)), sizes=(0.5,), ratios=(1.0,))[0, :2]
        array([[0. , 0. , 0.5, 0.5],
               [0.5, 0. , 1. , 0.5]])
    """),
    "multibox_target": ("contrib.MultiBoxTarget", """Training targets for anchors: each anchor
    matched to a ground-truth box gives (box offsets, their mask, class labels).

    Parameters:
        anchor: an np array (1, A, 4) of anchor corners.
        label: an np array (N, M, 5): (class, x1, y1, x2, y2) per object, -1 rows for padding.
        cls_pred: an np array (N, classes + 1, A), used for negative mining.
        overlap_threshold: the IoU above which an anchor is matched.
        ignore_label: the label of padding rows.
        negative_mining_ratio: negatives per positive (-1: no mining).
        negative_mining_thresh: the IoU below which an anchor may be a negative.
        minimum_negative_samples: the fewest negatives mined.
        variances: the offsets' scales.

    Example:
        >>> anchors = npx.multibox_prior(np.ones((1, 3, 2, 2)), sizes=(0.5,), ratios=(1.0,))
        >>> offsets, mask, labels = npx.multibox_target(
        ...     anchors, np.array([[[0, 0.1, 0.1, 0.4, 0.4]]]), np.zeros((1, 2, 4)))
        >>> labels
        array([[1., 0., 0., 0.]])
    """),
    "multibox_detection": ("contrib.MultiBoxDetection", """Detections from class probabilities
    and box offsets per anchor, after non-maximum suppression: rows (class, score, x1, y1, x2, y2),
    class -1 for the suppressed.

    Parameters:
        cls_prob: an np array (N, classes + 1, A).
        loc_pred: an np array (N, A * 4) of offsets.
        anchor: an np array (1, A, 4).
        clip: clip the boxes to [0, 1].
        threshold: the lowest score kept.
        background_id: the background class.
        nms_threshold: the IoU above which a box is suppressed.
        force_suppress: suppress across classes too.
        variances: the offsets' scales.
        nms_topk: keep only the best k before suppression (-1: all).

    Example:
        >>> anchors = npx.multibox_prior(np.ones((1, 3, 2, 2)), sizes=(0.5,), ratios=(1.0,))
        >>> probs = np.array([[[0.1, 0.2, 0.9, 0.3], [0.9, 0.8, 0.1, 0.7]]])
        >>> npx.multibox_detection(probs, np.zeros((1, 16)), anchors)[0, 0]
        array([0. , 0.9, 0. , 0. , 0.5, 0.5])
    """),
}

LAYERS = {name: table_op(name, op_name, doc) for name, (op_name, doc) in _LAYER_DOCS.items()}
# npx functions of their own modules that npx.py exports through this table
LAYERS.update(_npx_extra.FUNCTIONS)
LAYERS["image"] = _npx_image          # npx.image: a module of its own, as MXNet's
