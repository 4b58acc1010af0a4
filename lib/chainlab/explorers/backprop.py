"""Backpropagation through the sigmoid network of notebook 06, x → hidden node → output node → cost J: every node
shows its forward values, every weight and bias its value and its gradient, and ∂J/∂w1 is multiplied out along its
path J → ŷ → z2 → a1 → z1 → w1, factor by factor. A factor near 0 (a saturated σ′, a w2 of 0) is drawn dashed in
vermillion, on the path and in the product: it takes the whole gradient with it.

``backprop_view(...)`` computes what to show (pure, from chainlab.network); ``BackpropExplorer`` draws the network
once and then only changes texts and colours as the controls move.
"""

from dataclasses import dataclass

import ipywidgets as widgets
from matplotlib.lines import Line2D

from chainlab import network
from chainlab.autodiff.drawing import BOX_HEIGHT, edge_arrow, node_box
from chainlab.explorers.base import SCREEN_DPI, Explorer, new_figure
from chainlab.explorers.controls import Slider
from chainlab.plotting import PALETTE, NotebookFigure, course_style, factor, number

PATH = PALETTE["blue"]  # the path of ∂J/∂w1 and its factors
VANISHING = PALETTE["vermillion"]  # a factor near 0, which takes the product with it
NEAR_ZERO = 0.05  # a factor smaller than this in size is VANISHING
COLUMN = {"x": 0.0, "hidden": 1.7, "output": 3.4, "cost": 5.1}  # the boxes' centres, in data units
DEFAULTS = {"x": 1.5, "y": 1.0, "w1": 0.8, "b1": -0.5, "w2": 1.2, "b2": 0.3, "cost": "mse"}
COST_FORMULAS = {"mse": "J = ½(ŷ − y)²", "bce": "J = −y ln ŷ\n− (1 − y) ln(1 − ŷ)"}
WIDTH, HEIGHT = 10.0, 5.0  # inches
ALT = (
    "Diagram of the network x → hidden node → output node → cost J, with each node's values, each weight and bias "
    "with its gradient, and the path from J back to w1 outlined; under it, ∂J/∂w1 as the product of the factors "
    f"along that path, where a factor smaller than {NEAR_ZERO:g} in size is drawn dashed and in bold."
)
LABELS = {"y_hat": "ŷ"} | {f"dJ_d{name}": f"∂J/∂{name}" for name in network.PARAMETERS}  # the others: by name
READOUT_ROWS = {"links": 1.3, "names": 1.0, "values": 0.68}  # heights of the readout's rows, inches


# --- compute ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    """One factor of ∂J/∂w1: the link of the chain it is, how the course writes it, its value, and the parts of
    the diagram that carry it."""

    link: str  # ∂ŷ/∂z2
    name: str  # σ′(z2)
    value: float
    parts: tuple[str, ...]


@dataclass(frozen=True)
class BackpropView:
    numbers: dict  # every number on the diagram, by name; LABELS says how each is labelled
    factors: tuple[Factor, ...]  # their product is the gradient's
    dJ_dw1: float


def backprop_view(x, y, w1, b1, w2, b2, cost="mse"):
    """Everything the explorer shows for one sample (x, y) and the network's parameters."""
    params = {"w1": w1, "b1": b1, "w2": w2, "b2": b2}
    chain = network.chain_factors(params, x, y, cost)
    if cost == "bce":  # σ′(z2) cancels: one factor, δ2 = ŷ − y
        head = (Factor("∂J/∂ŷ · ∂ŷ/∂z2", "(ŷ − y)", chain.delta2, ("cost edge", "output")),)
    else:
        head = (
            Factor("∂J/∂ŷ", "(ŷ − y)", chain.dJ_dyhat, ("cost edge",)),
            Factor("∂ŷ/∂z2", "σ′(z2)", chain.sigma_prime_z2, ("output",)),
        )
    tail = (
        Factor("∂z2/∂a1", "w2", chain.w2, ("w2 edge",)),
        Factor("∂a1/∂z1", "σ′(z1)", chain.sigma_prime_z1, ("hidden",)),
        Factor("∂z1/∂w1", "x", chain.x, ("w1 edge",)),
    )
    shown = network.forward(params, x)
    numbers = {
        "x": x,
        "y": y,
        **params,
        "z1": round(shown.z1, 12),  # a sum of slider values (two decimals at most): 0.1·3 − 0.3 shows 0, not 5.6e−17
        "a1": shown.a1,
        "z2": shown.z2,
        "y_hat": shown.y_hat,
        "J": network.cost(params, x, y, cost),
        **{f"dJ_d{name}": getattr(chain, f"dJ_d{name}") for name in network.PARAMETERS},
    }
    return BackpropView(numbers, head + tail, chain.dJ_dw1)


