"""Small synthetic stand-ins for every download d2l-zh v1.0.0 makes, for `scripts/book.py`.

Each stand-in has the real file's name, format and place, and a few hundred records, so a
section that trains runs in seconds instead of hours. Files the book ships in its own `data/`
folder are taken from the book and cut to a few hundred records in the same format.

    python scripts/make_book_data.py --book D2L_ZH_TREE --root RUN_DIR

writes into RUN_DIR:
    home/.mxnet/datasets/fashion-mnist/*.gz      MXNet's gzip IDX files (300 train, 100 test)
    home/.mxnet/datasets/cifar10/*.bin           the binary batches (60 records each)
    home/.mxnet/embeddings/glove/glove.6B.{50,100}d.txt   4,000 tokens
    home/.mxnet/models/*.params                  random weights in MXNet's format (--models)
    data/                                        the book's data/ (PTB, lyrics, house prices
                                                 cut short) and the downloads d2lzh makes
                                                 there: VOC2012 tar, pikachu RecordIO,
                                                 hotdog.zip, aclImdb tar, kaggle_dog zip
    book-sha1.json                               {the real file's SHA-1: the stand-in's SHA-1}

Gluon and d2lzh check each download's SHA-1 against the real file's. The stand-ins cannot
match, so `book.py` runs the sections with `scripts/book/shim/sitecustomize.py`, which accepts
a stand-in listed in book-sha1.json in place of the file whose hash it is asked for; ndsh itself
is unchanged. Everything is drawn from a fixed seed: two runs write the same bytes.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import tarfile
import zipfile

import numpy as np
from PIL import Image

RNG = np.random.default_rng(0)
TIME = (2018, 1, 1, 0, 0, 0)            # fixed zip timestamps: the same bytes on every run

# The real files' SHA-1s, as MXNet 1.9.1 and d2lzh 1.0.0 pin them.
FASHION = {"train-images-idx3-ubyte.gz": "0cf37b0d40ed5169c6b3aba31069a9770ac9043d",
           "train-labels-idx1-ubyte.gz": "236021d52f1e40852b06a4c3008d8de8aef1e40b",
           "t10k-images-idx3-ubyte.gz": "626ed6a7c06dd17c0eec72fa3be1740f146a2863",
           "t10k-labels-idx1-ubyte.gz": "17f9ab60e7257a1620f4ad76bbbaf857c3920701"}
CIFAR10 = {"data_batch_1.bin": "aadd24acce27caa71bf4b10992e9e7b2d74c2540",
           "data_batch_2.bin": "c0ba65cce70568cd57b4e03e9ac8d2a5367c1795",
           "data_batch_3.bin": "1dd00a74ab1d17a6e7d73e185b69dbf31242f295",
           "data_batch_4.bin": "aab85764eb3584312d3c7f65fd2fd016e36a258e",
           "data_batch_5.bin": "26e2849e66a845b7f1e4614ae70f4889ae604628",
           "test_batch.bin": "67eb016db431130d61cd03c7ad570b013799c88c"}
GLOVE = {"glove.6B.50d.txt": "21bf566a9d27f84d253e0cd4d4be9dcc07976a6d",
         "glove.6B.100d.txt": "16b1dbfaf35476790bd9df40c83e2dfbd05312f1"}
PIKACHU = {"train.rec": "e6bcb6ffba1ac04ff8a9b1115e650af56ee969c8",
           "train.idx": "dcf7318b2602c06428b9988470c731621716c393",
           "val.rec": "d6c33f799b4d058e82f2cb5bd9a976f69d72d520"}
VOC = ("VOCtrainval_11-May-2012.tar", "4e443f8a2eca6b1dac8a6c57641b67dd40621a49")
IMDB = ("aclImdb_v1.tar.gz", "01ada507287d82875905620988597833ad4e0903")
HOTDOG = ("hotdog.zip", "fba480ffa8aa7e0febbb511d181409f899b9baa5")
MODELS = {"resnet18_v2": "a81db45fd7b7a2d12ab97cd88ef0a5ac48b8f657",
          "resnet34_v2": "9d6b80bbc35169de6b6edecffdd6047c56fdd322",
          "vgg19": "ad2f660d101905472b83590b59708b71ea22b2e5"}

# Words the NLP sections look up (analogies, nearest neighbours, sentiment).
WORDS = ("the a an and of to in is it this that was for on with as but not movie film good "
         "great bad worst terrible awful best love hate fun boring beautiful lovely chip chips "
         "intel baby babies man woman son daughter king queen beijing china tokyo japan big "
         "biggest small do did go went see saw".split())


def sha1(path: str) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as fin:
        for block in iter(lambda: fin.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write(path: str, data: bytes) -> str:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fout:
        fout.write(data)
    return path


def gzip_bytes(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as fout:
        fout.write(data)
    return buf.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in members.items():
            zout.writestr(zipfile.ZipInfo(name, TIME), data)
    return buf.getvalue()


def tar_bytes(members: dict[str, bytes], gz: bool = False) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz" if gz else "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1514764800
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def encode(array: np.ndarray, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format=fmt, **kw)
    return buf.getvalue()


TEMPLATES: dict = {}


def class_images(labels: np.ndarray, shape: tuple, classes: int) -> np.ndarray:
    """uint8 images whose class shows in a per-class template, under noise; the templates are
    drawn once per shape and class count, so a training and a test file share them (a net
    that learns one does better than chance on the other)."""
    if (shape, classes) not in TEMPLATES:
        TEMPLATES[shape, classes] = RNG.integers(0, 256, size=(classes,) + shape)
    templates = TEMPLATES[shape, classes]
    noise = RNG.integers(0, 256, size=(len(labels),) + shape)
    return ((templates[labels] * 3 + noise) // 4).astype(np.uint8)


def fashion_mnist(home: str, manifest: dict, n_train: int, n_test: int) -> None:
    folder = os.path.join(home, ".mxnet", "datasets", "fashion-mnist")
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        labels = RNG.integers(0, 10, size=n).astype(np.uint8)
        images = class_images(labels, (28, 28), 10)
        files = {f"{prefix}-labels-idx1-ubyte.gz": struct.pack(">II", 2049, n) + labels.tobytes(),
                 f"{prefix}-images-idx3-ubyte.gz":
                     struct.pack(">IIII", 2051, n, 28, 28) + images.tobytes()}
        for name, raw in files.items():
            manifest[FASHION[name]] = sha1(write(os.path.join(folder, name), gzip_bytes(raw)))


def cifar10(home: str, manifest: dict, per_batch: int) -> None:
    folder = os.path.join(home, ".mxnet", "datasets", "cifar10")
    for name, real in CIFAR10.items():
        labels = RNG.integers(0, 10, size=per_batch).astype(np.uint8)
        images = class_images(labels, (3, 32, 32), 10).reshape(per_batch, 3072)
        records = np.concatenate([labels[:, None], images], axis=1)
        manifest[real] = sha1(write(os.path.join(folder, name), records.tobytes()))


def vocabulary(size: int) -> list[str]:
    extra = [f"w{i:04d}" for i in range(size - len(WORDS))]
    return list(WORDS) + extra


def glove(home: str, manifest: dict, tokens: int) -> None:
    words = vocabulary(tokens)
    for name, real in GLOVE.items():
        dim = int(name.split(".")[2][:-1])
        vecs = RNG.normal(0, 0.5, size=(len(words), dim))
        lines = "".join(w + " " + " ".join(f"{v:.5f}" for v in row) + "\n"
                        for w, row in zip(words, vecs))
        path = os.path.join(home, ".mxnet", "embeddings", "glove", name)
        manifest[real] = sha1(write(path, lines.encode()))


def shipped(book: str, data: str) -> None:
    """The book's own data/ files, the long ones cut to a few hundred records."""
    src = os.path.join(book, "data")
    for name in ("airfoil_self_noise.dat", "fr-en-small.txt"):
        shutil.copy(os.path.join(src, name), os.path.join(data, name))
    shutil.copytree(os.path.join(src, "kaggle_cifar10"), os.path.join(data, "kaggle_cifar10"),
                    dirs_exist_ok=True)
    for name in ("kaggle_house_pred_train.csv", "kaggle_house_pred_test.csv"):
        with open(os.path.join(src, name), encoding="utf-8") as fin:
            lines = fin.readlines()[:301]
        write(os.path.join(data, name), "".join(lines).encode())
    with zipfile.ZipFile(os.path.join(src, "ptb.zip")) as zin:
        members = {"ptb/": b""}
        for part, n in (("train", 300), ("valid", 100), ("test", 100)):
            lines = zin.read(f"ptb/ptb.{part}.txt").decode().splitlines(True)
            keep = set(range(min(n, len(lines))))
            if part == "train":     # word2vec looks up 'join' and 'chip': 5+ times each
                for word in (" join ", " chip "):
                    keep |= set([i for i, line in enumerate(lines) if word in line][:60])
            members[f"ptb/ptb.{part}.txt"] = "".join(lines[i] for i in sorted(keep)).encode()
    write(os.path.join(data, "ptb.zip"), zip_bytes(members))
    with zipfile.ZipFile(os.path.join(src, "jaychou_lyrics.txt.zip")) as zin:
        text = zin.read("jaychou_lyrics.txt").decode("utf-8")
    write(os.path.join(data, "jaychou_lyrics.txt.zip"),
          zip_bytes({"jaychou_lyrics.txt": text[:1500].encode("utf-8")}))


