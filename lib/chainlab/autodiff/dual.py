"""Forward mode: ``Dual``, a number carried together with its derivative with respect to one chosen input.

``Dual(3.0, 1.0)`` is x = 3 with dx/dx = 1. Every operation computes its value and, by the chain rule at once,
its derivative: d(f(u)) = f′(u)·du, with the same local derivatives (``rules``) that reverse mode stores on its
nodes. No graph is kept: one pass gives the derivative with respect to one input, where reverse mode's one
backward pass gives the derivatives with respect to all of them.
"""

from chainlab.autodiff import rules
from chainlab.autodiff.scalars import as_operand, as_real


class Dual:
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
            return Dual(data, d_self * self.derivative + d_other * other.derivative)
        if reflected:
            data, _, d_self = rule(as_operand(other, symbol, other, self), self.data)
        else:
            data, d_self, _ = rule(self.data, as_operand(other, symbol, self, other))
        return Dual(data, d_self * self.derivative)  # a number is a constant: its derivative is 0

    def __add__(self, other):
        return self._binary(other, rules.add, "+")

    def __radd__(self, other):
        return self._binary(other, rules.add, "+", reflected=True)

    def __sub__(self, other):
        return self._binary(other, rules.sub, "-")

    def __rsub__(self, other):
        return self._binary(other, rules.sub, "-", reflected=True)

    def __mul__(self, other):
        return self._binary(other, rules.mul, "*")

    def __rmul__(self, other):
        return self._binary(other, rules.mul, "*", reflected=True)

    def __truediv__(self, other):
        return self._binary(other, rules.div, "/")

    def __rtruediv__(self, other):
        return self._binary(other, rules.div, "/", reflected=True)

    def __pow__(self, other):
        if isinstance(other, Dual):
            return self._binary(other, rules.power_both, "**")
        data, d_self = rules.power(self.data, as_operand(other, "**", self, other))
        return Dual(data, d_self * self.derivative)

    def __rpow__(self, other):
        return self._binary(other, rules.power_both, "**", reflected=True)

    def __neg__(self):
        return Dual(-self.data, -self.derivative)

    def _unary(self, rule):
        data, local = rule(self.data)
        return Dual(data, local * self.derivative)

    def exp(self):
        return self._unary(rules.exp)

    def log(self):
        return self._unary(rules.log)

    def sin(self):
        return self._unary(rules.sin)

    def cos(self):
        return self._unary(rules.cos)

    def tanh(self):
        return self._unary(rules.tanh)

    def sigmoid(self):
        return self._unary(rules.sigmoid)

    def relu(self):
        return self._unary(rules.relu)
