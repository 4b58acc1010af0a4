"""The free-fall example of notebook 03: time → height → air pressure, in SI units throughout.

A skydiver drops from rest at 4000 m, without air resistance (g = 9.8 m/s²), until the ground at
t = √(4000 / 4.9) ≈ 28.571 s. The air pressure at height h is P(h) = 101325·e^(−0.0001·h) Pa, and the
chain rule gives how fast the skydiver feels it rise: dP/dt = dP/dh · dh/dt.

Every function takes a number, a numpy array (elementwise) or a torch tensor (so that torch.autograd can
check the derivatives), and refuses a time outside the fall or a height below the ground with a
ValueError that names the valid range: a formula used outside its model gives numbers that mean nothing.
"""

import math

import numpy as np
import torch

from chainlab.functions import exp

START_HEIGHT_M = 4000.0  # where the skydiver lets go, m above the ground
G_M_PER_S2 = 9.8  # the acceleration of free fall, m/s²
SEA_LEVEL_PRESSURE_PA = 101325.0  # P at h = 0, Pa
PRESSURE_DECAY_PER_M = 0.0001  # k in P(h) = P₀·e^(−k·h), 1/m: pressure falls by a factor e every 10 km
TERMINAL_SPEED_M_PER_S = 55.0  # the fall speed at which drag balances weight, belly down, m/s


def impact_time():
    """When the drag-free fall reaches the ground, in s: √(4000 / 4.9) ≈ 28.571 s."""
    t = math.sqrt(START_HEIGHT_M / (0.5 * G_M_PER_S2))
    while START_HEIGHT_M - _distance(t) < 0:  # round-off must not put the ground below 0 m
        t = math.nextafter(t, 0.0)
    return t


def distance_fallen(t):
    """g(t) = ½·9.8·t² = 4.9t², in m, at time t in s after the jump."""
    return _out(_distance(_check_time(t)))


def height(t):
    """h(t) = 4000 − 4.9t², in m above the ground, at time t in s."""
    return _out(START_HEIGHT_M - _distance(_check_time(t)))


def height_rate(t):
    """dh/dt = −9.8t, in m/s: negative, since the height falls (the distance fallen grows at +9.8t)."""
    return _out(-G_M_PER_S2 * _check_time(t))


def pressure(h):
    """P(h) = 101325·e^(−0.0001·h), in Pa, at height h in m."""
    return _out(SEA_LEVEL_PRESSURE_PA * exp(-PRESSURE_DECAY_PER_M * _check_height(h)))


def pressure_slope(h):
    """dP/dh = −10.1325·e^(−0.0001·h), in Pa/m: how much the pressure drops per metre climbed."""
    h = _check_height(h)
    return _out(-PRESSURE_DECAY_PER_M * SEA_LEVEL_PRESSURE_PA * exp(-PRESSURE_DECAY_PER_M * h))


def pressure_rate(t):
    """dP/dt in Pa/s, by the chain rule: dP/dh at the skydiver's height times dh/dt."""
    return _out(pressure_slope(height(t)) * height_rate(t))


def time_to_reach_speed(speed):
    """When the drag-free skydiver passes this fall speed (m/s), in s: v / g.

    A real skydiver stops speeding up near 55 m/s, which the drag-free model passes at ≈ 5.61 s:
    from then on the model falls ever faster than reality.
    """
    top = G_M_PER_S2 * impact_time()
    rule = f"v must be between 0 and {top:.1f} m/s (the speed at impact)"
    v = _check(speed, "v", "m/s", 0.0, top, rule, below="is negative", above="is never reached before impact")
    return _out(v / G_M_PER_S2)


def drag_landing_time(terminal_speed=TERMINAL_SPEED_M_PER_S):
    """When the skydiver lands with quadratic drag, in s (≈ 76.6 s at 55 m/s; 28.6 s without drag).

    Fallen distance (v_t²/g)·ln cosh(g·t/v_t) = 4000 m, solved for t; written as
    x + ln(1 + √(1 − e^(−2x))) with x = g·4000/v_t², which never overflows.
    """
    vt = _check_terminal_speed(terminal_speed)
    x = G_M_PER_S2 * START_HEIGHT_M / vt**2
    return vt / G_M_PER_S2 * (x + math.log1p(math.sqrt(-math.expm1(-2 * x))))


