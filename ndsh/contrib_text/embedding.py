"""`mx.contrib.text.embedding`: token embeddings as MXNet 1.9.1's: GloVe and FastText read from
their pretrained files (in `$MXNET_HOME/embeddings/<name>/`, by default `~/.mxnet`, fetched
from MXNet's addresses with their SHA-1 checked when missing), CustomEmbedding from any such
text file, CompositeEmbedding over a vocabulary; `create` and `get_pretrained_file_names`.
"""
from __future__ import annotations

import os
import tarfile
import warnings
import zipfile

import numpy as np

from ndsh.contrib_text import pretrained_files, vocab
from ndsh.engine import NDArray, nd
from ndsh.gluon import utils as gluon_utils

__all__ = ["register", "create", "get_pretrained_file_names", "GloVe", "FastText",
           "CustomEmbedding", "CompositeEmbedding"]

UNKNOWN_IDX = vocab.UNKNOWN_IDX
_REGISTRY: dict = {}


def _tables() -> dict:
    files: dict = {"glove": {}, "fasttext": {}}
    archives: dict = {"glove": {}, "fasttext": {}}
    for line in pretrained_files.TABLE.split("\n"):
        if not line:
            continue
        kind, name, sha1, *archive = line.split()
        if kind == "glove-archive":
            archives["glove"][name] = sha1
            continue
        files[kind][name] = sha1
        if archive:
            archives[kind][".".join(name.split(".")[:-1]) + ".zip"] = archive[0]
    return {"files": files, "archives": archives}


_TABLES = _tables()


def register(embedding_cls):
    """Register a token embedding class under its lower-case name, for create().

    Parameters:
        embedding_cls: a subclass of the token embedding base (GloVe's, FastText's).

    Example:
        >>> @text.embedding.register
        ... class MyEmbed(text.embedding.CustomEmbedding):
        ...     pass
        >>> 'myembed' in text.embedding._REGISTRY
        True
    """
    name = embedding_cls.__name__.lower()
    if name in _REGISTRY:
        warnings.warn(f"New token embedding {embedding_cls.__module__}.{embedding_cls.__name__} "
                      f"registered with name {name} is overriding existing token embedding "
                      f"{_REGISTRY[name].__module__}.{_REGISTRY[name].__name__}", UserWarning,
                      stacklevel=2)
    _REGISTRY[name] = embedding_cls
    return embedding_cls


def create(embedding_name: str, **kwargs):
    """A token embedding by name ('glove', 'fasttext', case-insensitive), its pretrained file
    read (and fetched when missing).

    Parameters:
        embedding_name: the embedding's name.
        kwargs: its class's arguments (pretrained_file_name, embedding_root, vocabulary...).

    Example:
        >>> try:
        ...     text.embedding.create('word2vec')
        ... except KeyError as error:
        ...     print(error.args[0][:60])
        Cannot find `embedding_name` word2vec: the token embeddings
    """
    name = embedding_name.lower()
    if name not in _REGISTRY:
        raise KeyError(f"Cannot find `embedding_name` {embedding_name}: the token embeddings "
                       f"are {', '.join(sorted(_REGISTRY))}.")
    return _REGISTRY[name](**kwargs)


def get_pretrained_file_names(embedding_name: str | None = None):
    """The pretrained files of an embedding (a list), or of every embedding (a dict).

    Parameters:
        embedding_name: 'glove' or 'fasttext', or None for all.

    Example:
        >>> text.embedding.get_pretrained_file_names('glove')[:3]
        ['glove.42B.300d.txt', 'glove.6B.50d.txt', 'glove.6B.100d.txt']
        >>> sorted(text.embedding.get_pretrained_file_names())
        ['fasttext', 'glove']
    """
    if embedding_name is not None:
        if embedding_name not in _REGISTRY:
            raise KeyError(f"Cannot find `embedding_name` {embedding_name}. Use "
                           f"`get_pretrained_file_names(embedding_name=None).keys()` to get all "
                           f"the valid embedding names ({', '.join(sorted(_REGISTRY))}).")
        return list(_REGISTRY[embedding_name].pretrained_file_name_sha1.keys())
    return {name: list(cls.pretrained_file_name_sha1.keys()) for name, cls in _REGISTRY.items()
            if hasattr(cls, "pretrained_file_name_sha1")}


