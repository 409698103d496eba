"""The detection family (nd.contrib.MultiBoxPrior / MultiBoxTarget / MultiBoxDetection,
box_nms, box_iou, nd.ROIPooling, nd.contrib.ROIAlign): d2l's uses of them, straight loop
re-implementations of MXNet 1.9.1's CPU kernels to check the vectorised code on random
inputs, and a one-paragraph error naming the op and the shapes for each bad input. Golden
values from MXNet itself are in golden/detection.json (scripts/golden_cases/detection.py)."""
from __future__ import annotations

import inspect
import math

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.mxnet_errors import IndexError, MXNetError, TypeError, ValueError
from ndsh.engine.ops import boxes as boxes_module
from ndsh.engine.ops import detection as detection_module


# ----- d2l ---------------------------------------------------------------------------------
def test_d2l_anchor_boxes_on_an_image():
    """d2l "Anchor Boxes": 5 anchors per pixel of a 561 x 728 image."""
    y = nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 561, 728)), sizes=[0.75, 0.5, 0.25],
                                 ratios=[1, 2, 0.5])
    assert y.shape == (1, 2042040, 4) and y.dtype == np.float32
    boxes = y.reshape((561, 728, 5, 4))
    np.testing.assert_allclose(boxes[250, 250, 0].asnumpy(),
                               [0.05511677, 0.07152405, 0.63307005, 0.821524], rtol=1e-6)


def test_d2l_ssd_anchors_of_a_feature_map():
    """d2l SSD: anchors of a (32, 3, 16, 16) feature map, the same for every example."""
    y = nd.contrib.MultiBoxPrior(nd.ones((32, 3, 16, 16)), sizes=[0.2, 0.272],
                                 ratios=[1, 2, 0.5])
    assert y.shape == (1, 16 * 16 * 4, 4)
    first = y[0, :4].asnumpy()
    np.testing.assert_allclose((first[:, 0] + first[:, 2]) / 2, 1 / 32, rtol=1e-6)


_ANCHORS = [[0, 0.1, 0.2, 0.3], [0.15, 0.2, 0.4, 0.4], [0.63, 0.05, 0.88, 0.98],
            [0.66, 0.45, 0.8, 0.8], [0.57, 0.3, 0.92, 0.9]]
_TRUTH = [[0, 0.1, 0.08, 0.52, 0.92], [1, 0.55, 0.2, 0.9, 0.88]]


def test_d2l_labeling_anchors_toy_example():
    """d2l "Anchor Boxes": anchors 1 and 2 take the dog (class 0), 4 the cat (class 1)."""
    loc, mask, cls = nd.contrib.MultiBoxTarget(nd.array([_ANCHORS]), nd.array([_TRUTH]),
                                               nd.zeros((1, 3, 5)))
    assert cls.asnumpy().tolist() == [[0, 1, 2, 0, 2]]
    assert mask.asnumpy().tolist() == [[0] * 4 + [1] * 8 + [0] * 4 + [1] * 4]
    np.testing.assert_allclose(loc.asnumpy()[0, 4:8], [1.4, 10.0, 2.593969, 7.175423],
                               rtol=1e-6)
    assert all(a.dtype == np.float32 for a in (loc, mask, cls))


def test_d2l_ssd_training_targets_inside_record():
    """d2l SSD's training step: the targets are computed inside record from the network's
    outputs and are constants of the loss, whose gradient still reaches the predictions."""
    anchors = nd.contrib.MultiBoxPrior(nd.zeros((2, 3, 4, 4)), sizes=[0.4, 0.2],
                                       ratios=[1, 2])
    labels = nd.array([[[0, 0.1, 0.1, 0.5, 0.6]], [[0, 0.4, 0.3, 0.9, 0.8]]])
    cls_preds = nd.array(np.random.RandomState(0).uniform(-1, 1, (2, 48, 2)))
    bbox_preds = nd.zeros((2, 192))
    cls_preds.attach_grad()
    bbox_preds.attach_grad()
    with autograd.record():
        loc, mask, cls = nd.contrib.MultiBoxTarget(anchors, labels,
                                                   cls_preds.transpose((0, 2, 1)))
        loss = (nd.pick(nd.log_softmax(cls_preds), cls).mean()
                + nd.abs((bbox_preds - loc) * mask).mean())
    loss.backward()
    assert cls.shape == (2, 48) and loc.shape == mask.shape == (2, 192)
    assert float(nd.abs(cls_preds.grad).sum().asscalar()) > 0
    assert float(nd.abs(bbox_preds.grad).sum().asscalar()) > 0


