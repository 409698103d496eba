#!/usr/bin/env bash
# The ndsh kernel checked in a real browser (not CI; issue 18): JupyterLab (pip, in a side
# virtual environment, not the project's) serves a notebook on the ndsh kernel; headless
# Chromium (Debian's package, driven by playwright-core from npm) opens it, runs all its cells
# from JupyterLab's Run menu, checks what the page shows and takes a screenshot.
#
#   scripts/browser_check.sh [SCREENSHOT.png]      (default docs/notebook-screenshot.png)
#
# Environment: NDSH_PYTHON (the project's Python, default /work/venv/bin/python), LABVENV
# (default /work/labvenv), PORT (default 8899). Needs root (or sudo) for apt-get the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
NDSH_PYTHON=${NDSH_PYTHON:-/work/venv/bin/python}
LABVENV=${LABVENV:-/work/labvenv}
PORT=${PORT:-8899}
SHOT=${1:-$ROOT/docs/notebook-screenshot.png}
case "$SHOT" in /*) ;; *) SHOT="$ROOT/$SHOT" ;; esac

if [ ! -x "$LABVENV/bin/jupyter-lab" ]; then
    python3 -m venv "$LABVENV"
    "$LABVENV/bin/pip" install -q jupyterlab
fi
if [ ! -x /usr/bin/chromium ]; then
    SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
    $SUDO apt-get update -q && $SUDO apt-get install -y -q chromium
fi
NODE_DIR="$LABVENV/node"
if [ ! -d "$NODE_DIR/node_modules/playwright-core" ]; then
    mkdir -p "$NODE_DIR"
    (cd "$NODE_DIR" && npm install --silent --no-audit --no-fund playwright-core@1)
fi

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# The kernelspec as a user installs it, into a fresh Jupyter data folder that JupyterLab reads.
export JUPYTER_DATA_DIR="$WORK/data" JUPYTER_CONFIG_DIR="$WORK/config"
export JUPYTER_RUNTIME_DIR="$WORK/runtime" IPYTHONDIR="$WORK/ipython"
"$NDSH_PYTHON" -m ndsh kernel install --user
# No news or update pop-ups over the notebook.
mkdir -p "$WORK/config/labconfig" "$LABVENV/share/jupyter/lab/settings"
cat > "$LABVENV/share/jupyter/lab/settings/overrides.json" <<'EOF'
{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}
EOF

mkdir -p "$WORK/notebooks"
"$NDSH_PYTHON" - "$WORK/notebooks/ndsh-demo.ipynb" <<'EOF'
import sys
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
cells = [
    new_markdown_cell("## ndsh in JupyterLab\nMXNet's `nd`, `autograd` and `gluon`, on numpy."),
    new_code_cell("%matplotlib inline\nfrom mxnet import nd, autograd\n"
                  "import matplotlib.pyplot as plt\nx = nd.arange(12).reshape((3, 4))\nx"),
    new_code_cell("x.attach_grad()\nwith autograd.record():\n    y = (x * x).sum()\n"
                  "y.backward()\nprint('dy/dx:', x.grad[0])\nndsh.graph(y)"),
    new_code_cell("plt.figure(figsize=(4, 1.8))\nplt.plot(nd.sin(nd.arange(50) / 5).asnumpy());"),
    new_code_cell("bar = ndsh.progress(list(range(20)), epochs=2, desc='train')\n"
                  "for i in bar:\n    bar.update(loss=1 / (i + 1))"),
    new_code_cell("bad = x + nd.ones((5,))"),
]
notebook = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "ndsh", "display_name": "ndsh (MXNet API)", "language": "python"}})
nbformat.write(notebook, sys.argv[1])
EOF

TOKEN=ndsh-browser-check
ROOT_FLAG=$([ "$(id -u)" = 0 ] && echo --allow-root || true)
"$LABVENV/bin/jupyter-lab" --no-browser --ip=127.0.0.1 --port="$PORT" $ROOT_FLAG \
    --IdentityProvider.token="$TOKEN" --ServerApp.root_dir="$WORK/notebooks" \
    > "$WORK/lab.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 60); do
    curl -sf "http://127.0.0.1:$PORT/api/status?token=$TOKEN" > /dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/lab.log"; exit 1; }
    sleep 1
done

mkdir -p "$(dirname "$SHOT")"
NODE_PATH="$NODE_DIR/node_modules" node "$ROOT/scripts/browser_check.js" \
    "http://127.0.0.1:$PORT/lab/tree/ndsh-demo.ipynb?token=$TOKEN" "$SHOT" "$WORK/profile" \
    || { echo "--- JupyterLab's log:"; tail -40 "$WORK/lab.log"; exit 1; }
# A small picture for the docs.
"$NDSH_PYTHON" - "$SHOT" <<'EOF'
import sys
from PIL import Image
image = Image.open(sys.argv[1]).convert("RGB")
image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
image.save(sys.argv[1], optimize=True)
EOF
echo "screenshot: $SHOT ($(du -k "$SHOT" | cut -f1) KB)"
