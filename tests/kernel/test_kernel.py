"""The ndsh kernel through jupyter_client, as JupyterLab talks to it: kernel_info, results,
streams, errors, display data, the pager, completion, inspection, is_complete, interrupts."""
from __future__ import annotations

import base64
import importlib.util
import time

import pytest

from tests.kernel.conftest import TIMEOUT, plain

needs_d2lzh = pytest.mark.skipif(importlib.util.find_spec("d2lzh") is None,
                                 reason="d2lzh is not installed (pip install --no-deps "
                                        "d2lzh==1.0.0): the book's own functions are not tried")


def test_kernel_info_names_python_and_ndsh(kernel):
    info = kernel.request("kernel_info")
    assert info["implementation"] == "ndsh"
    assert info["language_info"]["name"] == "python"
    assert info["language_info"]["file_extension"] == ".py"


def test_result_is_mxnet_text_and_an_html_view(kernel):
    reply, shown = kernel.execute("x = nd.array([[1, 2], [3, float('nan')]])\n"
                                  "print('made x')\nx")
    assert reply["status"] == "ok"
    assert shown[0] == ("stream", {"name": "stdout", "text": "made x\n"})
    kind, content = shown[1]
    assert kind == "execute_result" and content["execution_count"] == reply["execution_count"]
    assert content["data"]["text/plain"] == ("\n[[ 1.  2.]\n [ 3. nan]]\n"
                                             "<NDArray 2x2 @cpu(0)>")
    html = content["data"]["text/html"]
    for part in ("NDArray 2x2 float32 @cpu(0)  plain", "min=1  max=3  mean=2",
                 "NaN! 1 of 4 elements is NaN", "<svg", "<rect"):
        assert part in html


def test_an_np_array_result_gets_the_html_view_over_its_own_text(kernel):
    reply, shown = kernel.execute("from mxnet import np, npx\nnpx.set_np()\n"
                                  "a = np.array([1, float('nan')])\na")
    assert reply["status"] == "ok"
    kind, content = shown[-1]
    assert kind == "execute_result"
    assert content["data"]["text/plain"] == "array([ 1., nan])"
    html = content["data"]["text/html"]
    for part in ("ndarray 2 float32 @cpu(0)  plain", "NaN! 1 of 2 elements is NaN",
                 "<polyline", "array([ 1., nan])"):
        assert part in html
    reply, _ = kernel.execute("a?")                 # the pager and the inspector: its array page
    assert reply["payload"][0]["data"]["text/plain"].startswith("a: ndarray 2 float32 @cpu(0)")
    reply = kernel.request("inspect", "a + 1", 1)
    assert reply["found"] and reply["data"]["text/plain"].startswith("a: ndarray 2 float32")


def test_mxnet_imports_and_gluon_work_as_in_ndsh_run(kernel):
    reply, shown = kernel.execute("import mxnet as mx\nfrom mxnet import nd, autograd, gluon\n"
                                  "net = gluon.nn.Dense(2, in_units=3)\nnet.initialize()\n"
                                  "net(nd.ones((1, 3))).shape, mx.__name__")
    assert reply["status"] == "ok", reply
    assert shown == [("execute_result", {"execution_count": reply["execution_count"],
                                         "data": {"text/plain": "((1, 2), 'mxnet')"},
                                         "metadata": {}})]


def test_errors_name_the_cell_and_keep_the_variables(kernel):
    kernel.execute("a = nd.ones((2, 3))\nb = nd.ones((4,))")
    reply, shown = kernel.execute("c = 1\nd = a + b")
    assert reply["status"] == "error"
    assert reply["ename"] == "ValueError"
    assert reply["evalue"].startswith("add: shapes (2, 3) and (4,) cannot be broadcast")
    text = [plain(line) for line in reply["traceback"]]
    number = reply["execution_count"]
    assert f"  Cell In[{number}], line 2" in text
    assert "    d = a + b" in text
    assert text[-1].startswith(reply["ename"] + ":")
    assert not any("ndsh/" in line or "site-packages" in line for line in text)
    assert shown[-1][0] == "error" and shown[-1][1]["traceback"] == reply["traceback"]
    reply, shown = kernel.execute("c, a.shape")
    assert shown[0][1]["data"]["text/plain"] == "(1, (2, 3))"


def test_an_error_in_a_function_names_its_cell_and_the_function(kernel):
    kernel.execute("def f(x):\n    return x.nope")
    reply, _ = kernel.execute("f(nd.ones(1))")
    text = [plain(line) for line in reply["traceback"]]
    assert reply["ename"] == "AttributeError"
    assert any(line.startswith("  Cell In[") and line.endswith(", line 2, in f")
               for line in text)


def test_shell_syntax_help_opens_the_pager(kernel):
    reply, shown = kernel.execute("nd.dot?")
    assert reply["status"] == "ok" and shown == []
    (page,) = reply["payload"]
    assert page["source"] == "page"
    assert page["data"]["text/plain"].startswith("nd.dot(lhs, rhs")
    reply, _ = kernel.execute("nd.dot??")
    assert "def " in reply["payload"][0]["data"]["text/plain"]


