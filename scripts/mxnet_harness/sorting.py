"""How the harness sorts MXNet's tests: which ones reach a part of MXNet that ndsh lacks, read
from a test's source before it runs (`category`) or from the error it raised (`missing_part`),
and the stand-ins (`Absent`) that raise MissingPart where a missing module is used. Free of side
effects, so tests/test_mxnet_harness.py imports it (plugin.py, which is not, uses it)."""
from __future__ import annotations

import ast
import inspect
import re
import sys

from ndsh.engine import nd
from ndsh.mxnet_compat import MODULES, ndsh_module_name


class MissingPart(Exception):
    """A test reached a part of MXNet that ndsh does not have (gluon, custom ops...)."""

    def __init__(self, part: str):
        super().__init__(f"needs {part}")
        self.part = part


class Absent:
    """Stands in for anything under a missing module: attribute chains are fine (module-level
    `from mxnet.gluon import nn` imports), using one raises MissingPart."""

    def __init__(self, part: str):
        self._part = part

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Absent(self._part)

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and inspect.isfunction(args[0]):
            # used as a decorator at import (`@mx.use_np_shape`): the test fails when it runs
            def refuse(*a, **k):
                raise MissingPart(self._part)
            refuse.__name__ = args[0].__name__
            refuse.__wrapped__ = args[0]
            return refuse
        raise MissingPart(self._part)


# ndsh has grown parts it once lacked (mx.sym, mx.np): a test that uses one is sorted out only
# while that part is missing; the parts of them ndsh still lacks are sorted out always
HAS_SYMBOLS = ndsh_module_name("mxnet.symbol") is not None
HAS_NUMPY = ndsh_module_name("mxnet.numpy") is not None
HAS_NP_MODE = hasattr(MODULES["mxnet.util"], "use_np")   # read before plugin.py fills it in
SYMBOLS = re.compile(r"\bmx\.sym(bol)?\b|\bsym\.|\bsymbol\.|simple_bind|\.bind\(|"
                     r"check_symbolic_(forward|backward)|check_numeric_gradient|"
                     r"check_consistency|\bExecutor\b|get_symbol|\bVariable\(")
# what runs a Symbol (ndsh's mx.sym builds and exports graphs, and evaluates them with eval)
EXECUTORS = re.compile(r"simple_bind|\.bind\(|check_symbolic_(forward|backward)|"
                       r"check_numeric_gradient|check_consistency|\bExecutor\b|\bCachedOp\b")
# autograd.get_symbol (the recorded graph as a Symbol): ndsh's refuses, and is not in its __all__
GET_SYMBOL = re.compile(r"\bget_symbol\(")
MODULE_API = re.compile(r"\bmx\.mod\b|\bmod\.Module\b|\bModule\.load\b")
NP_MODE = re.compile(r"\buse_np\b|\bset_np\(|\bis_np_array\(|\buse_np_array\b")
SPARSE = re.compile(r"row_sparse|\bcsr\b|\bsparse\.|stype=['\"](csr|row)|sparse_grad=True")
# mx.operator and nd.Custom are ndsh's (ndsh/engine/ops/custom.py); MXNet's older Python ops
# (NumpyOp, NDArrayOp, PythonOp: symbol-based) are not
CUSTOM_OPS = re.compile(r"\b(NumpyOp|NDArrayOp|PythonOp)\b")
NUMPY_INTERFACE = re.compile(r"\bmx\.np\b|\bmx\.npx\b|\bnpx\.|use_np\b|set_np\(")
LAYER_OPS = ("Convolution", "Deconvolution", "Pooling", "BatchNorm", "InstanceNorm",
             "GroupNorm", "L2Normalization", "LRN", "Dropout", "Activation", "LeakyReLU",
             "SoftmaxOutput", "SoftmaxActivation", "softmax_cross_entropy",
             "LinearRegressionOutput", "LogisticRegressionOutput", "MAERegressionOutput",
             "MakeLoss", "CTCLoss", "ctc_loss", "SequenceLast", "SequenceReverse", "RNN",
             "UpSampling", "BilinearResize2D", "AdaptiveAvgPooling2D", "ROIPooling", "ROIAlign",
             "MultiBoxPrior", "MultiBoxTarget", "MultiBoxDetection", "box_nms", "box_iou",
             "Crop", "SpatialTransformer", "BilinearSampler", "GridGenerator", "Correlation",
             "SVMOutput", "IdentityAttachKLSparseReg", "DeformableConvolution", "RROIAlign",
             "SyncBatchNorm")
