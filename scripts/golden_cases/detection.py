"""Golden cases for the detection family (issue 16): nd.contrib.MultiBoxPrior, MultiBoxTarget,
MultiBoxDetection, box_nms / box_non_maximum_suppression, box_iou, nd.ROIPooling and
nd.contrib.ROIAlign, forward and gradients, float32 / float64 / float16 where MXNet 1.9.1 takes
them, and what MXNet refuses. Recorded by `record_golden.py detection` into
tests/engine/golden/detection.json. Inputs are fixed or from np.random.RandomState(seed) (the
same stream on every numpy)."""
from __future__ import annotations

CASES: list[str] = []

# ----- MultiBoxPrior --------------------------------------------------------------------------
F = "f = nd.zeros((1, 3, 2, 3)); "
CASES += [
    F + "nd.contrib.MultiBoxPrior(f, sizes=(0.5, 0.25), ratios=(1, 2, 0.5))",
    F + "nd.contrib.MultiBoxPrior(f, sizes=(0.5, 0.25), ratios=(1, 2, 0.5), clip=True)",
    F + "nd.contrib.MultiBoxPrior(f)",
    F + "nd.contrib.MultiBoxPrior(f, steps=(0.3, 0.2), offsets=(0.2, 0.7))",
    F + "nd.contrib.MultiBoxPrior(f, sizes=0.5, ratios=2)",
    F + "nd.contrib.MultiBoxPrior(f, sizes=[0.6, 0.3, 0.1], ratios=[1.5])",
    F + "nd.contrib.MultiBoxPrior(f, sizes=(-1,))",
    F + "nd.contrib.MultiBoxPrior(f, steps=(0, 0.2))",
    F + "nd.contrib.MultiBoxPrior(f, offsets=(0, 1))",
    "nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 3, 2)), sizes=(0.6,), ratios=(1.5,))",
    "nd.contrib.MultiBoxPrior(nd.zeros((2, 3, 2, 3, 4)))",
    "y = nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 10, 12)), sizes=(0.75, 0.5, 0.25), "
    "ratios=(1, 2, 0.5)); (y.shape, y[0, 100:106])",
    "y = nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 7, 5)), sizes=(0.9, 0.2), ratios=(1, 3), "
    "clip=True); y[0, ::9]",
    # refused
    "nd.contrib.MultiBoxPrior(nd.zeros((2, 3)))",
    "nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 0, 3)))",
    F + "nd.contrib.MultiBoxPrior(f, sizes=())",
    F + "nd.contrib.MultiBoxPrior(f, ratios=())",
    F + "nd.contrib.MultiBoxPrior(f, steps=(0.1,))",
    F + "nd.contrib.MultiBoxPrior(f, offsets=(1.5, 0.5))",
    F + "nd.contrib.MultiBoxPrior(f, steps=(-0.1, 0.2))",
    "nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 2, 3), dtype='float64'))",
    "nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 2, 3), dtype='float16'))",
    "nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 2, 3), dtype='int32'))",
    # the gradient is zero
    "x = nd.ones((1, 2, 2, 2)); x.attach_grad()\nwith autograd.record():\n"
    "    y = nd.contrib.MultiBoxPrior(x, sizes=(0.5, 0.2))\ny.backward()\nx.grad",
]

# ----- MultiBoxTarget ---------------------------------------------------------------------------
# d2l's "Anchor Boxes" toy example: 5 anchors, 2 ground-truth boxes
T = ("A = nd.array([[[0, 0.1, 0.2, 0.3], [0.15, 0.2, 0.4, 0.4], [0.63, 0.05, 0.88, 0.98], "
     "[0.66, 0.45, 0.8, 0.8], [0.57, 0.3, 0.92, 0.9]]]); "
     "L = nd.array([[[0, 0.1, 0.08, 0.52, 0.92], [1, 0.55, 0.2, 0.9, 0.88]]]); "
     "C = nd.zeros((1, 3, 5)); ")
