"""Tangent explorer: move a point along a curve and watch the tangent line and its slope follow."""

import numpy as np

from chainlab.explorers.base import Explorer, new_figure
from chainlab.explorers.controls import Slider
from chainlab.plotting import number, padded_range, plot_with_tangent, tangent_line


def tangent_at(f, df, x0, xs):
    """The point (x0, f(x0)), the slope f'(x0) and the tangent line's y values at xs."""
    y0, slope = float(f(x0)), float(df(x0))
    return {"y0": y0, "slope": slope, "tangent": tangent_line(x0, y0, slope, xs)}


class TangentExplorer(Explorer):
    """A slider for x0 on the curve of f, with the tangent at x0 and the slope f'(x0) in the title."""

    def __init__(self, f, df, x_range=(-2.5, 2.5), x0=1.0, label="f(x)"):
        self.f, self.df = f, df
        self.xs = np.linspace(*x_range, 200)
        figure, self.ax = new_figure()
        figure.set_size_inches(6, 3.6)
        self.artists = plot_with_tangent(self.ax, f, x0, self.xs, slope=df(x0), label=label)
        self.ax.set(xlabel="x", ylabel=label, ylim=padded_range(f(self.xs)))
        self.ax.legend(loc="upper left")
        slider = Slider(value=x0, min=x_range[0], max=x_range[1], step=0.1, description="x₀")
        moving = (self.artists.tangent, self.artists.point, self.ax.title)
        alt = (
            f"Graph of {label} for x from {number(x_range[0])} to {number(x_range[1])}, with a point on the curve at "
            "x₀ and the tangent line there (dashed); the title gives x₀ and the slope f′(x₀)."
        )
        super().__init__(figure, {"x0": slider}, moving, alt)

    def update(self, x0):
        shown = tangent_at(self.f, self.df, x0, self.xs)
        self.artists.tangent.set_ydata(shown["tangent"])
        self.artists.point.set_data([x0], [shown["y0"]])
        title = f"at x₀ = {x0:.2f}: slope f′(x₀) = {shown['slope']:.2f}"
        self.ax.set_title(title)
        return title.replace("-", "−")


def cube_explorer():
    """The tangent explorer of 00_start_here, on f(x) = x³ whose slope is f'(x) = 3x²."""
    return TangentExplorer(lambda x: x**3, lambda x: 3 * x**2, label="f(x) = x³")


EXPLORERS = (cube_explorer,)  # the ready-made explorers of this module, for tests and benchmarks
