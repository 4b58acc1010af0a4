"""The local derivatives: each elementary operation's value and its derivative with respect to each input.

Reverse mode (``Value``) stores the local derivatives on each node and multiplies them in ``backward``;
forward mode (``Dual``) multiplies them at once. Both read them from here, so the two modes cannot
disagree about a rule. Each rule guards its domain: an input outside it, or a value that is not a finite
number, raises ValueError naming the operation and the input (the message is built only then: these rules
run once per node, and formatting two numbers costs more than the arithmetic).

A one-input rule returns (value, derivative) and raises if the derivative overflows a float: it is always
needed. A two-input rule returns (value, ∂value/∂first, ∂value/∂second), and a derivative that overflows comes
back as ±inf instead: when that input is a plain number, a constant, its derivative is never used
(``1e-300 ** x`` needs only d/dx), and when it is used, ``backward`` reports the overflowed gradient.
"""

import math
from math import isfinite


def _not_finite(op, value):
    return ValueError(f"{op} is not a finite number ({value!r}): the result overflows a float")


def add(a, b):
    value = a + b
    if isfinite(value):
        return value, 1.0, 1.0
    raise _not_finite(f"{a!r} + {b!r}", value)


def sub(a, b):
    value = a - b
    if isfinite(value):
        return value, 1.0, -1.0
    raise _not_finite(f"{a!r} - {b!r}", value)


def mul(a, b):
    value = a * b
    if isfinite(value):
        return value, b, a
    raise _not_finite(f"{a!r} * {b!r}", value)


def div(a, b):
    """a / b: d/da = 1/b, d/db = −a/b², computed as −(a/b)/b: b·b underflows to 0 for |b| below 1.5e-154."""
    if b == 0:
        raise ValueError(f"division by zero: {a!r} / {b!r}")
    value = a / b
    if isfinite(value):
        return value, 1 / b, -value / b
    raise _not_finite(f"{a!r} / {b!r}", value)


def _power_or_inf(a, n):
    """a ** n, or inf where it overflows a float: for a derivative that may never be needed."""
    try:
        return a**n
    except OverflowError:
        return math.inf


def power(a, n):
    """a ** n for a constant exponent n: d/da = n·a^(n−1)."""
    op = f"{a!r} ** {n!r}"
    if a < 0 and not float(n).is_integer():
        raise ValueError(f"{op}: a negative number to a non-integer power is not a real number")
    if a == 0 and n < 0:
        raise ValueError(f"{op}: zero to a negative power divides by zero")
    if a == 0 and 0 < n < 1:
        raise ValueError(f"{op}: the derivative n·a^(n−1) of a ** {n!r} is infinite at a = 0")
    try:
        value = a**n
    except OverflowError:
        raise ValueError(f"{op} is too large for a float") from None
    local = 0.0 if n == 0 else n * _power_or_inf(a, n - 1)
    if isfinite(local):
        return value, local
    raise ValueError(f"{op}: its derivative n·a^(n−1) is too large for a float")


def power_both(a, b):
    """a ** b with both inputs variable: d/da = b·a^(b−1), d/db = a^b·ln a, which needs a > 0."""
    op = f"{a!r} ** {b!r}"
    if a <= 0:
        raise ValueError(f"{op}: a variable exponent needs a positive base (d/db a^b = a^b·ln a), got {a!r}")
    try:
        value = a**b
    except OverflowError:
        raise ValueError(f"{op} is too large for a float") from None
    return value, b * _power_or_inf(a, b - 1), value * math.log(a)


def exp(x):
    try:
        value = math.exp(x)
    except OverflowError:
        raise ValueError(f"exp({x!r}) is too large for a float") from None
    return value, value


def log(x):
    if x <= 0:
        raise ValueError(f"log({x!r}): the logarithm is defined for positive numbers only")
    local = 1 / x
    if isfinite(local):
        return math.log(x), local
    raise _not_finite(f"log({x!r})", local)


def sqrt(x):
    """√x: d/dx = 1/(2√x), infinite at 0."""
    if x < 0:
        raise ValueError(f"sqrt({x!r}): the square root is defined for numbers ≥ 0 only")
    if x == 0:
        raise ValueError(f"sqrt({x!r}): the derivative 1/(2√x) is infinite at x = 0")
    value = math.sqrt(x)
    local = 0.5 / value
    if isfinite(local):
        return value, local
    raise _not_finite(f"sqrt({x!r})", local)


def sin(x):
    return math.sin(x), math.cos(x)


def cos(x):
    return math.cos(x), -math.sin(x)


def tan(x):
    """tan x: d/dx = 1 + tan²x (= 1/cos²x)."""
    value = math.tan(x)
    local = 1 + value * value
    if isfinite(local):
        return value, local
    raise _not_finite(f"tan({x!r})", local)


def tanh(x):
    t = math.tanh(x)
    return t, 1 - t * t


def sigmoid(x):
    """σ(x) = 1 / (1 + e^(−x)), computed without overflow for large |x|; σ′ = σ(1 − σ)."""
    if x >= 0:
        s = 1 / (1 + math.exp(-x))
    else:
        e = math.exp(x)
        s = e / (1 + e)
    return s, s * (1 - s)


def relu(x):
    """max(0, x); its derivative at 0 is taken as 0, as torch does."""
    return (x, 1.0) if x > 0 else (0.0, 0.0)