# 30 anchors of a 3x3 map, 2 images with 3 and 1 boxes (padded), class scores from a seed
R = ("A = nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 3, 3)), sizes=(0.6, 0.3), "
     "ratios=(1, 2, 0.5)); "
     "L = nd.array([[[1, 0.1, 0.1, 0.45, 0.5], [0, 0.5, 0.55, 0.95, 0.9], "
     "[2, 0.3, 0.0, 0.7, 0.35]], [[1, 0.2, 0.3, 0.8, 0.9], [-1, -1, -1, -1, -1], "
     "[-1, -1, -1, -1, -1]]]); "
     "C = nd.array(np.random.RandomState(3).uniform(-2, 2, (2, 4, 36))); ")
CASES += [
    T + "nd.contrib.MultiBoxTarget(A, L, C)",
    T + "nd.contrib.MultiBoxTarget(A, L, C, negative_mining_ratio=3)",
    T + "nd.contrib.MultiBoxTarget(A, L, C, overlap_threshold=0)",
    T + "nd.contrib.MultiBoxTarget(A, L, C, overlap_threshold=0.2, ignore_label=-7, "
    "negative_mining_ratio=0.5)",
    T + "nd.contrib.MultiBoxTarget(A, L, C, variances=(0.2, 0.2, 0.5, 0.5))",
    T + "nd.contrib.MultiBoxTarget(A, nd.concat(L, L * 0.5, dim=0), nd.zeros((2, 3, 5)))",
    T + "nd.contrib.MultiBoxTarget(A, L, nd.zeros((2, 3, 5)))",
    T + "nd.contrib.MultiBoxTarget(A, nd.array([[[-1, -1, -1, -1, -1], "
    "[0, 0.1, 0.08, 0.52, 0.92]]]), C)",
    T + "nd.contrib.MultiBoxTarget(A, nd.concat(L, nd.ones((1, 2, 2)), dim=2), C)",
    R + "nd.contrib.MultiBoxTarget(A, L, C)",
    R + "nd.contrib.MultiBoxTarget(A, L, C, negative_mining_ratio=3)",
    R + "nd.contrib.MultiBoxTarget(A, L, C, negative_mining_ratio=2, "
    "negative_mining_thresh=0.3, overlap_threshold=0.4)",
    R + "nd.contrib.MultiBoxTarget(A, L, C, negative_mining_ratio=1.5, overlap_threshold=0)",
    R + "nd.contrib.MultiBoxTarget(A, L, C, overlap_threshold=0.1, minimum_negative_samples=5)",
    # refused
    T + "nd.contrib.MultiBoxTarget(A, L, C.reshape((1, 5, 3)))",
    T + "nd.contrib.MultiBoxTarget(A[0], L, C)",
    T + "nd.contrib.MultiBoxTarget(A, L[0], C)",
    T + "nd.contrib.MultiBoxTarget(A, L[:, :, :4], C)",
    T + "nd.contrib.MultiBoxTarget(nd.concat(A, A, dim=0), L, C)",
    T + "nd.contrib.MultiBoxTarget(A, nd.array([[[-1, 0.1, 0.1, 0.2, 0.2]]]), C)",
    T + "nd.contrib.MultiBoxTarget(A, L, C, variances=(0.1, 0.2))",
    T + "nd.contrib.MultiBoxTarget(A, L, C, negative_mining_ratio=1, negative_mining_thresh=0)",
    T + "nd.contrib.MultiBoxTarget(A.astype('float64'), L.astype('float64'), "
    "C.astype('float64'))",
    R + "nd.contrib.MultiBoxTarget(A, L, C, negative_mining_ratio=5, "
    "negative_mining_thresh=0.05)",
]

# ----- MultiBoxDetection ------------------------------------------------------------------------
# d2l's example: 4 anchors, background + 2 classes, zero offsets
D = ("A = nd.array([[[0.1, 0.08, 0.52, 0.92], [0.08, 0.2, 0.56, 0.95], "
     "[0.15, 0.3, 0.62, 0.91], [0.55, 0.2, 0.9, 0.88]]]); "
     "C = nd.array([[[0, 0, 0, 0], [0.9, 0.8, 0.7, 0.1], [0.1, 0.2, 0.3, 0.9]]]); "
     "O = nd.zeros((1, 16)); ")
