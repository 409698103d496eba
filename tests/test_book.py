"""The book runner (scripts/book.py) and its synthetic downloads (scripts/make_book_data.py).

Four sections of d2l-zh v1.0.0 (their code cells, unchanged, in scripts/book/quick/) run under
`ndsh run --echo` here; three of them print what MXNet 1.9.1 printed for the same code
(tests/test_book_quick.json, recorded by scripts/book/record_quick.py with the MXNet oracle).
The whole book is a benchmark-style run: `python scripts/book.py` (docs/book.md).
"""
import importlib.util
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import book  # noqa: E402
import make_book_data  # noqa: E402

QUICK = ROOT / "scripts" / "book" / "quick"
GOLDEN = json.loads((Path(__file__).parent / "test_book_quick.json").read_text())
NDSH = [sys.executable, "-m", "ndsh", "run", "--echo"]


def test_a_section_becomes_its_cells_in_order_without_the_shell_lines():
    text = ("Prose.\n```{.python .input  n=1}\n%matplotlib inline\nimport d2lzh\n```\n"
            "```\nnot code\n```\n"
            "```{.python .input}\nprint('%d'\n      % 3)\n!nvidia-smi\n```\n")
    script, dropped = book.to_script(text)
    assert script == "# cell 1\nimport d2lzh\n# cell 2\nprint('%d'\n      % 3)\n"
    assert dropped == 2


def test_sections_come_in_the_books_order_and_filter_by_chapter_and_name():
    found = book.sections(str(QUICK))
    assert [(s.number, s.name) for s in found] == [
        (3, "linear-regression-gluon"), (4, "deferred-init"),
        (5, "padding-and-strides"), (5, "pooling")]
    assert [s.name for s in book.sections(str(QUICK), ["5"])] == ["padding-and-strides",
                                                                  "pooling"]
    assert [s.name for s in book.sections(str(QUICK), ["computation"])] == ["deferred-init"]
    assert [s.name for s in book.sections(str(QUICK), [], ["pool"])] == ["pooling"]


def test_the_first_error_is_the_exception_line_and_the_script_line():
    stderr = ('Traceback (most recent call last):\n  File "mlp.py", line 2, in <module>\n'
              '    import d2lzh as d2l\n  File "/x/d2lzh/utils.py", line 14, in <module>\n'
              "ModuleNotFoundError: No module named 'foo'\n")
    assert book.first_error(stderr, "/run/chapter_x/mlp.py") == (
        "ModuleNotFoundError: No module named 'foo' [line 2]")
    assert book.first_error("", "a.py") == "(no output)"


def test_the_table_counts_each_chapter():
    s = book.Section("chapter_x", 3, "mlp", "", 0)
    text = book.table([book.Result(s, "pass", 1.25, ""),
                       book.Result(s, "fail", 2.0, "KeyError: 'a|b' [line 3]")])
    assert "### 3. chapter_x (1/2 run to the end)" in text
    assert "| mlp | fail | 2.0 | KeyError: 'a\\|b' [line 3] |" in text
    assert text.rstrip().endswith("1 pass, 1 fail, 0 timeout, 0 gpu of 2 sections")


def test_a_written_table_reads_back_and_takes_a_baseline_beside_it(tmp_path):
    s = book.Section("chapter_x", 3, "mlp", "", 0)
    path = tmp_path / "run.md"
    path.write_text(book.table([book.Result(s, "timeout", 300.25, "timed out; a | b")]))
    back = book.read_results(str(path))
    assert back == {"mlp": {"chapter": "chapter_x", "status": "timeout", "seconds": 300.2,
                            "error": "timed out; a | b"}}
    text = book.table([book.Result(s, "fail", 1.0, "E")], back)
    assert "(0/1 run to the end; 0/1 in the baseline)" in text
    assert "| mlp | fail | 1.0 | timeout | 300.2 | E |" in text


def test_four_book_sections_run_under_ndsh_and_print_what_mxnet_printed(tmp_path):
    os.makedirs(tmp_path / "logs")
    env = dict(os.environ, NO_COLOR="1", MPLBACKEND="Agg", HOME=str(tmp_path))
    todo = book.sections(str(QUICK))
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda s: book.run_one(s, str(tmp_path), NDSH, 120, env), todo))
    for r in results:
        assert (r.status, r.error) == ("pass", ""), r.section.name
        log = (tmp_path / "logs" / f"{r.section.name}.log").read_text()
        stdout = log.split("\n--- stderr ---\n")[0]
        if GOLDEN[r.section.name] is not None:
            assert stdout == GOLDEN[r.section.name], r.section.name
        else:                               # linear regression learns w = [2, -3.4], b = 4.2
            losses = [float(x) for x in re.findall(r"epoch \d+, loss: ([\d.e-]+)", stdout)]
            assert len(losses) == 3 and losses[-1] < 1e-3, stdout


