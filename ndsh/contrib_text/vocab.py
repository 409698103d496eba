"""`mx.contrib.text.vocab`: the Vocabulary that indexes tokens (the unknown token first, then
the reserved ones, then a counter's keys by frequency), as MXNet 1.9.1's."""
from __future__ import annotations

import collections

__all__ = ["Vocabulary"]

UNKNOWN_IDX = 0


class Vocabulary:
    """Indices for text tokens: index 0 is the unknown token, then the reserved tokens, then the
    counter's keys from the most frequent (ties in the keys' sorted order).

    Parameters:
        counter: a collections.Counter of token frequencies, or None.
        most_freq_count: index at most this many of the counter's keys (None: all).
        min_freq: index only keys counted at least this often.
        unknown_token: what every unknown token stands as.
        reserved_tokens: tokens always indexed (padding, sentence marks...), or None.

    Example:
        >>> counter = text.utils.count_tokens_from_str('a b b c c c')
        >>> vocab = text.vocab.Vocabulary(counter, min_freq=2, reserved_tokens=['<pad>'])
        >>> vocab.idx_to_token, vocab.to_indices(['c', 'a']), len(vocab)
        (['<unk>', '<pad>', 'c', 'b'], [2, 0], 4)
    """

    def __init__(self, counter=None, most_freq_count=None, min_freq=1, unknown_token="<unk>",
                 reserved_tokens=None):
        assert min_freq > 0, "`min_freq` must be set to a positive value."
        if reserved_tokens is not None:
            reserved = set(reserved_tokens)
            assert unknown_token not in reserved, \
                "`reserved_token` cannot contain `unknown_token`."
            assert len(reserved) == len(reserved_tokens), \
                "`reserved_tokens` cannot contain duplicate reserved tokens."
        self._index_unknown_and_reserved_tokens(unknown_token, reserved_tokens)
        if counter is not None:
            self._index_counter_keys(counter, unknown_token, reserved_tokens, most_freq_count,
                                     min_freq)

    def _index_unknown_and_reserved_tokens(self, unknown_token, reserved_tokens) -> None:
        self._unknown_token = unknown_token
        self._idx_to_token = [unknown_token]
        if reserved_tokens is None:
            self._reserved_tokens = None
        else:
            self._reserved_tokens = reserved_tokens[:]
            self._idx_to_token.extend(reserved_tokens)
        self._token_to_idx = {token: idx for idx, token in enumerate(self._idx_to_token)}

    def _index_counter_keys(self, counter, unknown_token, reserved_tokens, most_freq_count,
                            min_freq) -> None:
        assert isinstance(counter, collections.Counter), \
            "`counter` must be an instance of collections.Counter."
        special = set(reserved_tokens) if reserved_tokens is not None else set()
        special.add(unknown_token)
        token_freqs = sorted(counter.items(), key=lambda x: x[0])
        token_freqs.sort(key=lambda x: x[1], reverse=True)
        token_cap = len(special) + (len(counter) if most_freq_count is None else most_freq_count)
        for token, freq in token_freqs:
            if freq < min_freq or len(self._idx_to_token) == token_cap:
                break
            if token not in special:
                self._idx_to_token.append(token)
                self._token_to_idx[token] = len(self._idx_to_token) - 1

    def __len__(self) -> int:
        return len(self.idx_to_token)

    @property
    def token_to_idx(self) -> dict:
        """A dict from each indexed token to its index.

        Example:
            >>> text.vocab.Vocabulary(reserved_tokens=['<pad>']).token_to_idx
            {'<unk>': 0, '<pad>': 1}
        """
        return self._token_to_idx

    @property
    def idx_to_token(self) -> list:
        """The indexed tokens, in the order of their indices.

        Example:
            >>> text.vocab.Vocabulary().idx_to_token
            ['<unk>']
        """
        return self._idx_to_token

    @property
    def unknown_token(self):
        """What every unknown token stands as (index 0).

        Example:
            >>> text.vocab.Vocabulary(unknown_token='?').unknown_token
            '?'
        """
        return self._unknown_token

    @property
    def reserved_tokens(self):
        """The reserved tokens (indexed after the unknown one), or None.

        Example:
            >>> text.vocab.Vocabulary(reserved_tokens=['<bos>']).reserved_tokens
            ['<bos>']
        """
        return self._reserved_tokens

    def to_indices(self, tokens):
        """The index of a token, or the list of indices of a list of tokens (0 if unknown).

        Parameters:
            tokens: a token or a list of tokens.

        Example:
            >>> vocab = text.vocab.Vocabulary(text.utils.count_tokens_from_str('x y y'))
            >>> vocab.to_indices('y'), vocab.to_indices(['x', 'z'])
            (1, [2, 0])
        """
        to_reduce = not isinstance(tokens, list)
        if to_reduce:
            tokens = [tokens]
        indices = [self.token_to_idx.get(token, UNKNOWN_IDX) for token in tokens]
        return indices[0] if to_reduce else indices

    def to_tokens(self, indices):
        """The token of an index, or the list of tokens of a list of indices.

        Parameters:
            indices: an int or a list of ints.

        Example:
            >>> vocab = text.vocab.Vocabulary(text.utils.count_tokens_from_str('x y y'))
            >>> vocab.to_tokens(1), vocab.to_tokens([2, 0])
            ('y', ['x', '<unk>'])
        """
        to_reduce = not isinstance(indices, list)
        if to_reduce:
            indices = [indices]
        max_idx = len(self.idx_to_token) - 1
        tokens = []
        for idx in indices:
            if not isinstance(idx, int) or idx > max_idx:
                raise ValueError(f"Token index {idx} in the provided `indices` is invalid: this "
                                 f"vocabulary has indices 0 to {max_idx}.")
            tokens.append(self.idx_to_token[idx])
        return tokens[0] if to_reduce else tokens