# 30 anchors, 2 images, 4 classes: softmax scores (numpy's) and offsets from a seed
S = ("A = nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 3, 3)), sizes=(0.6, 0.3), "
     "ratios=(1, 2, 0.5)); rs = np.random.RandomState(7); "
     "e = np.exp(rs.uniform(-3, 3, (2, 4, 36))); C = nd.array(e / e.sum(axis=1, keepdims=True)); "
     "O = nd.array(rs.uniform(-1, 1, (2, 144))); ")
CASES += [
    D + "nd.contrib.MultiBoxDetection(C, O, A, nms_threshold=0.5)",
    D + "nd.contrib.MultiBoxDetection(C, O, A, nms_threshold=0.5, background_id=1)",
    D + "nd.contrib.MultiBoxDetection(C, O, A, force_suppress=True)",
    D + "nd.contrib.MultiBoxDetection(C, O, A, nms_topk=2)",
    D + "nd.contrib.MultiBoxDetection(C, O, A, nms_threshold=0)",
    D + "nd.contrib.MultiBoxDetection(C, O, A, nms_threshold=1.5)",
    D + "nd.contrib.MultiBoxDetection(C, O, A, threshold=0.85)",
    D + "nd.contrib.MultiBoxDetection(C, nd.array([[0.5, -0.3, 0.2, 0.1] * 4]), A * 2 - 0.3, "
    "clip=False)",
    D + "nd.contrib.MultiBoxDetection(C, nd.array([[0.5, -0.3, 0.2, 0.1] * 4]), A * 2 - 0.3)",
    D + "nd.contrib.MultiBoxDetection(C, O, A, variances=(0.2, 0.2, 0.1, 0.1))",
    D + "nd.contrib.MultiBoxDetection(C[:, :1], O, A)",
    D + "nd.contrib.MultiBoxDetection(nd.concat(C, C[:, ::-1], dim=0), "
    "nd.concat(O, O + 0.5, dim=0), A)",
    S + "nd.contrib.MultiBoxDetection(C, O, A)",
    S + "nd.contrib.MultiBoxDetection(C, O, A, nms_threshold=0.3, force_suppress=True)",
    S + "nd.contrib.MultiBoxDetection(C, O, A, nms_topk=10, threshold=0.3)",
    S + "nd.contrib.MultiBoxDetection(C, O, A, clip=False, nms_threshold=0.7)",
    # refused
    D + "nd.contrib.MultiBoxDetection(C, O, A, variances=(1, 1))",
    D + "nd.contrib.MultiBoxDetection(C.astype('float64'), O.astype('float64'), "
    "A.astype('float64'))",
    D + "nd.contrib.MultiBoxDetection(C, O[:, :8], A)",
    D + "nd.contrib.MultiBoxDetection(C, O, A[:, :3])",
    D + "nd.contrib.MultiBoxDetection(C[0], O, A)",
    D + "nd.contrib.MultiBoxDetection(C, O, A[0])",
    D + "nd.contrib.MultiBoxDetection(C, O, nd.concat(A, A, dim=0))",
]

# ----- box_nms ----------------------------------------------------------------------------------
B = ("x = nd.array([[0, 0.5, 0.1, 0.1, 0.2, 0.2], [1, 0.4, 0.1, 0.1, 0.2, 0.2], "
     "[0, 0.3, 0.1, 0.1, 0.14, 0.14], [2, 0.6, 0.5, 0.5, 0.7, 0.8]]); ")
# 2 x 12 boxes of 3 classes: [score, x, y, w-ish, h-ish, id] from a seed
BR = ("rs = np.random.RandomState(5); p = rs.uniform(0, 1, (2, 12, 2)); "
      "q = p + rs.uniform(0.1, 0.5, (2, 12, 2)); "
      "x = nd.array(np.concatenate([rs.uniform(0, 1, (2, 12, 1)), p, q, "
      "rs.randint(0, 3, (2, 12, 1))], axis=2)); ")