def voc(data: str, manifest: dict, n_train: int, n_val: int) -> None:
    colormap = [(0, 0, 0), (128, 0, 0), (0, 128, 0), (128, 128, 0), (0, 0, 128), (128, 0, 128),
                (0, 128, 128), (128, 128, 128), (64, 0, 0), (192, 0, 0), (64, 128, 0),
                (192, 128, 0), (64, 0, 128), (192, 0, 128), (64, 128, 128), (192, 128, 128),
                (0, 64, 0), (128, 64, 0), (0, 192, 0), (128, 192, 0), (0, 64, 128)]
    palette = [c for rgb in colormap for c in rgb] + [224, 224, 192] * 235
    base, members = "VOCdevkit/VOC2012/", {}
    for split, n in (("train", n_train), ("val", n_val)):
        names = [f"2007_{split}{i:03d}" for i in range(n)]
        members[f"{base}ImageSets/Segmentation/{split}.txt"] = "".join(
            f"{name}\n" for name in names).encode()
        for name in names:
            h, w = 360, 500
            label = np.zeros((h, w), np.uint8)
            for _ in range(3):
                y, x = RNG.integers(0, h - 60), RNG.integers(0, w - 60)
                label[y:y + 60, x:x + 80] = RNG.integers(1, 21)
            img = class_images(np.zeros(1, int), (h, w, 3), 1)[0]
            img[label > 0] //= 2
            members[f"{base}JPEGImages/{name}.jpg"] = encode(img, "JPEG", quality=90)
            seg = Image.fromarray(label, mode="P")
            seg.putpalette(palette)
            buf = io.BytesIO()
            seg.save(buf, format="PNG")
            members[f"{base}SegmentationClass/{name}.png"] = buf.getvalue()
    path = write(os.path.join(data, VOC[0]), tar_bytes(members))
    manifest[VOC[1]] = sha1(path)


