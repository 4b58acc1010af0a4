"""Slopes multiply: three linked panels u(x), y(u) and y(x), and du/dx × dy/du = dy/dx at a moving x."""

import math
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from chainlab.explorers.base import Explorer, new_figure
from chainlab.explorers.controls import Slider
from chainlab.functions import cos, log, sin
from chainlab.plotting import PALETTE, number, padded_range, tangent_line


@dataclass(frozen=True)
class ChainExample:
    """y = outer(inner(x)), the two links' derivatives, and the x range the slider covers."""

    whole: str  # how the learner reads y(x), also the dropdown label
    inner_label: str
    outer_label: str
    inner: Callable
    d_inner: Callable
    outer: Callable
    d_outer: Callable
    x_range: tuple[float, float]
    x0: float


EXAMPLES = {
    example.whole: example
    for example in (
        ChainExample(
            whole="y = (2x² + 8)²",
            inner_label="u = 2x² + 8",
            outer_label="y = u²",
            inner=lambda x: 2 * x**2 + 8,
            d_inner=lambda x: 4 * x,
            outer=lambda u: u**2,
            d_outer=lambda u: 2 * u,
            x_range=(-3.0, 3.0),
            x0=1.0,
        ),
        ChainExample(
            whole="y = (5x + 25)³",
            inner_label="u = 5x + 25",
            outer_label="y = u³",
            inner=lambda x: 5 * x + 25,
            d_inner=lambda x: 5 + 0 * x,
            outer=lambda u: u**3,
            d_outer=lambda u: 3 * u**2,
            x_range=(-7.0, -3.0),
            x0=-4.0,
        ),
        ChainExample(
            whole="h = ln(2 + cos x)",
            inner_label="u = 2 + cos x",
            outer_label="y = ln u",
            inner=lambda x: 2 + cos(x),
            d_inner=lambda x: -sin(x),
            outer=log,  # u = 2 + cos x ≥ 1, so ln u is always defined
            d_outer=lambda u: 1 / u,
            x_range=(-math.pi, math.pi),
            x0=math.pi / 2,
        ),
    )
}


def slopes_at(example, x):
    """u, y and the three slopes at x; dy/dx is the product of the two links' slopes (the chain rule)."""
    u = float(example.inner(x))
    du_dx = float(example.d_inner(x))
    dy_du = float(example.d_outer(u))
    return {"u": u, "y": float(example.outer(u)), "du_dx": du_dx, "dy_du": dy_du, "dy_dx": dy_du * du_dx}


def chain_view(example, x, xs, us):
    """What the three panels show at x: slopes_at plus the tangent lines' y values over xs (or us)."""
    shown = slopes_at(example, x)
    shown["u_tangent"] = tangent_line(x, shown["u"], shown["du_dx"], xs)
    shown["y_of_u_tangent"] = tangent_line(shown["u"], shown["y"], shown["dy_du"], us)
    shown["y_tangent"] = tangent_line(x, shown["y"], shown["dy_dx"], xs)
    return shown


def curves(example, n=200):
    """The grids and the three curves of an example: x grid, u(x), u grid, y(u), y(x)."""
    xs = np.linspace(*example.x_range, n)
    u_of_x = example.inner(xs)
    us = np.linspace(u_of_x.min(), u_of_x.max(), n)
    return xs, u_of_x, us, example.outer(us), example.outer(u_of_x)


