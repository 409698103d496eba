"""`mx.contrib.text.embedding`: token embeddings as MXNet 1.9.1's: GloVe and FastText read from
their pretrained files (in `$MXNET_HOME/embeddings/<name>/`, by default `~/.mxnet`, fetched
from MXNet's addresses with their SHA-1 checked when missing), CustomEmbedding from any such
text file, CompositeEmbedding over a vocabulary; `create` and `get_pretrained_file_names`.
"""
from __future__ import annotations

import warnings

from ndsh.contrib_text import pretrained_files, vocab
from ndsh.contrib_text.token_embedding import _TokenEmbedding
from ndsh.engine import nd

__all__ = ["register", "create", "get_pretrained_file_names", "GloVe", "FastText",
           "CustomEmbedding", "CompositeEmbedding"]

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
        >>> import tempfile; path = tempfile.mkdtemp() + '/vectors.txt'
        >>> _ = open(path, 'w').write('hello 0.1 0.2\\nworld 0.3 0.4\\n')
        >>> embed = text.embedding.CustomEmbedding(path)
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
        >>> import tempfile; path = tempfile.mkdtemp() + '/vectors.txt'
        >>> _ = open(path, 'w').write('hello 0.1 0.2\\nworld 0.3 0.4\\n')
        >>> embed = text.embedding.CustomEmbedding(path)
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
