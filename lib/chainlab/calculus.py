"""Numeric derivatives, and ``verify``: the course's three-way check of every derivative it states."""

import numbers
import warnings

import numpy as np
import torch
from torch.overrides import TorchFunctionMode

EPS = np.finfo(float).eps


def step(x):
    """The central-difference step for x: cbrt(eps)·max(1, |x|).

    The central difference has truncation error ∝ h² and round-off error ∝ eps/h;
    their sum is smallest near h = eps^(1/3), about 6e-6, scaled with |x| so that x ± h
    still differs from x in its leading digits.
    """
    return np.cbrt(EPS) * np.maximum(1.0, np.abs(x))


def derivative(f, x, h=None):
    """f'(x) by the central difference (f(x + h) − f(x − h)) / 2h, dividing by (x + h) − (x − h) as the computer
    holds them rather than by 2h: that removes the rounding of x ± h. x may be an array."""
    x = np.asarray(x, dtype=float)
    h = step(x) if h is None else h
    lo, hi = x - h, x + h
    return (np.asarray(f(hi), dtype=float) - np.asarray(f(lo), dtype=float)) / (hi - lo)


def partial(f, point, i, h=None):
    """∂f/∂x_i at point, by the central difference along coordinate i alone."""
    point = np.asarray(point, dtype=float)
    return float(derivative(_along(f, point, i), point[i], h))


def _along(f, point, i):
    """f as a function of its i-th argument alone, the others held at point."""

    def along_i(t):
        moved = list(point)
        moved[i] = t
        return f(*moved)

    return along_i


def gradient(f, point, h=None):
    """∇f at point: the vector of partial derivatives of f(x_1, …, x_n)."""
    point = np.asarray(point, dtype=float)
    return np.array([partial(f, point, i, h) for i in range(point.size)])


def difference_error(f, x):
    """How far derivative(f, x) may be from f'(x): an estimate of the central difference's own error at x.

    Truncation: the error of the central difference is about c·h², so halving h takes off about ¾ of it, and
    twice |D(h) − D(h/2)| is more than the whole. Round-off: each value of f carries an error of a few units in
    its last place (ulp), divided by the step. The relative step of ``step`` leaves few correct digits where f
    curls fast for its x (sin at x = 1000: about 5); this says how few, so that ``verify`` blames no formula for it.
    """
    x = float(x)
    h = float(step(x))
    full, half = float(derivative(f, x, h)), float(derivative(f, x, h / 2))
    size = abs(float(np.asarray(f(x), dtype=float))) + abs(full) * h  # bounds |f| on [x − h, x + h], to first order
    return 2 * abs(full - half) + 8 * float(np.spacing(size)) / h


class NotTraceable(TypeError):
    """f cannot be differentiated by torch.autograd: the message says why, and what to write instead."""


ESCAPES = {  # calls that turn a tensor into something torch.autograd cannot follow, and what they come from
    "__array__": "numpy (np.sin, np.sqrt, ...)",
    "numpy": "numpy (np.sin, np.sqrt, ...)",
    "__float__": "a plain number (math.sqrt, math.sin, float(x), ...)",
    "__int__": "a plain number (int(x), ...)",
    "__index__": "a plain number",
    "item": "a plain number (x.item())",
    "tolist": "a plain number (x.tolist())",
    "detach": "a constant (x.detach())",
}


class _EscapeWatch(TorchFunctionMode):
    """Records every call on a tensor that leaves torch's graph (ESCAPES), while f runs."""

    def __init__(self):
        super().__init__()
        self.escapes = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        name = getattr(func, "__name__", "")
        if name in ESCAPES and ESCAPES[name] not in self.escapes:
            self.escapes.append(ESCAPES[name])
        return func(*args, **(kwargs or {}))