def near_zero(value):
    return abs(value) < NEAR_ZERO


def backprop_readout(view):
    """The explorer's numbers in words: the product that makes ∂J/∂w1, the forward values and every gradient."""
    names = " × ".join(link.name for link in view.factors)
    values = " × ".join(factor(link.value) for link in view.factors)
    near = [link.name for link in view.factors if near_zero(link.value)]
    near_text = f" ({', '.join(near)} below {NEAR_ZERO:g} in size)" if near else ""
    shown = ", ".join(f"{LABELS.get(name, name)} = {number(value)}" for name, value in view.numbers.items())
    return f"∂J/∂w1 = {names} = {values} = {number(view.dJ_dw1)}{near_text}. {shown}."


# --- draw and wire ------------------------------------------------------------------------------------------------


def readout_columns(n):
    """x positions (figure fraction) in the readout of n factors: the first "=", the factors, the "×" between them,
    the last "=" and the result."""
    first, step = 0.175, 0.132
    factors = [first + step * i for i in range(n)]
    times = [position + step / 2 for position in factors[:-1]]
    return first - 0.08, factors, times, factors[-1] + 0.07, factors[-1] + 0.095


class BackpropExplorer(Explorer):
    """Sliders for x, y and the four parameters and a cost dropdown, over the diagram of the network and the
    product that makes ∂J/∂w1."""

    def __init__(self, **values):
        values = {**DEFAULTS, **values}
        figure, ax = new_figure(dpi=SCREEN_DPI)
        figure.set_size_inches(WIDTH, HEIGHT)
        figure.set_layout_engine("none")  # placed by hand: texts change length, the layout must not move
        bottom, top = 1.5, 0.6  # inches below the diagram (the readout) and above it (title and key)
        ax.set_position([0.0, bottom / HEIGHT, 1.0, (HEIGHT - bottom - top) / HEIGHT])
        ax.set(xlim=(-0.42, 5.52), ylim=(-1.0, 0.8))
        ax.axis("off")
        self.texts = {}  # the name of a shown value: its text
        self.path = {}  # a part of the path of ∂J/∂w1: its arrow or outline
        self._draw_network(ax)
        self._draw_title_and_key(figure)
        self._draw_readout(figure)
        self._arrange(backprop_view(**values), values["cost"])

        slider = {"readout_format": ".2f", "layout": widgets.Layout(width="300px")}
        controls = {
            "x": Slider(value=values["x"], min=-3.0, max=3.0, step=0.1, description="x", **slider),
            "y": Slider(value=values["y"], min=0.0, max=1.0, step=0.01, description="y", **slider),
        }
        for parameter in network.PARAMETERS:
            controls[parameter] = Slider(
                value=values[parameter], min=-6.0, max=6.0, step=0.1, description=parameter, **slider
            )
        controls["cost"] = widgets.Dropdown(options=network.COSTS, value=values["cost"], description="cost")
        moving = [*self.texts.values(), *self.path.values(), *self.readout["values"], self.product]
        super().__init__(figure, controls, moving, ALT)
        self.widget.children[0].layout.flex_flow = "row wrap"  # seven controls: in rows, not one wide line

    def _value_text(self, ax, name, x, y, **style):
        """The label of a value, still, ending just left of x, and the value from x on, which moves: a slider redraws
        only the numbers (every character costs the redraw about 0.05 ms)."""
        style = {"va": "center", "fontsize": 8.8, "zorder": 3, **style}
        ax.text(x - 0.012, y, f"{LABELS.get(name, name)} =", ha="right", **style)
        self.texts[name] = ax.text(x + 0.012, y, "", ha="left", **style)

    def _draw_network(self, ax):
        """Still: the boxes, their formulas, the bias arrows and the labels. Moving: the values, the path's arrows and
        outlines."""
        for column, lines, shift in [  # each box's values, lined up on "=" at shift from its centre: the longest fit
            ("x", ["x"], 0.0),
            ("hidden", ["z1", "a1"], -0.15),
            ("output", ["z2", "y_hat"], -0.15),
            ("cost", ["J", "y"], -0.15),
        ]:
            ax.add_patch(node_box(COLUMN[column], 0.0, PALETTE["sky"] if column == "x" else "0.8"))  # under an outline
            for i, name in enumerate(lines):
                self._value_text(ax, name, COLUMN[column] + shift, 0.16 * ((len(lines) - 1) / 2 - i))
        above_the_box = {"ha": "center", "va": "bottom", "fontsize": 9.5, "color": "0.4"}
        for column, formula in {
            "x": "input",
            "hidden": "z1 = w1·x + b1\na1 = σ(z1)",
            "output": "z2 = w2·a1 + b2\nŷ = σ(z2)",
        }.items():
            ax.text(COLUMN[column], BOX_HEIGHT / 2 + 0.05, formula, **above_the_box)
        self.cost_formula = ax.text(COLUMN["cost"], BOX_HEIGHT / 2 + 0.05, "", **above_the_box)

        for part, start, end in [
            ("w1 edge", "x", "hidden"),
            ("w2 edge", "hidden", "output"),
            ("cost edge", "output", "cost"),
        ]:
            arrow = edge_arrow((COLUMN[start], 0.0), (COLUMN[end], 0.0))
            arrow.set(linewidth=2.5, zorder=1.5)
            self.path[part] = ax.add_patch(arrow)
        for column in ("hidden", "output", "cost"):
            outline = node_box(COLUMN[column], 0.0, PATH)
            outline.set(facecolor="none", linewidth=3.0, zorder=2.5)
            ax.add_patch(outline)
            if column != "cost":  # where the path starts: J, always lit
                self.path[column] = outline

        for weight, (start, end) in {"w1": ("x", "hidden"), "w2": ("hidden", "output")}.items():
            middle = (COLUMN[start] + COLUMN[end]) / 2 - 0.07  # the values, longer than the labels, fit the gap
            self._value_text(ax, weight, middle, 0.05, va="bottom")
            self._value_text(ax, f"dJ_d{weight}", middle, -0.05, va="top", color=PATH if weight == "w1" else "black")
        for bias, column in {"b1": "hidden", "b2": "output"}.items():
            ax.annotate(
                "",
                xy=(COLUMN[column], -BOX_HEIGHT / 2),
                xytext=(COLUMN[column], -0.95),
                arrowprops={"arrowstyle": "-|>", "color": "0.45", "linewidth": 1, "mutation_scale": 10},
            )
            self._value_text(ax, bias, COLUMN[column] + 0.5, -0.52)
            self._value_text(ax, f"dJ_d{bias}", COLUMN[column] + 0.5, -0.7)

    def _draw_title_and_key(self, figure):
        title = "Backpropagation, one sample: ∂J/∂w1 is the product of the factors along the path from J back to w1"
        figure.text(0.01, 1 - 0.1 / HEIGHT, title, va="top", fontsize=12)
        key = [
            ("-", PATH, "the path J → ŷ → z2 → a1 → z1 → w1, whose factors make ∂J/∂w1"),
            ("--", VANISHING, f"a factor smaller than {NEAR_ZERO:g} in size: the product goes with it"),
        ]
        figure.legend(
            [Line2D([], [], linestyle=style, color=colour, linewidth=2.5) for style, colour, _ in key],
            [label for *_, label in key],
            loc="upper left",
            bbox_to_anchor=(0.0, 1 - 0.35 / HEIGHT),
            ncol=2,
            fontsize=9.5,
            frameon=False,
            handlelength=2.2,
            columnspacing=2.0,
        )

    def _draw_readout(self, figure):
        """Under the diagram: each factor's link of the chain, its name and its value, in columns that _arrange
        places; and ∂J/∂w1, their product."""

        def text(row, content="", **style):
            y = READOUT_ROWS[row] / HEIGHT
            return figure.text(0, y, content, **{"ha": "center", "va": "center", "fontsize": 10.5, **style})

        self.readout = {
            "links": [text("links", fontsize=9, color="0.4") for _ in range(5)],
            "names": [text("names") for _ in range(5)],
            "values": [text("values") for _ in range(5)],
            "times": [(text("names", "×"), text("values", "×")) for _ in range(4)],
            "equals": [text("names", "="), text("values", "="), text("values", "=")],
        }
        figure.text(0.02, READOUT_ROWS["names"] / HEIGHT, "∂J/∂w1", va="center", fontsize=11, fontweight="bold")
        self.product = text("values", ha="left", fontweight="bold")
        note = "∂J/∂b1 is the same product with ∂z1/∂b1 = 1 in place of x."  # bce's cancellation: notebook 06, §8
        figure.text(0.02, 0.27 / HEIGHT, note, va="center", fontsize=9.5, color="0.3")

    def _arrange(self, view, cost):
        """Place the readout's columns for this cost's factors (bce has one fewer) and write what changes only with
        the cost: the factors' links and names, the cost's formula."""
        n = len(view.factors)
        equals, factors, times, last_equals, result = readout_columns(n)
        columns = zip(self.readout["links"], self.readout["names"], self.readout["values"], strict=True)
        for i, column in enumerate(columns):
            for text in column:
                text.set_visible(i < n)
                if i < n:
                    text.set_x(factors[i])
            if i < n:
                link, name, _ = column
                link.set_text(view.factors[i].link)
                name.set_text(view.factors[i].name)
        for i, pair in enumerate(self.readout["times"]):
            for text in pair:
                text.set_visible(i < n - 1)
                if i < n - 1:
                    text.set_x(times[i])
        first_name, first_value, last = self.readout["equals"]
        first_name.set_x(equals)
        first_value.set_x(equals)
        last.set_x(last_equals)
        self.product.set_x(result)
        self.cost_formula.set_text(COST_FORMULAS[cost])
        self.shown_cost = cost

    def update(self, x, y, w1, b1, w2, b2, cost):
        view = backprop_view(x, y, w1, b1, w2, b2, cost)
        if cost != self.shown_cost:
            self._arrange(view, cost)
            self.redraw_everything()
        for name, value in view.numbers.items():
            self.texts[name].set_text(number(value))
        for link, text in zip(view.factors, self.readout["values"], strict=False):  # bce: one text spare
            vanishing = near_zero(link.value)
            weight = "bold" if vanishing else "normal"
            text.set(text=factor(link.value), color=VANISHING if vanishing else PATH, fontweight=weight)
            for part in link.parts:
                self._paint(part, vanishing)
        self.product.set_text(number(view.dJ_dw1))
        return backprop_readout(view)

    def _paint(self, part, vanishing):
        """Colour a part of the path, dashed if its factor is near 0: an arrow (its head filled too) or an outline."""
        colour = VANISHING if vanishing else PATH
        self.path[part].set(edgecolor=colour, linestyle="--" if vanishing else "-")
        if part.endswith("edge"):
            self.path[part].set_facecolor(colour)


