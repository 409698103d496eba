"""`import mxnet` inside ndsh does not import Gluon (nor mx.image, mx.io, mx.contrib.text): they
load on first use, under every spelling a script may use to reach them."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from ndsh import mxnet_compat
from ndsh.display.console import Output
from ndsh.session import Session

LAZY_SCRIPT = """
import sys
print('ndsh.gluon' in sys.modules)
import mxnet as mx
print('ndsh.gluon' in sys.modules, 'gluon' in dir(mx))
mx.gluon.nn.Dense
print('ndsh.gluon' in sys.modules)
print('ndsh.image' in sys.modules, 'ndsh.contrib_text' in sys.modules)
mx.image.imresize, mx.contrib.text.vocab
print('ndsh.image' in sys.modules, 'ndsh.contrib_text' in sys.modules)
"""


def test_ndsh_run_pays_no_gluon_import_until_mx_gluon_is_touched(tmp_path):
    script = tmp_path / "lazy.nds"
    script.write_text(LAZY_SCRIPT)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-m", "ndsh", "run", str(script)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "True", "True", "False", "False", "True",
                                   "True"]


SPELLINGS = """
import mxnet as mx
from mxnet import gluon, init, optimizer, lr_scheduler, recordio
from mxnet.gluon import nn
import mxnet.gluon.nn as nn2
import mxnet.initializer
import mxnet.lr_scheduler as ls
print(nn is nn2 is gluon.nn is mx.gluon.nn, init is mx.init is mxnet.initializer)
print(optimizer is mx.optimizer, ls is lr_scheduler is mx.lr_scheduler)
print(mx.gluon.nn.Dense.__name__, mx.optimizer.SGD.__name__, recordio.MXRecordIO.__name__)
print(mx.name.NameManager.__name__, mx.lr_scheduler.FactorScheduler.__name__)
from mxnet import image, io
from mxnet.contrib import text
import mxnet.contrib.text.vocab as vocab
import mxnet.image.detection
print(image is mx.image, io.DataBatch is mx.io.DataBatch,
      vocab is text.vocab is mx.contrib.text.vocab)
print(mxnet.image.detection.ImageDetIter is image.ImageDetIter)
"""


def test_every_spelling_reaches_the_lazily_imported_modules(capsys):
    outcome = Session(Output(stdout=io.StringIO(), color="never")).run(SPELLINGS,
                                                                       filename="s.nds")
    assert outcome.error is None, outcome.report.plain()
    assert capsys.readouterr().out.splitlines() == [
        "True True", "True True", "Dense SGD MXRecordIO", "NameManager FactorScheduler",
        "True True True", "True"]


def test_lazy_names_are_listed_and_unknown_names_still_explain_themselves():
    mx = mxnet_compat.mxnet
    assert {"gluon", "init", "optimizer", "image", "io", "recordio"} <= set(dir(mx))
    assert "text" in dir(mx.contrib)
    with pytest.raises(AttributeError, match="mxnet.kvstore is not part of ndsh"):
        getattr(mx, "kvstore")  # noqa: B009


def test_lazily_aliased_modules_are_forgotten_after_the_session():
    with mxnet_compat.mxnet_alias():
        import mxnet.gluon  # noqa: F401
        import mxnet.optimizer  # noqa: F401
        assert sys.modules["mxnet.gluon"] is sys.modules["ndsh.gluon"]
    assert "mxnet.gluon" not in sys.modules and "mxnet.optimizer" not in sys.modules
    from ndsh import gluon
    assert gluon.__spec__.name == "ndsh.gluon"


NP_SUBMODULES = """
from mxnet.numpy.random import multinomial
from mxnet.np.linalg import norm
import mxnet.numpy.random as r
from mxnet import np, npx
print(r is np.random, multinomial(10, [0.5, 0.5]).shape, float(norm(np.ones(4))))
"""


def test_mx_numpy_submodules_import_as_modules(capsys):
    """d2l-en's probability section does `from mxnet.numpy.random import multinomial`."""
    outcome = Session(Output(stdout=io.StringIO(), color="never")).run(NP_SUBMODULES,
                                                                       filename="s.nds")
    assert outcome.error is None, outcome.report.plain()
    assert capsys.readouterr().out.splitlines() == ["True (2,) 2.0"]
