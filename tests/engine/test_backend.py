"""backend.py's named functions, the only place numpy and CuPy differ: on numpy they take the
host path, and with a CuPy-like module they enter its device and use its array functions (a
stand-in records what they do, so this runs without a GPU; tests/test_gpu_backend.py runs the
real CuPy where there is one)."""
from __future__ import annotations

import contextlib

import numpy as np

from ndsh.engine import backend


class StandInCupy:
    """Records the devices entered and the conversions asked for; stores numpy arrays."""

    def __init__(self):
        self.devices, self.calls = [], []
        stand_in = self

        class cuda:  # noqa: N801  (CuPy's spelling)
            @staticmethod
            @contextlib.contextmanager
            def Device(device_id):  # noqa: N802
                stand_in.devices.append(device_id)
                yield

        self.cuda = cuda

    def array(self, data, copy=True):
        self.calls.append(("array", copy))
        return np.array(data, copy=copy)

    def asarray(self, data):
        self.calls.append(("asarray", type(data).__name__))
        return np.asarray(data)


def test_on_device_is_a_no_op_for_numpy_and_enters_the_gpu_otherwise():
    with backend.on_device(np, 3):
        pass
    cupy = StandInCupy()
    with backend.on_device(cupy, 1):
        pass
    assert cupy.devices == [1]


def test_copy_to_device_always_copies():
    host = np.arange(3.0)
    copy = backend.copy_to_device(np, 0, host)
    copy[0] = 9
    assert host[0] == 0
    cupy = StandInCupy()
    on_gpu = backend.copy_to_device(cupy, 2, host)
    on_gpu[1] = 9
    assert host[1] == 1 and cupy.devices == [2] and cupy.calls == [("array", True)]


def test_from_host_leaves_numpy_input_alone_and_converts_for_the_gpu():
    values = [1, 2]
    assert backend.from_host(np, values) is values
    cupy = StandInCupy()
    assert backend.from_host(cupy, values).tolist() == [1, 2]
    assert cupy.calls == [("asarray", "ndarray")]


def test_make_read_only_freezes_numpy_buffers_only():
    data = np.zeros(2)
    backend.make_read_only(data)
    assert not data.flags.writeable
    backend.make_read_only([0, 0])       # anything else (a CuPy array) is left as it is