def network_diagram():
    """The network as symbols only, the explorer's layout without its numbers: what each node computes, shown before
    any value is."""
    with course_style():
        figure = NotebookFigure(figsize=(WIDTH, 2.4), layout="none")
    ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set(xlim=(-0.42, 5.52), ylim=(-1.0, 0.75))
    ax.axis("off")
    inside = {"x": "input\nx", "hidden": "hidden node\na1", "output": "output node\nŷ", "cost": "cost\nJ(ŷ, y)"}
    above = {"hidden": "z1 = w1·x + b1\na1 = σ(z1)", "output": "z2 = w2·a1 + b2\nŷ = σ(z2)", "cost": "J = ½(ŷ − y)²"}
    for column, text in inside.items():
        ax.add_patch(node_box(COLUMN[column], 0.0, PALETTE["sky"] if column == "x" else "0.3"))
        ax.text(COLUMN[column], 0.0, text, ha="center", va="center", fontsize=10.5, zorder=3)
        if column in above:
            ax.text(COLUMN[column], BOX_HEIGHT / 2 + 0.05, above[column], ha="center", va="bottom", fontsize=10.5)
    for (start, end), label in {("x", "hidden"): "× w1", ("hidden", "output"): "× w2", ("output", "cost"): ""}.items():
        ax.add_patch(edge_arrow((COLUMN[start], 0.0), (COLUMN[end], 0.0)))
        ax.text((COLUMN[start] + COLUMN[end]) / 2, 0.05, label, ha="center", va="bottom", fontsize=10.5)
    for column, label in {"hidden": "+ b1", "output": "+ b2", "cost": "label y"}.items():
        ax.annotate(
            "",
            xy=(COLUMN[column], -BOX_HEIGHT / 2),
            xytext=(COLUMN[column], -0.85),
            arrowprops={"arrowstyle": "-|>", "color": "0.45", "linewidth": 1, "mutation_scale": 10},
        )
        ax.text(COLUMN[column], -0.9, label, ha="center", va="top", fontsize=10.5)
    figure.alt = (
        "Diagram of the network, left to right: input x; an arrow times w1 into the hidden node, which adds b1 and "
        "computes z1 = w1·x + b1, a1 = σ(z1); an arrow times w2 into the output node, which adds b2 and computes "
        "z2 = w2·a1 + b2, ŷ = σ(z2); an arrow into the cost J(ŷ, y) = ½(ŷ − y)², which also takes the label y."
    )
    return figure


def backprop_explorer():
    """The explorer of 06_sigmoid_network_backprop, at x = 1.5, y = 1, w1 = 0.8, b1 = −0.5, w2 = 1.2, b2 = 0.3, mse:
    ŷ ≈ 0.75, short of y, and no factor of ∂J/∂w1 near 0 (until the learner makes one)."""
    return BackpropExplorer()


EXPLORERS = (backprop_explorer,)  # the ready-made explorers of this module, for tests and benchmarks
