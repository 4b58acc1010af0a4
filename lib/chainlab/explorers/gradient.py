"""Partial derivatives and the gradient: move a point on f(x, y) = x² + 2y² and see ∇f, the direction of steepest
ascent, and the directional derivative D_u f = ∇f·u as the slope of the slice of f along a chosen direction u."""

import math

import numpy as np
from matplotlib.patches import FancyArrowPatch

from chainlab.explorers.base import Explorer, new_figure
from chainlab.explorers.controls import Slider
from chainlab.plotting import PALETTE, tangent_line

XY_RANGE = (-2.0, 2.0)  # where the x and y sliders move the point
S_MAX = 1.5  # the slice runs over s in [−S_MAX, S_MAX]
GRADIENT_SCALE = 0.15  # the ∇f arrow is drawn at this fraction of its length: |∇f| reaches √80 ≈ 8.9 in a corner
STEEPEST_LENGTH = 1.0  # the dashed steepest-ascent line: this long whatever |∇f|, so its direction shows near (0, 0)
VIEW = 3.3  # the left panel shows [−VIEW, VIEW]²: the point ± 1 (u) and the scaled ∇f arrow stay inside
CONTOUR_LEVELS = [(k / 2) ** 2 for k in range(1, 9)]  # ellipses whose x semi-axes are 0.5, 1, …, 4


def surface(x, y):
    """f(x, y) = x² + 2y²; numbers, numpy arrays or torch tensors."""
    return x**2 + 2 * y**2


def surface_gradient(x, y):
    """∇f = (∂f/∂x, ∂f/∂y) = (2x, 4y)."""
    return np.array([2.0 * x, 4.0 * y])


def direction(theta_degrees):
    """The unit vector u = (cos θ, sin θ), θ in degrees."""
    theta = math.radians(theta_degrees)
    return np.array([math.cos(theta), math.sin(theta)])


def gradient_view(x, y, theta_degrees, s_grid):
    """Everything the explorer shows at the point p = (x, y) and direction θ, computed without drawing.

    f: f(p); gradient: ∇f(p); norm: |∇f|, the slope of steepest ascent; steepest: ∇f/|∇f| (zeros where ∇f = 0);
    u: the unit direction; directional: D_u f = ∇f·u; slice: g(s) = f(p + s·u) over s_grid; tangent: the line
    through (0, g(0)) with slope D_u f over s_grid.
    """
    s_grid = np.asarray(s_grid, dtype=float)
    p = np.array([x, y], dtype=float)
    grad = surface_gradient(*p)
    norm = float(np.hypot(*grad))
    u = direction(theta_degrees)
    value = float(surface(*p))
    directional = float(grad @ u)
    path = p[:, None] + u[:, None] * s_grid  # the points p + s·u, one column per s
    return {
        "f": value,
        "gradient": grad,
        "norm": norm,
        "steepest": grad / norm if norm > 0 else np.zeros(2),
        "u": u,
        "directional": directional,
        "path": path,
        "slice": surface(*path),
        "tangent": tangent_line(0.0, value, directional, s_grid),
    }


def slice_limits(xy_range=XY_RANGE, s_max=S_MAX, pad=0.06):
    """Fixed y-limits of the slice panel: every slice g(s) and its tangent, at every control position, fit inside.

    g ≥ 0 (f is a bowl with its bottom at 0) and g is largest at a corner, s = ±s_max, with u leaning along the
    corner's diagonal: max over θ of (r + s_max|cos θ|)² + 2(r + s_max|sin θ|)², r = max|x| = max|y|. The tangent
    f(p) + s·D_u f reaches f(p) ± s_max·|∇f(p)| at most (|D_u f| ≤ |∇f|), extreme over p on a fine grid
    (0.01 apart: the sliders' steps of 0.1 are on it).
    """
    r = max(abs(v) for v in xy_range)
    theta = np.radians(np.arange(0.0, 360.0, 0.05))
    curve_high = float(np.max((r + s_max * np.abs(np.cos(theta))) ** 2 + 2 * (r + s_max * np.abs(np.sin(theta))) ** 2))
    side = np.linspace(*xy_range, round((xy_range[1] - xy_range[0]) / 0.01) + 1)
    px, py = np.meshgrid(side, side)
    values, norms = surface(px, py), np.hypot(2 * px, 4 * py)
    low = min(0.0, float(np.min(values - s_max * norms)))
    high = max(curve_high, float(np.max(values + s_max * norms)))
    margin = pad * (high - low)
    return low - margin, high + margin


def _num(value, digits=2):
    """A number to the given decimals with the Unicode minus, and never "−0.00"."""
    if round(value, digits) == 0:
        value = 0.0
    return f"{value:.{digits}f}".replace("-", "−")


def readout(x, y, theta_degrees, shown):
    """The line above the panels: the point, ∇f, |∇f| and D_u f at θ."""
    gx, gy = shown["gradient"]
    at = f"at (x, y) = ({_num(x, 1)}, {_num(y, 1)}):"
    steepest = "(steepest ascent)" if round(shown["norm"], 2) > 0 else "(flat here: no steepest direction)"
    return (
        f"{at}  ∇f = ({_num(gx)}, {_num(gy)}),  |∇f| = {_num(shown['norm'])} {steepest},"
        f"  D_u f = ∇f·u = {_num(shown['directional'])} at θ = {theta_degrees:.0f}°"
    )


def _arrow(color, **kwargs):
    return FancyArrowPatch(
        (0, 0), (0, 0), arrowstyle="-|>", mutation_scale=16, shrinkA=0, shrinkB=0, color=color, zorder=4, **kwargs
    )