def test_d2l_predicting_bounding_boxes_with_nms():
    """d2l "Anchor Boxes": NMS keeps the dog at 0.9 and the cat; the other dogs become -1."""
    anchors = nd.array([[[0.1, 0.08, 0.52, 0.92], [0.08, 0.2, 0.56, 0.95],
                         [0.15, 0.3, 0.62, 0.91], [0.55, 0.2, 0.9, 0.88]]])
    cls_probs = nd.array([[[0] * 4, [0.9, 0.8, 0.7, 0.1], [0.1, 0.2, 0.3, 0.9]]])
    out = nd.contrib.MultiBoxDetection(cls_probs, nd.zeros((1, 16)), anchors,
                                       nms_threshold=0.5).asnumpy()[0]
    assert out[:, 0].tolist() == [0, 1, -1, -1]
    np.testing.assert_allclose(out[:, 1], [0.9, 0.9, 0.8, 0.7])
    np.testing.assert_allclose(out[0, 2:], [0.1, 0.08, 0.52, 0.92], atol=1e-6)


def test_d2l_region_of_interest_pooling():
    """d2l "Region-based CNNs": two regions of a 4 x 4 map pooled to 2 x 2."""
    x = nd.arange(16).reshape((1, 1, 4, 4))
    rois = nd.array([[0, 0, 0, 20, 20], [0, 0, 10, 30, 30]])
    out = nd.ROIPooling(x, rois, pooled_size=(2, 2), spatial_scale=0.1)
    assert out.asnumpy().tolist() == [[[[5, 6], [9, 10]]], [[[9, 11], [13, 15]]]]


# ----- gradients ---------------------------------------------------------------------------
def test_zero_gradients_as_mxnet():
    """MultiBoxPrior and box_iou are recorded and pass back zeros, as MXNet's."""
    x = nd.ones((1, 2, 2, 2))
    a, b = nd.array([[0, 0, 1, 1]]), nd.array([[0.5, 0.5, 2, 2]])
    for value in (x, a, b):
        value.attach_grad()
    with autograd.record():
        y = nd.contrib.MultiBoxPrior(x).sum() + nd.contrib.box_iou(a, b).sum()
    y.backward()
    assert not x.grad.asnumpy().any() and not a.grad.asnumpy().any()
    assert not b.grad.asnumpy().any()


def test_box_nms_gradient_follows_the_rows():
    x = nd.array([[0.5, 0, 0, 1, 1], [0.9, 0, 0, 1, 1], [0.7, 2, 2, 3, 3]])
    x.attach_grad()
    with autograd.record():
        y = nd.contrib.box_nms(x, score_index=0, coord_start=1)
    y.backward(nd.array([[1.0] * 5, [2.0] * 5, [3.0] * 5]))
    # out rows: input 1 (0.9), input 2 (0.7), then -1 (input 0 suppressed)
    assert x.grad.asnumpy()[:, 0].tolist() == [0, 1, 2]


# ----- the vectorised code against loops written as MXNet's kernels ------------------------
def _iou(a, b, center):
    if center:
        a = [a[0] - a[2] / 2, a[1] - a[3] / 2, a[0] + a[2] / 2, a[1] + a[3] / 2]
        b = [b[0] - b[2] / 2, b[1] - b[3] / 2, b[0] + b[2] / 2, b[1] + b[3] / 2]
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h

    def area(box):
        bw, bh = box[2] - box[0], box[3] - box[1]
        return 0.0 if bw < 0 or bh < 0 else bw * bh
    union = area(a) + area(b) - inter
    return inter / union if union else math.nan


