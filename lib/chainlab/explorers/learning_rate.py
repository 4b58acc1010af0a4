"""The learning rate: run gradient descent on the regression of notebook 07 and watch it converge below the edge
2/λmax and diverge above it, on the cost surface, in the cost per step, and in the line it fits."""

import numpy as np

from chainlab import regression
from chainlab.explorers.base import SCREEN_DPI, Explorer, new_figure
from chainlab.explorers.controls import Slider
from chainlab.plotting import PALETTE, number

LR_RANGE = (0.002, 0.07)  # the learning-rate slider: from a crawl to well past the edge at ≈ 0.0549
LR_STEP = 0.0005
STEPS_RANGE = (1, 60)
M_VIEW, B_VIEW = (-2.4, 1.6), (-0.6, 2.4)  # every path below the edge stays inside; one above it zigzags out
COST_VIEW = (0.01, 2000.0)  # the least cost is ≈ 0.0195 and the start's ≈ 19.7; a diverging cost leaves at the top
Y_VIEW = (-2.5, 3.0)
CONTOUR_LEVELS = [0.03, 0.1, 0.3, 1, 3, 10, 30]
LINE_X = np.array([-0.5, 7.5])  # the fitted line is drawn across the data panel


def descent_view(lr, steps):
    """Everything the explorer shows for a learning rate and a number of steps, computed without drawing.

    path and costs: the run of regression.descend from the start; diverged: its verdict (the cost ended above
    where it started); shown_points and shown_path: the part of the path drawn (see in_view); shown_end: the last
    step's (m, b) as a 1×2 array, or 0×2 when it lies outside the view; fit: its line at LINE_X.
    """
    run = regression.descend(lr, steps)
    shown_points, shown_path = in_view(run.path)
    return {
        "path": run.path,
        "costs": run.costs,
        "diverged": run.diverged,
        "shown_points": shown_points,
        "shown_path": shown_path,
        "shown_end": run.path[-1:] if len(shown_points) == len(run.path) else np.empty((0, 2)),
        "fit": regression.predict(*run.path[-1], LINE_X),
    }


def in_view(path):
    """The part of a path that the surface panel draws: its points up to the first outside the view, and the line
    through them on to where it leaves the view. A diverging path zigzags ever wider across the view: drawn whole,
    its later segments would bury the rest."""
    low, high = np.array([M_VIEW[0], B_VIEW[0]]), np.array([M_VIEW[1], B_VIEW[1]])
    outside = (path < low) | (path > high)
    if not outside.any():
        return path, path
    k = int(np.argmax(outside.any(axis=1)))  # the start is in view: k ≥ 1
    before, after = path[k - 1], path[k]
    bound = np.where(after > high, high, low)
    leaving = min((bound[i] - before[i]) / (after[i] - before[i]) for i in np.flatnonzero(outside[k]))
    return path[:k], np.vstack([path[:k], before + leaving * (after - before)])


def cost_surface(ms, bs):
    """C(m, b) on the grid of ms (columns) and bs (rows), as contour takes it."""
    grid_m, grid_b = np.meshgrid(ms, bs)
    return regression.mse(grid_m[..., None], grid_b[..., None])


def readout(lr, steps, shown):
    """The line above the panels: the learning rate, and what became of the cost. It does not print the edge: the
    notebook asks for it (07.5), and the learner finds it by moving the slider to where the verdict changes."""
    costs = shown["costs"]
    if shown["diverged"]:  # how fast, as a factor per step: the cost itself soon runs to 1e+24
        growth = (costs[-1] / costs[0]) ** (1 / max(len(costs) - 1, 1))
        return f"learning rate {lr:.4f}:  diverged, the cost grows instead of falling, about ×{growth:.4g} per step"
    after = f"after {steps} step{'s' * (steps != 1)}"
    return f"learning rate {lr:.4f}:  converging, cost {costs[0]:.4g} → {costs[-1]:.3g} {after}"