def _embedding_root() -> str:
    home = os.environ.get("MXNET_HOME", os.path.join(os.path.expanduser("~"), ".mxnet"))
    return os.path.join(home, "embeddings")


class _TokenEmbedding(vocab.Vocabulary):
    """The base of token embeddings: a Vocabulary whose tokens have vectors (idx_to_vec)."""

    pretrained_file_name_sha1: dict = {}
    pretrained_archive_name_sha1: dict = {}

    @classmethod
    def _get_download_file_name(cls, pretrained_file_name: str) -> str:
        return pretrained_file_name

    @classmethod
    def _get_pretrained_file_url(cls, pretrained_file_name: str) -> str:
        repo_url = os.environ.get("MXNET_GLUON_REPO", pretrained_files.REPO_URL)
        return (f"{repo_url}gluon/embeddings/{cls.__name__.lower()}/"
                f"{cls._get_download_file_name(pretrained_file_name)}")

    @classmethod
    def _get_pretrained_file(cls, embedding_root, pretrained_file_name: str) -> str:
        embedding_root = os.path.expanduser(embedding_root or _embedding_root())
        url = cls._get_pretrained_file_url(pretrained_file_name)
        embedding_dir = os.path.join(embedding_root, cls.__name__.lower())
        path = os.path.join(embedding_dir, pretrained_file_name)
        downloaded = os.path.join(embedding_dir, os.path.basename(url))
        expected = cls.pretrained_file_name_sha1[pretrained_file_name]
        expected_download = cls.pretrained_archive_name_sha1.get(os.path.basename(url), expected)
        # read at call time: a wrapper installed on gluon.utils (the book runner's) applies
        if os.path.exists(path) and gluon_utils.check_sha1(path, expected):
            return path
        try:
            gluon_utils.download(url, downloaded, sha1_hash=expected_download)
        except ConnectionError as error:
            there = (f" ({path} is there, but its SHA-1 is not that of MXNet's file)"
                     if os.path.exists(path) else "")
            raise ConnectionError(f"{error} Or put {pretrained_file_name} itself (SHA-1 "
                                  f"{expected}) in {embedding_dir}{there}.") from None
        ext = os.path.splitext(downloaded)[1]
        if ext == ".zip":
            with zipfile.ZipFile(downloaded, "r") as zf:
                zf.extractall(embedding_dir)
        elif ext == ".gz":
            with tarfile.open(downloaded, "r:gz") as tar:
                tar.extractall(path=embedding_dir)
        return path

    def _load_embedding(self, pretrained_file_path, elem_delim, init_unknown_vec,
                        encoding="utf8") -> None:
        pretrained_file_path = os.path.expanduser(pretrained_file_path)
        if not os.path.isfile(pretrained_file_path):
            raise ValueError(f"`pretrained_file_path` must be a valid path to the pre-trained "
                             f"token embedding file: {pretrained_file_path} is no file.")
        vec_len, rows, tokens, loaded_unknown = None, [], set(), None
        with open(pretrained_file_path, encoding=encoding) as f:
            for line_num, line in enumerate(f, start=1):
                elems = line.rstrip().split(elem_delim)
                assert len(elems) > 1, (
                    f"At line {line_num} of the pre-trained text embedding file: the data format "
                    f"of the pre-trained token embedding file {pretrained_file_path} is "
                    f"unexpected.")
                token, elems = elems[0], elems[1:]
                if token == self.unknown_token and loaded_unknown is None:
                    loaded_unknown = elems
                    tokens.add(self.unknown_token)
                elif token in tokens:
                    warnings.warn(f"At line {line_num} of the pre-trained token embedding file: "
                                  f"the embedding vector for token {token} has been loaded and a "
                                  f"duplicate embedding for the  same token is seen and skipped.",
                                  stacklevel=3)
                elif len(elems) == 1:
                    warnings.warn(f"At line {line_num} of the pre-trained text embedding file: "
                                  f"token {token} with 1-dimensional vector "
                                  f"{[float(e) for e in elems]} is likely a header and is "
                                  f"skipped.", stacklevel=3)
                else:
                    if vec_len is None:
                        vec_len = len(elems)
                    assert len(elems) == vec_len, (
                        f"At line {line_num} of the pre-trained token embedding file: the "
                        f"dimension of token {token} is {len(elems)} but the dimension of "
                        f"previous tokens is {vec_len}. Dimensions of all the tokens must be "
                        f"the same.")
                    rows.append(elems)
                    self._idx_to_token.append(token)
                    self._token_to_idx[token] = len(self._idx_to_token) - 1
                    tokens.add(token)
        self._vec_len = vec_len
        # parsed as MXNet does (Python floats, then float32), in one pass over the strings
        values = np.zeros((len(rows) + 1, vec_len or 0), dtype=np.float32)
        if rows:
            values[1:] = np.array(rows, dtype=np.float64)
        self._idx_to_vec = nd.array(values)
        if loaded_unknown is None:
            self._idx_to_vec[UNKNOWN_IDX] = init_unknown_vec(shape=self.vec_len)
        else:
            self._idx_to_vec[UNKNOWN_IDX] = nd.array(np.array(loaded_unknown, dtype=np.float64))

    def _index_tokens_from_vocabulary(self, vocabulary) -> None:
        self._token_to_idx = dict(vocabulary.token_to_idx)
        self._idx_to_token = vocabulary.idx_to_token[:]
        self._unknown_token = vocabulary.unknown_token
        self._reserved_tokens = (vocabulary.reserved_tokens[:]
                                 if vocabulary.reserved_tokens is not None else None)

    def _set_idx_to_vec_by_embeddings(self, token_embeddings, vocab_len,
                                      vocab_idx_to_token) -> None:
        new_vec_len = sum(embed.vec_len for embed in token_embeddings)
        new_idx_to_vec = nd.zeros(shape=(vocab_len, new_vec_len))
        col_start = 0
        for embed in token_embeddings:
            col_end = col_start + embed.vec_len
            new_idx_to_vec[0, col_start:col_end] = embed.idx_to_vec[0]
            new_idx_to_vec[1:, col_start:col_end] = embed.get_vecs_by_tokens(
                vocab_idx_to_token[1:])
            col_start = col_end
        self._vec_len = new_vec_len
        self._idx_to_vec = new_idx_to_vec

    def _build_embedding_for_vocabulary(self, vocabulary) -> None:
        if vocabulary is not None:
            assert isinstance(vocabulary, vocab.Vocabulary), \
                "The argument `vocabulary` must be an instance of " \
                "mxnet.contrib.text.vocab.Vocabulary."
            self._set_idx_to_vec_by_embeddings([self], len(vocabulary), vocabulary.idx_to_token)
            self._index_tokens_from_vocabulary(vocabulary)

    @property
    def vec_len(self) -> int:
        """The length of each token's vector.

        Example:
            >>> embed = text.embedding.CustomEmbedding(_example_file())
            >>> embed.vec_len
            2
        """
        return self._vec_len

    @property
    def idx_to_vec(self) -> NDArray:
        """The vectors of the indexed tokens, row i for index i (row 0: the unknown token's).

        Example:
            >>> text.embedding.CustomEmbedding(_example_file()).idx_to_vec
            <BLANKLINE>
            [[0.  0. ]
             [0.1 0.2]
             [0.3 0.4]]
            <NDArray 3x2 @cpu(0)>
        """
        return self._idx_to_vec

    def get_vecs_by_tokens(self, tokens, lower_case_backup: bool = False) -> NDArray:
        """The vector of a token, or the vectors of a list of tokens (the unknown one's for
        tokens not indexed).

        Parameters:
            tokens: a token or a list of tokens.
            lower_case_backup: try a token in lower case when it is not indexed as written.

        Example:
            >>> embed = text.embedding.CustomEmbedding(_example_file())
            >>> embed.get_vecs_by_tokens(['world', 'Hello'], lower_case_backup=True)
            <BLANKLINE>
            [[0.3 0.4]
             [0.1 0.2]]
            <NDArray 2x2 @cpu(0)>
        """
        to_reduce = not isinstance(tokens, list)
        if to_reduce:
            tokens = [tokens]
        if not lower_case_backup:
            indices = [self.token_to_idx.get(token, UNKNOWN_IDX) for token in tokens]
        else:
            indices = [self.token_to_idx[token] if token in self.token_to_idx
                       else self.token_to_idx.get(token.lower(), UNKNOWN_IDX) for token in tokens]
        vecs = nd.Embedding(nd.array(indices), self.idx_to_vec, self.idx_to_vec.shape[0],
                            self.idx_to_vec.shape[1])
        return vecs[0] if to_reduce else vecs

    def update_token_vectors(self, tokens, new_vectors: NDArray) -> None:
        """Replace the vectors of indexed tokens.

        Parameters:
            tokens: a token or a list of tokens (all indexed; the unknown token by its name).
            new_vectors: their new vectors, (len(tokens), vec_len) (or (vec_len,) for one).

        Example:
            >>> embed = text.embedding.CustomEmbedding(_example_file())
            >>> embed.update_token_vectors('hello', nd.array([9, 9]))
            >>> embed.get_vecs_by_tokens('hello')
            <BLANKLINE>
            [9. 9.]
            <NDArray 2 @cpu(0)>
        """
        assert self.idx_to_vec is not None, \
            "The property `idx_to_vec` has not been properly set."
        if not isinstance(tokens, list) or len(tokens) == 1:
            assert isinstance(new_vectors, NDArray) and len(new_vectors.shape) in [1, 2], \
                "`new_vectors` must be a 1-D or 2-D NDArray if `tokens` is a singleton."
            if not isinstance(tokens, list):
                tokens = [tokens]
            if len(new_vectors.shape) == 1:
                new_vectors = nd.expand_dims(new_vectors, axis=0)
        else:
            assert isinstance(new_vectors, NDArray) and len(new_vectors.shape) == 2, \
                "`new_vectors` must be a 2-D NDArray if `tokens` is a list of multiple strings."
        assert new_vectors.shape == (len(tokens), self.vec_len), \
            "The length of new_vectors must be equal to the number of tokens and the width " \
            "of new_vectors must be equal to the dimension of embeddings of the glossary."
        indices = []
        for token in tokens:
            if token not in self.token_to_idx:
                raise ValueError(f"Token {token} is unknown. To update the embedding vector for "
                                 f"an unknown token, please specify it explicitly as the "
                                 f"`unknown_token` {self.idx_to_token[UNKNOWN_IDX]} in "
                                 f"`tokens`. This is to avoid unintended updates.")
            indices.append(self.token_to_idx[token])
        self._idx_to_vec[nd.array(indices)] = new_vectors

    @classmethod
    def _check_pretrained_file_names(cls, pretrained_file_name: str) -> None:
        name = cls.__name__.lower()
        if pretrained_file_name not in cls.pretrained_file_name_sha1:
            raise KeyError(f"Cannot find pretrained file {pretrained_file_name} for token "
                           f"embedding {name}. Valid pretrained files for embedding {name}: "
                           f"{', '.join(cls.pretrained_file_name_sha1.keys())}")