def _loop_box_nms(data, overlap_thresh=0.5, valid_thresh=0.0, topk=-1, coord_start=2,
                  score_index=1, id_index=-1, background_id=-1, force_suppress=False,
                  in_format="corner"):
    out = np.full_like(data, -1)
    for b, rows in enumerate(data):
        valid = [i for i, row in enumerate(rows) if row[score_index] > valid_thresh
                 and (id_index < 0 or row[id_index] != background_id)]
        order = sorted(valid, key=lambda i: -rows[i][score_index])
        if topk >= 0:
            order = order[:topk]
        kept = []
        for i in order:
            box = rows[i][coord_start:coord_start + 4]
            if not any((force_suppress or id_index < 0
                        or int(rows[j][id_index]) == int(rows[i][id_index]))
                       and _iou(rows[j][coord_start:coord_start + 4], box,
                                in_format == "center") > overlap_thresh for j in kept):
                kept.append(i)
        out[b, :len(kept)] = rows[kept]
        if in_format == "center":           # back to corners, as out_format='corner'
            for row in out[b, :len(kept)]:
                x, y, w, h = row[coord_start:coord_start + 4]
                if x >= 0:
                    row[coord_start:coord_start + 4] = [x - w / 2, y - h / 2, x + w / 2,
                                                        y + h / 2]
    return out


def _random_boxes(rs, batches, n, classes=3):
    corner = rs.uniform(0, 1, (batches, n, 2))
    size = rs.uniform(0.05, 0.5, (batches, n, 2))
    return np.concatenate([rs.randint(0, classes, (batches, n, 1)),
                           rs.uniform(0, 1, (batches, n, 1)), corner, corner + size], axis=2)


@pytest.mark.parametrize("params", [
    {}, {"id_index": 0}, {"id_index": 0, "force_suppress": True, "overlap_thresh": 0.2},
    {"topk": 7, "valid_thresh": 0.3}, {"id_index": 0, "background_id": 1, "topk": 30},
    {"in_format": "center", "overlap_thresh": 0.3},
])
@pytest.mark.parametrize("pairs", ["matrix", "per kept box"])
def test_box_nms_matches_a_loop(params, pairs, monkeypatch):
    if pairs == "per kept box":
        monkeypatch.setattr(boxes_module, "_NMS_PAIRS", 0)
    data = _random_boxes(np.random.RandomState(len(str(params))), 3, 40)
    got = nd.contrib.box_nms(nd.array(data, dtype="float64"), **params).asnumpy()
    np.testing.assert_array_equal(got, _loop_box_nms(data, **params))


def _loop_detection(cls_prob, loc_pred, anchors, threshold=0.01, nms_threshold=0.5,
                    force_suppress=False, nms_topk=-1, clip=True, variances=(0.1, 0.1, 0.2, 0.2)):
    out = np.full((cls_prob.shape[0], cls_prob.shape[2], 6), -1.0)
    for b in range(cls_prob.shape[0]):
        rows = []
        for i, (al, at, ar, ab) in enumerate(anchors):
            scores = cls_prob[b, 1:, i]
            cls, score = int(np.argmax(scores)) + 1, float(scores.max())
            if score < threshold:
                cls = 0
            px, py, pw, ph = loc_pred[b, 4 * i:4 * i + 4]
            ox, oy = px * variances[0] * (ar - al) + (al + ar) / 2, \
                py * variances[1] * (ab - at) + (at + ab) / 2
            ow, oh = math.exp(pw * variances[2]) * (ar - al) / 2, \
                math.exp(ph * variances[3]) * (ab - at) / 2
            box = [ox - ow, oy - oh, ox + ow, oy + oh]
            if clip:
                box = [min(max(v, 0.0), 1.0) for v in box]
            if cls > 0:
                rows.append([cls - 1, score] + box)
        rows.sort(key=lambda row: -row[1])
        keep = len(rows) if nms_topk <= 0 else min(nms_topk, len(rows))
        for i in range(keep):
            for j in range(i + 1, keep):
                if rows[i][0] >= 0 and rows[j][0] >= 0 and (
                        force_suppress or rows[i][0] == rows[j][0]) and \
                        _iou(rows[i][2:], rows[j][2:], False) >= nms_threshold:
                    rows[j][0] = -1
        if rows:
            out[b, :keep] = np.array(rows[:keep])
    return out


