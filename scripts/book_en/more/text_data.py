"""The text stand-ins of `book_en_data_more.py`: WikiText-2 (bert-dataset, bert-pretraining),
SNLI (the natural-language-inference sections) and the pretrained bert.small
(natural-language-inference-bert), in the real files' formats and names.

Each writer draws from its own fixed-seed generator: the same bytes on every call, in any order.
"""
from __future__ import annotations

import json
import struct

import numpy as np

SUBJECTS = [("a man", "a person"), ("a woman", "a person"), ("a boy", "a child"),
            ("a girl", "a child"), ("two dogs", "two animals"), ("a dog", "an animal"),
            ("a group of people", "some people"), ("an old man", "a man"),
            ("a young woman", "a woman"), ("the children", "some kids"),
            ("a man in a red shirt", "a man"), ("a woman in a blue dress", "a woman")]
ACTIONS = [("is running", "is sitting"), ("is eating", "is sleeping"),
           ("is playing soccer", "is reading a book"), ("is riding a bike", "is swimming"),
           ("is climbing a rock", "is lying on a bed"), ("is singing", "is crying"),
           ("is walking", "is driving a car"), ("is cooking dinner", "is watching tv"),
           ("is jumping", "is standing still"), ("is smiling", "is frowning")]
PLACES = ["in the park", "on the beach", "on a street", "in a kitchen", "near a lake",
          "in the snow", "at the market", "outside a building", "in a field", "on a stage"]
EXTRAS = ["with a friend", "because it is sunny", "for the first time", "after work",
          "to win a prize", "while it rains", "in the morning", "with his family"]
TAGS = {"a": "DT", "an": "DT", "the": "DT", "two": "CD", "some": "DT", "is": "VBZ",
        "in": "IN", "on": "IN", "at": "IN", "near": "IN", "with": "IN", "for": "IN",
        "to": "TO", "while": "IN", "after": "IN", "because": "IN", "it": "PRP", ".": "."}
LABELS = ["entailment", "contradiction", "neutral"]
SNLI_COLUMNS = ["gold_label", "sentence1_binary_parse", "sentence2_binary_parse",
                "sentence1_parse", "sentence2_parse", "sentence1", "sentence2", "captionID",
                "pairID", "label1", "label2", "label3", "label4", "label5"]

WIKI_NOUNS = ("game album song team season film city river church army battle ship war "
              "species king band player series road station island school episode character "
              "story book music record league village castle bridge family storm company "
              "government election court crane driver").split()
WIKI_VERBS = ("was released became won played received reached joined described built "
              "attacked included recorded moved began returned defeated produced came left "
              "opened wrote named found").split()
WIKI_ADJ = ("first new second large final original early major national main several "
            "other british american popular small flying").split()
WIKI_REST = ("the the the the a a of of of in in and and to to on for with by from at as "
             "his her its their he she it they which after during also just is".split())
WIKI_ODD = ["1 @,@ 000", "3 @.@ 5", "<unk>", "well @-@ known", "1998", "2004", ","]


def snli_sentence(words: str) -> str:
    """'A man is running .' from 'a man is running' (SNLI's tokens, capitalized)."""
    return (words[0].upper() + words[1:] + " .").replace("tv", "TV")


def binary_parse(sentence: str) -> str:
    """A right-branching binary parse in SNLI's bracket style (words and parentheses)."""
    tokens = sentence.split()
    tree = tokens[-1]
    for token in reversed(tokens[:-1]):
        tree = f"( {token} {tree} )"
    return "( " + tree + " )" if len(tokens) == 1 else tree


def full_parse(sentence: str) -> str:
    """SNLI's sentence*_parse column: a flat (ROOT (S ...)) tree with part-of-speech tags."""
    leaves = " ".join(f"({TAGS.get(t.lower(), 'NN' if not t.endswith('ing') else 'VBG')} {t})"
                      for t in sentence.split())
    return f"(ROOT (S {leaves}))"


def snli_pair(rng: np.random.Generator, label: str) -> tuple[str, str]:
    """A premise and a hypothesis whose relation is the label (a net can learn it)."""
    s, a, place = (int(rng.integers(len(SUBJECTS))), int(rng.integers(len(ACTIONS))),
                   PLACES[int(rng.integers(len(PLACES)))])
    subject, general = SUBJECTS[s]
    action, other = ACTIONS[a]
    premise = f"{subject} {action} {place}"
    if label == "entailment":
        hypothesis = f"{general} {action}" + (" outside" if rng.random() < 0.3 else "")
    elif label == "contradiction":
        hypothesis = (f"{subject} {other} {place}" if rng.random() < 0.7
                      else f"nobody {action} {place}")
    else:
        hypothesis = f"{subject} {action} {EXTRAS[int(rng.integers(len(EXTRAS)))]}"
    return snli_sentence(premise), snli_sentence(hypothesis)


