#!/usr/bin/env bash
# The GPU check, for a machine with an NVIDIA GPU where CuPy and PyTorch are installed and nothing
# can be downloaded. Under 8 minutes. Runs ndsh from this checkout (no install step: PYTHONPATH),
# the engine tests on both contexts plus tests/test_gpu_backend.py, and the benchmark's GPU
# column. Writes gpu_summary.txt and gpu_tests.log to ${OUT:-.}.
#   bash scripts/gpu_check.sh [--profile]   (arguments go to scripts/bench_gpu.py; wheels in
#   .whl/, if any, are installed to /tmp/site first: a machine without prompt_toolkit needs
#   `pip download --no-deps --only-binary=:all: -d .whl prompt_toolkit wcwidth` done beforehand
#   elsewhere, for the shell tests in tests/test_gpu_backend.py)
set -uo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-.}"
py="${PYTHON:-python3}"
workers="${WORKERS:-12}"
if compgen -G ".whl/*.whl" >/dev/null; then   # pure-Python packages the machine lacks
  "$py" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site \
      .whl/*.whl && export PYTHONPATH=/tmp/site
fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 NO_COLOR=1
{
  echo "== device"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | head -3
  "$py" -c "import sys, numpy, cupy, torch; print(sys.version.split()[0], 'numpy', numpy.__version__,
'cupy', cupy.__version__, 'devices', cupy.cuda.runtime.getDeviceCount(), 'torch',
torch.__version__, 'cuda', torch.cuda.is_available())" 2>&1 | tail -3
  echo "== smoke: an array and a gradient on gpu(0)"
  "$py" -c "
from ndsh import nd, autograd
x = nd.array([1, 2, 3], ctx=nd.gpu(0)); x.attach_grad()
with autograd.record():
    y = (x * x).sum()
y.backward(); print(x.grad); nd.waitall()" 2>&1 | tail -6
  echo "== tests: tests/engine on cpu(0) and gpu(0), tests/test_gpu_backend.py ($workers workers)"
  started=$SECONDS
  # SIGINT first, so that pytest still prints its summary if the time runs out
  timeout -s INT -k 15 300 "$py" -m pytest tests/engine tests/test_gpu_backend.py -p no:cacheprovider \
      -o addopts="" -q -n "$workers" -rfE --tb=short >"$out/gpu_tests.log" 2>&1
  echo "pytest exit $? after $((SECONDS - started)) s"
  grep -E "^(FAILED|ERROR) " "$out/gpu_tests.log" | sed -E 's/\[(cpu|gpu)[^]]*\]//' \
      | sort | uniq -c | sort -rn | head -40
  tail -1 "$out/gpu_tests.log"
  echo "== benchmark GPU column (ndsh on CuPy vs PyTorch CUDA, both on the device)"
  timeout 150 "$py" scripts/bench_gpu.py --repeat 50 "$@" 2>&1 | tail -80
} 2>&1 | tee "$out/gpu_summary.txt"