def test_the_shells_magics_run(kernel):
    reply, shown = kernel.execute("%ctx")
    assert reply["status"] == "ok"
    assert "cpu(0)" in "".join(c.get("text", "") for _, c in shown)
    reply, shown = kernel.execute("%timeit -n 2 -r 1 nd.ones((2,)).sum()")
    assert "per loop" in shown[0][1]["text"]
    reply, shown = kernel.execute("%precision 2\n1 / 3")
    assert shown[-1][1]["data"]["text/plain"] == "0.33"
    kernel.execute("%precision")
    reply, shown = kernel.execute("!echo from a command")
    assert shown == [("stream", {"name": "stdout", "text": "from a command\n"})]
    reply, shown = kernel.execute("%whos")
    table = shown[0][1]["text"]
    assert table.startswith("Variable") and "display" not in table and "__ndsh__" not in table


def test_a_graph_shows_as_html(kernel):
    reply, shown = kernel.execute("w = nd.ones((2,))\nw.attach_grad()\n"
                                  "with autograd.record():\n    v = w * 2\nndsh.graph(v)")
    data = shown[-1][1]["data"]
    assert data["text/plain"].startswith("v = multiply")
    assert data["text/html"].startswith('<pre class="ndsh-graph">') and "multiply" in \
        data["text/html"]


def test_graph_show_and_plot_magics_draw_rich_views(kernel):
    kernel.execute("u = nd.ones((2,))\nu.attach_grad()\n"
                   "with autograd.record():\n    t = u * 2\n"
                   "img = nd.arange(12).reshape((3, 4))\nys = nd.array([1, 3, 2, 5])")
    reply, shown = kernel.execute("%graph t")
    ((kind, content),) = shown
    assert kind == "display_data" and content["data"]["text/plain"].startswith("t = multiply")
    assert content["data"]["text/html"].startswith('<pre class="ndsh-graph">')
    reply, shown = kernel.execute("%show img")
    ((kind, content),) = shown
    text, page = content["data"]["text/plain"], content["data"]["text/html"]
    assert text.splitlines()[0] == "img <NDArray 3x4 float32>  min 0  max 11"   # the terminal's
    assert page.count("<rect") >= 12 and "img &lt;NDArray 3x4 float32&gt;" in page
    reply, shown = kernel.execute("%plot ys, ys * 2")
    ((kind, content),) = shown
    assert base64.b64decode(content["data"]["image/png"]).startswith(b"\x89PNG")
    assert "ys" in content["data"]["text/plain"]                  # the legend names the series
    reply, shown = kernel.execute("%show img, save='img.png'\nimport os\n"
                                  "os.path.getsize('img.png') > 0")
    assert [kind for kind, _ in shown] == ["execute_result"]        # the file, not a picture
    assert shown[0][1]["data"]["text/plain"] == "True"
    reply, shown = kernel.execute("%plot ys, kind='pie'\nprint('next')")
    assert reply["status"] == "ok"                    # as in the shell: reported, cell goes on
    errors = "".join(c["text"] for kind, c in shown if c.get("name") == "stderr")
    assert "ValueError: ndsh.plot: kind must be one of line, hist, scatter, not 'pie'" in errors
    assert shown[-1][1]["text"] == "next\n"


def test_matplotlib_figures_show_inline_at_the_end_of_the_cell(kernel):
    reply, shown = kernel.execute("%matplotlib inline\nimport matplotlib.pyplot as plt\n"
                                  "plt.plot([1, 2, 3])\nprint('drawn')")
    assert reply["status"] == "ok", reply
    kinds = [kind for kind, _ in shown]
    assert kinds == ["stream", "display_data"]
    png = base64.b64decode(shown[1][1]["data"]["image/png"])
    assert png.startswith(b"\x89PNG")
    assert shown[1][1]["data"]["text/plain"].startswith("<Figure size")
    reply, shown = kernel.execute("1")              # the figure was shown once, and closed
    assert [kind for kind, _ in shown] == ["execute_result"]
    reply, shown = kernel.execute("print('before')\nplt.plot([1, 2])\nplt.show()\n"
                                  "print('after')")
    assert [(kind, c.get("text")) for kind, c in shown] == [
        ("stream", "before\n"), ("display_data", None), ("stream", "after\n")]


def test_set_matplotlib_formats_svg_makes_inline_figures_svg(kernel):
    # d2lzh 1.0.0's use_svg_display(); IPython 9 has no such function. (The module is bound
    # under another name: `display` is the kernel's display() the other tests call.)
    reply, shown = kernel.execute("from IPython import display as ipython_display\n"
                                  "ipython_display.set_matplotlib_formats('svg')\n"
                                  "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3]);")
    try:
        assert reply["status"] == "ok", reply
        ((kind, content),) = shown
        assert kind == "display_data" and sorted(content["data"]) == ["image/svg+xml",
                                                                      "text/plain"]
        assert "<svg" in content["data"]["image/svg+xml"]
        reply, shown = kernel.execute("ipython_display.set_matplotlib_formats('retina')\n"
                                      "plt.figure(figsize=(2, 1))\nplt.plot([1, 2]);")
        ((kind, content),) = shown
        png = base64.b64decode(content["data"]["image/png"])
        width = int.from_bytes(png[16:20], "big")
        assert content["metadata"]["image/png"]["width"] == width // 2
    finally:
        kernel.execute("ipython_display.set_matplotlib_formats('png')")
    reply, shown = kernel.execute("plt.plot([1, 2]);")
    assert "image/png" in shown[0][1]["data"] and not shown[0][1]["metadata"]