def autograd(f, point):
    """∇f at point by torch.autograd in float64.

    Raises NotTraceable (a TypeError) with what to write instead when torch cannot follow f: when f hands the
    tensor to numpy or math (np.sin, math.sqrt), turns it into a number, or returns no tensor. Its result would
    otherwise be torch's RuntimeError, or worse, a gradient silently missing the parts torch lost track of.
    """
    inputs = [torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for v in point]
    watch = _EscapeWatch()
    try:
        with watch, warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Converting a tensor with requires_grad=True to a scalar"
            output = f(*inputs)
    except Exception as error:  # noqa: BLE001 (reported as a route that could not run, with the reason)
        raise NotTraceable(_untraceable(f, watch.escapes, error)) from None
    if watch.escapes or not isinstance(output, torch.Tensor):
        raise NotTraceable(_untraceable(f, watch.escapes, output))
    if output.numel() != 1:
        raise NotTraceable(f"{_name(f)} returned {output.numel()} numbers; verify needs a function with one value")
    if not output.requires_grad:  # a constant: no path from any input
        return np.zeros(len(inputs))
    grads = torch.autograd.grad(output, inputs, allow_unused=True)
    return np.array([0.0 if g is None else g.item() for g in grads])


def _untraceable(f, escapes, result):
    """Why torch.autograd cannot follow f, and what to write instead."""
    fix = "write it with chainlab.functions (sqrt, sin, exp, log, ...), which work on numbers, arrays and tensors"
    if escapes:
        return f"torch.autograd cannot follow {_name(f)}: it turns the tensor into {' and '.join(escapes)}; {fix}"
    if isinstance(result, Exception):
        return f"torch could not run {_name(f)} on a tensor ({type(result).__name__}: {result}); {fix}"
    return f"{_name(f)} did not return a torch tensor but {type(result).__name__} {result!r}; {fix}"


class Disagreement(AssertionError):
    """verify's verdict that a formula is not the derivative: Jupyter shows the message alone, under the table."""

    def _render_traceback_(self):  # IPython's hook for how an exception is shown
        return [f"Disagreement: {self}"]


class CannotVerify(TypeError, ValueError):
    """verify was given something it cannot check (not a function, no points, a function that fails): Jupyter
    shows the message alone, which says what to give instead, not a traceback through chainlab."""

    def _render_traceback_(self):
        return [f"CannotVerify: {self}"]


def _checked_inputs(f, df, points):
    """The points as a list, once f and df are known to be functions; a single number is one point."""
    for role, given in (("f, the function", f), ("df, the formula", df)):
        if not callable(given):
            raise CannotVerify(
                f"verify(f, df, points): {role}, must be a function, but it is {type(given).__name__} {given!r}. "
                "Give the function itself, without calling it: cube_slope, not cube_slope(2)."
            )
    if isinstance(points, numbers.Real):
        return [points]
    points = list(points)
    if not points:
        raise CannotVerify("verify needs at least one point to check at, for example points=[1.0]")
    return points


def _call(function, point):
    """function(*point) as an array of floats; anything it raises is said in one line naming the call."""
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # a value that is not finite is said by the caller
            return np.asarray(function(*point), dtype=float)
    except Exception as error:  # noqa: BLE001 (the learner's function failed: say where, not a traceback)
        takes = f"one number per coordinate of the point ({len(point)})"
        raise CannotVerify(
            f"{_name(function)}({_fmt_point(point)}) stopped with {type(error).__name__}: {error}. "
            f"verify calls it with {takes}."
        ) from error


