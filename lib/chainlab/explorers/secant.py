"""Secant explorer: shrink Δx and watch the secant through x₀ and x₀ + Δx turn into the tangent at x₀."""

import numpy as np

from chainlab.explorers.base import Explorer, new_figure
from chainlab.explorers.controls import Slider
from chainlab.plotting import PALETTE, number, padded_range, tangent_line


def secant(f, x0, dx):
    """The secant of f through x₀ and x₀ + Δx: both points, its slope Δy/Δx, and Δx itself.

    dx may be an array (one secant per entry). Δx is taken as the representable distance
    (x₀ + dx) − x₀, so the slope is exactly the slope of the line through the two points.
    """
    x1 = x0 + np.asarray(dx, dtype=float)
    run = x1 - x0
    y0, y1 = float(f(x0)), np.asarray(f(x1), dtype=float)
    return {"x0": x0, "y0": y0, "x1": x1, "y1": y1, "dx": run, "dy": y1 - y0, "slope": (y1 - y0) / run}


class SecantExplorer(Explorer):
    """A log-scale Δx slider. Left: the curve, the secant and the tangent at x₀. Right: slope against Δx."""

    def __init__(self, f, df, x0=1.0, x_range=(-0.25, 2.25), dx_exponents=(-6, 0), label="f(x)"):
        self.f, self.x0, self.derivative = f, x0, float(df(x0))
        self.xs = np.linspace(*x_range, 200)
        figure, (self.ax, self.ax_slope) = new_figure(ncols=2, width_ratios=(3, 2))
        figure.set_size_inches(9, 3.8)

        ys = f(self.xs)
        ax = self.ax
        ax.plot(self.xs, ys, color=PALETTE["blue"], label=label)
        (self.tangent,) = ax.plot(
            self.xs,
            tangent_line(x0, float(f(x0)), self.derivative, self.xs),
            color=PALETTE["vermillion"],
            linestyle="--",
            label="tangent at x₀",
            zorder=2.5,  # above the secant, so its dashes show where the two lines meet
        )
        (self.secant,) = ax.plot(self.xs, self.xs, color=PALETTE["green"], linestyle="-.", label="secant")
        (self.legs,) = ax.plot([], [], color=PALETTE["black"], linewidth=1, linestyle=":")
        (self.points,) = ax.plot([], [], "o", color=PALETTE["black"], zorder=3)
        self.dx_text = ax.annotate("Δx", (0, 0), xytext=(0, -4), textcoords="offset points", ha="center", va="top")
        self.dy_text = ax.annotate("Δy", (0, 0), xytext=(4, 0), textcoords="offset points", ha="left", va="center")
        ax.set(xlabel="x", ylabel=label, xlim=x_range, ylim=padded_range(ys))
        ax.legend(loc="upper left")

        # The right panel's curve is fixed: the slope at every Δx the slider can reach.
        dxs = np.logspace(*dx_exponents, 200)
        slopes = secant(f, x0, dxs)["slope"]
        ax_slope = self.ax_slope
        ax_slope.semilogx(dxs, slopes, color=PALETTE["green"], label="secant slope Δy/Δx")
        ax_slope.axhline(self.derivative, color=PALETTE["vermillion"], linestyle="--", label="f′(x₀)")
        (self.marker,) = ax_slope.plot([], [], "o", color=PALETTE["black"], zorder=3)
        low, high = min(slopes.min(), self.derivative), max(slopes.max(), self.derivative)
        spread = high - low
        ax_slope.set(xlabel="Δx (log scale)", ylabel="slope", ylim=(low - 0.1 * spread, high + 0.25 * spread))
        ax_slope.legend(loc="upper left")
        ax_slope.set_title(f"as Δx → 0, Δy/Δx → f′(x₀) = {self.derivative:.6g}")

        slider = Slider(
            value=10.0 ** dx_exponents[1],
            base=10,
            min=dx_exponents[0],
            max=dx_exponents[1],
            step=0.1,
            description="Δx",
            readout_format=".4g",
        )
        moving = (self.secant, self.legs, self.points, self.dx_text, self.dy_text, self.marker, self.ax.title)
        alt = (
            f"Two panels. Left: the curve {label}, its tangent at x₀ = {number(x0)} (dashed) and the secant through "
            "x₀ and x₀ + Δx (dash-dotted), with the legs Δx and Δy marked. Right: the secant's slope Δy/Δx against "
            "Δx on a log scale, f′(x₀) as a dashed line, and a dot at the current Δx."
        )
        super().__init__(figure, {"dx": slider}, moving, alt)

    def update(self, dx):
        s = secant(self.f, self.x0, dx)
        x0, y0, x1, y1 = s["x0"], s["y0"], float(s["x1"]), float(s["y1"])
        self.secant.set_ydata(tangent_line(x0, y0, float(s["slope"]), self.xs))
        self.points.set_data([x0, x1], [y0, y1])
        self.legs.set_data([x0, x1, x1], [y0, y0, y1])
        # The Δx and Δy labels only where the legs are long enough to carry them.
        show = float(s["dx"]) > 0.15
        self.dx_text.xy = ((x0 + x1) / 2, y0)
        self.dy_text.xy = (x1, (y0 + y1) / 2)
        self.dx_text.set_visible(show)
        self.dy_text.set_visible(show)
        self.marker.set_data([float(s["dx"])], [float(s["slope"])])
        title = f"Δx = {dx:.4g}:  secant slope Δy/Δx = {float(s['slope']):.6f}"
        self.ax.set_title(title)
        return f"{title}; the tangent's slope f′(x₀) is {self.derivative:.6g}".replace("-", "−")


def square_secant_explorer():
    """The secant explorer of 01_derivatives_refresher: f(x) = x² at x₀ = 1, where Δy/Δx = 2 + Δx."""
    return SecantExplorer(lambda x: x**2, lambda x: 2 * x, x0=1.0, label="f(x) = x²")


EXPLORERS = (square_secant_explorer,)  # the ready-made explorers of this module, for tests and benchmarks