@register
class GloVe(_TokenEmbedding):
    """GloVe's pretrained token vectors (Stanford), from MXNet's copies of its files.

    Parameters:
        pretrained_file_name: one of get_pretrained_file_names('glove').
        embedding_root: the folder of the embeddings' folders (default
            $MXNET_HOME/embeddings, ~/.mxnet/embeddings).
        init_unknown_vec: makes the unknown token's vector (shape=vec_len).
        vocabulary: index only this Vocabulary's tokens, in its order.
        kwargs: Vocabulary's arguments (unknown_token...).

    Example:
        >>> text.embedding.GloVe.pretrained_file_name_sha1['glove.6B.50d.txt']
        '21bf566a9d27f84d253e0cd4d4be9dcc07976a6d'
    """

    pretrained_file_name_sha1 = _TABLES["files"]["glove"]
    pretrained_archive_name_sha1 = _TABLES["archives"]["glove"]

    @classmethod
    def _get_download_file_name(cls, pretrained_file_name: str) -> str:
        archives = {archive.split(".")[1]: archive for archive in
                    cls.pretrained_archive_name_sha1}
        return archives[pretrained_file_name.split(".")[1]]

    def __init__(self, pretrained_file_name="glove.840B.300d.txt", embedding_root=None,
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        GloVe._check_pretrained_file_names(pretrained_file_name)
        super().__init__(**kwargs)
        path = GloVe._get_pretrained_file(embedding_root, pretrained_file_name)
        self._load_embedding(path, " ", init_unknown_vec)
        if vocabulary is not None:
            self._build_embedding_for_vocabulary(vocabulary)


@register
class FastText(_TokenEmbedding):
    """FastText's pretrained token vectors (Facebook), from MXNet's copies of its files.

    Parameters:
        pretrained_file_name: one of get_pretrained_file_names('fasttext').
        embedding_root: the folder of the embeddings' folders (default
            $MXNET_HOME/embeddings, ~/.mxnet/embeddings).
        init_unknown_vec: makes the unknown token's vector (shape=vec_len).
        vocabulary: index only this Vocabulary's tokens, in its order.
        kwargs: Vocabulary's arguments (unknown_token...).

    Example:
        >>> 'wiki.simple.vec' in text.embedding.FastText.pretrained_file_name_sha1
        True
    """

    pretrained_file_name_sha1 = _TABLES["files"]["fasttext"]
    pretrained_archive_name_sha1 = _TABLES["archives"]["fasttext"]

    @classmethod
    def _get_download_file_name(cls, pretrained_file_name: str) -> str:
        return ".".join(pretrained_file_name.split(".")[:-1]) + ".zip"

    def __init__(self, pretrained_file_name="wiki.simple.vec", embedding_root=None,
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        FastText._check_pretrained_file_names(pretrained_file_name)
        super().__init__(**kwargs)
        path = FastText._get_pretrained_file(embedding_root, pretrained_file_name)
        self._load_embedding(path, " ", init_unknown_vec)
        if vocabulary is not None:
            self._build_embedding_for_vocabulary(vocabulary)


class CustomEmbedding(_TokenEmbedding):
    """Token vectors from a text file of your own: one token a line, then its numbers.

    Parameters:
        pretrained_file_path: the file.
        elem_delim: what separates the token and the numbers.
        encoding: the file's encoding.
        init_unknown_vec: makes the unknown token's vector (shape=vec_len) unless the file
            has one.
        vocabulary: index only this Vocabulary's tokens, in its order.
        kwargs: Vocabulary's arguments (unknown_token...).

    Example:
        >>> embed = text.embedding.CustomEmbedding(_example_file())
        >>> embed.idx_to_token, embed.token_to_idx['world']
        (['<unk>', 'hello', 'world'], 2)
    """

    def __init__(self, pretrained_file_path, elem_delim=" ", encoding="utf8",
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        super().__init__(**kwargs)
        self._load_embedding(pretrained_file_path, elem_delim, init_unknown_vec, encoding)
        if vocabulary is not None:
            self._build_embedding_for_vocabulary(vocabulary)


class CompositeEmbedding(_TokenEmbedding):
    """A vocabulary's tokens with the vectors of one or more embeddings, concatenated.

    Parameters:
        vocabulary: the Vocabulary whose tokens are indexed.
        token_embeddings: an embedding or a list of them.

    Example:
        >>> embed = text.embedding.CustomEmbedding(_example_file())
        >>> words = text.vocab.Vocabulary(text.utils.count_tokens_from_str('world x'))
        >>> text.embedding.CompositeEmbedding(words, [embed, embed]).idx_to_vec[1]
        <BLANKLINE>
        [0.3 0.4 0.3 0.4]
        <NDArray 4 @cpu(0)>
    """

    def __init__(self, vocabulary, token_embeddings):
        assert isinstance(vocabulary, vocab.Vocabulary), \
            "The argument `vocabulary` must be an instance of " \
            "mxnet.contrib.text.indexer.Vocabulary."
        if not isinstance(token_embeddings, list):
            token_embeddings = [token_embeddings]
        for embed in token_embeddings:
            assert isinstance(embed, _TokenEmbedding), \
                "The argument `token_embeddings` must be an instance or a list of instances " \
                "of `mxnet.contrib.text.embedding.TextEmbedding` whose embedding vectors will " \
                "be loaded or concatenated-then-loaded to map to the indexed tokens."
        self._index_tokens_from_vocabulary(vocabulary)
        self._set_idx_to_vec_by_embeddings(token_embeddings, len(self), self.idx_to_token)


def _example_file() -> str:
    """A two-token embedding file for the examples (hello 0.1 0.2, world 0.3 0.4)."""
    import tempfile
    path = os.path.join(tempfile.mkdtemp(), "example.txt")
    with open(path, "w") as f:
        f.write("hello 0.1 0.2\nworld 0.3 0.4\n")
    return path
