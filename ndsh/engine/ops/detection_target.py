"""MultiBoxTarget's computation (detection.py registers the op) and the helpers of the
detection family: float32-only inputs, tuple parameters, and expf as glibc rounds it.

The matching follows MXNet 1.9.1's multibox_target.cc: IoUs in float32 as its mshadow
expressions compute them, a greedy bipartite pass (one step per ground-truth box, every batch
at once), the threshold pass, then hard negative mining by the background's softmax.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.mxnet_errors import TypeError, ValueError

_F32 = np.float32


def require_float32(op_name: str, *named) -> None:
    """MXNet's legacy detection ops take float32 only ("Unsupported data type")."""
    for name, data in named:
        if data.dtype != np.float32:
            raise TypeError(f"{op_name}: {name} must be float32 (MXNet 1.9.1 refuses other "
                            f"dtypes here), and this one of shape {data.shape} is "
                            f"{data.dtype.name}: convert it with .astype('float32')")


def float_tuple(op_name: str, name: str, value, length: int | None = None) -> tuple:
    """A tuple-of-floats parameter as float32 numbers (MXNet's Tuple<float>)."""
    values = (value,) if np.ndim(value) == 0 else tuple(value)
    try:
        values = tuple(_F32(v) for v in values)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{op_name}: {name} must be a number or a tuple of numbers, not "
                        f"{value!r}") from None
    if length is not None and len(values) != length:
        raise ValueError(f"{op_name}: {name} must have {length} numbers, and has {len(values)}: "
                         f"{value!r}")
    if not values:
        raise ValueError(f"{op_name}: {name} must have at least one number, and is empty")
    return values


def exp32(xp, x):
    """float32 exp as glibc's expf rounds it: exact in float64, then rounded once."""
    return xp.exp(x.astype(np.float64)).astype(np.float32)


