"""The operations Value and Dual both offer, each one rule of ``rules`` handed to the class's own
``_binary`` (two operands), ``_power`` (a number exponent), ``_negate`` or ``_unary`` (one operand): a class
says only how it combines a rule with what it carries (a graph node, or a derivative)."""

from chainlab.autodiff import rules
from chainlab.autodiff.scalars import as_operand


class Operations:
    """Arithmetic, elementary functions, and comparisons of the numbers.

    ``<``, ``<=``, ``>``, ``>=`` compare the numbers (``.data``), with numbers or with the same class, as torch
    does for 0-d tensors: a bool, usable in ``if``, with no gradient. ``==`` and ``!=`` stay identity, as for any
    object: graphs keep nodes in sets and dicts (the topological order's visited set), where two nodes holding
    the same number must stay two nodes. Compare the numbers with ``a.data == b.data``.
    """

    __slots__ = ()

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
        if isinstance(other, type(self)):
            return self._binary(other, rules.power_both, "**")
        return self._power(other)

    def __rpow__(self, other):
        return self._binary(other, rules.power_both, "**", reflected=True)

    def __neg__(self):
        return self._negate()

    def exp(self):
        return self._unary(rules.exp, "exp")

    def log(self):
        return self._unary(rules.log, "log")

    def sin(self):
        return self._unary(rules.sin, "sin")

    def cos(self):
        return self._unary(rules.cos, "cos")

    def tan(self):
        return self._unary(rules.tan, "tan")

    def sqrt(self):
        return self._unary(rules.sqrt, "sqrt")

    def tanh(self):
        return self._unary(rules.tanh, "tanh")

    def sigmoid(self):
        return self._unary(rules.sigmoid, "sigmoid")

    def relu(self):
        return self._unary(rules.relu, "relu")

    def __lt__(self, other):
        return self.data < self._number(other, "<")

    def __le__(self, other):
        return self.data <= self._number(other, "<=")

    def __gt__(self, other):
        return self.data > self._number(other, ">")

    def __ge__(self, other):
        return self.data >= self._number(other, ">=")

    def _number(self, other, symbol):
        """The number to compare with: the other's .data, or other itself as a real number (else a TypeError)."""
        return other.data if isinstance(other, type(self)) else as_operand(other, symbol, self, other)
