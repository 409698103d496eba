"""The d2l-en runner's stand-ins for the dog, text, GAN and recommender downloads
(scripts/book_en/book_en_data_more.py): each opens in its real format, with what the sections
read from it, and two calls give the same bytes. BERTModel's parameter names and shapes are
MXNet 1.9.1's (tests/test_book_en_data_more.json, recorded by
scripts/book_en/more/record_bert_names.py with the MXNet oracle).
"""
import collections
import doctest
import io
import json
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts" / "book_en"))
import book_en_data_more as more  # noqa: E402
import text_data  # noqa: E402  (scripts/book_en/more/, on the path book_en_data_more sets)

GOLDEN = json.loads((Path(__file__).parent / "test_book_en_data_more.json").read_text())


@pytest.fixture(scope="module")
def files():
    return more.served_files("")


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_the_same_bytes_every_call(files):
    assert set(files) == {"kaggle_dog_tiny.zip", "wikitext-2-v1.zip", "snli_1.0.zip",
                          "bert.small.zip", "pokemon.zip", "ml-100k.zip", "ctr.zip"}
    again = more.served_files("")
    assert {k: v == again[k] for k, v in files.items()} == {k: True for k in files}


def test_kaggle_dog_tiny(files):
    members = unzip(files["kaggle_dog_tiny.zip"])
    lines = members["kaggle_dog_tiny/labels.csv"].decode().splitlines()
    assert lines[0] == "id,breed"
    labels = dict(line.split(",") for line in lines[1:])
    train = [n for n in members if re.fullmatch(r"kaggle_dog_tiny/train/[0-9a-f]{32}\.jpg", n)]
    test = [n for n in members if re.fullmatch(r"kaggle_dog_tiny/test/[0-9a-f]{32}\.jpg", n)]
    assert len(train) == len(labels) == 320 and len(test) == 10
    assert {n.split("/")[-1][:-4] for n in train} == set(labels)
    counts = collections.Counter(labels.values())
    # reorg_train_valid: floor(0.1 * 20) = 2 a breed -> 32 validation images, one batch of 32
    assert len(counts) == 16 and set(counts.values()) == {20}
    img = Image.open(io.BytesIO(members[train[0]]))
    assert img.format == "JPEG" and img.mode == "RGB"


def test_wikitext2_paragraphs(files):
    members = unzip(files["wikitext-2-v1.zip"])
    assert {n for n in members if n.endswith(".tokens")} == {
        f"wikitext-2/wiki.{p}.tokens" for p in ("train", "valid", "test")}
    lines = members["wikitext-2/wiki.train.tokens"].decode().splitlines(True)
    assert lines[1] == " = Small Record 0 = \n"
    # d2l's _read_wiki: lines with two or more ' . '-separated sentences
    paragraphs = [line.strip().lower().split(" . ") for line in lines
                  if len(line.split(" . ")) >= 2]
    pairs = sum(1 for p in paragraphs for a, b in zip(p, p[1:])
                if len(a.split()) + len(b.split()) + 3 <= 64)
    assert len(paragraphs) >= 200 and pairs >= 512        # one full batch of 512 for NSP


def test_snli_columns(files):
    members = unzip(files["snli_1.0.zip"])
    for part, n in (("train", 2200), ("test", 200)):
        rows = [r.split("\t") for r in
                members[f"snli_1.0/snli_1.0_{part}.txt"].decode().splitlines()]
        assert rows[0] == text_data.SNLI_COLUMNS and len(rows) == n + 1
        assert {len(r) for r in rows} == {14}
        gold = collections.Counter(r[0] for r in rows[1:])
        assert set(gold) == {"entailment", "contradiction", "neutral", "-"}
        assert min(gold[k] for k in ("entailment", "contradiction", "neutral")) > n // 4
        if part == "train":   # natural-language-inference-bert: 5 batches of 512 (train_ch13)
            assert n - gold["-"] > 4 * 512
        # d2l's read_snli takes the binary parse without parentheses: sentence1 again
        r = rows[1]
        assert re.sub(r"\s{2,}", " ", re.sub(r"[()]", "", r[1])).strip() == r[5]


def test_bert_small_params(files):
    golden = [(name, tuple(shape)) for name, shape in GOLDEN["params"]]
    assert text_data.bert_param_shapes(GOLDEN["vocab_size"]) == golden
    members = unzip(files["bert.small.zip"])
    vocab = json.loads(members["bert.small/vocab.json"])
    assert vocab[:5] == ["<unk>", "<pad>", "<mask>", "<cls>", "<sep>"]
    assert len(set(vocab)) == len(vocab)
    from ndsh import nd
    loaded = nd.load_frombuffer(members["bert.small/pretrained.params"])
    shapes = [(name, tuple(array.shape)) for name, array in loaded.items()]
    assert shapes == text_data.bert_param_shapes(len(vocab))
    assert float(loaded["mlm.mlp.1.gamma"].asnumpy().min()) == 1.0
    assert 0.015 < float(loaded["hidden.weight"].asnumpy().std()) < 0.025


def test_pokemon_image_folder(files):
    members = unzip(files["pokemon.zip"])
    pngs = [n for n in members if n.endswith(".png")]
    assert len(pngs) == 40 and len({n.split("/")[1] for n in pngs}) == 10
    img = Image.open(io.BytesIO(members[pngs[0]]))
    assert (img.format, img.mode, img.size) == ("PNG", "RGB", (96, 96))


def test_movielens_u_data(files):
    members = unzip(files["ml-100k.zip"])
    data = np.array([line.split("\t") for line in
                     members["ml-100k/u.data"].decode().splitlines()], dtype=np.int64)
    users, items = np.unique(data[:, 0]), np.unique(data[:, 1])
    # d2l indexes by id - 1 with as many users and items as distinct ids: ids 1..n, all present
    assert (users == np.arange(1, 101)).all() and (items == np.arange(1, 301)).all()
    assert set(data[:, 2]) <= {1, 2, 3, 4, 5} and len(set(data[:, 2])) >= 4
    assert np.bincount(data[:, 0])[1:].min() >= 20                  # as the real set's users
    assert len({tuple(r) for r in data[:, :2]}) == len(data)       # one rating a user and item
    assert len(members["ml-100k/u.item"].decode("latin-1").splitlines()) == 300


def test_ctr_rows(files):
    members = unzip(files["ctr.zip"])
    for part, n in (("train", 10400), ("test", 2100)):
        rows = [r.split("\t") for r in members[f"ctr/{part}.csv"].decode().splitlines()]
        assert len(rows) == n and {len(r) for r in rows} == {35}      # the label, 34 fields
        assert n // 2048 >= (5 if part == "train" else 1)       # train_ch13's batches of 2048
        labels = collections.Counter(r[0] for r in rows)
        assert set(labels) == {"0", "1"} and 0.1 < labels["1"] / n < 0.5
        # CTRDataset keeps values seen 4 times or more in training: most fields keep several
        kept = [sum(c >= 4 for c in collections.Counter(r[f] for r in rows).values())
                for f in range(1, 35)]
        assert min(kept) >= 2


def test_docstrings():
    assert doctest.testmod(text_data).failed == 0
    assert doctest.testmod(more).failed == 0
