"""The course's own automatic differentiation: reverse mode (``Value``), forward mode (``Dual``), a tiny ``nn``.

    >>> from chainlab.autodiff import Value
    >>> x = Value(3.0, "x")
    >>> y = (2 * x**2 + 8) ** 2
    >>> y.backward()
    >>> y.data, x.grad
    (676.0, 624.0)

``draw_graph(y)`` draws the computational graph with matplotlib. Gradients accumulate across ``backward()``
calls, as in torch: see ``chainlab.autodiff.value`` for the rule, and ``zero_grad`` to reset them.

Coming from micrograd
---------------------
``Value`` does what micrograd's does (``+ - * / **``, ``relu``, ``tanh``, ``exp``, ``backward``, ``.data``,
``.grad``), and also ``log``, ``sigmoid``, ``sqrt``, ``sin``, ``cos``, ``tan``. What differs:

- A node's inputs are ``.parents`` (micrograd: ``_prev``), its operation ``.op`` (``_op``). It stores its local
  derivatives, ``.local_grads``, instead of a ``_backward`` closure, and ``pass_back(grad)`` applies them.
- ``backward()`` twice gives leaf gradients exactly twice those of once, as torch does; ``zero_grad`` (or
  ``model.zero_grad()``) before each training step.
- ``<``, ``<=``, ``>``, ``>=`` compare the numbers; ``==`` stays identity, as in micrograd.
- ``chainlab.autodiff.nn``: ``MLP(2, [16, 16, 1])`` needs one more argument, ``rng=np.random.default_rng(0)``:
  the starting weights come from that numpy Generator (micrograd draws from ``random``), so that a network is
  the same every run. They start in ±1/√(inputs), like torch's (micrograd: ±1, and bias 0).
- Hidden layers are tanh unless told (micrograd: ReLU): ``MLP(2, [16, 16, 1], activation="relu", rng=...)`` is
  micrograd's network. The last layer is linear in both; ``Neuron(n, "linear", rng=...)`` is micrograd's
  ``Neuron(n, nonlin=False)``.
- ``Layer(n, 1)(x)`` and ``MLP(...)(x)`` give the output Value itself when there is one, a list otherwise, as in
  micrograd.
"""

from chainlab.autodiff.drawing import draw_graph
from chainlab.autodiff.dual import Dual
from chainlab.autodiff.value import Value, linear, topological_order, zero_grad

__all__ = ["Dual", "Value", "draw_graph", "linear", "topological_order", "zero_grad"]
