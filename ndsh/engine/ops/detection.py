"""MXNet's SSD ops (nd.contrib): MultiBoxPrior (anchor boxes on a feature map), MultiBoxTarget
(training targets: anchors matched to ground truth) and MultiBoxDetection (predictions
decoded, then non-maximum suppression), computed as MXNet 1.9.1's CPU kernels compute them:
in float32 (MXNet refuses the other dtypes), step by step in the kernels' order.

All three are vectorised over batches and anchors. MultiBoxTarget's greedy matching takes one
step per ground-truth box and MultiBoxDetection's NMS one per kept position, each step over
every batch and anchor at once.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array
from ndsh.engine.ops.boxes import greedy_nms
from ndsh.engine.ops.detection_target import exp32, float_tuple, multibox_target, require_float32

_CONTRIB = "nd.contrib"
_F32 = np.float32
_NOT_RECORDED = ("Not recorded by autograd: MXNet records it and passes back zero "
                 "gradients.")


@op(namespace=_CONTRIB, vjp=lambda xp, g, ans, data, **params: None, keeps=())
def MultiBoxPrior(xp, data, sizes=(1.0,), ratios=(1.0,), clip=False, steps=(-1.0, -1.0),
                  offsets=(0.5, 0.5)):
    """Anchor boxes centred on each cell of a feature map: (1, h * w * k, 4) corners.

    data is (batch, channel, h, w) (only h and w are read). Each cell (row by row) gets k =
    len(sizes) + len(ratios) - 1 boxes: every size with the first ratio, then the first
    size with each other ratio. A box of size s and ratio r is s * h / w * sqrt(r) wide and
    s / sqrt(r) tall, in units of the image (0 to 1). The gradient is zero, as MXNet's.
    MXNet's npx names it multibox_prior.

    Parameters:
        data: the feature map, (batch, channel, h, w), float32.
        sizes: the box sizes, fractions of the image.
        ratios: the width / height ratios.
        clip: clip the boxes to [0, 1].
        steps: (step_y, step_x) between cell centres; -1 for 1 / h and 1 / w.
        offsets: (y, x) of a centre within its cell, each in [0, 1].

    Example:
        >>> nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 1, 2)), sizes=(0.5,), ratios=(1, 4))
        <BLANKLINE>
        [[[0.125 0.25  0.375 0.75 ]
          [0.    0.375 0.5   0.625]
          [0.625 0.25  0.875 0.75 ]
          [0.5   0.375 1.    0.625]]]
        <NDArray 1x4x4 @cpu(0)>
    """
    sizes = float_tuple("MultiBoxPrior", "sizes", sizes)
    ratios = float_tuple("MultiBoxPrior", "ratios", ratios)
    step_y, step_x = float_tuple("MultiBoxPrior", "steps", steps, 2)
    offset_y, offset_x = float_tuple("MultiBoxPrior", "offsets", offsets, 2)
    if data.ndim < 4 or data.shape[2] < 1 or data.shape[3] < 1:
        raise ValueError(f"MultiBoxPrior: data must be a feature map (batch, channel, h, w) "
                         f"with h and w at least 1, and has shape {data.shape}")
    require_float32("MultiBoxPrior", ("data", data))
    if not (0 <= offset_y <= 1 and 0 <= offset_x <= 1):
        raise ValueError(f"MultiBoxPrior: offsets {offsets} must each be in [0, 1]")
    if step_y * step_x < 0:
        raise ValueError(f"MultiBoxPrior: steps {steps} must be both positive, or -1 (both "
                         f"computed from the feature map {data.shape[2:4]})")
    height, width = data.shape[2], data.shape[3]
    if step_y <= 0 or step_x <= 0:
        step_y, step_x = _F32(1) / _F32(height), _F32(1) / _F32(width)
    ratio = np.sqrt(np.array(ratios, dtype=_F32))
    size = np.array(sizes + (sizes[0],) * (len(ratios) - 1), dtype=_F32)
    ratio = np.concatenate([np.full(len(sizes), ratio[0], dtype=_F32), ratio[1:]])
    half_w = xp.asarray(size * _F32(height) / _F32(width) * ratio / _F32(2))
    half_h = xp.asarray(size / ratio / _F32(2))
    cy = ((xp.arange(height, dtype=_F32) + offset_y) * step_y)[:, None, None]
    cx = ((xp.arange(width, dtype=_F32) + offset_x) * step_x)[None, :, None]
    shape = (height, width, len(size))
    boxes = xp.stack([xp.broadcast_to(v, shape) for v in
                      (cx - half_w, cy - half_h, cx + half_w, cy + half_h)], axis=-1)
    if clip:
        boxes = xp.where(boxes < 0, _F32(0), xp.where(boxes > 1, _F32(1), boxes))
    return boxes.reshape((1, -1, 4))


def MultiBoxTarget(anchor, label, cls_pred, overlap_threshold=0.5, ignore_label=-1.0,
                   negative_mining_ratio=-1.0, negative_mining_thresh=0.5,
                   minimum_negative_samples=0, variances=(0.1, 0.1, 0.2, 0.2)):
    """SSD's training targets: each anchor matched to a ground-truth box, or not.

    Returns [loc_target (batch, n * 4), loc_mask (batch, n * 4), cls_target (batch, n)].
    Each ground-truth box first takes its best free anchor (highest IoU first); then any
    other anchor whose best IoU exceeds overlap_threshold takes that box. A matched anchor
    gets the box's class + 1 and its offsets (centre and log size, over the variances);
    the others get class 0 (background), or ignore_label where negative mining leaves them
    out. A label row of class -1 ends the batch's boxes (padding). MXNet's npx names it
    multibox_target.

    Parameters:
        anchor: the anchors, (1, n, 4) corners, float32.
        label: the ground truth, (batch, m, 5 or more): [class, xmin, ymin, xmax, ymax].
        cls_pred: class scores, (batch, classes, n); read only when mining negatives.
        overlap_threshold: the IoU above which an anchor takes a box (0: best match only).
        ignore_label: the class target of anchors left out.
        negative_mining_ratio: keep this many negatives per positive (the anchors least
            likely background by cls_pred's softmax); -1 keeps every negative.
        negative_mining_thresh: only anchors whose best IoU is below this are negatives.
        minimum_negative_samples: accepted; MXNet 1.9.1 ignores it too.
        variances: the 4 scales the offsets are divided by.

    Example:
        >>> anchors = nd.array([[[0, 0.1, 0.2, 0.3],
        ...                      [0.15, 0.2, 0.4, 0.4],
        ...                      [0.57, 0.3, 0.92, 0.9]]])
        >>> labels = nd.array([[[0, 0.1, 0.08, 0.52, 0.92],
        ...                     [1, 0.55, 0.2, 0.9, 0.88]]])
        >>> loc, mask, cls = nd.contrib.MultiBoxTarget(
        ...     anchors, labels, nd.zeros((1, 3, 3)))
        >>> cls
        <BLANKLINE>
        [[0. 1. 2.]]
        <NDArray 1x3 @cpu(0)>
    """
    named = (("anchor", anchor), ("label", label), ("cls_pred", cls_pred))
    for name, value in named:
        if not isinstance(value, NDArray):
            raise TypeError(f"MultiBoxTarget: {name} must be an NDArray, not "
                            f"{type(value).__name__}")
    ctx = anchor.context
    if label.context != ctx or cls_pred.context != ctx:
        raise ValueError(f"MultiBoxTarget: anchor, label and cls_pred must be on one context, "
                         f"and are on {ctx}, {label.context} and {cls_pred.context}")
    outputs = multibox_target(
        ctx.xp, anchor._data, label._data, cls_pred._data,
        overlap_threshold=overlap_threshold, ignore_label=ignore_label,
        negative_mining_ratio=negative_mining_ratio,
        negative_mining_thresh=negative_mining_thresh,
        variances=float_tuple("MultiBoxTarget", "variances", variances, 4))
    return [new_array(data, ctx) for data in outputs]


op(kind="function", grad=False, namespace=_CONTRIB, departs=_NOT_RECORDED)(MultiBoxTarget)


def _decode(xp, anchors, loc, clip, variances):
    """MXNet's TransformLocations: (batch, n, 4) offsets -> corners, in float32."""
    vx, vy, vw, vh = variances
    al, at, ar, ab = (anchors[:, k] for k in range(4))
    aw, ah = ar - al, ab - at
    ax, ay = (al + ar) / _F32(2), (at + ab) / _F32(2)
    ox = loc[..., 0] * vx * aw + ax
    oy = loc[..., 1] * vy * ah + ay
    ow = exp32(xp, loc[..., 2] * vw) * aw / _F32(2)
    oh = exp32(xp, loc[..., 3] * vh) * ah / _F32(2)
    boxes = xp.stack([ox - ow, oy - oh, ox + ow, oy + oh], axis=-1)
    if clip:        # std::max(0, std::min(1, v)), NaN to 0 as there
        boxes = xp.where(boxes < 1, boxes, _F32(1))
        boxes = xp.where(0 < boxes, boxes, _F32(0))
    return boxes


def _overlap(xp, a, b):
    """MXNet's CalculateOverlap (multibox_detection.cc): 0 where the union is not positive."""
    def clamp(v):
        return xp.where(0 < v, v, _F32(0))

    w = clamp(xp.where(b[..., 2] < a[..., 2], b[..., 2], a[..., 2])
              - xp.where(a[..., 0] < b[..., 0], b[..., 0], a[..., 0]))
    h = clamp(xp.where(b[..., 3] < a[..., 3], b[..., 3], a[..., 3])
              - xp.where(a[..., 1] < b[..., 1], b[..., 1], a[..., 1]))
    inter = w * h
    union = ((a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
             + (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1]) - inter)
    return xp.where(union <= 0, _F32(0), inter / xp.where(union <= 0, _F32(1), union))


def _check_detection(cls_prob, loc_pred, anchor):
    shapes = (f"cls_prob {cls_prob.shape}, loc_pred {loc_pred.shape} and anchor "
              f"{anchor.shape}")
    if cls_prob.ndim != 3 or loc_pred.ndim != 2 or anchor.ndim != 3:
        raise ValueError(f"MultiBoxDetection: cls_prob must be (batch, classes, n), loc_pred "
                         f"(batch, n * 4) and anchor (1, n, 4); got {shapes}")
    n = cls_prob.shape[2]
    if (anchor.shape[0] != 1 or anchor.shape[1] != n or anchor.shape[2] != 4 or n < 1
            or loc_pred.shape[1] != 4 * n):
        raise ValueError(f"MultiBoxDetection: the anchors must agree: anchor (1, n, 4), "
                         f"cls_prob (batch, classes, n) and loc_pred (batch, n * 4) with n "
                         f"at least 1; got {shapes}")
    if loc_pred.shape[0] < cls_prob.shape[0]:
        raise ValueError(f"MultiBoxDetection: loc_pred needs a row per batch of cls_prob; got "
                         f"{shapes}")
    require_float32("MultiBoxDetection", ("cls_prob", cls_prob), ("loc_pred", loc_pred),
                    ("anchor", anchor))


def _nms(xp, out, alive, count, thresh, force_suppress):
    """Greedy NMS down the sorted rows: a row overlapping (IoU >= thresh) a kept row above
    it, of the same class unless force_suppress, loses its class (-1)."""
    def suppresses(a, b):
        hit = _overlap(xp, a[..., 2:6], b[..., 2:6]) >= thresh
        return hit if force_suppress else hit & (a[..., 0] == b[..., 0])

    width = int(count.max()) if count.size else 0
    greedy_nms(xp, alive[:, :width], out[:, :width], suppresses)
    return alive


@op(nin=3, grad=False, namespace=_CONTRIB,
    departs=_NOT_RECORDED + " loc_pred with fewer batches than cls_prob is an error (MXNet "
    "reads past it).")
def MultiBoxDetection(xp, cls_prob, loc_pred, anchor, clip=True, threshold=0.01,
                      background_id=0, nms_threshold=0.5, force_suppress=False,
                      variances=(0.1, 0.1, 0.2, 0.2), nms_topk=-1):
    """SSD's detections: boxes decoded from the anchors, then non-maximum suppression.

    Returns (batch, n, 6) rows [class, score, xmin, ymin, xmax, ymax]. Each anchor takes its
    most likely class other than 0 (the background) and that class's probability; one
    below threshold becomes class -1. The detections (class >= 0) come first, sorted by
    score; one overlapping a higher-scoring box of its class (IoU >= nms_threshold) gets
    class -1 but keeps its row; rows past nms_topk get -1 too (unsorted, as MXNet leaves
    them); the rest are -1 rows. nms_threshold outside (0, 1] skips sorting and NMS.
    MXNet's npx names it multibox_detection.

    Parameters:
        cls_prob: class probabilities, (batch, classes, n), float32; class 0 background.
        loc_pred: predicted offsets, (batch, n * 4), as MultiBoxTarget encodes them.
        anchor: the anchors, (1, n, 4) corners.
        clip: clip the boxes to [0, 1].
        threshold: the lowest score of a detection.
        background_id: accepted; MXNet 1.9.1 ignores it (class 0 is background).
        nms_threshold: the IoU at which the lower-scoring box is suppressed.
        force_suppress: suppress across classes too.
        variances: the 4 scales the offsets were divided by.
        nms_topk: keep only the nms_topk highest scores before NMS; -1 for all.

    Example:
        >>> anchors = nd.array([[[0.25, 0.25, 0.75, 0.75],
        ...                      [0.25, 0.375, 0.75, 0.875],
        ...                      [0.5, 0.5, 1, 1]]])
        >>> probs = nd.array([[[0, 0, 0], [0.9, 0.8, 0.1],
        ...                    [0.1, 0.2, 0.9]]])
        >>> nd.contrib.MultiBoxDetection(probs, nd.zeros((1, 12)),
        ...                              anchors)
        <BLANKLINE>
        [[[ 0.     0.9    0.25   0.25   0.75   0.75 ]
          [ 1.     0.9    0.5    0.5    1.     1.   ]
          [-1.     0.8    0.25   0.375  0.75   0.875]]]
        <NDArray 1x3x6 @cpu(0)>
    """
    _check_detection(cls_prob, loc_pred, anchor)
    variances = float_tuple("MultiBoxDetection", "variances", variances, 4)
    batches, classes, n = cls_prob.shape
    if classes > 1:
        fg = cls_prob[:, 1:, :]
        fg = xp.where(xp.isnan(fg), -np.inf, fg)
        top = fg.max(axis=1)
        found = top > -1                      # the kernel starts from score -1
        cid = xp.where(found, fg.argmax(axis=1) + 1, 0)
        score = xp.where(found, top, _F32(-1))
    else:
        cid = xp.zeros((batches, n), dtype=np.int64)
        score = xp.full((batches, n), -1, dtype=_F32)
    cid = xp.where((cid > 0) & (score < _F32(threshold)), 0, cid)
    ids = (cid - 1).astype(_F32)
    boxes = _decode(xp, anchor[0], loc_pred[:batches].reshape((batches, n, 4)), clip,
                    variances)
    rows = xp.concatenate([ids[..., None], score[..., None], boxes], axis=-1)
    valid = ids >= 0
    count = valid.sum(axis=1)
    # the detections first, in order; then sorted by score (ties in order), detections first
    compact = xp.argsort((~valid).astype(np.int8), axis=1, kind="stable")
    order = xp.argsort(xp.where(valid, -score, _F32(0)), axis=1, kind="stable")
    last = xp.argsort((~xp.take_along_axis(valid, order, axis=1)).astype(np.int8), axis=1,
                      kind="stable")
    order = xp.take_along_axis(order, last, axis=1)
    do_nms = (count >= 1) & bool(0 < _F32(nms_threshold) <= 1)
    keep = count if nms_topk <= 0 else xp.minimum(count, int(nms_topk))
    position = xp.arange(n)[None, :]
    sorted_rows = do_nms[:, None] & (position < keep[:, None])
    out = xp.take_along_axis(rows, xp.where(sorted_rows, order, compact)[..., None], axis=1)
    present = position < count[:, None]
    out = xp.where(present[..., None], out, _F32(-1))
    alive = _nms(xp, out, sorted_rows.copy(), xp.where(do_nms, keep, 0),
                 _F32(nms_threshold), force_suppress)
    out[..., 0] = xp.where(do_nms[:, None] & present & ~alive, _F32(-1), out[..., 0])
    return out
