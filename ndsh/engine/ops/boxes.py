"""Bounding-box ops of MXNet's nd.contrib: box_iou (the overlap of every pair of boxes) and
box_nms (non-maximum suppression, with its gradient), computed as MXNet 1.9.1's CPU kernels
compute them, in the boxes' own dtype. The IoU helpers here are shared with detection.py.

Everything is vectorised over batches and boxes; NMS walks the sorted positions once (each step
suppresses, for every batch at once, the boxes below the reference that overlap it).
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ops.arith import no_gradient

_CONTRIB = "nd.contrib"
_FORMATS = ("corner", "center")


def require_float(op_name: str, *named) -> None:
    """float16, float32 or float64 only, as MXNet's box ops ("only support floating point")."""
    for name, data in named:
        if data.dtype.kind != "f":
            raise TypeError(f"{op_name}: {name} must be a float16, float32 or float64 array, and "
                            f"this one of shape {data.shape} is {data.dtype.name} (MXNet "
                            f"refuses it too): convert it with .astype('float32')")


def box_format(op_name: str, name: str, value) -> str:
    if value not in _FORMATS:
        raise ValueError(f"{op_name}: {name} must be 'corner' ([xmin, ymin, xmax, ymax]) or "
                         f"'center' ([x, y, width, height]), not {value!r}")
    return value


def _pick(xp, test, a, b):
    """`test ? a : b` element by element, as the C++ kernels write max and min (NaN included)."""
    return xp.where(test, a, b)


def _side(xp, a1, a2, b1, b2, fmt):
    """MXNet's Intersect along one axis: the overlap of [a1, a2] and [b1, b2], at least 0 (in
    'center' format a1 is the centre and a2 the extent)."""
    if fmt == "center":
        aw, bw = a2 / 2, b2 / 2
        a1, a2, b1, b2 = a1 - aw, a1 + aw, b1 - bw, b1 + bw
        left, right = _pick(xp, b1 > a1, b1, a1), _pick(xp, b2 < a2, b2, a2)
    else:
        left, right = _pick(xp, a1 > b1, a1, b1), _pick(xp, a2 < b2, a2, b2)
    width = right - left
    return _pick(xp, width > 0, width, xp.zeros((), dtype=width.dtype))


def box_area(xp, boxes, fmt):
    """MXNet's BoxArea: width * height, 0 when either is negative."""
    if fmt == "center":
        width, height = boxes[..., 2], boxes[..., 3]
    else:
        width, height = boxes[..., 2] - boxes[..., 0], boxes[..., 3] - boxes[..., 1]
    return xp.where((width < 0) | (height < 0), xp.zeros((), dtype=width.dtype), width * height)


def intersection(xp, a, b, fmt):
    """The intersection area of boxes a and b (broadcast against each other), as box_nms and
    box_iou compute it: the x overlap times the y overlap."""
    return (_side(xp, a[..., 0], a[..., 2], b[..., 0], b[..., 2], fmt)
            * _side(xp, a[..., 1], a[..., 3], b[..., 1], b[..., 3], fmt))


def wide(value):
    """float16 compared with a float parameter: MXNet compares in float (half_t -> float)."""
    return value.astype(np.float32) if value.dtype == np.float16 else value