def snli_rows(rng: np.random.Generator, n: int, first_id: int) -> str:
    """SNLI's tab-separated rows: a header and n pairs; about one in 50 has gold_label '-' (no
    consensus of the five annotators), which d2l's read_snli leaves out."""
    rows = ["\t".join(SNLI_COLUMNS)]
    for i in range(n):
        label = LABELS[i % 3] if rng.random() > 0.02 else "-"
        premise, hypothesis = snli_pair(rng, LABELS[i % 3])
        votes = [LABELS[i % 3]] * 3 + [LABELS[int(rng.integers(3))] for _ in range(2)]
        caption = f"{first_id + i // 3}.jpg#{i % 5}"
        rows.append("\t".join([label, binary_parse(premise), binary_parse(hypothesis),
                               full_parse(premise), full_parse(hypothesis), premise,
                               hypothesis, caption, f"{caption}r{label[0]}"] + votes))
    return "\n".join(rows) + "\n"


def snli_files(n_train: int, n_test: int) -> dict[str, bytes]:
    """snli_1.0.zip's members (train, dev and test files, the real columns)."""
    rng = np.random.default_rng(22)
    members = {"snli_1.0/": b""}
    for part, n in (("train", n_train), ("dev", n_test), ("test", n_test)):
        members[f"snli_1.0/snli_1.0_{part}.txt"] = snli_rows(rng, n, 1000000 + n).encode()
    members["snli_1.0/README.txt"] = (b"Stand-in for the Stanford Natural Language Inference "
                                      b"(SNLI) Corpus 1.0: synthetic pairs, the real columns.\n")
    return members


def pick(rng: np.random.Generator, words: list) -> str:
    return words[int(rng.integers(len(words)))]


def wiki_sentence(rng: np.random.Generator) -> str:
    """'The <adj> <noun> <verb> ...': 6 to 13 tokens of WikiText's style (no ' . ' inside)."""
    words = ["The", pick(rng, WIKI_ADJ), pick(rng, WIKI_NOUNS), pick(rng, WIKI_VERBS)]
    for _ in range(int(rng.integers(2, 10))):
        kind = rng.random()
        words.append(pick(rng, WIKI_REST if kind < 0.5 else WIKI_NOUNS if kind < 0.8 else
                          WIKI_ADJ if kind < 0.9 else WIKI_ODD))
    return " ".join(words)


def wiki_tokens(rng: np.random.Generator, articles: int) -> str:
    """WikiText's tokenized layout: ' = Title = ' headings, ' = = Section = = ' subheadings,
    blank ' ' lines, and paragraphs of ' . '-separated sentences ending in ' . '."""
    lines = [" "]
    for a in range(articles):
        lines += [f" = {pick(rng, WIKI_ADJ).title()} {pick(rng, WIKI_NOUNS).title()} {a} = ", " "]
        for s in range(int(rng.integers(2, 4))):
            if s:
                lines += [f" = = {pick(rng, WIKI_NOUNS).title()} = = ", " "]
            for _ in range(int(rng.integers(1, 4))):
                sentences = [wiki_sentence(rng) for _ in range(int(rng.integers(2, 7)))]
                lines += [" " + " . ".join(sentences) + " . ", " "]
    return "\n".join(lines) + "\n"


def wikitext2(train_articles: int) -> dict[str, bytes]:
    """wikitext-2-v1.zip's members: wikitext-2/wiki.{train,valid,test}.tokens."""
    rng = np.random.default_rng(15)
    members = {"wikitext-2/": b""}
    for part, n in (("train", train_articles), ("valid", 8), ("test", 8)):
        members[f"wikitext-2/wiki.{part}.tokens"] = wiki_tokens(rng, n).encode()
    return members


def bert_vocab() -> list[str]:
    """bert.small's vocab.json: '<unk>', the reserved tokens, then every word of the SNLI and
    WikiText stand-ins (lowercased, sorted), as d2l.Vocab orders a vocabulary."""
    words = set(".")
    for subject, general in SUBJECTS:
        words.update((subject + " " + general).split())
    for pair in ACTIONS:
        words.update(" ".join(pair).split())
    for phrase in PLACES + EXTRAS + ["nobody outside tv he she just left came"]:
        words.update(phrase.split())
    words.update(w.lower() for w in WIKI_NOUNS + WIKI_VERBS + WIKI_ADJ + WIKI_REST)
    return ["<unk>", "<pad>", "<mask>", "<cls>", "<sep>"] + sorted(words)