@pytest.mark.parametrize("params", [{}, {"force_suppress": True, "nms_threshold": 0.3},
                                    {"threshold": 0.4, "clip": False}])
@pytest.mark.parametrize("pairs", ["matrix", "per kept box"])
def test_multibox_detection_matches_a_loop(params, pairs, monkeypatch):
    if pairs == "per kept box":
        monkeypatch.setattr(boxes_module, "_NMS_PAIRS", 0)
    rs = np.random.RandomState(3)
    anchors = nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 4, 4)), sizes=(0.5, 0.3),
                                       ratios=(1, 2))
    scores = np.exp(rs.uniform(-2, 2, (2, 4, 48)))
    cls_prob = (scores / scores.sum(axis=1, keepdims=True)).astype(np.float32)
    loc_pred = rs.uniform(-1, 1, (2, 192)).astype(np.float32)
    got = nd.contrib.MultiBoxDetection(nd.array(cls_prob), nd.array(loc_pred), anchors,
                                       **params).asnumpy()
    want = _loop_detection(cls_prob.astype(np.float64), loc_pred.astype(np.float64),
                           anchors.asnumpy()[0].astype(np.float64), **params)
    np.testing.assert_array_equal(got[..., 0], want[..., 0])
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def _loop_roi_pooling(data, rois, pooled, scale):
    ph_n, pw_n = pooled
    out = np.zeros((len(rois), data.shape[1], ph_n, pw_n))
    for n, (b, x1, y1, x2, y2) in enumerate(rois):
        b = int(b)
        x1, y1, x2, y2 = (int(math.floor(abs(v * scale) + 0.5) * np.sign(v))
                          for v in (x1, y1, x2, y2))
        height, width = max(y2 - y1 + 1, 1), max(x2 - x1 + 1, 1)
        for ph in range(ph_n):
            for pw in range(pw_n):
                hs = min(max(math.floor(ph * height / ph_n) + y1, 0), data.shape[2])
                he = min(max(math.ceil((ph + 1) * height / ph_n) + y1, 0), data.shape[2])
                ws = min(max(math.floor(pw * width / pw_n) + x1, 0), data.shape[3])
                we = min(max(math.ceil((pw + 1) * width / pw_n) + x1, 0), data.shape[3])
                if he > hs and we > ws and 0 <= b < data.shape[0]:
                    out[n, :, ph, pw] = data[b, :, hs:he, ws:we].max(axis=(1, 2))
    return out