def test_the_stand_ins_read_as_mxnets_files_with_the_shim(tmp_path):
    book_tree = tmp_path / "book"
    (book_tree / "data" / "kaggle_cifar10").mkdir(parents=True)
    shipped_stub(book_tree / "data")
    make_book_data.main(["--book", str(book_tree), "--root", str(tmp_path / "run")])
    manifest = json.loads((tmp_path / "run" / "book-sha1.json").read_text())
    assert manifest[make_book_data.FASHION["t10k-labels-idx1-ubyte.gz"]] == make_book_data.sha1(
        str(tmp_path / "run/home/.mxnet/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"))
    code = (
        "from mxnet import gluon, recordio\n"
        "train = gluon.data.vision.FashionMNIST(train=True)\n"
        "x, y = train[0]\n"
        "print(len(train), x.shape, x.dtype.__name__, type(y).__name__)\n"
        "print(len(gluon.data.vision.CIFAR10(train=False)))\n"
        "rec = recordio.MXIndexedRecordIO('data/pikachu/train.idx', 'data/pikachu/train.rec',"
        " 'r')\n"
        "header, img = recordio.unpack(rec.read_idx(3))\n"
        "print(len(rec.keys), header.flag, header.label[:5].tolist(), img[:2])\n"
        "print(gluon.utils.check_sha1('data/ptb.zip', "
        f"'{make_book_data.FASHION['t10k-labels-idx1-ubyte.gz']}'))\n")
    env = dict(os.environ, HOME=str(tmp_path / "run" / "home"), NO_COLOR="1",
               NDSH_BOOK_SHA1=str(tmp_path / "run" / "book-sha1.json"),
               PYTHONPATH=book.SHIM, MXNET_GLUON_REPO="http://127.0.0.1:9/")
    env.pop("MXNET_HOME", None)
    out = subprocess.run(NDSH[:-1] + ["-c", code], cwd=tmp_path / "run", env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "300 (28, 28, 1) uint8 int32", "60",
        "64 9 [4.0, 5.0, 256.0, 256.0, 0.0] b'\\xff\\xd8'",
        "False"]                            # a file that stands in for nothing is refused


def shipped_stub(data: Path):
    """The few files of the book's data/ that make_book_data.py cuts short, in their formats."""
    import zipfile
    (data / "airfoil_self_noise.dat").write_text("800\t0\t0.3048\t71.3\t0.00266337\t126.201\n")
    (data / "fr-en-small.txt").write_text("elle est vieille .\tshe is old .\n")
    for name in ("kaggle_house_pred_train.csv", "kaggle_house_pred_test.csv"):
        (data / name).write_text("Id,MSSubClass\n1,60\n")
    with zipfile.ZipFile(data / "ptb.zip", "w") as z:
        for part in ("train", "valid", "test"):
            z.writestr(f"ptb/ptb.{part}.txt", " the cat sat \n")
    with zipfile.ZipFile(data / "jaychou_lyrics.txt.zip", "w") as z:
        z.writestr("jaychou_lyrics.txt", "想要有直升机\n想要和你飞到宇宙去\n")


def test_a_gpu_section_without_a_gpu_counts_as_gpu(tmp_path):
    os.makedirs(tmp_path / "logs")
    section = book.Section("chapter_x", 4, "use-gpu",
                           "import mxnet as mx\nmx.nd.zeros((1,), ctx=mx.gpu())\n", 0)
    r = book.run_one(section, str(tmp_path), NDSH, 60, dict(os.environ, NO_COLOR="1"))
    if importlib.util.find_spec("cupy") is None:
        assert r.status == "gpu" and "[line 2]" in r.error, r
    else:
        assert r.status == "pass", r


def test_a_shortened_section_profiles_by_op_and_shape(tmp_path):
    section = book.Section("chapter_x", 9, "ssd", "for epoch in range(20):\n    pass\n", 0)
    assert book.replaced(section, ["range(20)=>range(2)"]).code == (
        "for epoch in range(2):\n    pass\n")
    (tmp_path / "conv.py").write_text(
        "from mxnet import autograd, nd\nfrom mxnet.gluon import nn\n"
        "net = nn.Conv2D(4, kernel_size=3)\nnet.initialize()\nx = nd.ones((2, 3, 8, 8))\n"
        "with autograd.record():\n    y = net(x).sum()\ny.backward()\n")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "book" / "op_profile.py"),
                           "--out", str(tmp_path), "conv.py"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "--- profile ---" in done.stdout
    rows = json.loads((tmp_path / "conv.ops.json").read_text())["rows"]
    found = {(name, phase, shape) for name, phase, shape, calls, _ in rows if calls == 1}
    # the weight's gradient (bwd1) and the bias's (bwd2); x is a constant, so no bwd0
    assert {("Convolution", "fwd", "2x3x8x8 4x3x3x3 4"),
            ("Convolution", "bwd1", "2x3x8x8 4x3x3x3 4"),
            ("Convolution", "bwd2", "2x3x8x8 4x3x3x3 4")} <= found


def test_a_sections_cpu_seconds_go_beside_its_wall_clock(tmp_path):
    os.makedirs(tmp_path / "logs")
    section = book.Section("chapter_x", 2, "busy", "sum(i * i for i in range(10 ** 6))\n", 0)
    r = book.run_one(section, str(tmp_path), [sys.executable], 60, dict(os.environ))
    assert r.status == "pass"
    if os.access(book.TIME, os.X_OK):
        assert 0 < r.cpu < r.seconds + 1
        text = book.table([r])
        assert "| section | result | seconds | cpu s | first error |" in text
        (tmp_path / "t.md").write_text(text)
        row = book.read_results(str(tmp_path / "t.md"))["busy"]
        assert (row["status"], row["seconds"]) == ("pass", round(r.seconds, 1))
    else:
        assert r.cpu is None