_LAYER_USE = re.compile(r"\b(" + "|".join(LAYER_OPS) + r")\b")


def _called_sources(function, depth: int = 2) -> str:
    """The function's source, with that of the module-level functions it calls (MXNet's tests
    often put the work in a helper: `check_sum(...)`)."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return ""
    if depth == 0:
        return source
    module = sys.modules.get(function.__module__)
    parts = [source]
    try:
        names = {n.id for n in ast.walk(ast.parse(source.lstrip())) if isinstance(n, ast.Name)}
    except SyntaxError:
        names = set()
    for name in names:
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper is not function \
                and helper.__module__ == function.__module__:
            parts.append(_called_sources(helper, depth - 1))
    return "\n".join(parts)


def category(function) -> str | None:
    """Why a test cannot run under ndsh (None: it should)."""
    source = _called_sources(inspect.unwrap(function))
    code = "\n".join(line.split("#")[0] for line in source.splitlines())
    if MODULE_API.search(code):
        return "needs Module"
    if not HAS_SYMBOLS and SYMBOLS.search(code):
        return "needs symbols"
    if EXECUTORS.search(code):
        return "needs executors"
    if GET_SYMBOL.search(code):
        return "needs autograd.get_symbol"
    if SPARSE.search(code):
        return "needs sparse"
    if CUSTOM_OPS.search(code):
        return "needs custom ops"
    if not HAS_NUMPY and NUMPY_INTERFACE.search(code):
        return "needs mx.np"
    if not HAS_NP_MODE and NP_MODE.search(code):
        return "needs mx.np: the use_np / set_np switch"
    missing = sorted({m for m in _LAYER_USE.findall(code)
                      if not hasattr(nd, m) and not hasattr(nd.contrib, m)})
    if missing:
        return "needs layer ops: " + ", ".join(missing)
    return None


# what ndsh says when a test reaches a part it lacks on purpose -> the part (the message's
# first match wins); MissingPart is the harness's own stand-ins saying the same
LACKING = (
    (re.compile(r"\b(mxnet\.[\w.]+) is not part of ndsh"), None),      # the module it names
    (re.compile(r"\b(gluon\.\w+) is not in ndsh"), None),
    # MXNet's CachedOp (register_op_hook): a hybridized ndsh block records ops, builds no graph
    (re.compile(r"MXNet's compiled graph"), "compiled graph"),
    # ndsh's mx.sym builds a graph by running the layers, which read their input's shape
    (re.compile(r"The shape of Symbol '[^']*' is not known"), "symbols without shapes"),
    (re.compile(r"sparse storage is left out"), "sparse"),
    (re.compile(r"^Could not download .*(Name or service not known|Temporary failure in name "
                r"resolution|Network is unreachable)"), "network"),
)
if not HAS_SYMBOLS:      # once ndsh has mx.sym, a part of ndsh that still says so is a failure
    LACKING += ((re.compile(r"no symbolic API"), "symbols"),)


def missing_part(error: BaseException) -> str | None:
    """The part of MXNet a test's error says ndsh lacks (None: a real failure).

    Example:
        >>> missing_part(ImportError("mxnet.gluon.contrib is not part of ndsh: inside ..."))
        'mxnet.gluon.contrib'
        >>> missing_part(ValueError("shapes differ")) is None
        True
    """
    if isinstance(error, MissingPart):
        return error.part
    message = str(error)
    for pattern, part in LACKING:
        found = pattern.search(message)
        if found:
            if part is None:                          # the module the message names
                part = found.group(1)
                part = part if part.startswith("mxnet.") else f"mxnet.{part}"
            return part
    return None
