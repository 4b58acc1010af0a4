"""The local derivatives: each elementary operation's value and its derivative with respect to each input.

Reverse mode (``Value``) stores the local derivatives on each node and multiplies them in ``backward``;
forward mode (``Dual``) multiplies them at once. Both read them from here, so the two modes cannot
disagree about a rule. Each rule guards its domain: an input outside it, or a value or local derivative
that is not a finite number, raises ValueError naming the operation and the input.
"""

import math


def _finite(op, results):
    """results if every one is a finite number, else a ValueError naming the operation."""
    for r in results:
        if not math.isfinite(r):
            raise ValueError(f"{op} is not a finite number ({r!r}): the result overflows a float")
    return results


# Each rule returns (value, ∂value/∂first input, ∂value/∂second input); a one-input rule (value, derivative).


def add(a, b):
    return _finite(f"{a!r} + {b!r}", (a + b, 1.0, 1.0))


def sub(a, b):
    return _finite(f"{a!r} - {b!r}", (a - b, 1.0, -1.0))


def mul(a, b):
    return _finite(f"{a!r} * {b!r}", (a * b, b, a))


def div(a, b):
    if b == 0:
        raise ValueError(f"division by zero: {a!r} / {b!r}")
    return _finite(f"{a!r} / {b!r}", (a / b, 1 / b, -a / (b * b)))


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
        local = 0.0 if n == 0 else n * a ** (n - 1)
    except OverflowError:
        raise ValueError(f"{op} is too large for a float") from None
    return _finite(op, (value, local))


def power_both(a, b):
    """a ** b with both inputs variable: d/da = b·a^(b−1), d/db = a^b·ln a, which needs a > 0."""
    op = f"{a!r} ** {b!r}"
    if a <= 0:
        raise ValueError(f"{op}: a variable exponent needs a positive base (d/db a^b = a^b·ln a), got {a!r}")
    try:
        value = a**b
        return _finite(op, (value, b * a ** (b - 1), value * math.log(a)))
    except OverflowError:
        raise ValueError(f"{op} is too large for a float") from None


def exp(x):
    try:
        value = math.exp(x)
    except OverflowError:
        raise ValueError(f"exp({x!r}) is too large for a float") from None
    return value, value


def log(x):
    if x <= 0:
        raise ValueError(f"log({x!r}): the logarithm is defined for positive numbers only")
    return _finite(f"log({x!r})", (math.log(x), 1 / x))


def sin(x):
    return math.sin(x), math.cos(x)


def cos(x):
    return math.cos(x), -math.sin(x)


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