class GradientExplorer(Explorer):
    """Sliders x, y move a point over the contours of f; θ turns a unit direction u. Left: ∇f and u at the point;
    right: the slice g(s) = f(p + s·u) and its tangent, whose slope is D_u f = ∇f·u."""

    def __init__(self, x0=-1.5, y0=0.5, theta0=0.0, n=121):
        self.s_grid = np.linspace(-S_MAX, S_MAX, n)
        figure, (self.contour_ax, self.slice_ax) = new_figure(ncols=2, width_ratios=[1, 1.25])
        figure.set_size_inches(9.5, 4)
        grad_color, u_color = PALETTE["green"], PALETTE["blue"]

        ax = self.contour_ax
        grid = np.linspace(-VIEW, VIEW, 201)
        gx, gy = np.meshgrid(grid, grid)
        contours = ax.contour(gx, gy, surface(gx, gy), levels=CONTOUR_LEVELS, colors="0.6", linewidths=1)
        ax.clabel(contours, fmt="%g", fontsize=8)
        ax.set(xlim=(-VIEW, VIEW), ylim=(-VIEW, VIEW), xlabel="x", ylabel="y", aspect="equal")
        ax.set_title("contours of f(x, y) = x² + 2y²", loc="left", fontsize=11)
        (self.path,) = ax.plot([], [], color=u_color, linewidth=1, alpha=0.5, label="slice line p + s·u")
        (self.steepest,) = ax.plot([], [], color=grad_color, linewidth=1.2, linestyle="--", label="steepest ascent")
        self.grad_arrow = ax.add_patch(_arrow(grad_color, linewidth=2.2, label=f"∇f (drawn ×{GRADIENT_SCALE:g})"))
        self.u_arrow = ax.add_patch(_arrow(u_color, linewidth=2, label="u (unit length)"))
        # Each arrow named at its head too: the two are told apart by more than their colours.
        self.grad_name, self.u_name = (
            ax.annotate(name, (0, 0), xytext=(5, 5), textcoords="offset points", color=color, fontweight="bold")
            for name, color in (("∇f", grad_color), ("u", u_color))
        )
        (self.point,) = ax.plot([], [], "o", color=PALETTE["black"], markersize=6, zorder=5)
        ax.legend(loc="lower left", fontsize=8, frameon=True, framealpha=0.9, handlelength=1.6)

        ax = self.slice_ax
        (self.curve,) = ax.plot([], [], color=u_color, label="g(s) = f(p + s·u)")
        (self.tangent,) = ax.plot([], [], color=PALETTE["vermillion"], linestyle="--", label="tangent: slope D_u f")
        (self.slice_point,) = ax.plot([], [], "o", color=PALETTE["black"], zorder=3)
        ax.set(xlim=(-S_MAX * 1.04, S_MAX * 1.04), ylim=slice_limits(), xlabel="s (distance along u)", ylabel="f")
        ax.set_title("the slice of f along u through p", loc="left", fontsize=11)
        ax.legend(loc="upper center", fontsize=9)

        self.title = figure.suptitle("", fontsize=10.5)
        step = dict(min=XY_RANGE[0], max=XY_RANGE[1], step=0.1, readout_format=".1f")
        controls = {
            "x": Slider(value=x0, description="x", **step),
            "y": Slider(value=y0, description="y", **step),
            "theta": Slider(value=theta0, min=0.0, max=360.0, step=1.0, description="θ (°)", readout_format=".0f"),
        }
        moving = [self.path, self.steepest, self.grad_arrow, self.u_arrow, self.grad_name, self.u_name, self.point]
        alt = (
            "Two panels. Left: the contour lines of f(x, y) = x² + 2y², ellipses around (0, 0); at the point p, the "
            f"gradient as an arrow labelled ∇f (drawn at {GRADIENT_SCALE:g} of its length), a dashed line in the "
            "direction of steepest ascent, the unit direction as a second arrow labelled u, and the slice line through "
            "p along u. Right: the slice g(s) = f(p + s·u) along that line and its tangent at s = 0 (dashed), whose "
            "slope is D_u f."
        )
        moving = [*moving, self.curve, self.tangent, self.slice_point, self.title]
        super().__init__(figure, controls, moving, alt)

    def update(self, x, y, theta):
        shown = gradient_view(x, y, theta, self.s_grid)
        p = np.array([x, y])
        self.point.set_data([x], [y])
        self.path.set_data(*shown["path"])
        flat = shown["norm"] == 0  # at (0, 0): no arrow and no direction to draw
        self.grad_arrow.set_positions(tuple(p), tuple(p + GRADIENT_SCALE * shown["gradient"]))
        self.grad_arrow.set_visible(not flat)
        self.grad_name.xy = tuple(p + GRADIENT_SCALE * shown["gradient"])
        self.grad_name.set_visible(not flat)
        self.steepest.set_data(*np.column_stack([p, p + STEEPEST_LENGTH * shown["steepest"]]))
        self.steepest.set_visible(not flat)
        self.u_arrow.set_positions(tuple(p), tuple(p + shown["u"]))
        self.u_name.xy = tuple(p + shown["u"])
        self.curve.set_data(self.s_grid, shown["slice"])
        self.tangent.set_data(self.s_grid, shown["tangent"])
        self.slice_point.set_data([0.0], [shown["f"]])
        text = readout(x, y, theta, shown)
        self.title.set_text(text)
        return text


def gradient_explorer():
    """The explorer of notebook 04 (partial derivatives and the gradient), at (x, y) = (−1.5, 0.5), θ = 0°:
    not at (1, 1), where the notebook asks the learner to predict |∇f| before moving anything."""
    return GradientExplorer()


EXPLORERS = (gradient_explorer,)  # the ready-made explorers of this module, for tests and benchmarks