CASES += [
    B + "nd.contrib.box_nms(x, overlap_thresh=0.1, coord_start=2, score_index=1, id_index=0, "
    "force_suppress=True)",
    B + "nd.contrib.box_nms(x, overlap_thresh=0.1, id_index=0)",
    B + "nd.contrib.box_nms(x)",
    B + "nd.contrib.box_nms(x, topk=2)",
    B + "nd.contrib.box_nms(x, topk=0)",
    B + "nd.contrib.box_nms(x, topk=0, out_format='center')",
    B + "nd.contrib.box_nms(x, valid_thresh=0.45)",
    B + "nd.contrib.box_nms(x, valid_thresh=0.7)",
    B + "nd.contrib.box_nms(x, id_index=0, background_id=0)",
    B + "nd.contrib.box_nms(x, out_format='center')",
    B + "nd.contrib.box_nms(x, in_format='center')",
    B + "nd.contrib.box_nms(x, in_format='center', out_format='corner', overlap_thresh=0.2)",
    B + "nd.contrib.box_nms(x.astype('float64'), overlap_thresh=0.1)",
    B + "nd.contrib.box_nms(x.astype('float64'), valid_thresh=0.4)",
    B + "nd.contrib.box_nms(x.astype('float16'), overlap_thresh=0.1)",
    B + "nd.contrib.box_nms(nd.stack(x, x[::-1] * 0.9, axis=0), overlap_thresh=0.1)",
    B + "nd.contrib.box_nms(nd.stack(x, x[::-1] * 0.9, axis=0).reshape((2, 1, 4, 6)), "
    "overlap_thresh=0.1, topk=3)",
    B + "nd.contrib.box_non_maximum_suppression(x)",
    "nd.contrib.box_nms(nd.array([[0, 0.5, -0.1, 0.1, 0.2, 0.2], "
    "[1, 0.4, 0.1, -0.1, 0.3, 0.2]]), out_format='center')",
    "nd.contrib.box_nms(nd.array([[0.9, 0, 0, 1, 1], [0.8, 0.1, 0.1, 1.1, 1.1], "
    "[0.7, 0.5, 0.5, 1.5, 1.5]]), score_index=0, coord_start=1, overlap_thresh=0.45)",
    "nd.contrib.box_nms(nd.array([[0.9, 0, 0, 1, 1, 1.2], [0.8, 0.1, 0.1, 1.1, 1.1, 1.7], "
    "[0.7, 0.5, 0.5, 1.5, 1.5, 2]]), score_index=0, coord_start=1, id_index=5)",
    BR + "nd.contrib.box_nms(x, score_index=0, coord_start=1, id_index=5, overlap_thresh=0.2)",
    BR + "nd.contrib.box_nms(x, score_index=0, coord_start=1, id_index=5, overlap_thresh=0.2, "
    "force_suppress=True, topk=6, valid_thresh=0.2)",
    BR + "nd.contrib.box_nms(x, score_index=0, coord_start=1, overlap_thresh=0.3, "
    "in_format='center', out_format='corner', background_id=2, id_index=5)",
    # refused
    B + "nd.contrib.box_nms(x[0])",
    B + "nd.contrib.box_nms(x[:, :4])",
    B + "nd.contrib.box_nms(x[:, :5], id_index=0)",
    B + "nd.contrib.box_nms(x, score_index=6)",
    B + "nd.contrib.box_nms(x, score_index=3)",
    B + "nd.contrib.box_nms(x, coord_start=3)",
    B + "nd.contrib.box_nms(x, id_index=1)",
    B + "nd.contrib.box_nms(x, id_index=2)",
    B + "nd.contrib.box_nms(x, id_index=7)",
    B + "nd.contrib.box_nms(x, in_format='foo')",
    B + "nd.contrib.box_nms(x, out_format='xywh')",
    B + "nd.contrib.box_nms(x.astype('int32'))",
    # gradients: each kept row's head gradient goes back to its input row
    B + "x.attach_grad()\nwith autograd.record():\n    z = nd.contrib.box_nms(x, "
    "overlap_thresh=0.1, id_index=0, force_suppress=True)\n"
    "z.backward(nd.array([[0.1] * 6, [0.2] * 6, [0.3] * 6, [0.4] * 6]))\nx.grad",
    B + "x.attach_grad()\nwith autograd.record():\n    z = nd.contrib.box_nms(x, topk=0, "
    "out_format='center')\nz.backward(nd.arange(24).reshape((4, 6)))\nx.grad",
    B + "x.attach_grad()\nwith autograd.record():\n    z = nd.contrib.box_nms(x, "
    "valid_thresh=0.9)\nz.backward(nd.ones((4, 6)))\nx.grad",
    BR + "x = x.astype('float64'); x.attach_grad()\nwith autograd.record():\n"
    "    z = nd.contrib.box_nms(x, score_index=0, coord_start=1, id_index=5, "
    "overlap_thresh=0.2, out_format='center')\n"
    "z.backward(nd.arange(144, dtype='float64').reshape((2, 12, 6)))\nx.grad",
]

