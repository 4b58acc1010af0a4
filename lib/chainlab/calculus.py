"""Numeric derivatives, and ``verify``: the course's three-way check of every derivative it states."""

import numpy as np
import torch

EPS = np.finfo(float).eps


def step(x):
    """The central-difference step for x: cbrt(eps)·max(1, |x|).

    The central difference has truncation error ∝ h² and round-off error ∝ eps/h;
    their sum is smallest near h = eps^(1/3), about 6e-6, scaled with |x| so that x ± h
    still differs from x in its leading digits.
    """
    return np.cbrt(EPS) * np.maximum(1.0, np.abs(x))


def derivative(f, x, h=None):
    """f'(x) by the central difference (f(x + h) − f(x − h)) / 2h; x may be an array."""
    x = np.asarray(x, dtype=float)
    h = step(x) if h is None else h
    # Recompute h as the representable distance between the two points: removes one round-off.
    lo, hi = x - h, x + h
    return (np.asarray(f(hi), dtype=float) - np.asarray(f(lo), dtype=float)) / (hi - lo)


def partial(f, point, i, h=None):
    """∂f/∂x_i at point, by the central difference along coordinate i alone."""
    point = np.asarray(point, dtype=float)

    def along_i(t):
        moved = point.copy()
        moved[i] = t
        return f(*moved)

    return float(derivative(along_i, point[i], h))


def gradient(f, point, h=None):
    """∇f at point: the vector of partial derivatives of f(x_1, …, x_n)."""
    point = np.asarray(point, dtype=float)
    return np.array([partial(f, point, i, h) for i in range(point.size)])


def autograd(f, point):
    """∇f at point by torch.autograd in float64."""
    inputs = [torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for v in point]
    output = f(*inputs)
    if not isinstance(output, torch.Tensor):
        raise TypeError(f"{_name(f)} did not return a torch tensor; build it from chainlab.functions")
    grads = torch.autograd.grad(output, inputs, allow_unused=True)
    return np.array([0.0 if g is None else g.item() for g in grads])


def verify(f, df, points, rtol=1e-6, atol=1e-9):
    """Assert that the formula df is the derivative of f, three ways, and print the table.

    f(x1, …, xn) returns a number; df(x1, …, xn) returns its derivative (one variable) or the
    sequence of its partial derivatives. f must accept torch tensors (use chainlab.functions).
    Checked at each point: the formula against a central finite difference and against
    torch.autograd in float64.
    """
    rows, failures = [], []
    for p in points:
        p = tuple(float(v) for v in np.atleast_1d(p))
        formula = np.atleast_1d(np.asarray(df(*p), dtype=float))
        fd = gradient(f, p)
        ag = autograd(f, p)
        err = max(np.max(np.abs(formula - fd)), np.max(np.abs(formula - ag)))
        rows.append((p, formula, fd, ag, err))
        scale = atol + rtol * np.abs(formula)
        if not (np.all(np.abs(formula - fd) <= scale) and np.all(np.abs(formula - ag) <= scale)):
            failures.append(p)
    print(_table(f, df, rows))
    if failures:
        raise AssertionError(
            f"{_name(df)} disagrees with the numeric derivatives of {_name(f)} at "
            + ", ".join(_fmt_point(p) for p in failures)
        )


def _name(f):
    return getattr(f, "__name__", repr(f))


def _fmt_point(p):
    return ", ".join(f"{v:.6g}" for v in p)


def _fmt_error(e):
    """The error as the power of ten above it: its last digits are round-off and vary by CPU."""
    return "0" if e == 0 else f"< 1e{int(np.floor(np.log10(e))) + 1}"


def _fmt_vec(v):
    return ", ".join(f"{x:.7g}" for x in v)


def _table(f, df, rows):
    header = ("point", f"formula {_name(df)}", "finite difference", "autograd", "max abs error")
    body = [(_fmt_point(p), _fmt_vec(a), _fmt_vec(b), _fmt_vec(c), _fmt_error(e)) for p, a, b, c, e in rows]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(r, widths, strict=True)) for r in [header, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