@op(nin=2, namespace=_CONTRIB, vjp=(no_gradient, no_gradient))
def box_iou(xp, lhs, rhs, format="corner"):  # noqa: A002  (MXNet's name)
    """The intersection over union of every box of `lhs` with every box of `rhs`.

    The boxes are the last axis (4 numbers); the result has shape lhs.shape[:-1] +
    rhs.shape[:-1]. Boxes that do not overlap give 0. The gradient is zero, as MXNet's.

    Parameters:
        lhs: boxes, (..., 4), float.
        rhs: boxes, (..., 4), lhs's dtype.
        format: 'corner' ([xmin, ymin, xmax, ymax]) or 'center' ([x, y, width, height]).

    Example:
        >>> a = nd.array([[0.5, 0.5, 1.0, 1.0], [0.0, 0.0, 0.5, 0.5]])
        >>> b = nd.array([[0.25, 0.25, 0.75, 0.75]])
        >>> nd.contrib.box_iou(a, b)
        <BLANKLINE>
        [[0.14285715]
         [0.14285715]]
        <NDArray 2x1 @cpu(0)>
    """
    fmt = box_format("box_iou", "format", format)
    for name, boxes in (("lhs", lhs), ("rhs", rhs)):
        if boxes.ndim < 2 or boxes.shape[-1] != 4:
            raise ValueError(f"box_iou: {name} must have at least 2 dimensions and 4 numbers per "
                             f"box on the last axis, and has shape {boxes.shape} (lhs "
                             f"{lhs.shape}, rhs {rhs.shape})")
    require_float("box_iou", ("lhs", lhs), ("rhs", rhs))
    a = lhs.reshape((-1, 1, 4))
    b = rhs.reshape((1, -1, 4))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        inter = intersection(xp, a, b, fmt)
        union = box_area(xp, a, fmt) + box_area(xp, b, fmt) - inter
        iou = xp.where(inter <= 0, xp.zeros((), dtype=inter.dtype), inter / union)
    return iou.reshape(lhs.shape[:-1] + rhs.shape[:-1])


def _check_nms_layout(shape, coord_start, score_index, id_index):
    where = f"data of shape {shape}"
    if len(shape) < 2:
        raise ValueError(f"box_nms: data must have at least 2 dimensions, (..., boxes, "
                         f"box_width), and has shape {shape}")
    width = shape[-1]
    wanted = 6 if id_index >= 0 else 5
    if width < wanted:
        raise ValueError(f"box_nms: each box needs at least {wanted} numbers (a score, 4 "
                         f"coordinates{', a class id' if id_index >= 0 else ''}), and {where} has "
                         f"{width}")
    if not 0 <= coord_start <= width - 4:
        raise ValueError(f"box_nms: coord_start={coord_start} puts the 4 coordinates outside the "
                         f"{width} numbers of each box ({where})")
    coords = range(coord_start, coord_start + 4)
    for name, index in (("score_index", score_index), ("id_index", id_index)):
        if name == "id_index" and index < 0:
            continue
        if not 0 <= index < width or index in coords:
            raise ValueError(f"box_nms: {name}={index} must name one of the {width} numbers of "
                             f"each box other than the coordinates at {coord_start} to "
                             f"{coord_start + 3} ({where})")
    if id_index >= 0 and id_index == score_index:
        raise ValueError(f"box_nms: id_index and score_index are both {id_index}; the class id "
                         f"and the score must be different numbers of each box ({where})")


_NMS_PAIRS = 1 << 22       # the pairwise suppression matrix is computed whole up to this size


def greedy_nms(xp, alive, rows, suppresses):
    """Greedy NMS down the sorted positions of each batch: a kept position (alive) drops the
    later ones it suppresses. alive is (batch, n), updated in place; rows (batch, n, ...)
    holds what `suppresses(a, b)` reads of each position to say (broadcasting) whether a
    suppresses b. Small problems compute every pair at once and loop over the positions
    with boolean work only, all batches together; large ones loop over each batch's kept
    boxes, comparing each with the candidates still left."""
    batches, n = alive.shape
    if batches * n * n <= _NMS_PAIRS:
        hit = suppresses(rows[:, :, None], rows[:, None, :])
        for i in range(n - 1):
            reference = alive[:, i]
            if bool(reference.any()):
                alive[:, i + 1:] &= ~(hit[:, i, i + 1:] & reference[:, None])
        return alive
    for b in range(batches):
        left = xp.nonzero(alive[b])[0]
        kept = []
        while left.size:
            kept.append(left[:1])
            rest = left[1:]
            left = rest[~suppresses(rows[b, left[0]][None], rows[b, rest])]
        alive[b] = False
        if kept:
            alive[b, xp.concatenate(kept)] = True
    return alive


