"""`ndsh doc --search WORD` and the "did you mean" suggestions for a name that has no page,
both drawn from the index of public names (`ndsh.doc.index`)."""
from __future__ import annotations

import difflib
import re

from ndsh.doc.index import Entry, entries

# The graph forms (mx.sym) and the aliases come after the names people call: `softmax`
# finds nd.softmax before sym.Softmax (the Symbol version of nd.SoftmaxOutput)
_SECONDARY = {"sym.": 12}
_ALIAS_PENALTY = 6


def search(query: str, limit: int = 30) -> list[Entry]:
    """Names and summaries that match every word of `query`, best first: a name that is the
    word (in the same case first) beats a name that starts with it, then one that contains
    it, then the summary; the Symbol forms (sym.X) and aliases come after the others.

    Example:
        >>> names = [entry.name for entry in search("dot")]
        >>> names[0], names.index('nd.dot') < names.index('nd.batch_dot')
        ('nd.dot', True)
        >>> names = [entry.name for entry in search("softmax")]
        >>> names[0], names.index('sym.softmax') > names.index('NDArray.softmax')
        ('nd.softmax', True)
    """
    words = [word for word in query.lower().split() if word]
    scored = []
    for entry in entries():
        name, leaf = entry.name.lower(), entry.name.rpartition(".")[2].lower()
        summary, text = entry.summary.lower(), entry.text.lower()
        if not words or not all(word in f"{name} {summary} {text}" for word in words):
            continue
        score = -sum(penalty for prefix, penalty in _SECONDARY.items()
                     if entry.name.startswith(prefix))
        if summary.startswith("alias of"):
            score -= _ALIAS_PENALTY
        exact_leaf = entry.name.rpartition(".")[2]
        for word, typed in zip(words, query.split()):
            score += 20 if exact_leaf == typed else 0
            score += (100 if leaf == word else 40 if leaf.startswith(word) else
                      25 if word in name else 0)
            score += 10 if re.search(rf"\b{re.escape(word)}", summary) else 0
            score += 2 if word in text else 0
        scored.append((-score, len(entry.name), entry.name, entry))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:limit]]


def suggest(name: str, limit: int = 5) -> list[str]:
    """The public names closest to a misspelled one.

    Example:
        >>> suggest("nd.dott")[0]
        'nd.dot'
    """
    names = [entry.name for entry in entries()]
    by_leaf: dict[str, list[str]] = {}
    for full in names:
        by_leaf.setdefault(full.rpartition(".")[2], []).append(full)
    found: list[str] = []
    for leaf in difflib.get_close_matches(name.rpartition(".")[2], list(by_leaf), n=limit,
                                          cutoff=0.7):
        found += by_leaf[leaf]          # the misspelt last part is what usually matters
    found += difflib.get_close_matches(name, names, n=limit, cutoff=0.6)
    matcher = difflib.SequenceMatcher(b=name)

    def closeness(full: str) -> float:
        matcher.set_seq1(full)
        return matcher.ratio()

    return sorted(dict.fromkeys(found), key=closeness, reverse=True)[:limit]
