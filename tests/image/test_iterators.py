"""mx.image.ImageIter, ImageDetIter and mx.io.NDArrayIter against MXNet 1.9.1 (golden batches
recorded by scripts/record_image_text.py with the MXNet 1.9.1 oracle from the same files and
random seeds): every batch's data, labels and padding over two epochs."""
from __future__ import annotations

import os
import random

import numpy as np
import pytest

from ndsh.mxnet_compat import mxnet as mx
from tests.image.golden import DATA, arrays, facts

image = mx.image
CLS = os.path.join(DATA, "oracle_cls.rec"), os.path.join(DATA, "oracle_cls.idx")
DET = os.path.join(DATA, "oracle_det.rec"), os.path.join(DATA, "oracle_det.idx")

RUNS = {
    "plain": lambda: image.ImageIter(2, (3, 16, 16), path_imgrec=CLS[0], path_imgidx=CLS[1],
                                     resize=18),
    "shuffled": lambda: image.ImageIter(2, (3, 16, 16), path_imgrec=CLS[0], path_imgidx=CLS[1],
                                        shuffle=True, rand_crop=True, rand_mirror=True),
    "imglist": lambda: image.ImageIter(3, (3, 16, 16), path_imglist=os.path.join(
        DATA, "imglist.lst"), path_root=DATA, label_width=2),
    "list_discard": lambda: image.ImageIter(
        2, (3, 16, 16), imglist=[[float(i), f"img{i}.png"] for i in range(5)], path_root=DATA,
        last_batch_handle="discard"),
    # as d2l's pikachu section reads its RecordIO files
    "det": lambda: image.ImageDetIter(2, (3, 32, 32), path_imgrec=DET[0], path_imgidx=DET[1],
                                      shuffle=True, rand_crop=1, min_object_covered=0.95,
                                      max_attempts=200),
    "det_plain": lambda: image.ImageDetIter(3, (3, 24, 24), path_imgrec=DET[0]),
}


@pytest.mark.parametrize("name", RUNS)
def test_batches_are_mxnets(name):
    random.seed(5)
    np.random.seed(5)
    it = RUNS[name]()
    if name in ("plain", "shuffled"):        # the sixth record is no image (see below)
        it.seq = [k for k in it.seq if k < 5]
        it.num_image = len(it.seq)
        it.reset()
    assert [list(it.provide_data[0][1]), list(it.provide_label[0][1])] == \
        facts()[f"iter/{name}/provide"]
    pads = []
    for epoch in range(2):
        pads.append([])
        for b, batch in enumerate(it):
            assert isinstance(batch, mx.io.DataBatch)
            key = f"iter/{name}/{epoch}/{b}"
            np.testing.assert_allclose(batch.data[0].asnumpy(), arrays()[key + "/data"],
                                       atol=1e-4, err_msg=key)
            np.testing.assert_allclose(batch.label[0].asnumpy(), arrays()[key + "/label"],
                                       atol=1e-6, err_msg=key)
            pads[-1].append(batch.pad)
        it.reset()
    assert pads == facts()[f"iter/{name}/pads"]


def test_ndarrayiter_handles_the_last_batch_as_mxnet():
    for handle in ("pad", "discard", "roll_over"):
        it = mx.io.NDArrayIter(np.arange(14).reshape(7, 2), np.arange(7), batch_size=3,
                               last_batch_handle=handle)
        epochs = []
        for _ in range(2):
            epochs.append([[b.data[0].asnumpy().tolist(), b.label[0].asnumpy().tolist(), b.pad]
                           for b in it])
            it.reset()
        assert epochs == facts()[f"ndarrayiter/{handle}"], handle
    np.random.seed(0)
    it = mx.io.NDArrayIter(np.arange(5), np.arange(5), batch_size=2, shuffle=True)
    assert [b.data[0].asnumpy().tolist() for b in it] == facts()["ndarrayiter/shuffle"]


def test_a_broken_image_names_its_record_and_file():
    it = image.ImageIter(1, (3, 8, 8), path_imgrec=CLS[0], path_imgidx=CLS[1])
    it.seq = [5]                              # the record that holds bytes, not an image
    it.num_image = 1
    it.reset()
    with pytest.raises(RuntimeError, match=r"Broken image index: 5 of .*oracle_cls.rec, "
                                           r"Decoding failed"):
        it.next()


def test_a_detection_label_that_is_not_one_is_refused():
    with pytest.raises(RuntimeError, match="Label shape is invalid"):
        image.ImageDetIter(1, (3, 8, 8), path_imgrec=CLS[0])