def nms_record(xp, data, overlap_thresh=0.5, valid_thresh=0.0, topk=-1, coord_start=2,
               score_index=1, id_index=-1, background_id=-1, force_suppress=False,
               in_format="corner"):
    """For each output row of box_nms, the flat index (batch * boxes + box) of the input row
    it copies, or -1; None when topk is 0 (the output is the input as it is)."""
    batch_shape, (n, width) = data.shape[:-2], data.shape[-2:]
    rows = data.reshape((-1, n, width))
    batches = rows.shape[0]
    limit = n if topk < 0 else min(n, int(topk))
    if limit < 1:
        return None
    dtype = data.dtype.type             # MXNet casts the float parameters to the data's dtype
    scores = rows[..., score_index]
    valid = scores > dtype(np.float32(valid_thresh))
    if id_index >= 0:
        valid &= rows[..., id_index] != dtype(np.float32(background_id))
    record = xp.full((batches, n), -1, dtype=np.int64)
    if not bool(valid.any()):
        return record.reshape(batch_shape + (n,))
    # by score, highest first (ties keep their order), then the valid boxes first
    order = xp.argsort(xp.where(valid, -scores, xp.zeros((), dtype=scores.dtype)), axis=1,
                       kind="stable")
    last = xp.argsort((~xp.take_along_axis(valid, order, axis=1)).astype(np.int8), axis=1,
                      kind="stable")
    order = xp.take_along_axis(order, last, axis=1)
    count = valid.sum(axis=1)
    alive = xp.arange(n)[None, :] < xp.minimum(count, limit)[:, None]
    boxes = xp.take_along_axis(rows[..., coord_start:coord_start + 4], order[..., None], axis=1)
    classes = None
    if id_index >= 0 and not force_suppress:
        classes = xp.trunc(xp.take_along_axis(rows[..., id_index], order, axis=1))
    thresh = np.float32(overlap_thresh)
    # what NMS reads of each position: its box, its area and (to compare) its class
    rows_nms = xp.concatenate([boxes, box_area(xp, boxes, in_format)[..., None],
                               xp.zeros_like(boxes[..., :1]) if classes is None
                               else classes[..., None]], axis=-1)

    def suppresses(a, b):
        inter = intersection(xp, a[..., :4], b[..., :4], in_format)
        hit = wide(inter / (a[..., 4] + b[..., 4] - inter)) > thresh
        return hit if classes is None else hit & (a[..., 5] == b[..., 5])

    positions = min(limit, int(count.max()))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        greedy_nms(xp, alive[:, :positions], rows_nms[:, :positions], suppresses)
    # the kept boxes, in their sorted order, at the top of each batch
    batch, position = xp.nonzero(alive)
    rank = xp.cumsum(alive, axis=1) - 1
    record[batch, rank[batch, position]] = batch * n + order[batch, position]
    return record.reshape(batch_shape + (n,))


def _convert(xp, out, coord_start, in_format, out_format):
    """MXNet's corner_to_center / center_to_corner over the output rows, which skip a row
    whose first coordinate is negative (the -1 rows, and any box left of 0)."""
    if in_format == out_format:
        return out
    c = out[..., coord_start:coord_start + 4]
    a, b, p, q = c[..., 0], c[..., 1], c[..., 2], c[..., 3]
    if out_format == "center":
        new = xp.stack([(a + p) / 2, (b + q) / 2, p - a, q - b], axis=-1)
    else:
        half_w, half_h = p / 2, q / 2
        new = xp.stack([a - half_w, b - half_h, a + half_w, b + half_h], axis=-1)
    out[..., coord_start:coord_start + 4] = xp.where((a < 0)[..., None], c, new)
    return out


def _nms_params(data, overlap_thresh, valid_thresh, topk, coord_start, score_index, id_index,
                background_id, force_suppress, in_format, out_format):
    require_float("box_nms", ("data", data))
    box_format("box_nms", "in_format", in_format)
    box_format("box_nms", "out_format", out_format)
    coord_start, score_index, id_index = int(coord_start), int(score_index), int(id_index)
    _check_nms_layout(data.shape, coord_start, score_index, id_index)
    return dict(overlap_thresh=overlap_thresh, valid_thresh=valid_thresh, topk=int(topk),
                coord_start=coord_start, score_index=score_index, id_index=id_index,
                background_id=background_id, force_suppress=bool(force_suppress),
                in_format=in_format)


