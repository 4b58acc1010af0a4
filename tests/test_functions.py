"""chainlab.functions: one definition of a function runs on floats, numpy, torch, Value and Dual alike."""

import math

import numpy as np
import pytest
import torch

from chainlab.autodiff import Dual, Value
from chainlab.functions import cos, exp, log, sigmoid, sin, sqrt, tanh


def h(x):
    return log(2 + cos(x)) + sigmoid(sin(x)) * exp(tanh(x))


def dh_dx(x):
    s = 1 / (1 + math.exp(-math.sin(x)))
    return -math.sin(x) / (2 + math.cos(x)) + math.exp(math.tanh(x)) * (
        s * (1 - s) * math.cos(x) + s * (1 - math.tanh(x) ** 2)
    )


@pytest.mark.parametrize("x", [-2.0, 0.3, 1.7])
def test_one_definition_gives_one_value_and_one_derivative_everywhere(x):
    as_float = h(x)
    assert h(np.array([x]))[0] == pytest.approx(as_float)
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    h(t).backward()
    v = Value(x)
    out = h(v)
    out.backward()
    d = h(Dual(x, 1.0))
    assert out.data == pytest.approx(as_float) and d.data == pytest.approx(as_float)
    for derivative in (t.grad.item(), v.grad, d.derivative):
        assert derivative == pytest.approx(dh_dx(x), rel=1e-12)


def test_numpy_arrays_still_go_to_numpy():
    np.testing.assert_allclose(sqrt(np.array([4.0, 9.0])), [2.0, 3.0])
    assert isinstance(sin(np.float64(0.5)), np.floating)
