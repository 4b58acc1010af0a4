"""The course's own automatic differentiation: reverse mode (``Value``), forward mode (``Dual``), a tiny ``nn``.

    >>> from chainlab.autodiff import Value
    >>> x = Value(3.0, "x")
    >>> y = (2 * x**2 + 8) ** 2
    >>> y.backward()
    >>> y.data, x.grad
    (676.0, 624.0)

``draw_graph(y)`` draws the computational graph with matplotlib. Gradients accumulate across ``backward()``
calls, as in torch: see ``chainlab.autodiff.value`` for the rule, and ``zero_grad`` to reset them.
"""

from chainlab.autodiff.drawing import draw_graph
from chainlab.autodiff.dual import Dual
from chainlab.autodiff.value import Value, linear, topological_order, zero_grad

__all__ = ["Dual", "Value", "draw_graph", "linear", "topological_order", "zero_grad"]
