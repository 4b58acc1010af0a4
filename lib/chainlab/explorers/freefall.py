"""Free fall and air pressure: a time slider moves the skydiver through h(t), P(h) and P(t),
and dP/dh × dh/dt = dP/dt, with units, at every moment of the fall."""

import numpy as np

from chainlab.explorers.base import Explorer, new_figure
from chainlab.explorers.controls import Slider
from chainlab.freefall import START_HEIGHT_M, height, height_rate, impact_time, pressure, pressure_slope
from chainlab.plotting import PALETTE, padded_range, tangent_line

PA_PER_HPA = 100.0  # the plots show pressure in hPa, as weather maps do; the readouts' rates stay in SI


def rates_at(t):
    """h (m), P (Pa) and the three rates in SI at time t (s); dP/dt is the product of the links (the chain rule)."""
    h = height(t)
    dh_dt = height_rate(t)
    dP_dh = pressure_slope(h)
    return {"h": h, "P": pressure(h), "dh_dt": dh_dt, "dP_dh": dP_dh, "dP_dt": dP_dh * dh_dt}


def fall_view(t, ts, hs):
    """What the three panels show at t: rates_at plus the tangent lines' values over ts (s) or hs (m), in m or hPa."""
    shown = rates_at(t)
    p_hpa = shown["P"] / PA_PER_HPA
    shown["h_tangent"] = tangent_line(t, shown["h"], shown["dh_dt"], ts)
    shown["P_of_h_tangent"] = tangent_line(shown["h"], p_hpa, shown["dP_dh"] / PA_PER_HPA, hs)
    shown["P_tangent"] = tangent_line(t, p_hpa, shown["dP_dt"] / PA_PER_HPA, ts)
    return shown


def curves(n=200):
    """The grids and the three curves: t grid (s), h(t) (m), h grid (m), P(h) (hPa), P(h(t)) (hPa)."""
    ts = np.linspace(0.0, impact_time(), n)
    hs = np.linspace(0.0, START_HEIGHT_M, n)
    heights = height(ts)
    return ts, heights, hs, pressure(hs) / PA_PER_HPA, pressure(heights) / PA_PER_HPA


def _signed(value, digits):
    """A number with its sign always shown (a rate's sign is the point), the Unicode minus, and never "−0"."""
    if round(value, digits) == 0:
        return f"{0:.{digits}f}"
    return f"{value:+.{digits}f}".replace("-", "−")


def _fmt_slope(value):
    """dP/dh to 0.0001 Pa/m (−10.1325 … −6.7920 over the fall): precise enough that the shown factors multiply
    to the shown dP/dt, as a learner may check by hand."""
    return f"{value:.4f}".replace("-", "−")


class FallExplorer(Explorer):
    """A t slider moves the skydiver through h(t), P(h) and P(t); each panel shows its tangent and rate."""

    def __init__(self, t0=10.0):
        end = impact_time()
        self.ts, h_of_t, self.hs, p_of_h, p_of_t = curves()
        figure, self.axes = new_figure(ncols=3)
        figure.set_size_inches(9.6, 3.9)
        t_lim, h_lim = padded_range(self.ts, 0.04), padded_range(self.hs, 0.04)
        p_lim = padded_range(p_of_h, 0.08)
        # The tangents span each panel from edge to edge: two points are a straight line.
        self.t_ends, self.h_ends = np.array(t_lim), np.array(h_lim)
        panels = (
            (self.ts, h_of_t, t_lim, h_lim, "time t (s)", "height h (m)", "h(t) = 4000 − 4.9t²"),
            (self.hs, p_of_h, h_lim, p_lim, "height h (m)", "pressure P (hPa)", "P(h) = 101325·e^(−0.0001h) Pa"),
            (self.ts, p_of_t, t_lim, p_lim, "time t (s)", "pressure P (hPa)", "P(t) = P(h(t))"),
        )
        self.lines = []
        for ax, (x, y, xlim, ylim, xlabel, ylabel, title) in zip(self.axes, panels, strict=True):
            ax.plot(x, y, color=PALETTE["blue"])
            (tangent,) = ax.plot([], [], color=PALETTE["vermillion"], linestyle="--", label="tangent")
            (point,) = ax.plot([], [], "o", color=PALETTE["black"], zorder=3)
            ax.set(xlim=xlim, ylim=ylim, xlabel=xlabel, ylabel=ylabel)
            ax.set_title(title, loc="left", pad=18, fontsize=11)
            self.lines.append((tangent, point))
        # As in chain.py: each panel's rate a line below its title, on the right, in the tangent's colour.
        self.readouts = [
            ax.text(
                1, 1.02, "", transform=ax.transAxes, ha="right", va="bottom", color=PALETTE["vermillion"], fontsize=11
            )
            for ax in self.axes
        ]
        self.product = figure.suptitle("", fontsize=13)
        # max is exactly the impact: a slider reaches its max at the end of its track even when
        # max − min is not a whole number of steps, and clamps every value to [min, max].
        slider = Slider(value=t0, min=0.0, max=end, step=0.1, description="t (s)", readout_format=".2f")
        moving = [artist for pair in self.lines for artist in pair]
        alt = (
            "Three panels side by side: height h in m against time t in s, pressure P in hPa against height, and "
            "pressure against time; each has a point at the current moment and the tangent there (dashed), with its "
            "rate above it; above all three, dP/dh × dh/dt = dP/dt with units."
        )
        super().__init__(figure, {"t": slider}, [*moving, *self.readouts, self.product], alt)

    def update(self, t):
        s = fall_view(t, self.t_ends, self.h_ends)
        p_hpa = s["P"] / PA_PER_HPA
        data = (
            (self.t_ends, s["h_tangent"], t, s["h"]),
            (self.h_ends, s["P_of_h_tangent"], s["h"], p_hpa),
            (self.t_ends, s["P_tangent"], t, p_hpa),
        )
        for (tangent, point), (x, y, x0, y0) in zip(self.lines, data, strict=True):
            tangent.set_data(x, y)
            point.set_data([x0], [y0])
        dh_dt, dP_dh, dP_dt = _signed(s["dh_dt"], 2), _fmt_slope(s["dP_dh"]), _signed(s["dP_dt"], 2)
        self.readouts[0].set_text(f"dh/dt = {dh_dt} m/s")
        self.readouts[1].set_text(f"dP/dh = {dP_dh} Pa/m")
        self.readouts[2].set_text(f"dP/dt = {dP_dt} Pa/s")
        product = f"dP/dh × dh/dt = {dP_dh} Pa/m × {dh_dt} m/s = {dP_dt} Pa/s"
        self.product.set_text(f"t = {t:.2f} s:   {product}")
        return f"t = {t:.2f} s, height {s['h']:.0f} m, pressure {p_hpa:.1f} hPa: {product}"


def fall_explorer():
    """The explorer of 03_free_fall_pressure, at t = 10 s, the worked example."""
    return FallExplorer()


EXPLORERS = (fall_explorer,)  # the ready-made explorers of this module, for tests and benchmarks