# ----- box_iou ----------------------------------------------------------------------------------
I = ("a = nd.array([[0.5, 0.5, 1.0, 1.0], [0.0, 0.0, 0.5, 0.5]]); "
     "b = nd.array([[0.25, 0.25, 0.75, 0.75]]); ")
IR = ("rs = np.random.RandomState(11); p = rs.uniform(0, 1, (3, 2, 2)); "
      "a = nd.array(np.concatenate([p, p + rs.uniform(0, 0.6, (3, 2, 2))], axis=2)); "
      "q = rs.uniform(0, 1, (5, 2)); "
      "b = nd.array(np.concatenate([q, q + rs.uniform(0, 0.6, (5, 2))], axis=1)); ")
CASES += [
    I + "nd.contrib.box_iou(a, b)",
    I + "nd.contrib.box_iou(a, b, format='center')",
    I + "nd.contrib.box_iou(a.reshape((2, 1, 4)), nd.stack(b, b * 2, axis=0)).shape",
    I + "nd.contrib.box_iou(a.astype('float64'), b.astype('float64'))",
    I + "nd.contrib.box_iou(a.astype('float16'), b.astype('float16'))",
    "nd.contrib.box_iou(nd.array([[0.5, 0.5, 0.2, 0.2], [0, 0, 1, 1]]), "
    "nd.array([[0.6, 0.6, 0.1, 0.1], [0, 0, 0, 0]]))",
    "nd.contrib.box_iou(nd.array([[0.5, 0.5, 0.2, 0.2], [0, 0, 1, 1]]), "
    "nd.array([[0.6, 0.6, 0.1, 0.1], [0, 0, 0, 0]]), format='center')",
    IR + "nd.contrib.box_iou(a, b)",
    IR + "nd.contrib.box_iou(a, b, format='center')",
    IR + "nd.contrib.box_iou(b, a.astype('float64').astype('float32'))",
    # refused
    I + "nd.contrib.box_iou(a[0], b)",
    I + "nd.contrib.box_iou(a[:, :3], b)",
    I + "nd.contrib.box_iou(a, b.astype('float64'))",
    I + "nd.contrib.box_iou(a.astype('int32'), b.astype('int32'))",
    I + "nd.contrib.box_iou(a, b, format='xywh')",
    # the gradient is zero
    I + "a.attach_grad(); b.attach_grad()\nwith autograd.record():\n"
    "    z = nd.contrib.box_iou(a, b)\nz.backward()\n(a.grad, b.grad)",
]

# ----- ROIPooling -------------------------------------------------------------------------------
P = "x = nd.arange(48).reshape((1, 1, 8, 6)); y = nd.array([[0, 0, 0, 4, 4]]); "
PR = ("rs = np.random.RandomState(2); x = nd.array(rs.uniform(-1, 1, (2, 3, 7, 9))); "
      "rois = nd.array([[0, 0, 0, 8, 6], [1, 1.5, 2.5, 5.5, 6.4], [0, 3, 1, 3, 1], "
      "[1, 4.6, 0.4, 12, 9], [0, 2, 2, 4.49, 5.5], [1, -3, -2, 2, 3]]); ")