def _box_nms_vjp(xp, g, ans, data, overlap_thresh=0.5, valid_thresh=0.0, topk=-1,
                 coord_start=2, score_index=1, id_index=-1, background_id=-1,
                 force_suppress=False, in_format="corner", out_format="corner"):
    params = _nms_params(data, overlap_thresh, valid_thresh, topk, coord_start, score_index,
                         id_index, background_id, force_suppress, in_format, out_format)
    record = nms_record(xp, data, **params)
    if record is None:
        return g
    width = data.shape[-1]
    flat = record.reshape(-1)
    kept = flat >= 0
    grad = xp.zeros((flat.size, width), dtype=g.dtype)
    grad[flat[kept]] = g.reshape((-1, width))[kept]
    return grad.reshape(data.shape)


@op(namespace=_CONTRIB, aliases=("box_non_maximum_suppression",), vjp=_box_nms_vjp)
def box_nms(xp, data, overlap_thresh=0.5, valid_thresh=0.0, topk=-1, coord_start=2,
            score_index=1, id_index=-1, background_id=-1, force_suppress=False,
            in_format="corner", out_format="corner"):
    """Non-maximum suppression: the boxes kept, highest score first, then rows of -1.

    data is (..., n, width): n boxes per batch (the leading axes are batches), each a row
    such as [id, score, xmin, ymin, xmax, ymax]. Boxes scoring above valid_thresh (and not
    of class background_id) are sorted by score; of the first topk, a box is dropped when
    it overlaps (IoU > overlap_thresh) a higher-scoring box kept before it, of the same
    class unless force_suppress. The gradient of each kept row goes back to its input row
    as it is (a format conversion is not differentiated, as in MXNet); the others get none.
    topk=0 returns the input unchanged. In out_format 'center', a
    box whose first coordinate is negative is left as it is (MXNet's conversion skips
    it).

    Parameters:
        data: the boxes, (..., n, width), float.
        overlap_thresh: the IoU above which the lower-scoring box is dropped.
        valid_thresh: boxes scoring this or less are dropped first.
        topk: only the topk highest-scoring boxes take part; -1 for all.
        coord_start: the position of the 4 coordinates in each row.
        score_index: the position of the score.
        id_index: the position of the class id; -1 for none (all one class).
        background_id: boxes of this class are dropped (with id_index set).
        force_suppress: suppress across classes too.
        in_format: 'corner' ([xmin, ymin, xmax, ymax]) or 'center' ([x, y, w, h]).
        out_format: the coordinates' format in the result, as in_format.

    Example:
        >>> x = nd.array([[0, 0.5, 0.1, 0.1, 0.2, 0.2],
        ...               [1, 0.4, 0.1, 0.1, 0.2, 0.2],
        ...               [0, 0.3, 0.1, 0.1, 0.14, 0.14],
        ...               [2, 0.6, 0.5, 0.5, 0.7, 0.8]])
        >>> nd.contrib.box_nms(x, overlap_thresh=0.1, id_index=0,
        ...                    force_suppress=True)
        <BLANKLINE>
        [[ 2.   0.6  0.5  0.5  0.7  0.8]
         [ 0.   0.5  0.1  0.1  0.2  0.2]
         [-1.  -1.  -1.  -1.  -1.  -1. ]
         [-1.  -1.  -1.  -1.  -1.  -1. ]]
        <NDArray 4x6 @cpu(0)>
    """
    params = _nms_params(data, overlap_thresh, valid_thresh, topk, coord_start, score_index,
                         id_index, background_id, force_suppress, in_format, out_format)
    record = nms_record(xp, data, **params)
    if record is None:
        return data.copy()
    width = data.shape[-1]
    flat = record.reshape(-1)
    kept = flat >= 0
    out = xp.full((flat.size, width), -1, dtype=data.dtype)
    out[kept] = data.reshape((-1, width))[flat[kept]]
    with np.errstate(over="ignore"):
        out = _convert(xp, out, params["coord_start"], in_format, out_format)
    return out.reshape(data.shape)
