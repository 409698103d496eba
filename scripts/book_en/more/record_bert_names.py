"""Record the structural names and shapes of d2l 1.0.3's BERTModel parameters (at
natural-language-inference-bert's sizes, vocabulary 300) as MXNet 1.9.1 builds them, into
tests/test_book_en_data_more.json, for `text_data.bert_param_shapes`' test.

    /work/mxvenv/bin/python scripts/book_en/more/record_bert_names.py [--d2l PATH/d2l/mxnet.py]

The oracle's Python has MXNet but not d2l's other imports (pandas, requests, IPython,
matplotlib), which BERTModel does not use: they are empty stand-in modules in a temporary
folder, beside a copy of d2l/mxnet.py (from ndsh's venv by default).
"""
import argparse
import glob
import json
import os
import shutil
import sys
import tempfile

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                    "..", "tests", "test_book_en_data_more.json"))
STUBS = {"pandas.py": "", "requests.py": "", "IPython/__init__.py": "display = None\n",
         "matplotlib/__init__.py": "", "matplotlib/pyplot.py": "",
         "matplotlib_inline/__init__.py": "", "matplotlib_inline/backend_inline.py": "",
         "d2l/__init__.py": ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    found = glob.glob("/work/venv/lib/python3*/site-packages/d2l/mxnet.py")
    parser.add_argument("--d2l", default=found[0] if found else None,
                        help="d2l 1.0.3's d2l/mxnet.py (default: %(default)s)")
    args = parser.parse_args()
    stubs = tempfile.mkdtemp()
    for name, text in STUBS.items():
        os.makedirs(os.path.dirname(os.path.join(stubs, name)), exist_ok=True)
        with open(os.path.join(stubs, name), "w") as fout:
            fout.write(text)
    shutil.copy(args.d2l, os.path.join(stubs, "d2l", "mxnet.py"))
    sys.path.insert(0, stubs)
    import mxnet
    from d2l import mxnet as d2l
    from mxnet import init, np, npx
    npx.set_np()
    vocab_size = 300
    net = d2l.BERTModel(vocab_size, num_hiddens=256, ffn_num_hiddens=512, num_heads=4,
                        num_blks=2, dropout=0.1, max_len=512)
    net.initialize(init.Xavier())
    tokens = np.zeros((2, 8), dtype="int32")
    net(tokens, tokens, np.array([8.0, 5.0]), np.zeros((2, 3), dtype="int32"))
    params = [[name, list(p.shape)] for name, p in net._collect_params_with_prefix().items()]
    oracle = (f"MXNet {mxnet.__version__}, d2l 1.0.3 BERTModel({vocab_size}, 256, 512, 4 heads, "
              f"2 blocks, max_len 512): record_bert_names.py")
    with open(OUT, "w") as fout:
        fout.write(f'{{"oracle": {json.dumps(oracle)},\n "vocab_size": {vocab_size},\n')
        fout.write(' "params": [\n')
        fout.write(",\n".join(f"  {json.dumps(p)}" for p in params) + "\n]}\n")
    print(f"{len(params)} parameters -> {OUT}")


if __name__ == "__main__":
    main()