def verify(f, df, points, rtol=1e-6, atol=1e-9):
    """Assert that the formula df is the derivative of f, three ways, and print the table.

    f(x1, …, xn) returns a number; df(x1, …, xn) returns its derivative (one variable) or the
    sequence of its partial derivatives. At each point the formula must agree with a central finite
    difference, within rtol and atol plus that difference's own estimated error (``difference_error``, shown
    after ±), and with torch.autograd in float64, within rtol and atol. f is written with chainlab.functions so
    that torch can follow it; where it cannot (np.sin, math.sqrt), the verdict comes from the finite difference
    alone, and verify says so and what to write instead. A disagreement raises ``Disagreement``; something verify
    cannot check (not a function, no points, a function that fails) raises ``CannotVerify``, saying what to give.
    """
    rows, disagreements, not_traceable, no_difference = [], {"the finite difference": [], "autograd": []}, None, []
    for p in _checked_inputs(f, df, points):
        p = tuple(float(v) for v in np.atleast_1d(p))
        value = _call(f, p)
        if not np.all(np.isfinite(value)):
            raise CannotVerify(
                f"{_name(f)}({_fmt_point(p)}) is {value}, not a finite number: choose points where it is"
            )
        formula = np.atleast_1d(_call(df, p))
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            fd = gradient(f, p)
            fd_error = np.array([difference_error(_along(f, p, i), p[i]) for i in range(len(p))])
        if not (np.all(np.isfinite(fd)) and np.all(np.isfinite(fd_error))):  # a step lands where f is undefined
            fd, fd_error = None, None
            no_difference.append(_fmt_point(p))
        try:
            ag = autograd(f, p)
        except NotTraceable as reason:
            ag, not_traceable = None, str(reason)
        if fd is None and ag is None:
            raise CannotVerify(
                f"Neither check can run at {_fmt_point(p)}: the finite difference steps to where {_name(f)} is not a "
                f"finite number, and {not_traceable}. Choose points further inside {_name(f)}'s domain."
            )
        scale = atol + rtol * np.abs(formula)
        errors = [np.abs(formula - route) for route in (fd, ag) if route is not None]
        off_fd = fd is not None and not np.all(np.abs(formula - fd) <= scale + fd_error)
        off_ag = ag is not None and not np.all(np.abs(formula - ag) <= scale)
        largest = max(float(np.max(e)) for e in errors)
        rows.append((p, formula, fd, fd_error, ag, f"{largest:.3g} ✗" if off_fd or off_ag else _fmt_error(largest)))
        if off_fd:
            disagreements["the finite difference"].append(p)
        if off_ag:
            disagreements["autograd"].append(p)
    print(_table(f, df, rows))
    if no_difference:
        print(
            f"At {'; '.join(no_difference)} the finite difference steps to where {_name(f)} is not a finite number "
            "(the edge of its domain is within a step), so the formula was checked against autograd only there."
        )
    if not_traceable:
        print(f"autograd could not run, so the formula was checked against the finite difference only: {not_traceable}")
    if not any(disagreements.values()):
        how = "the formula, the finite difference and autograd agree"
        if not_traceable:
            how = "the formula and the finite difference agree (autograd could not run: see above)"
        elif no_difference:
            how += " (autograd alone where said above)"
        where = f"at the {len(rows)} points" if len(rows) > 1 else "at the point"
        print(f"✓ {_name(df)} is the derivative of {_name(f)} {where}: {how}.")
        return
    raise Disagreement(
        f"{_name(df)} disagrees with the derivative of {_name(f)}: "
        + "; ".join(
            f"with {route} at " + ", ".join(_fmt_point(p) for p in where)
            for route, where in disagreements.items()
            if where
        )
    )


def _name(f):
    return getattr(f, "__name__", repr(f))


def _fmt_point(p):
    return ", ".join(f"{v:.6g}" for v in p)


def _fmt_error(e):
    """The error as the power of ten above it: its last digits are round-off and vary by CPU."""
    if not np.isfinite(e):
        return str(e)
    return "0" if e == 0 else f"< 1e{int(np.floor(np.log10(e))) + 1}"


def _fmt_vec(v):
    return ", ".join(f"{x:.7g}" for x in v)


def _table(f, df, rows):
    header = ("point", f"formula {_name(df)}", "finite difference", "± (its error)", "autograd", "max abs error")
    # max abs error: a bound (< 1e-n) where the formula agrees, the gap itself and ✗ where it does not
    body = [
        (
            _fmt_point(p),
            _fmt_vec(a),
            "—" if b is None else _fmt_vec(b),
            "—" if e is None else _fmt_error(max(e)),
            "—" if c is None else _fmt_vec(c),
            m,
        )
        for p, a, b, e, c, m in rows
    ]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(r, widths, strict=True)) for r in [header, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
