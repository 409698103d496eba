#!/usr/bin/env bash
# The GPU check: run on a machine with an NVIDIA GPU where CuPy and PyTorch are installed and
# nothing can be downloaded. Under 8 minutes. Writes a summary to ${OUT:-.}/gpu_summary.txt.
#   bash scripts/gpu_check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-.}"
summary="$out/gpu_summary.txt"
{
  echo "== device"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | head -3
  python -c "import cupy, sys; print('cupy', cupy.__version__, 'devices',
             cupy.cuda.runtime.getDeviceCount())" 2>&1
  python -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())" 2>&1
  echo "== install (no downloads: dependencies must already be present)"
  pip install --no-deps --no-build-isolation -q -e . 2>&1 | tail -2
  echo "== engine tests on gpu(0) (the gpu-parametrised half of tests/engine)"
  timeout 360 python -m pytest tests/engine -q -p no:cacheprovider -k gpu -x \
      -o addopts="" 2>&1 | tail -15
  echo "== num_gpus and a GPU array"
  python -c "
from ndsh import nd, autograd
from ndsh.engine.context import num_gpus
print('num_gpus', num_gpus())
x = nd.array([1, 2, 3], ctx=nd.gpu(0)); x.attach_grad()
with autograd.record():
    y = (x * x).sum()
y.backward(); print(x.grad); nd.waitall()" 2>&1 | tail -6
  echo "== benchmark GPU column (ndsh on CuPy vs PyTorch CUDA)"
  timeout 180 python scripts/bench_gpu.py --repeat 15 2>&1 | tail -8
} 2>&1 | tee "$summary"
