"""Elementary functions that work on floats, numpy arrays, torch tensors and the course's own autodiff numbers.

The course writes each function once, e.g. ``def h(x): return log(2 + cos(x))``, and the same
definition is plotted with numpy, differentiated numerically, differentiated by torch.autograd, and
run through chainlab.autodiff's Value (reverse mode) and Dual (forward mode).
"""

import numpy as np
import torch


def _on(x, numpy_fn, torch_fn):
    if isinstance(x, torch.Tensor):
        return torch_fn(x)
    own = getattr(x, numpy_fn.__name__, None)  # Value and Dual carry their own: x.sin(), x.exp(), ...
    return own() if callable(own) else numpy_fn(x)


def sin(x):
    return _on(x, np.sin, torch.sin)


def cos(x):
    return _on(x, np.cos, torch.cos)


def tan(x):
    return _on(x, np.tan, torch.tan)


def exp(x):
    return _on(x, np.exp, torch.exp)


def log(x):
    """The natural logarithm, ln x."""
    return _on(x, np.log, torch.log)


def sqrt(x):
    return _on(x, np.sqrt, torch.sqrt)


def tanh(x):
    return _on(x, np.tanh, torch.tanh)


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), written so that it never overflows for large |z|."""
    if isinstance(z, torch.Tensor):
        return torch.sigmoid(z)
    if callable(getattr(z, "sigmoid", None)):  # Value and Dual
        return z.sigmoid()
    z = np.asarray(z, dtype=float)
    out = np.exp(-np.logaddexp(0.0, -z))
    return out if out.ndim else float(out)