def log32(xp, x):
    """float32 log as glibc's logf rounds it: exact in float64, then rounded once."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return xp.log(x.astype(np.float64)).astype(np.float32)


def _check_target(anchor, label, cls_pred):
    shapes = f"anchor {anchor.shape}, label {label.shape} and cls_pred {cls_pred.shape}"
    if anchor.ndim != 3 or anchor.shape[0] != 1 or anchor.shape[1] < 1 or anchor.shape[2] != 4:
        raise ValueError(f"MultiBoxTarget: anchor must be (1, n, 4), the anchors shared by the "
                         f"batch; got {shapes}")
    if label.ndim != 3 or label.shape[1] < 1 or label.shape[2] < 5:
        raise ValueError(f"MultiBoxTarget: label must be (batch, m, 5 or more), rows [class, "
                         f"xmin, ymin, xmax, ymax] padded with -1; got {shapes}")
    if cls_pred.ndim != 3 or cls_pred.shape[2] != anchor.shape[1]:
        raise ValueError(f"MultiBoxTarget: cls_pred must be (batch, classes, n) with n the "
                         f"number of anchors; got {shapes}")
    require_float32("MultiBoxTarget", ("anchor", anchor), ("label", label),
                    ("cls_pred", cls_pred))


def _overlaps(xp, anchors, boxes):
    """(batch, n, m) IoUs of the anchors (n, 4) with the boxes (batch, m, 4), as MXNet's
    mshadow expressions compute them in float32 (0 where the union is 0)."""
    a = anchors[None, :, None, :]
    b = boxes[:, None, :, :]

    def side(lo, hi):
        right = xp.where(a[..., hi] < b[..., hi], a[..., hi], b[..., hi])
        left = xp.where(a[..., lo] > b[..., lo], a[..., lo], b[..., lo])
        width = right - left
        return xp.where(_F32(0) > width, _F32(0), width)

    inter = side(0, 2) * side(1, 3)
    union = ((a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
             + (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1]) - inter)
    with np.errstate(invalid="ignore", divide="ignore"):
        return xp.where(union == 0, _F32(0), inter / xp.where(union == 0, _F32(1), union))


def _ground_truth_count(xp, label):
    """Per batch, the boxes before the first padding row (class -1), whose coordinates must
    be -1 too, as MXNet checks."""
    pad = label[..., 0] == -1
    has_pad = pad.any(axis=1)
    first = xp.where(has_pad, pad.argmax(axis=1), label.shape[1])
    rows = label[xp.arange(label.shape[0]), xp.minimum(first, label.shape[1] - 1)]
    bad = has_pad & (rows[:, 1:5] != -1).any(axis=1)
    if bool(bad.any()):
        b = int(xp.nonzero(bad)[0][0])
        raise ValueError(f"MultiBoxTarget: label row {int(first[b])} of batch {b} has class -1 "
                         f"(padding) but coordinates {rows[b, 1:5].tolist()}; a padding row "
                         f"must be all -1 (label of shape {label.shape})")
    return first


def _bipartite(xp, iou, gt_ok):
    """Each ground-truth box takes its best free anchor, highest IoU (> 1e-6) first: returns
    (positive, matched box, matched IoU), the last two -1 where unmatched."""
    batches, n, m = iou.shape
    positive = xp.zeros((batches, n), dtype=bool)
    matched = xp.full((batches, n), -1, dtype=np.int64)
    matched_iou = xp.full((batches, n), -1, dtype=_F32)
    gt_free = gt_ok.copy()
    every = xp.arange(batches)
    clean = xp.where(xp.isnan(iou), _F32(-np.inf), iou)
    for _ in range(m):
        free = ~positive[:, :, None] & gt_free[:, None, :]
        flat = xp.where(free, clean, _F32(-np.inf)).reshape((batches, -1))
        best = flat.argmax(axis=1)
        top = flat[every, best]
        found = top > _F32(1e-6)
        if not bool(found.any()):
            break
        b = every[found]
        anchor, box = best[found] // m, best[found] % m
        positive[b, anchor] = True
        matched[b, anchor] = box
        matched_iou[b, anchor] = top[found]
        gt_free[b, box] = False
    return positive, matched, matched_iou


def _background_prob(xp, cls_pred):
    """The softmax probability of class 0 per anchor, in float32 as the kernel sums it."""
    top = cls_pred[:, 0]
    for k in range(1, cls_pred.shape[1]):
        top = xp.where(cls_pred[:, k] > top, cls_pred[:, k], top)
    total = xp.zeros(top.shape, dtype=_F32)
    for k in range(cls_pred.shape[1]):
        total = total + exp32(xp, cls_pred[:, k] - top)
    return exp32(xp, cls_pred[:, 0] - top) / total


def _mine_negatives(xp, cls_pred, candidate, count, shapes):
    """The `count` (per batch) candidates least likely background, ties in anchor order."""
    batches = candidate.shape[0]
    if cls_pred.shape[0] < batches:
        if bool((count[cls_pred.shape[0]:] > 0).any()):
            raise ValueError(f"MultiBoxTarget: negative mining reads cls_pred for each batch "
                             f"of label, and cls_pred has fewer batches ({shapes})")
        cls_pred = xp.concatenate([cls_pred, xp.zeros((batches - cls_pred.shape[0],)
                                                      + cls_pred.shape[1:], dtype=_F32)])
    prob = _background_prob(xp, cls_pred[:batches])
    short = count > candidate.sum(axis=1)
    if bool(short.any()):
        b = int(xp.nonzero(short)[0][0])
        raise ValueError(f"MultiBoxTarget: negative mining wants {int(count[b])} negatives in "
                         f"batch {b} and only {int(candidate[b].sum())} anchors qualify (best "
                         f"IoU below negative_mining_thresh); {shapes}")
    order = xp.argsort(xp.where(candidate, prob, _F32(np.inf)), axis=1, kind="stable")
    chosen = xp.arange(candidate.shape[1])[None, :] < count[:, None]
    negative = xp.zeros(candidate.shape, dtype=bool)
    batch = xp.nonzero(chosen)[0]
    negative[batch, order[chosen]] = True
    return negative


def _encode(xp, anchors, boxes, variances):
    """MXNet's AssignLocTargets in float32: centre offsets and log sizes over the variances."""
    vx, vy, vw, vh = variances
    al, at, ar, ab = (anchors[:, k] for k in range(4))
    gl, gt, gr, gb = (boxes[..., k] for k in range(4))
    aw, ah = ar - al, ab - at
    ax, ay = (al + ar) * _F32(0.5), (at + ab) * _F32(0.5)
    gw, gh = gr - gl, gb - gt
    gx, gy = (gl + gr) * _F32(0.5), (gt + gb) * _F32(0.5)
    with np.errstate(invalid="ignore", divide="ignore"):
        return xp.stack([(gx - ax) / aw / vx, (gy - ay) / ah / vy,
                         log32(xp, gw / aw) / vw, log32(xp, gh / ah) / vh], axis=-1)


