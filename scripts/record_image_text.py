"""Record what MXNet 1.9.1 does with images, RecordIO files, data iterators and
mx.contrib.text, for tests/image and tests/text.

Two steps, because the oracle's Python has MXNet but no Pillow (nor OpenCV's Python module):

    /work/venv/bin/python scripts/record_image_text.py make      # ndsh's side: the test
        images (Pillow) and a RecordIO file written by ndsh, into tests/image/data/
    /work/mxvenv/bin/python scripts/record_image_text.py record  # the oracle: reads them,
        writes its own RecordIO files and records every result into tests/image/data/
        golden.npz + golden.json and tests/text/data/golden.json

The oracle is MXNet 1.9.1 (pip wheel, OpenCV inside) on numpy 1.23.5.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGES = os.path.join(ROOT, "tests", "image", "data")
TEXT = os.path.join(ROOT, "tests", "text", "data")


def _picture(h: int, w: int, seed: int) -> np.ndarray:
    """A smooth colour picture with some noise (so that resizing has edges to disagree on)."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:h, 0:w]
    img = np.stack([128 + 100 * np.sin(x / 5.0 + seed), 128 + 100 * np.cos(y / 4.0),
                    (x * 7 + y * 3) % 256], axis=-1)
    img += rng.randint(-30, 30, size=img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def make() -> None:
    from PIL import Image

    sys.path.insert(0, ROOT)
    from ndsh.gluon import recordio

    os.makedirs(IMAGES, exist_ok=True)
    photo = _picture(30, 40, 0)
    Image.fromarray(photo).save(os.path.join(IMAGES, "photo.png"))
    Image.fromarray(photo).save(os.path.join(IMAGES, "photo.jpg"), quality=90)
    Image.fromarray(photo[:12, :16, 1]).save(os.path.join(IMAGES, "gray.png"))
    rgba = np.concatenate([photo[:10, :10], np.full((10, 10, 1), 200, np.uint8)], axis=-1)
    Image.fromarray(rgba).save(os.path.join(IMAGES, "rgba.png"))
    for i in range(5):
        Image.fromarray(_picture(18 + 2 * i, 22 + i, i + 1)).save(
            os.path.join(IMAGES, f"img{i}.png"))
    # a RecordIO file written by ndsh, for the oracle to read back
    rec = recordio.MXIndexedRecordIO(os.path.join(IMAGES, "ndsh_made.idx"),
                                     os.path.join(IMAGES, "ndsh_made.rec"), "w")
    for i in range(3):
        bgr = _picture(12, 14, 10 + i)[..., ::-1]
        fmt = ".png" if i != 1 else ".jpg"
        rec.write_idx(i, recordio.pack_img(recordio.IRHeader(0, float(i), i, 0), bgr,
                                           quality=90, img_fmt=fmt))
    rec.write_idx(3, recordio.pack(recordio.IRHeader(0, [1.5, 2.5, 3.5], 3, 7),
                                   b"ab" + recordio._MAGIC_BYTES * 2 + b"tail"))
    rec.close()


def _augmenters(image):
    eigval = np.array([55.46, 4.794, 1.148])
    eigvec = np.array([[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140],
                       [-0.5836, -0.6948, 0.4203]])
    return {
        "BrightnessJitterAug": lambda: image.BrightnessJitterAug(0.3),
        "ContrastJitterAug": lambda: image.ContrastJitterAug(0.3),
        "SaturationJitterAug": lambda: image.SaturationJitterAug(0.3),
        "HueJitterAug": lambda: image.HueJitterAug(0.3),
        "ColorJitterAug": lambda: image.ColorJitterAug(0.3, 0.3, 0.3),
        "LightingAug": lambda: image.LightingAug(0.1, eigval, eigvec),
        "ColorNormalizeAug": lambda: image.ColorNormalizeAug(
            np.array([123.68, 116.28, 103.53]), np.array([58.395, 57.12, 57.375])),
        "RandomGrayAug": lambda: image.RandomGrayAug(1.0),
        "HorizontalFlipAug": lambda: image.HorizontalFlipAug(1.0),
        "CastAug": lambda: image.CastAug("float64"),
        "ResizeAug": lambda: image.ResizeAug(20, 1),
        "ForceResizeAug": lambda: image.ForceResizeAug((20, 30), 1),
        "RandomCropAug": lambda: image.RandomCropAug((20, 20), 1),
        "RandomSizedCropAug": lambda: image.RandomSizedCropAug((20, 20), 0.3, (0.75, 1.33), 1),
        "CenterCropAug": lambda: image.CenterCropAug((20, 20)),
    }


RESIZES = [(20, 15), (17, 13), (64, 48), (40, 45), (13, 30)]
FLOAT_RESIZES = [(17, 13), (40, 45)]
CREATE_OPTIONS = [dict(data_shape=(3, 24, 24), resize=30, rand_crop=True, rand_mirror=True,
                       mean=True, std=True),
                  dict(data_shape=(3, 20, 20), rand_crop=True, rand_resize=True,
                       brightness=0.1, contrast=0.1, saturation=0.1, hue=0.1, pca_noise=0.1,
                       rand_gray=0.2, inter_method=1)]


def _batches(it, limit=20):
    out = []
    for batch in it:
        out.append((batch.data[0].asnumpy(), batch.label[0].asnumpy(), batch.pad))
        if len(out) >= limit:
            break
    return out


def record_images(mx, arrays: dict, facts: dict) -> None:
    image = mx.image
    read = lambda name: open(os.path.join(IMAGES, name), "rb").read()  # noqa: E731
    for name in ("photo.png", "photo.jpg", "gray.png", "rgba.png"):
        buf = read(name)
        arrays[f"decode/{name}/color"] = image.imdecode(buf).asnumpy()
        arrays[f"decode/{name}/gray"] = image.imdecode(buf, flag=0).asnumpy()
        arrays[f"decode/{name}/bgr"] = image.imdecode(buf, to_rgb=0).asnumpy()
    arrays["imread/photo.png"] = image.imread(os.path.join(IMAGES, "photo.png")).asnumpy()
    src = image.imdecode(read("photo.png"))
    for w, h in RESIZES:
        for interp in range(5):
            arrays[f"resize/uint8/{w}x{h}/{interp}"] = image.imresize(src, w, h,
                                                                      interp=interp).asnumpy()
            if (w, h) in FLOAT_RESIZES:
                arrays[f"resize/float32/{w}x{h}/{interp}"] = image.imresize(
                    src.astype("float32") / 3, w, h, interp=interp).asnumpy()
    arrays["resize_short/20"] = image.resize_short(src, 20).asnumpy()
    arrays["resize_short/45"] = image.resize_short(src, 45).asnumpy()
    crop, rect = image.center_crop(src, (20, 20))
    arrays["center_crop/20"] = crop.asnumpy()
    facts["center_crop/20"] = list(rect)
    crop, rect = image.center_crop(src, (50, 50))
    arrays["center_crop/50"] = crop.asnumpy()
    facts["center_crop/50"] = list(rect)
    arrays["fixed_crop"] = image.fixed_crop(src, 2, 3, 10, 12, (20, 24)).asnumpy()
    facts["scale_down"] = [list(image.scale_down(a, b)) for a, b in
                           [((640, 480), (720, 120)), ((40, 30), (50, 50)), ((40, 30), (10, 60))]]
    for kind in range(5):
        arrays[f"border/{kind}"] = image.copyMakeBorder(src[:5, :6], 2, 1, 3, 2, type=kind,
                                                        values=(9, 8, 7)).asnumpy()
    facts["interp9"] = [image.image._get_interp_method(9, s) for s in
                        [(10, 10, 20, 20), (10, 10, 5, 5), (10, 10, 20, 5), ()]]
    for name, make_aug in _augmenters(image).items():
        for seed in (1, 2):
            random.seed(seed)
            np.random.seed(seed)
            out = make_aug()(src[:12, :16].astype("float32"))
            arrays[f"aug/{name}/{seed}"] = out.asnumpy()
    facts["create"] = []
    for options in CREATE_OPTIONS:
        augs = image.CreateAugmenter(**options)
        facts["create"].append([aug.dumps() for aug in augs])
        random.seed(3)
        np.random.seed(3)
        out = src
        for aug in augs:
            out = aug(out)
        arrays[f"create/{len(facts['create']) - 1}"] = out.asnumpy()


def write_oracle_records(mx) -> None:
    recordio = mx.recordio
    cls = recordio.MXIndexedRecordIO(os.path.join(IMAGES, "oracle_cls.idx"),
                                     os.path.join(IMAGES, "oracle_cls.rec"), "w")
    det = recordio.MXIndexedRecordIO(os.path.join(IMAGES, "oracle_det.idx"),
                                     os.path.join(IMAGES, "oracle_det.rec"), "w")
    boxes = [[[0, 0.1, 0.2, 0.6, 0.7]], [[1, 0.3, 0.3, 0.9, 0.8], [0, 0.05, 0.1, 0.4, 0.5]],
             [[0, 0.2, 0.25, 0.55, 0.6]], [[1, 0.4, 0.1, 0.95, 0.6]], [[0, 0.0, 0.0, 1.0, 1.0]]]
    for i in range(5):
        png = open(os.path.join(IMAGES, f"img{i}.png"), "rb").read()
        cls.write_idx(i, recordio.pack(recordio.IRHeader(0, float(i % 3), i, 0), png))
        label = [4, 5, 22 + i, 18 + 2 * i] + [v for box in boxes[i] for v in box]
        det.write_idx(i, recordio.pack(recordio.IRHeader(0, label, i, 0), png))
    cls.write_idx(5, recordio.pack(recordio.IRHeader(0, 9.0, 5, 0),
                                   b"\x0a\x23\xd7\xce" * 3 + b"xyz"))
    cls.close()
    det.close()
    with open(os.path.join(IMAGES, "imglist.lst"), "w") as f:
        for i in range(5):
            f.write(f"{i}\t{float(i % 2)}\t{float(i)}\timg{i}.png\n")


def record_iterators(mx, arrays: dict, facts: dict) -> None:
    image = mx.image
    cls_rec = os.path.join(IMAGES, "oracle_cls.rec")
    cls_idx = os.path.join(IMAGES, "oracle_cls.idx")
    det_rec = os.path.join(IMAGES, "oracle_det.rec")
    det_idx = os.path.join(IMAGES, "oracle_det.idx")
    # the first five records are images (the sixth holds the magic number: read, not decoded)
    runs = {
        "plain": lambda: image.ImageIter(2, (3, 16, 16), path_imgrec=cls_rec, path_imgidx=cls_idx,
                                         resize=18, aug_list=None),
        "shuffled": lambda: image.ImageIter(2, (3, 16, 16), path_imgrec=cls_rec,
                                            path_imgidx=cls_idx, shuffle=True, rand_crop=True,
                                            rand_mirror=True),
        "imglist": lambda: image.ImageIter(3, (3, 16, 16), path_imglist=os.path.join(
            IMAGES, "imglist.lst"), path_root=IMAGES, label_width=2),
        "list_discard": lambda: image.ImageIter(
            2, (3, 16, 16), imglist=[[float(i), f"img{i}.png"] for i in range(5)],
            path_root=IMAGES, last_batch_handle="discard"),
        "det": lambda: image.ImageDetIter(2, (3, 32, 32), path_imgrec=det_rec,
                                          path_imgidx=det_idx, shuffle=True, rand_crop=1,
                                          min_object_covered=0.95, max_attempts=200),
        "det_plain": lambda: image.ImageDetIter(3, (3, 24, 24), path_imgrec=det_rec),
    }
    for name, build in runs.items():
        random.seed(5)
        np.random.seed(5)
        it = build()
        if name in ("plain", "shuffled"):
            it.seq = [k for k in it.seq if k < 5]
            it.num_image = len(it.seq)
            it.reset()
        facts[f"iter/{name}/provide"] = [list(it.provide_data[0][1]),
                                         list(it.provide_label[0][1])]
        epochs = []
        for _ in range(2):
            batches = _batches(it)
            epochs.append([pad for _, _, pad in batches])
            for b, (data, label, _) in enumerate(batches):
                arrays[f"iter/{name}/{len(epochs) - 1}/{b}/data"] = data
                arrays[f"iter/{name}/{len(epochs) - 1}/{b}/label"] = label
            it.reset()
        facts[f"iter/{name}/pads"] = epochs
    for handle in ("pad", "discard", "roll_over"):
        it = mx.io.NDArrayIter(np.arange(14).reshape(7, 2), np.arange(7), batch_size=3,
                               last_batch_handle=handle)
        epochs = []
        for _ in range(2):
            epochs.append([[b.data[0].asnumpy().tolist(), b.label[0].asnumpy().tolist(), b.pad]
                           for b in it])
            it.reset()
        facts[f"ndarrayiter/{handle}"] = epochs
    np.random.seed(0)
    it = mx.io.NDArrayIter(np.arange(5), np.arange(5), batch_size=2, shuffle=True)
    facts["ndarrayiter/shuffle"] = [b.data[0].asnumpy().tolist() for b in it]


def record_recordio(mx, arrays: dict, facts: dict) -> None:
    recordio = mx.recordio
    rec = recordio.MXIndexedRecordIO(os.path.join(IMAGES, "ndsh_made.idx"),
                                     os.path.join(IMAGES, "ndsh_made.rec"), "r")
    seen = []
    for key in rec.keys:
        header, payload = recordio.unpack(rec.read_idx(key))
        label = header.label.tolist() if isinstance(header.label, np.ndarray) else header.label
        seen.append([key, header.flag, label, header.id, header.id2,
                     hashlib.sha1(payload).hexdigest()])
        if key < 3:
            arrays[f"ndsh_made/{key}"] = mx.image.imdecode(payload, to_rgb=0).asnumpy()
    facts["ndsh_made"] = seen
    plain = recordio.MXRecordIO(os.path.join(IMAGES, "ndsh_made.rec"), "r")
    count = 0
    while plain.read() is not None:
        count += 1
    facts["ndsh_made/count"] = count


def record() -> None:
    import mxnet as mx

    arrays: dict = {}
    facts: dict = {"oracle": f"MXNet {mx.__version__}, numpy {np.__version__}"}
    record_images(mx, arrays, facts)
    write_oracle_records(mx)
    record_iterators(mx, arrays, facts)
    record_recordio(mx, arrays, facts)
    np.savez_compressed(os.path.join(IMAGES, "golden.npz"), **arrays)
    with open(os.path.join(IMAGES, "golden.json"), "w") as f:
        json.dump(facts, f, indent=1)
    print(f"{len(arrays)} arrays, {len(facts)} facts")
    record_text(mx)


EMBEDDING_FILE = """<unk> 0.5 0.5 0.5
hello 0.1 0.2 0.3
World 1.0 2.0 3.0
hello 9 9 9
400000 3
the -0.25 1e-3 7
"""
TEXT_SAMPLES = [(" Life is great ! \n life is good . \n", {}),
                (" Life is great ! \n life is good . \n", {"to_lower": True}),
                ("*Life*is*great*!*\n*life*is*good*.*\n", {"token_delim": "\\*",
                                                              "to_lower": True}),
                ("a,b;c,a;;b", {"token_delim": ",", "seq_delim": ";"})]
VOCABS = [dict(), dict(min_freq=2), dict(most_freq_count=2),
          dict(reserved_tokens=["<pad>", "<bos>"]),
          dict(unknown_token="<UNK>", reserved_tokens=["<pad>"], min_freq=1, most_freq_count=3)]
VOCAB_TEXT = "the cat sat on the mat the cat ran b a b a z"


def record_text(mx) -> None:
    import collections
    import tempfile

    text = mx.contrib.text
    facts: dict = {"oracle": f"MXNet {mx.__version__}, numpy {np.__version__}"}
    facts["count"] = [sorted(text.utils.count_tokens_from_str(s, **kw).items())
                      for s, kw in TEXT_SAMPLES]
    counter = collections.Counter(VOCAB_TEXT.split())
    facts["vocab"] = []
    for options in VOCABS:
        v = text.vocab.Vocabulary(counter, **options)
        facts["vocab"].append({"idx_to_token": v.idx_to_token, "token_to_idx": v.token_to_idx,
                               "to_indices": v.to_indices(["the", "dog", "a"]),
                               "to_tokens": v.to_tokens([0, len(v) - 1]), "len": len(v)})
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "embed.txt")
    with open(path, "w") as f:
        f.write(EMBEDDING_FILE)
    embed = text.embedding.CustomEmbedding(path)
    facts["custom"] = {"idx_to_token": embed.idx_to_token, "vec_len": embed.vec_len,
                       "idx_to_vec": embed.idx_to_vec.asnumpy().tolist(),
                       "vecs": embed.get_vecs_by_tokens(["world", "hello", "x"]).asnumpy().tolist(),
                       "vecs_lower": embed.get_vecs_by_tokens(
                           ["world", "WORLD", "hello"], lower_case_backup=True).asnumpy().tolist()}
    embed.update_token_vectors(["hello", "<unk>"], mx.nd.array([[1, 1, 1], [2, 2, 2]]))
    facts["custom"]["updated"] = embed.idx_to_vec.asnumpy().tolist()
    vocab = text.vocab.Vocabulary(collections.Counter(["the", "hello", "hello", "new"]))
    with_vocab = text.embedding.CustomEmbedding(path, vocabulary=vocab)
    facts["custom_vocab"] = {"idx_to_token": with_vocab.idx_to_token,
                             "idx_to_vec": with_vocab.idx_to_vec.asnumpy().tolist()}
    composite = text.embedding.CompositeEmbedding(vocab, [embed, with_vocab])
    facts["composite"] = composite.idx_to_vec.asnumpy().tolist()
    facts["pretrained"] = text.embedding.get_pretrained_file_names()
    try:
        text.embedding.create("glove", pretrained_file_name="glove.6B.51d.txt")
    except KeyError as error:
        facts["bad_file"] = str(error.args[0])
    facts["urls"] = [text.embedding.GloVe._get_pretrained_file_url("glove.6B.50d.txt"),
                     text.embedding.FastText._get_pretrained_file_url("wiki.simple.vec")]
    os.makedirs(TEXT, exist_ok=True)
    with open(os.path.join(TEXT, "golden.json"), "w") as f:
        json.dump(facts, f, indent=1)


if __name__ == "__main__":
    {"make": make, "record": record}[sys.argv[1]]()