def _loop_roi_align(data, rois, pooled, scale, sample_ratio=-1, aligned=False):
    ph_n, pw_n = pooled
    height, width = data.shape[2:]
    out = np.zeros((len(rois), data.shape[1], ph_n, pw_n))
    scale = float(np.float32(scale))         # MXNet's spatial_scale is a float32
    for n, (b, *corner) in enumerate(rois):
        x1, y1, x2, y2 = (v * scale - (0.5 if aligned else 0) for v in corner)
        rw, rh = x2 - x1, y2 - y1
        if not aligned:
            rw, rh = max(rw, 1.0), max(rh, 1.0)
        gh = sample_ratio if sample_ratio > 0 else math.ceil(rh / ph_n)
        gw = sample_ratio if sample_ratio > 0 else math.ceil(rw / pw_n)
        for ph in range(ph_n):
            for pw in range(pw_n):
                total = np.zeros(data.shape[1])
                for iy in range(gh):
                    y = y1 + ph * rh / ph_n + (iy + 0.5) * rh / ph_n / gh
                    for ix in range(gw):
                        x = x1 + pw * rw / pw_n + (ix + 0.5) * rw / pw_n / gw
                        if y < -1 or y > height or x < -1 or x > width:
                            continue
                        y, x = max(y, 0.0), max(x, 0.0)
                        yl, xl = min(int(y), height - 1), min(int(x), width - 1)
                        yh, xh = min(yl + 1, height - 1), min(xl + 1, width - 1)
                        ly = 0.0 if yl == height - 1 else y - yl
                        lx = 0.0 if xl == width - 1 else x - xl
                        image = data[int(b)]
                        total += ((1 - ly) * (1 - lx) * image[:, yl, xl]
                                  + (1 - ly) * lx * image[:, yl, xh]
                                  + ly * (1 - lx) * image[:, yh, xl] + ly * lx * image[:, yh, xh])
                out[n, :, ph, pw] = total / (gh * gw)
    return out


_ROIS = np.array([[0, 0.3, 0.2, 9.6, 7.1], [1, 2.5, 1.4, 6.2, 12.3], [0, -3.1, -2.2, 2.4, 3.3],
                  [1, 5.5, 6.5, 20.2, 18.7], [0, 4.0, 4.0, 4.4, 4.2], [1, 8.4, 0.6, 3.2, 5.1]])


@pytest.mark.parametrize("pooled,scale", [((2, 2), 1.0), ((3, 2), 0.7), ((4, 5), 0.5)])
def test_roi_pooling_matches_a_loop(pooled, scale):
    data = np.random.RandomState(1).uniform(-1, 1, (2, 3, 9, 11))
    got = nd.ROIPooling(nd.array(data, dtype="float64"), nd.array(_ROIS, dtype="float64"),
                        pooled_size=pooled, spatial_scale=scale)
    np.testing.assert_allclose(got.asnumpy(), _loop_roi_pooling(data, _ROIS, pooled, scale),
                               rtol=0, atol=1e-12)


@pytest.mark.parametrize("params", [{"pooled_size": (2, 2), "spatial_scale": 1.0},
                                    {"pooled_size": (3, 2), "spatial_scale": 0.7,
                                     "sample_ratio": 2},
                                    {"pooled_size": (2, 3), "spatial_scale": 0.9,
                                     "aligned": True}])
def test_roi_align_matches_a_loop(params):
    data = np.random.RandomState(2).uniform(-1, 1, (2, 3, 9, 11))
    rois = _ROIS[:4] if params.get("aligned") else _ROIS
    got = nd.contrib.ROIAlign(nd.array(data, dtype="float64"), nd.array(rois, dtype="float64"),
                              **params)
    want = _loop_roi_align(data, rois, params["pooled_size"], params["spatial_scale"],
                           params.get("sample_ratio", -1), params.get("aligned", False))
    np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-12, atol=1e-12)


def test_roi_align_negative_batch_index_gives_zeros():
    """MXNet zeroes one element of the output and leaves the rest unwritten; ndsh zeroes the
    roi's output (and leaves the other rois alone)."""
    x = nd.arange(48).reshape((1, 1, 8, 6))
    out = nd.contrib.ROIAlign(x, nd.array([[0, 0, 0, 4, 4], [-1, 0, 0, 4, 4]]), (2, 2), 1.0)
    assert out.asnumpy().tolist() == [[[[7, 9], [19, 21]]], [[[0, 0], [0, 0]]]]


def test_float64_and_float16_keep_their_dtype():
    for dtype in ("float64", "float16"):
        boxes = nd.array([[0.9, 0, 0, 1, 1], [0.8, 0.1, 0.1, 1, 1]], dtype=dtype)
        x, rois = nd.ones((1, 1, 4, 4), dtype=dtype), nd.array([[0, 0, 0, 2, 2]], dtype=dtype)
        for out in (nd.contrib.box_nms(boxes, score_index=0, coord_start=1),
                    nd.contrib.box_iou(boxes[:, 1:], boxes[:, 1:]),
                    nd.ROIPooling(x, rois, (2, 2), 1.0), nd.contrib.ROIAlign(x, rois, (2, 2), 1.0)):
            assert np.dtype(out.dtype) == dtype