def multibox_target(xp, anchor, label, cls_pred, overlap_threshold, ignore_label,
                    negative_mining_ratio, negative_mining_thresh, variances):
    """(loc_target, loc_mask, cls_target) as backend arrays; see nd.contrib.MultiBoxTarget."""
    _check_target(anchor, label, cls_pred)
    shapes = f"anchor {anchor.shape}, label {label.shape}, cls_pred {cls_pred.shape}"
    anchors = anchor[0]
    batches, n = label.shape[0], anchors.shape[0]
    gt_count = _ground_truth_count(xp, label)
    gt_ok = xp.arange(label.shape[1])[None, :] < gt_count[:, None]
    iou = _overlaps(xp, anchors, label[..., 1:5])
    positive, matched, _ = _bipartite(xp, iou, gt_ok)
    # every other anchor's best box (the first of equal IoUs above -1, the kernel's start)
    others = xp.where(gt_ok[:, None, :] & (iou > -1), iou, _F32(-np.inf))
    best_box, best_iou = others.argmax(axis=2), others.max(axis=2)
    has_best = best_iou > -1
    if _F32(overlap_threshold) > 0:
        update = ~positive & has_best
        matched = xp.where(update, best_box, matched)
        positive |= update & (best_iou > _F32(overlap_threshold))
    in_use = (gt_count > 0)[:, None]
    if _F32(negative_mining_ratio) > 0:
        if bool((gt_count > 0).any()) and not _F32(negative_mining_thresh) > 0:
            raise ValueError(f"MultiBoxTarget: negative_mining_thresh must be positive when "
                             f"mining negatives, and is {negative_mining_thresh}")
        positives = positive.sum(axis=1)
        wanted = (positives.astype(_F32) * _F32(negative_mining_ratio)).astype(np.int64)
        wanted = xp.where(gt_count > 0, xp.minimum(wanted, n - positives), 0)
        mining_iou = xp.where(has_best, best_iou, _F32(-1))
        candidate = ~positive & (mining_iou < _F32(negative_mining_thresh))
        negative = _mine_negatives(xp, cls_pred, candidate, wanted, shapes)
    else:
        negative = ~positive
    positive &= in_use
    negative &= in_use & ~positive
    box = xp.maximum(matched, 0)
    classes = xp.take_along_axis(label[..., 0], box, axis=1) + _F32(1)
    cls_target = xp.where(positive, classes, xp.where(negative, _F32(0), _F32(ignore_label)))
    boxes = xp.take_along_axis(label[..., 1:5], box[..., None], axis=1)
    loc = xp.where(positive[..., None], _encode(xp, anchors, boxes, variances), _F32(0))
    mask = xp.broadcast_to(positive[..., None], loc.shape).astype(_F32)
    return (loc.reshape((batches, n * 4)), mask.reshape((batches, n * 4)),
            cls_target.astype(_F32))