def recordio(records: list[bytes]) -> tuple[bytes, bytes]:
    """MXNet's RecordIO file (magic, length, payload padded to 4 bytes) and its .idx text."""
    out, idx = io.BytesIO(), []
    for i, payload in enumerate(records):
        idx.append(f"{i}\t{out.tell()}\n")
        out.write(struct.pack("<II", 0xced7230a, len(payload)))
        out.write(payload + b"\x00" * (-len(payload) % 4))
    return out.getvalue(), "".join(idx).encode()


def pikachu(data: str, manifest: dict, n_train: int, n_val: int) -> None:
    folder = os.path.join(data, "pikachu")
    for split, n in (("train", n_train), ("val", n_val)):
        records = []
        for i in range(n):
            img = class_images(np.zeros(1, int), (256, 256, 3), 1)[0] // 2
            size = int(RNG.integers(40, 90))
            x, y = (int(v) for v in RNG.integers(0, 256 - size, size=2))
            img[y:y + size, x:x + size] = (250, 220, 40)
            # header width 4 (itself, object width, image width, height), then class + box
            label = np.array([4, 5, 256, 256, 0, x / 256, y / 256, (x + size) / 256,
                              (y + size) / 256], np.float32)
            header = struct.pack("<IfQQ", len(label), 0.0, i, 0)
            records.append(header + label.tobytes() + encode(img, "JPEG", quality=90))
        rec, idx = recordio(records)
        manifest[PIKACHU[f"{split}.rec"]] = sha1(write(os.path.join(folder, f"{split}.rec"), rec))
        if split == "train":
            manifest[PIKACHU["train.idx"]] = sha1(write(os.path.join(folder, "train.idx"), idx))


def image_tree(prefix: str, classes: dict[str, int], size=(120, 160), fmt="PNG") -> dict:
    members = {}
    for c, (name, n) in enumerate(classes.items()):
        for i in range(n):
            img = class_images(np.full(1, c), size + (3,), len(classes))[0]
            ext = {"PNG": "png", "JPEG": "jpg"}[fmt]
            members[f"{prefix}/{name}/{c * 1000 + i}.{ext}"] = encode(img, fmt)
    return members