class ChainExplorer(Explorer):
    """An x slider moves one point through u(x), y(u) and y(x); each panel shows its tangent and slope."""

    def __init__(self, example="y = (2x² + 8)²"):
        first = EXAMPLES[example]
        figure, self.axes = new_figure(ncols=3)
        figure.set_size_inches(9, 3.9)
        self.lines = []
        for ax in self.axes:
            (curve,) = ax.plot([], [], color=PALETTE["blue"])
            (tangent,) = ax.plot([], [], color=PALETTE["vermillion"], linestyle="--", label="tangent")
            (point,) = ax.plot([], [], "o", color=PALETTE["black"], zorder=3)
            self.lines.append((curve, tangent, point))
        # Each panel: its function as the title on the left, and a line lower, on the right, its slope in the
        # tangent's colour (on one line, a long function and its slope would overlap).
        self.readouts = [
            ax.text(
                1, 1.02, "", transform=ax.transAxes, ha="right", va="bottom", color=PALETTE["vermillion"], fontsize=12
            )
            for ax in self.axes
        ]
        self.product = figure.suptitle("", fontsize=13)
        self.shown_example = None
        dropdown = widgets.Dropdown(options=list(EXAMPLES), value=example, description="example")
        slider = Slider(
            value=first.x0, min=first.x_range[0], max=first.x_range[1], step=0.01, description="x", readout_format=".2f"
        )
        self._switching = False
        dropdown.observe(self._on_example, names="value")  # before Explorer's own observer: slider first
        moving = [artist for _, tangent, point in self.lines for artist in (tangent, point)]
        alt = (
            "Three panels side by side: u against x, y against u, and y against x, each with its curve, a point at the "
            "current x (or its u) and the tangent there (dashed), and its slope above it; above all three, the "
            "product du/dx × dy/du = dy/dx."
        )
        super().__init__(figure, {"example": dropdown, "x": slider}, [*moving, *self.readouts, self.product], alt)

    def _on_example(self, change):
        """A new example: put the slider at its default, inside the new range, without drawing in between."""
        example, slider = EXAMPLES[change["new"]], self.controls["x"]
        self._switching = True
        low, high = example.x_range
        try:
            # Widen the range to hold both the old and the new one, move, then narrow: a slider clamps its value
            # to its range, so narrowing first would leave x at the edge rather than at the example's start.
            slider.min, slider.max = min(slider.min, low), max(slider.max, high)
            slider.value = example.x0
            slider.min, slider.max = low, high
        finally:
            self._switching = False

    def _on_change(self, change):
        if not self._switching:
            super()._on_change(change)

    def _show_example(self, example):
        """Reset the curves, labels and limits: only when the dropdown changes."""
        self.xs, u_of_x, self.us, y_of_u, y_of_x = curves(example)
        grids = ((self.xs, u_of_x), (self.us, y_of_u), (self.xs, y_of_x))
        labels = (("x", "u"), ("u", "y"), ("x", "y"))
        titles = (example.inner_label, example.outer_label, example.whole)
        panels = zip(self.axes, self.lines, grids, labels, titles, strict=True)
        for ax, (curve, _, _), (h, v), (xlabel, ylabel), title in panels:
            curve.set_data(h, v)
            ax.set(xlim=padded_range(h, 0.04), ylim=padded_range(v, 0.04), xlabel=xlabel, ylabel=ylabel)
            ax.set_title(title, loc="left", pad=18)
        self.shown_example = example
        self.redraw_everything()

    def update(self, example, x):
        example = EXAMPLES[example]
        if example is not self.shown_example:
            self._show_example(example)
        s = chain_view(example, x, self.xs, self.us)
        data = (
            (self.xs, s["u_tangent"], x, s["u"]),
            (self.us, s["y_of_u_tangent"], s["u"], s["y"]),
            (self.xs, s["y_tangent"], x, s["y"]),
        )
        for (_, tangent, point), (h, v, h0, v0) in zip(self.lines, data, strict=True):
            tangent.set_data(h, v)
            point.set_data([h0], [v0])
        du_dx, dy_du, dy_dx = (number(s[k]) for k in ("du_dx", "dy_du", "dy_dx"))
        self.readouts[0].set_text(f"du/dx = {du_dx}")
        self.readouts[1].set_text(f"dy/du = {dy_du}")
        self.readouts[2].set_text(f"dy/dx = {dy_dx}")
        product = f"du/dx × dy/du = {du_dx} × {dy_du} = {dy_dx} = dy/dx"
        self.product.set_text(f"at x = {number(x)}:   {product}")
        return f"{example.whole}, at x = {number(x)}, u = {number(s['u'])}: {product}"


def slopes_multiply_explorer():
    """The explorer of 02_chain_rule_nested_functions, starting at y = (2x² + 8)², x = 1."""
    return ChainExplorer()


EXPLORERS = (slopes_multiply_explorer,)  # the ready-made explorers of this module, for tests and benchmarks
