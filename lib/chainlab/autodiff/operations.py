"""The operations Value and Dual both offer, each one rule of ``rules`` handed to the class's own
``_binary`` (two operands), ``_power`` (a number exponent), ``_negate`` or ``_unary`` (one operand): a class
says only how it combines a rule with what it carries (a graph node, or a derivative)."""

from chainlab.autodiff import rules


class Operations:
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

    def tanh(self):
        return self._unary(rules.tanh, "tanh")

    def sigmoid(self):
        return self._unary(rules.sigmoid, "sigmoid")

    def relu(self):
        return self._unary(rules.relu, "relu")