@needs_d2lzh
def test_d2lzhs_set_figsize_draws_svg(kernel):
    reply, shown = kernel.execute("import d2lzh as d2l\nd2l.set_figsize((3.5, 2.5))\n"
                                  "d2l.plt.scatter([1, 2], [3, 4], 1);", timeout=2 * TIMEOUT)
    try:
        assert reply["status"] == "ok", reply
        assert [sorted(c["data"]) for _, c in shown] == [["image/svg+xml", "text/plain"]]
    finally:
        kernel.execute("d2l.display.set_matplotlib_formats('png')")


def test_display_shows_values_mid_cell(kernel):
    reply, shown = kernel.execute("display(nd.ones((2,)), 'two')\nprint('done')")
    assert [kind for kind, _ in shown] == ["display_data", "display_data", "stream"]
    assert "text/html" in shown[0][1]["data"]
    assert shown[1][1]["data"] == {"text/plain": "'two'"}


def test_input_asks_the_front_end(kernel):
    def answer(message):
        assert message["content"]["prompt"] == "lr? "
        kernel.client.input("0.5")
    reply = kernel.client.execute_interactive("lr = float(input('lr? '))", allow_stdin=True,
                                              stdin_hook=answer, output_hook=lambda m: None,
                                              timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok"
    reply, shown = kernel.execute("lr * 2")
    assert shown[0][1]["data"]["text/plain"] == "1.0"


def test_progress_updates_one_display_in_place(kernel):
    reply, shown = kernel.execute("data = [1, 2, 3]\n"
                                  "bar = ndsh.progress(data, epochs=2, desc='train')\n"
                                  "for x in bar:\n    bar.update(loss=x)")
    assert reply["status"] == "ok"
    first, *updates = shown
    assert first[0] == "display_data" and updates
    assert {content["transient"]["display_id"] for _, content in shown} == \
        {first[1]["transient"]["display_id"]}
    assert all(kind == "update_display_data" for kind, _ in updates)
    last = updates[-1][1]["data"]
    lines = last["text/plain"].split("\n")
    assert lines[:2] == ["train epoch 1/2: 3 batches, loss=2", "train epoch 2/2: 3 batches, loss=2"]
    assert lines[2].startswith("train epochs  2/2") and lines[3].startswith("train epoch 2/2  3/3")
    assert '<progress value="3" max="3"' in last["text/html"]


def test_complete_uses_the_shells_completer(kernel):
    kernel.execute("my_array = nd.zeros((2,))")
    reply = kernel.request("complete", "y = nd.batch_d", 14)
    assert reply["matches"] == ["batch_dot"]
    assert (reply["cursor_start"], reply["cursor_end"]) == (7, 14)
    reply = kernel.request("complete", "my_ar", 5)
    assert "my_array" in reply["matches"] and reply["cursor_start"] == 0


def test_inspect_gives_the_doc_page(kernel):
    reply = kernel.request("inspect", "nd.dot(a, b)", 4)
    assert reply["found"] and reply["data"]["text/plain"].startswith("nd.dot(lhs, rhs")
    reply = kernel.request("inspect", "no_such_name_here", 3)
    assert not reply["found"]


def test_is_complete_answers_as_the_shell(kernel):
    assert kernel.request("is_complete", "x = [1,")["status"] == "incomplete"
    assert kernel.request("is_complete", "def f():")["indent"] == "    "
    assert kernel.request("is_complete", "%time nd.ones(2)")["status"] == "complete"
    assert kernel.request("is_complete", "1 +* 2")["status"] == "invalid"


def test_interrupt_ends_the_cell_and_keeps_the_variables(kernel):
    kernel.execute("kept = 41")
    msg_id = kernel.client.execute("started = True\nwhile True:\n    pass", stop_on_error=False)
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:          # wait until the loop is running
        message = kernel.client.get_iopub_msg(timeout=TIMEOUT)
        if message["parent_header"].get("msg_id") == msg_id and \
                message["msg_type"] == "execute_input":
            break
    time.sleep(0.3)
    kernel.manager.interrupt_kernel()
    reply = kernel.reply_to(msg_id)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert any("Cell In[" in plain(line) for line in reply["content"]["traceback"])
    reply, shown = kernel.execute("kept + 1, started")
    assert shown[0][1]["data"]["text/plain"] == "(42, True)"
    assert kernel.manager.is_alive()