CASES += [
    P + "nd.ROIPooling(x, y, (2, 2), 1.0)",
    P + "nd.ROIPooling(x, y, (2, 2), 0.7)",
    P + "nd.ROIPooling(x, y, pooled_size=(3, 2), spatial_scale=1.0)",
    P + "nd.ROIPooling(x, nd.array([[0, 0, 0, 4, 4], [0, 1.5, 2.5, 5.5, 7.4], [1, 0, 0, 3, 3], "
    "[-1, 0, 0, 3, 3], [0, 5, 5, 2, 2], [0, 10, 10, 20, 20]]), (3, 2), 1.0)",
    P + "nd.ROIPooling(x.astype('float64'), y.astype('float64'), (2, 2), 1.0)",
    P + "nd.ROIPooling(x.astype('float16'), y.astype('float16'), (2, 2), 1.0)",
    P + "nd.ROIPooling(x, nd.array([[0, 0.5, 1.5, 2.5, 3.5]]), (2, 2), 1.0)",
    P + "nd.ROIPooling(x, nd.array([[0.9, 0.5, 1.5, 2.5, 3.5]]), (2, 2), 1.0)",
    P + "nd.ROIPooling(x, y, (5, 5), 1.0)",
    "nd.ROIPooling(nd.array([[[[0.5, -1], [2, np.nan]]]]), nd.array([[0, 0, 0, 1, 1]]), "
    "(1, 1), 1.0)",
    "nd.ROIPooling(nd.full((1, 1, 3, 3), -5e38, dtype='float64'), "
    "nd.array([[0, 0, 0, 2, 2]], dtype='float64'), (2, 2), 1.0)",
    "x = nd.arange(16).reshape((1, 1, 4, 4)); nd.ROIPooling(x, nd.array([[0, 0, 0, 20, 20], "
    "[0, 0, 10, 30, 30]]), pooled_size=(2, 2), spatial_scale=0.1)",
    PR + "nd.ROIPooling(x, rois, (3, 3), 1.0)",
    PR + "nd.ROIPooling(x, rois, (2, 4), 0.5)",
    # refused
    P + "nd.ROIPooling(x, y.astype('float64'), (2, 2), 1.0)",
    P + "nd.ROIPooling(x, y, (2, 2), 1.5)",
    P + "nd.ROIPooling(x, y, (2,), 1.0)",
    P + "nd.ROIPooling(x, y, (0, 2), 1.0)",
    P + "nd.ROIPooling(x[0], y, (2, 2), 1.0)",
    P + "nd.ROIPooling(x, y[:, :4], (2, 2), 1.0)",
    P + "nd.ROIPooling(x, y[0], (2, 2), 1.0)",
    P + "nd.ROIPooling(x.astype('int32'), y.astype('int32'), (2, 2), 1.0)",
    P + "nd.ROIPooling(x, y, pooled_size=(2, 2))",
    # gradients: to each bin's first maximum, accumulated; zero for the rois
    "x = nd.array(np.random.RandomState(0).rand(2, 2, 5, 6)); x.attach_grad(); "
    "rois = nd.array([[0, 0, 0, 4, 4], [1, 1, 1, 5, 3], [0, 2, 0, 3, 4]]); rois.attach_grad()\n"
    "with autograd.record():\n    z = nd.ROIPooling(x, rois, (2, 2), 1.0)\n"
    "z.backward(nd.arange(24).reshape(z.shape))\n(x.grad, rois.grad)",
    "x = nd.ones((1, 1, 4, 4), dtype='float64'); x.attach_grad()\nwith autograd.record():\n"
    "    z = nd.ROIPooling(x, nd.array([[0, 0, 0, 3, 3], [0, 1, 1, 2, 2]], dtype='float64'), "
    "(3, 3), 1.0)\nz.backward(nd.arange(18, dtype='float64').reshape(z.shape))\nx.grad",
    PR + "x.attach_grad()\nwith autograd.record():\n    z = nd.ROIPooling(x, rois, (3, 2), 0.8)\n"
    "z.backward(nd.array(np.random.RandomState(4).uniform(-1, 1, z.shape)))\nx.grad",
]

