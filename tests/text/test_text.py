"""mx.contrib.text against MXNet 1.9.1 (golden data recorded by scripts/record_image_text.py
with the MXNet 1.9.1 oracle into tests/text/data/golden.json): token counts, vocabularies,
custom and composite embeddings, the pretrained file table; and where the pretrained files are
looked for, fetched from, and what is said when they cannot be."""
from __future__ import annotations

import collections
import doctest
import hashlib
import importlib
import json
import os
import sys
import warnings

import numpy as np
import pytest

from ndsh.engine import nd
from ndsh.mxnet_compat import mxnet as mx

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
from record_image_text import (  # noqa: E402
    EMBEDDING_FILE,
    TEXT_SAMPLES,
    VOCAB_TEXT,
    VOCABS,
)

text = mx.contrib.text
with open(os.path.join(os.path.dirname(__file__), "data", "golden.json")) as _f:
    GOLDEN = json.load(_f)


def test_token_counts():
    got = [sorted(text.utils.count_tokens_from_str(s, **kw).items()) for s, kw in TEXT_SAMPLES]
    assert json.loads(json.dumps(got)) == GOLDEN["count"]
    counter = collections.Counter({"a": 1})
    assert text.utils.count_tokens_from_str("a b", counter_to_update=counter) is counter
    assert counter == {"a": 2, "b": 1}


def test_vocabularies():
    counter = collections.Counter(VOCAB_TEXT.split())
    for options, expected in zip(VOCABS, GOLDEN["vocab"]):
        v = text.vocab.Vocabulary(counter, **options)
        assert {"idx_to_token": v.idx_to_token, "token_to_idx": v.token_to_idx,
                "to_indices": v.to_indices(["the", "dog", "a"]),
                "to_tokens": v.to_tokens([0, len(v) - 1]), "len": len(v)} == expected
    with pytest.raises(ValueError, match="Token index 99 in the provided `indices` is invalid"):
        text.vocab.Vocabulary(counter).to_tokens(99)


def _embedding_file(tmp_path) -> str:
    path = tmp_path / "embed.txt"
    path.write_text(EMBEDDING_FILE)
    return str(path)


def test_custom_and_composite_embeddings(tmp_path):
    path = _embedding_file(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        embed = text.embedding.CustomEmbedding(path)
    said = [str(w.message) for w in caught]
    assert any("duplicate embedding for the  same token" in m for m in said)
    assert any("token 400000 with 1-dimensional vector [3.0] is likely a header" in m
               for m in said)
    golden = GOLDEN["custom"]
    assert embed.idx_to_token == golden["idx_to_token"] and embed.vec_len == golden["vec_len"]
    assert embed.idx_to_vec.asnumpy().tolist() == golden["idx_to_vec"]
    assert embed.get_vecs_by_tokens(["world", "hello", "x"]).asnumpy().tolist() == golden["vecs"]
    assert embed.get_vecs_by_tokens(["world", "WORLD", "hello"], lower_case_backup=True) \
        .asnumpy().tolist() == golden["vecs_lower"]
    embed.update_token_vectors(["hello", "<unk>"], nd.array([[1, 1, 1], [2, 2, 2]]))
    assert embed.idx_to_vec.asnumpy().tolist() == golden["updated"]
    vocab = text.vocab.Vocabulary(collections.Counter(["the", "hello", "hello", "new"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # the same two warnings as above
        with_vocab = text.embedding.CustomEmbedding(path, vocabulary=vocab)
    assert with_vocab.idx_to_token == GOLDEN["custom_vocab"]["idx_to_token"]
    assert with_vocab.idx_to_vec.asnumpy().tolist() == GOLDEN["custom_vocab"]["idx_to_vec"]
    composite = text.embedding.CompositeEmbedding(vocab, [embed, with_vocab])
    assert composite.idx_to_vec.asnumpy().tolist() == GOLDEN["composite"]
    with pytest.raises(ValueError, match="Token nope is unknown"):
        embed.update_token_vectors("nope", nd.array([1, 1, 1]))


def test_the_pretrained_files_and_their_addresses_are_mxnets():
    assert text.embedding.get_pretrained_file_names() == GOLDEN["pretrained"]
    assert [text.embedding.GloVe._get_pretrained_file_url("glove.6B.50d.txt"),
            text.embedding.FastText._get_pretrained_file_url("wiki.simple.vec")] == GOLDEN["urls"]
    with pytest.raises(KeyError) as error:
        text.embedding.create("glove", pretrained_file_name="glove.6B.51d.txt")
    assert error.value.args[0] == GOLDEN["bad_file"]
    with pytest.raises(KeyError, match="Cannot find `embedding_name` word2vec: the token "
                                       "embeddings are .*fasttext, glove"):
        text.embedding.create("word2vec")


def test_glove_is_read_from_mxnet_home(tmp_path, monkeypatch):
    folder = tmp_path / "embeddings" / "glove"
    folder.mkdir(parents=True)
    content = "the 0.5 -1.0\ncat 2.0 3.0\n"
    (folder / "glove.6B.50d.txt").write_text(content)
    sha1 = hashlib.sha1(content.encode()).hexdigest()
    monkeypatch.setitem(text.embedding.GloVe.pretrained_file_name_sha1, "glove.6B.50d.txt", sha1)
    monkeypatch.setenv("MXNET_HOME", str(tmp_path))
    glove = text.embedding.create("glove", pretrained_file_name="glove.6B.50d.txt")
    assert glove.idx_to_token == ["<unk>", "the", "cat"] and len(glove) == 3
    assert glove.get_vecs_by_tokens("cat").asnumpy().tolist() == [2.0, 3.0]


def test_offline_the_error_names_the_file_the_address_and_the_folder(tmp_path, monkeypatch,
                                                                      capsys):
    monkeypatch.setenv("MXNET_GLUON_REPO", "http://127.0.0.1:9/")
    with pytest.raises(ConnectionError) as error:
        text.embedding.create("fasttext", pretrained_file_name="wiki.simple.vec",
                              embedding_root=str(tmp_path))
    message = str(error.value)
    folder = tmp_path / "fasttext"
    assert "Could not download http://127.0.0.1:9/gluon/embeddings/fasttext/wiki.simple.zip" \
        in message
    assert f"copy it to {folder / 'wiki.simple.zip'}" in message and f"folder {folder}" in message
    assert "Or put wiki.simple.vec itself (SHA-1 " in message and str(folder) in message
    capsys.readouterr()


MODULES = ["ndsh.contrib_text", "ndsh.contrib_text.utils", "ndsh.contrib_text.vocab",
           "ndsh.contrib_text.embedding", "ndsh.contrib_text.token_embedding"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"nd": nd, "mx": mx, "np": np, "text": text},
                             optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
    for public in getattr(module, "__all__", []):
        obj = getattr(module, public)
        if not callable(obj) or getattr(obj, "__module__", name) != name:
            continue
        assert ">>>" in (obj.__doc__ or ""), f"{name}.{public} has no example"