def fall_with_drag(times, terminal_speed=TERMINAL_SPEED_M_PER_S, max_step=0.01):
    """Heights (m) and fall speeds (m/s) at times (s), with air drag, integrated numerically.

    Drag grows with the square of the speed, so dv/dt = g − g·(v/v_t)²: the speed levels off at the
    terminal speed v_t. Fixed-step RK4 (steps of at most max_step s) landing exactly on every requested time.
    This drag law has a closed form, v = v_t·tanh(g·t/v_t), which the tests use to check the integration;
    most have none, and dP/dt = dP/dh · dh/dt holds all the same, with dh/dt = −v.
    """
    vt = _check_terminal_speed(terminal_speed)
    landing = drag_landing_time(vt)
    if not max_step > 0:
        raise ValueError(f"max_step = {max_step} s: it must be above 0 s")
    rule = f"t must be between 0 and {landing:.3f} s (the landing, with drag)"
    times = np.asarray(times, dtype=float)
    times = _check(times, "t", "s", 0.0, landing, rule, below="is before the jump", above="is after the landing")
    flat = np.ravel(times)
    fallen, speeds = np.empty_like(flat), np.empty_like(flat)
    now, s, v = 0.0, 0.0, 0.0  # time (s), distance fallen (m), speed (m/s)
    for i in np.argsort(flat, kind="stable"):
        target = float(flat[i])
        n = math.ceil((target - now) / max_step)
        for _ in range(n):
            s, v = _rk4_step(s, v, (target - now) / n, vt)
        now, fallen[i], speeds[i] = target, s, v
    heights = np.maximum(START_HEIGHT_M - fallen, 0.0)  # at the landing, integration error must not dig below 0 m
    return _out(heights.reshape(times.shape)), _out(speeds.reshape(times.shape))


def _rk4_step(s, v, dt, vt):
    """One classical Runge–Kutta step of ds/dt = v, dv/dt = g·(1 − (v/v_t)²), in plain floats (fast)."""

    def accel(v):
        return G_M_PER_S2 * (1.0 - (v / vt) ** 2)

    v2 = v + dt / 2 * accel(v)
    v3 = v + dt / 2 * accel(v2)
    v4 = v + dt * accel(v3)
    s_next = s + dt / 6 * (v + 2 * v2 + 2 * v3 + v4)
    v_next = v + dt / 6 * (accel(v) + 2 * accel(v2) + 2 * accel(v3) + accel(v4))
    return s_next, v_next


def _distance(t):
    return 0.5 * G_M_PER_S2 * t**2


def _check_time(t):
    end = impact_time()
    rule = f"t must be between 0 and {end:.3f} s (impact)"
    return _check(t, "t", "s", 0.0, end, rule, below="is before the jump", above="is outside the fall")


def _check_height(h):
    rule = "h must be a finite height of at least 0 m (the ground)"
    return _check(h, "h", "m", 0.0, math.inf, rule, below="is below the ground", above="")


def _check_terminal_speed(vt):
    vt = float(vt)
    if not (math.isfinite(vt) and vt > 0):
        raise ValueError(f"terminal_speed = {_show(vt)} m/s: it must be a finite speed above 0 m/s")
    return vt


def _check(x, name, unit, low, high, rule, below, above):
    """x ready to compute with, after checking that every entry is finite and lies in [low, high].

    A torch tensor is checked through a detached view and returned as it is, so that its autograd graph
    stays whole; anything else comes back as a float ndarray. The message names the first bad entry.
    """
    values = x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x, dtype=float)
    bad = ~((values >= low) & (values <= high) & np.isfinite(values))  # NaN fails every comparison: bad too
    if np.any(bad):
        value = float(values[bad].flat[0])
        problem = "is not a finite number" if not math.isfinite(value) else below if value < low else above
        raise ValueError(f"{name} = {_show(value)} {unit} {problem}: {rule}")
    return x if isinstance(x, torch.Tensor) else values


def _show(value):
    """The shortest text that is exactly this float, without a trailing .0: 30, 28.571428571428577, -5e-324."""
    text = repr(float(value))
    return text.removesuffix(".0")


def _out(result):
    """A Python float for a single value, an ndarray for an array, a tensor for a tensor; never −0.0."""
    if isinstance(result, torch.Tensor):
        return result
    result = np.asarray(result, dtype=float) + 0.0  # −0.0 + 0.0 = 0.0
    return float(result) if result.ndim == 0 else result
