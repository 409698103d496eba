"""`mx.contrib.text`: MXNet 1.9.1's text utilities on ndsh's engine: `vocab.Vocabulary`,
`embedding` (GloVe, FastText and custom token embeddings, pretrained files read from
`$MXNET_HOME/embeddings/<name>/` and fetched from MXNet's addresses when missing) and
`utils.count_tokens_from_str`.

Example:
    >>> counter = text.utils.count_tokens_from_str('the cat sat on the mat')
    >>> text.vocab.Vocabulary(counter).to_indices(['the', 'dog'])
    [1, 0]
"""
from __future__ import annotations

from ndsh.contrib_text import embedding, utils, vocab

__all__ = ["embedding", "utils", "vocab"]
