"""The base of `mx.contrib.text`'s token embeddings, as MXNet 1.9.1's: a Vocabulary whose tokens
have vectors (`idx_to_vec`), read from a pretrained text file (one token a line, then its
numbers) or fetched from MXNet's addresses, then looked up and updated by token.
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

UNKNOWN_IDX = vocab.UNKNOWN_IDX


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
            >>> import tempfile; path = tempfile.mkdtemp() + '/vectors.txt'
            >>> _ = open(path, 'w').write('hello 0.1 0.2\\nworld 0.3 0.4\\n')
            >>> embed = text.embedding.CustomEmbedding(path)
            >>> embed.vec_len
            2
        """
        return self._vec_len

    @property
    def idx_to_vec(self) -> NDArray:
        """The vectors of the indexed tokens, row i for index i (row 0: the unknown token's).

        Example:
            >>> import tempfile; path = tempfile.mkdtemp() + '/vectors.txt'
            >>> _ = open(path, 'w').write('hello 0.1 0.2\\nworld 0.3 0.4\\n')
            >>> text.embedding.CustomEmbedding(path).idx_to_vec
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
            >>> import tempfile; path = tempfile.mkdtemp() + '/vectors.txt'
            >>> _ = open(path, 'w').write('hello 0.1 0.2\\nworld 0.3 0.4\\n')
            >>> embed = text.embedding.CustomEmbedding(path)
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
            >>> import tempfile; path = tempfile.mkdtemp() + '/vectors.txt'
            >>> _ = open(path, 'w').write('hello 0.1 0.2\\nworld 0.3 0.4\\n')
            >>> embed = text.embedding.CustomEmbedding(path)
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