def bert_param_shapes(vocab_size: int, num_hiddens: int = 256, ffn_num_hiddens: int = 512,
                      num_blks: int = 2, max_len: int = 512) -> list[tuple[str, tuple]]:
    """The structural names and shapes of d2l 1.0.3's BERTModel parameters, in the order
    `save_parameters` writes them (MXNet 1.9.1's, recorded by more/record_bert_names.py).

    Example:
        >>> shapes = bert_param_shapes(300)
        >>> len(shapes), shapes[0], shapes[-1]
        (45, ('encoder.pos_embedding', (1, 512, 256)), ('nsp.output.bias', (2,)))
    """
    h, f = num_hiddens, ffn_num_hiddens
    shapes = [("encoder.pos_embedding", (1, max_len, h)),
              ("encoder.token_embedding.weight", (vocab_size, h)),
              ("encoder.segment_embedding.weight", (2, h))]
    for b in range(num_blks):
        blk = f"encoder.blks.{b}."
        for w in ("W_q", "W_k", "W_v", "W_o"):
            shapes += [(blk + f"attention.{w}.weight", (h, h)), (blk + f"attention.{w}.bias", (h,))]
        shapes += [(blk + "addnorm1.ln.gamma", (h,)), (blk + "addnorm1.ln.beta", (h,)),
                   (blk + "ffn.dense1.weight", (f, h)), (blk + "ffn.dense1.bias", (f,)),
                   (blk + "ffn.dense2.weight", (h, f)), (blk + "ffn.dense2.bias", (h,)),
                   (blk + "addnorm2.ln.gamma", (h,)), (blk + "addnorm2.ln.beta", (h,))]
    shapes += [("hidden.weight", (h, h)), ("hidden.bias", (h,)),
               ("mlm.mlp.0.weight", (h, h)), ("mlm.mlp.0.bias", (h,)),
               ("mlm.mlp.1.gamma", (h,)), ("mlm.mlp.1.beta", (h,)),
               ("mlm.mlp.2.weight", (vocab_size, h)), ("mlm.mlp.2.bias", (vocab_size,)),
               ("nsp.output.weight", (2, h)), ("nsp.output.bias", (2,))]
    return shapes


def mxnet_params(arrays: dict[str, np.ndarray]) -> bytes:
    """MXNet 1.9.1's parameter file layout (what `save_parameters` writes under npx.set_np():
    the 0xF993FACA array records), for float32 arrays keyed by name.

    Example:
        >>> raw = mxnet_params({'w': np.ones((2, 3), np.float32)})
        >>> raw[:8].hex(), len(raw)
        ('1201000000000000', 105)
    """
    out = [struct.pack("<QQQ", 0x112, 0, len(arrays))]
    for host in arrays.values():
        host = np.ascontiguousarray(host, dtype="<f4")
        out.append(struct.pack(f"<Iii{host.ndim}q", 0xF993FACA, 0, host.ndim, *host.shape))
        out.append(struct.pack("<iii", 1, 0, 0) + host.tobytes())
    out.append(struct.pack("<Q", len(arrays)))
    for name in arrays:
        out.append(struct.pack("<Q", len(name)) + name.encode())
    return b"".join(out)


def bert_small() -> dict[str, bytes]:
    """bert.small.zip's members: bert.small/pretrained.params (random weights, N(0, 0.02), of
    the sizes natural-language-inference-bert builds: 256 hiddens, 512 FFN, 2 blocks, max_len
    512) and bert.small/vocab.json (a JSON list of tokens)."""
    vocab = bert_vocab()
    rng = np.random.default_rng(16)
    arrays = {}
    for name, shape in bert_param_shapes(len(vocab)):
        if name.endswith("gamma"):
            arrays[name] = np.ones(shape, np.float32)
        elif name.endswith(("bias", "beta")):
            arrays[name] = np.zeros(shape, np.float32)
        else:
            arrays[name] = rng.normal(0, 0.02, size=shape).astype(np.float32)
    return {"bert.small/": b"", "bert.small/pretrained.params": mxnet_params(arrays),
            "bert.small/vocab.json": json.dumps(vocab).encode()}