# ----- bad input ---------------------------------------------------------------------------
_F = nd.zeros((1, 3, 2, 3))
_A, _L, _C = nd.array([_ANCHORS]), nd.array([_TRUTH]), nd.zeros((1, 3, 5))
_D = (nd.array([[[0, 0], [0.9, 0.1]]]), nd.zeros((1, 8)), nd.array([_ANCHORS[:2]]))
_BOX = nd.array([[0, 0.5, 0.1, 0.1, 0.2, 0.2], [1, 0.4, 0.1, 0.1, 0.2, 0.2]])
_X, _R = nd.arange(48).reshape((1, 1, 8, 6)), nd.array([[0, 0, 0, 4, 4]])
BAD = [
    (lambda: nd.contrib.MultiBoxPrior(nd.zeros((2, 3))), ValueError, ["MultiBoxPrior", "(2, 3)"]),
    (lambda: nd.contrib.MultiBoxPrior(_F.astype("float64")), TypeError,
     ["MultiBoxPrior", "float32", "(1, 3, 2, 3)"]),
    (lambda: nd.contrib.MultiBoxPrior(_F, sizes=()), ValueError, ["MultiBoxPrior", "sizes"]),
    (lambda: nd.contrib.MultiBoxPrior(_F, steps=(0.1,)), ValueError, ["MultiBoxPrior", "steps"]),
    (lambda: nd.contrib.MultiBoxPrior(_F, offsets=(1.5, 0.5)), ValueError,
     ["MultiBoxPrior", "offsets"]),
    (lambda: nd.contrib.MultiBoxTarget(_A[0], _L, _C), ValueError,
     ["MultiBoxTarget", "anchor", "(5, 4)", "(1, 2, 5)", "(1, 3, 5)"]),
    (lambda: nd.contrib.MultiBoxTarget(_A, _L[0], _C), ValueError, ["MultiBoxTarget", "label"]),
    (lambda: nd.contrib.MultiBoxTarget(_A, _L, _C.reshape((1, 5, 3))), ValueError,
     ["MultiBoxTarget", "cls_pred", "(1, 5, 3)"]),
    (lambda: nd.contrib.MultiBoxTarget(_A, nd.array([[[-1, 0.1, 0.1, 0.2, 0.2]]]), _C),
     ValueError, ["MultiBoxTarget", "padding", "(1, 1, 5)"]),
    (lambda: nd.contrib.MultiBoxTarget(_A, _L, _C, variances=(0.1, 0.2)), ValueError,
     ["MultiBoxTarget", "variances"]),
    (lambda: nd.contrib.MultiBoxTarget(_A, _L, _C, negative_mining_ratio=1,
                                       negative_mining_thresh=0), ValueError,
     ["MultiBoxTarget", "negative_mining_thresh"]),
    (lambda: nd.contrib.MultiBoxTarget(_A, _L.asnumpy(), _C), TypeError,
     ["MultiBoxTarget", "label", "ndarray"]),
    (lambda: nd.contrib.MultiBoxDetection(_D[0], nd.zeros((1, 4)), _D[2]), ValueError,
     ["MultiBoxDetection", "(1, 2, 2)", "(1, 4)", "(1, 2, 4)"]),
    (lambda: nd.contrib.MultiBoxDetection(_D[0][0], _D[1], _D[2]), ValueError,
     ["MultiBoxDetection", "cls_prob", "(2, 2)"]),
    (lambda: nd.contrib.MultiBoxDetection(nd.concat(_D[0], _D[0], dim=0), *_D[1:]), ValueError,
     ["MultiBoxDetection", "loc_pred", "(2, 2, 2)"]),
    (lambda: nd.contrib.MultiBoxDetection(*(a.astype("float64") for a in _D)), TypeError,
     ["MultiBoxDetection", "float32"]),
    (lambda: nd.contrib.box_nms(_BOX[0]), ValueError, ["box_nms", "(6,)"]),
    (lambda: nd.contrib.box_nms(_BOX[:, :4]), ValueError, ["box_nms", "(2, 4)"]),
    (lambda: nd.contrib.box_nms(_BOX, score_index=3), ValueError,
     ["box_nms", "score_index=3", "(2, 6)"]),
    (lambda: nd.contrib.box_nms(_BOX, id_index=1), ValueError, ["box_nms", "id_index"]),
    (lambda: nd.contrib.box_nms(_BOX, in_format="xywh"), ValueError, ["box_nms", "'xywh'"]),
    (lambda: nd.contrib.box_nms(_BOX.astype("int32")), TypeError, ["box_nms", "int32"]),
    (lambda: nd.contrib.box_iou(_BOX[:, :3], _BOX[:, 2:]), ValueError,
     ["box_iou", "(2, 3)", "(2, 4)"]),
    (lambda: nd.contrib.box_iou(_BOX[:, 2:], _BOX[:, 2:], format="xywh"), ValueError,
     ["box_iou", "format"]),
    (lambda: nd.ROIPooling(_X, _R[:, :4], (2, 2), 1.0), ValueError,
     ["ROIPooling", "(1, 4)", "(1, 1, 8, 6)"]),
    (lambda: nd.ROIPooling(_X[0], _R, (2, 2), 1.0), ValueError, ["ROIPooling", "(1, 8, 6)"]),
    (lambda: nd.ROIPooling(_X, _R, (2,), 1.0), ValueError, ["ROIPooling", "pooled_size"]),
    (lambda: nd.ROIPooling(_X, _R, (2, 2), 1.5), ValueError, ["ROIPooling", "spatial_scale"]),
    (lambda: nd.ROIPooling(_X, _R, pooled_size=(2, 2)), ValueError,
     ["ROIPooling", "spatial_scale"]),
    (lambda: nd.ROIPooling(_X, _R.astype("float64"), (2, 2), 1.0), TypeError,
     ["ROIPooling", "float32", "float64"]),
    (lambda: nd.contrib.ROIAlign(_X, nd.array([[3, 0, 0, 4, 4]]), (2, 2), 1.0), IndexError,
     ["ROIAlign", "3", "(1, 1, 8, 6)"]),
    (lambda: nd.contrib.ROIAlign(_X, nd.array([[0, 0, 0, 0, 4]]), (2, 2), 1.0, aligned=True),
     ValueError, ["ROIAlign", "aligned"]),
    (lambda: nd.contrib.ROIAlign(nd.zeros((1, 6, 2, 2)), _R, (2, 2), 1.0,
                                 position_sensitive=True), ValueError,
     ["ROIAlign", "position_sensitive", "6"]),
]


@pytest.mark.parametrize("call,kind,words", BAD, ids=[" ".join(w[:2]) + f" {i}"
                                                      for i, (_, _, w) in enumerate(BAD)])
def test_bad_input_is_one_paragraph_naming_the_op(call, kind, words):
    with pytest.raises(kind) as caught:
        call()
    message = str(caught.value)
    assert isinstance(caught.value, MXNetError)
    assert "\n" not in message
    missing = [word for word in words if word not in message]
    assert not missing, f"{missing} not in: {message}"


def test_the_ops_are_in_the_table_under_mxnet_names():
    assert nd.contrib.box_non_maximum_suppression is nd.contrib.box_nms
    # nd's callable is the function itself, or a wrapper that also takes MXNet's name=
    assert inspect.unwrap(nd.contrib.MultiBoxTarget) is detection_module.MultiBoxTarget
    assert callable(nd.ROIPooling) and callable(nd.contrib.ROIAlign)