class LearningRateExplorer(Explorer):
    """Sliders set the learning rate and the number of steps. Left: the path of descent over the contours of the
    cost; middle: the cost after each step, on a log scale; right: the data and the line where descent ended."""

    def __init__(self, lr0=0.01, steps0=20):
        figure, (self.surface_ax, self.cost_ax, self.data_ax) = new_figure(
            dpi=SCREEN_DPI, ncols=3, width_ratios=[1.1, 1, 1]
        )
        figure.set_size_inches(12, 4)
        path_color, end_color, best_color = PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"]
        best_m, best_b = regression.least_squares()
        best_cost = regression.mse(best_m, best_b)

        ax = self.surface_ax
        ms, bs = np.linspace(*M_VIEW, 161), np.linspace(*B_VIEW, 161)
        contours = ax.contour(ms, bs, cost_surface(ms, bs), levels=CONTOUR_LEVELS, colors="0.65", linewidths=1)
        ax.clabel(contours, fmt="%g", fontsize=8)
        ax.plot(*regression.START, "o", color=PALETTE["black"], markersize=6, label="start")
        ax.plot(best_m, best_b, "*", color=best_color, markersize=12, label="least squares")
        (self.path,) = ax.plot([], [], color=path_color, linewidth=1.2, label="descent")
        (self.points,) = ax.plot([], [], "o", color=path_color, markersize=3)
        (self.end,) = ax.plot([], [], "o", color=end_color, markersize=7, zorder=4, label="last step")
        ax.set(xlim=M_VIEW, ylim=B_VIEW, xlabel="slope m", ylabel="intercept b")
        ax.set_title("the path over the cost C(m, b)", loc="left", fontsize=11)
        ax.legend(loc="upper right", fontsize=8, frameon=True, framealpha=0.9, handlelength=1.4)

        ax = self.cost_ax
        ax.axhline(best_cost, color=best_color, linestyle=":", linewidth=1.5, label="least cost")
        (self.costs,) = ax.plot([], [], "o-", color=path_color, linewidth=1.2, markersize=3, label="cost")
        (self.end_cost,) = ax.plot([], [], "o", color=end_color, markersize=7, zorder=4)
        ax.set(yscale="log", xlim=(-1, STEPS_RANGE[1] + 1), ylim=COST_VIEW, xlabel="step", ylabel="cost C")
        ax.set_title("the cost after each step", loc="left", fontsize=11)
        ax.legend(loc="upper right", fontsize=8, frameon=True, framealpha=0.9)

        ax = self.data_ax
        ax.plot(regression.X, regression.Y, "o", color=PALETTE["black"], markersize=5, label="data")
        ax.plot(LINE_X, best_m * LINE_X + best_b, ":", color=best_color, linewidth=1.5, label="least squares")
        (self.fit,) = ax.plot([], [], color=end_color, linewidth=2, label="line at the last step")
        ax.set(xlim=LINE_X, ylim=Y_VIEW, xlabel="x", ylabel="y")
        ax.set_title("the data and the line ŷ = m·x + b", loc="left", fontsize=11)
        ax.legend(loc="upper right", fontsize=8, frameon=True, framealpha=0.9)

        self.title = figure.suptitle("", fontsize=11)
        controls = {
            "lr": Slider(
                value=lr0,
                min=LR_RANGE[0],
                max=LR_RANGE[1],
                step=LR_STEP,
                description="learning rate",
                readout_format=".4f",
            ),
            "steps": Slider(
                value=steps0, min=STEPS_RANGE[0], max=STEPS_RANGE[1], step=1, whole=True, description="steps"
            ),
        }
        moving = [self.path, self.points, self.end, self.costs, self.end_cost, self.fit, self.title]
        alt = (
            "Three panels. Left: the path of gradient descent from the start over the contour lines of the cost "
            "C(m, b), with the least-squares point as a star and the last step as a large dot. Middle: the cost after "
            "each step on a log scale, the least cost as a dotted line. Right: the data points, the least-squares line "
            "(dotted) and the line ŷ = m·x + b of the last step (solid)."
        )
        super().__init__(figure, controls, moving, alt)

    def update(self, lr, steps):
        shown = descent_view(lr, steps)
        costs = shown["costs"]
        self.path.set_data(*shown["shown_path"].T)
        self.points.set_data(*shown["shown_points"].T)
        self.end.set_data(*shown["shown_end"].T)
        self.costs.set_data(np.arange(len(costs)), costs)
        self.end_cost.set_data([len(costs) - 1], [costs[-1]])
        self.fit.set_data(LINE_X, shown["fit"])
        self.title.set_text(readout(lr, steps, shown))
        self.title.set_color(PALETTE["vermillion"] if shown["diverged"] else PALETTE["black"])
        m, b = shown["path"][-1]
        return f"{self.title.get_text()}; the last step is at m = {number(m)}, b = {number(b)}".replace("  ", " ")


def learning_rate_explorer():
    """The explorer of notebook 07 (gradient descent), at learning rate 0.01, for 20 steps: well below the edge, so
    that it shows neither the edge nor what happens just below it before the learner moves the slider (07.5, 07.6)."""
    return LearningRateExplorer()


EXPLORERS = (learning_rate_explorer,)  # the ready-made explorers of this module, for tests and benchmarks