# ----- ROIAlign ---------------------------------------------------------------------------------
CASES += [
    P + "nd.contrib.ROIAlign(x, y, (2, 2), 1.0)",
    P + "nd.contrib.ROIAlign(x, y, (2, 2), 0.7, sample_ratio=2)",
    P + "nd.contrib.ROIAlign(x, y, (2, 2), 1.0, aligned=True)",
    P + "nd.contrib.ROIAlign(x, y, (2, 2), 1.0, sample_ratio=0)",
    P + "nd.contrib.ROIAlign(x, nd.array([[0, -2, -1.5, 3.3, 9.1], [0, 1.2, 2.7, 1.5, 2.9], "
    "[0, 5.5, 7.5, 9, 11], [0, 3, 3, 1, 1]]), (3, 2), 1.0)",
    P + "nd.contrib.ROIAlign(x, nd.array([[-0.5, 0, 0, 4, 4]]), (2, 2), 1.0)",
    P + "nd.contrib.ROIAlign(x, nd.array([[0, 0.3, 0.7, 4.9, 6.2]]), (3, 3), 0.9, "
    "sample_ratio=3, aligned=True)",
    P + "nd.contrib.ROIAlign(x.astype('float64'), y.astype('float64'), (2, 2), 1.0)",
    P + "nd.contrib.ROIAlign(x.astype('float64'), nd.array([[0, 0.3, 0.7, 4.9, 6.2]], "
    "dtype='float64'), (3, 2), 0.9)",
    P + "nd.contrib.ROIAlign(x.astype('float16'), y.astype('float16'), (2, 2), 1.0)",
    "nd.contrib.ROIAlign(nd.arange(32).reshape((1, 8, 2, 2)), nd.array([[0, 0, 0, 1, 1]]), "
    "(2, 2), 1.0, position_sensitive=True)",
    "x = nd.arange(16).reshape((1, 1, 4, 4)); nd.contrib.ROIAlign(x, nd.array([[0, 0, 0, 2, "
    "2]]), pooled_size=(2, 2), spatial_scale=1.0)",
    PR + "nd.contrib.ROIAlign(x, rois, (3, 3), 1.0)",
    PR + "nd.contrib.ROIAlign(x, rois, (2, 3), 0.5, sample_ratio=2)",
    PR + "nd.contrib.ROIAlign(nd.tile(x, (1, 2, 1, 1)), rois, (2, 3), 0.8, "
    "position_sensitive=True)",
    # refused
    "nd.contrib.ROIAlign(nd.arange(24).reshape((1, 6, 2, 2)), nd.array([[0, 0, 0, 1, 1]]), "
    "(2, 2), 1.0, position_sensitive=True)",
    P + "nd.contrib.ROIAlign(x, y, (2, 2), 1.5)",
    P + "nd.contrib.ROIAlign(x, y[:, 1:], (2, 2), 1.0)",
    P + "nd.contrib.ROIAlign(x, y, (2,), 1.0)",
    P + "nd.contrib.ROIAlign(x[0], y, (2, 2), 1.0)",
    P + "nd.contrib.ROIAlign(x, y.astype('float64'), (2, 2), 1.0)",
    P + "nd.contrib.ROIAlign(x.astype('int32'), y.astype('int32'), (2, 2), 1.0)",
    # gradients: bilinear weights over the samples; zero for the rois
    "x = nd.array(np.random.RandomState(0).rand(2, 2, 5, 6)); x.attach_grad(); "
    "rois = nd.array([[0, 0, 0, 4, 4], [1, 1.3, 1.1, 5.2, 3.6], [0, 2, 0, 3, 4]]); "
    "rois.attach_grad()\nwith autograd.record():\n"
    "    z = nd.contrib.ROIAlign(x, rois, (2, 2), 1.0)\n"
    "z.backward(nd.arange(24).reshape(z.shape))\n(x.grad, rois.grad)",
    PR + "x = x.astype('float64'); x.attach_grad()\nwith autograd.record():\n"
    "    z = nd.contrib.ROIAlign(x, rois.astype('float64'), (3, 2), 0.8, sample_ratio=2)\n"
    "z.backward(nd.array(np.random.RandomState(4).uniform(-1, 1, z.shape), dtype='float64'))\n"
    "x.grad",
    PR + "x.attach_grad()\nwith autograd.record():\n"
    "    z = nd.contrib.ROIAlign(x, rois[:2], (2, 2), 1.0, aligned=True)\nz.backward()\nx.grad",
    "x = nd.arange(32).reshape((1, 8, 2, 2)); x.attach_grad()\nwith autograd.record():\n"
    "    z = nd.contrib.ROIAlign(x, nd.array([[0, 0, 0, 1.5, 1]]), (2, 2), 1.0, "
    "position_sensitive=True)\nz.backward(nd.arange(8).reshape(z.shape))\nx.grad",
]
