"""`mx.contrib.text.utils`: counting the tokens of a string, as MXNet 1.9.1's."""
from __future__ import annotations

import collections
import re

__all__ = ["count_tokens_from_str"]


def count_tokens_from_str(source_str: str, token_delim: str = " ", seq_delim: str = "\n",
                          to_lower: bool = False, counter_to_update=None) -> collections.Counter:
    """Count the tokens of a string split at token_delim and seq_delim (regular expressions).

    Parameters:
        source_str: the text.
        token_delim: the token delimiter (a regular expression; escape special characters).
        seq_delim: the sequence delimiter (a regular expression).
        to_lower: count the tokens in lower case.
        counter_to_update: a Counter to add the counts to (and return), or None for a new one.

    Example:
        >>> source = ' Life is great ! \\n life is good . \\n'
        >>> text.utils.count_tokens_from_str(source, to_lower=True)
        Counter({'life': 2, 'is': 2, 'great': 1, '!': 1, 'good': 1, '.': 1})
    """
    tokens = filter(None, re.split(token_delim + "|" + seq_delim, source_str))
    if to_lower:
        tokens = [t.lower() for t in tokens]
    if counter_to_update is None:
        return collections.Counter(tokens)
    counter_to_update.update(tokens)
    return counter_to_update
