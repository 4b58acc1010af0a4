"""Forward mode: ``Dual``, a number carried together with its derivative with respect to one chosen input.

``Dual(3.0, 1.0)`` is x = 3 with dx/dx = 1. Every operation computes its value and, by the chain rule at once,
its derivative: d(f(u)) = f′(u)·du, with the same local derivatives (``rules``) that reverse mode stores on its
nodes. No graph is kept: one pass gives the derivative with respect to one input, where reverse mode's one
backward pass gives the derivatives with respect to all of them.
"""

from chainlab.autodiff import rules
from chainlab.autodiff.operations import Operations
from chainlab.autodiff.scalars import as_operand, as_real


class Dual(Operations):
    """A number and its derivative, carried forward together through every operation."""

    __slots__ = ("data", "derivative")
    __array_ufunc__ = None

    def __init__(self, data, derivative=0.0):
        self.data = as_real(data, "Dual")
        self.derivative = as_real(derivative, "Dual's derivative")

    def __repr__(self):
        return f"Dual(data={self.data:.6g}, derivative={self.derivative:.6g})"

    def _binary(self, other, rule, symbol, reflected=False):
        """self symbol other (or other symbol self, when reflected): d(result) = ∂₁·d(first) + ∂₂·d(second)."""
        if isinstance(other, Dual):
            data, d_self, d_other = rule(self.data, other.data)
            return Dual(data, _times(d_self, self.derivative) + _times(d_other, other.derivative))
        if reflected:
            data, _, d_self = rule(as_operand(other, symbol, other, self), self.data)
        else:
            data, d_self, _ = rule(self.data, as_operand(other, symbol, self, other))
        return Dual(data, d_self * self.derivative)  # a number is a constant: its derivative is 0

    def _power(self, n):
        data, d_self = rules.power(self.data, as_operand(n, "**", self, n))
        return Dual(data, d_self * self.derivative)

    def _negate(self):
        return Dual(-self.data, -self.derivative)

    def _unary(self, rule, _name):
        data, local = rule(self.data)
        return Dual(data, local * self.derivative)


def _times(local, derivative):
    """local · derivative, where a constant (derivative 0) contributes 0 even if its local derivative overflowed."""
    return local * derivative if derivative else 0.0