def hotdog(data: str, manifest: dict, per_class: int) -> None:
    members = {}
    for split, n in (("train", per_class), ("test", per_class // 2)):
        members.update(image_tree(f"hotdog/{split}", {"hotdog": n, "not-hotdog": n}))
    manifest[HOTDOG[1]] = sha1(write(os.path.join(data, HOTDOG[0]), zip_bytes(members)))


def kaggle_dog(data: str, breeds: int) -> None:
    names = {f"breed_{b:03d}": 2 for b in range(breeds)}
    members = {}
    for part in ("train", "valid", "train_valid"):
        members.update(image_tree(f"train_valid_test_tiny/{part}", names, fmt="JPEG"))
    members.update(image_tree("train_valid_test_tiny/test", {"unknown": 4}, fmt="JPEG"))
    write(os.path.join(data, "kaggle_dog", "train_valid_test_tiny.zip"), zip_bytes(members))


def imdb(data: str, manifest: dict, per_class: int) -> None:
    words = vocabulary(400)
    good, bad = ["good", "great", "best", "love", "fun"], ["bad", "worst", "awful", "boring"]
    members = {}
    for split in ("train", "test"):
        for label, marks in (("pos", good), ("neg", bad)):
            for i in range(per_class):
                body = list(RNG.choice(words, size=int(RNG.integers(30, 80))))
                body += list(RNG.choice(marks, size=5))
                RNG.shuffle(body)
                text = " ".join(body).capitalize() + ". <br /><br />The end."
                members[f"aclImdb/{split}/{label}/{i}_{7 if label == 'pos' else 2}.txt"] = (
                    text.encode())
    path = write(os.path.join(data, IMDB[0]), tar_bytes(members, gz=True))
    manifest[IMDB[1]] = sha1(path)


def models(home: str, manifest: dict, names: list[str], oracle: str, cache: str) -> None:
    """Random weights in MXNet's parameter format, written once into cache by the MXNet
    oracle's model zoo and linked into ~/.mxnet/models (vgg19's file is 548 MB)."""
    folder = os.path.join(home, ".mxnet", "models")
    os.makedirs(folder, exist_ok=True)
    os.makedirs(cache, exist_ok=True)
    for name in names:
        file_name = f"{name}-{MODELS[name][:8]}.params"
        path = os.path.join(cache, file_name)
        code = ("import mxnet as mx, sys\n"
                f"net = mx.gluon.model_zoo.vision.get_model('{name}')\n"
                "net.initialize(mx.init.Xavier())\n"
                "net(mx.nd.zeros((1, 3, 224, 224)))\n"
                "net.save_parameters(sys.argv[1])\n")
        if not os.path.exists(path):
            subprocess.run([oracle, "-c", "import mxnet as mx; mx.random.seed(0)\n" + code, path],
                           check=True)
        link = os.path.join(folder, file_name)
        if not os.path.exists(link):
            os.symlink(path, link)
        manifest[MODELS[name]] = sha1(path)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--book", required=True, help="a d2l-zh v1.0.0 work tree")
    parser.add_argument("--root", required=True, help="the run folder to fill")
    parser.add_argument("--fashion-mnist", default="300,100",
                        help="Fashion-MNIST's train,test sizes (default: %(default)s; the "
                             "chapter 5 nets at 224x224 want fewer on a slow CPU)")
    parser.add_argument("--models", default="",
                        help="comma-separated model zoo names to write (resnet18_v2, "
                             "resnet34_v2, vgg19); needs --oracle")
    parser.add_argument("--models-cache",
                        default=os.path.expanduser("~/.cache/ndsh-book/models"),
                        help="where the --models files are written once (default: %(default)s)")
    parser.add_argument("--oracle", default="/work/mxvenv/bin/python",
                        help="a Python with MXNet 1.9.1, for --models")
    args = parser.parse_args(argv)
    home, data = os.path.join(args.root, "home"), os.path.join(args.root, "data")
    os.makedirs(data, exist_ok=True)
    manifest: dict[str, str] = {}
    fashion_mnist(home, manifest, *(int(n) for n in args.fashion_mnist.split(",")))
    cifar10(home, manifest, 60)
    glove(home, manifest, 4000)
    shipped(args.book, data)
    voc(data, manifest, 66, 34)
    pikachu(data, manifest, 64, 16)
    hotdog(data, manifest, 16)
    kaggle_dog(data, 10)
    imdb(data, manifest, 40)
    if args.models:
        models(home, manifest, [m for m in args.models.split(",") if m], args.oracle,
               args.models_cache)
    with open(os.path.join(args.root, "book-sha1.json"), "w") as fout:
        json.dump(manifest, fout, indent=1, sort_keys=True)
    print(f"{len(manifest)} stand-ins for pinned downloads in {args.root}")


if __name__ == "__main__":
    main()
