"""The exercises of 03_free_fall_pressure: a chain rule through time, height and pressure, and the errata.

The usual mistakes: dP/dh alone (the inner derivative dh/dt forgotten), the sign of dh/dt, a 400 m start, Pa and
hPa mixed up, dP/dh taken at the wrong height, a time after impact, and in undoing the exponential (03.5): log10 for
ln, ln 0.9 for a rise of 10 %, 0.0001 multiplied instead of divided, and the square root left out.
"""

import math

from chainlab.exercises.engine import XOR_HINT, Exercise, Mistake
from chainlab.freefall import (
    G_M_PER_S2,
    PRESSURE_DECAY_PER_M,
    SEA_LEVEL_PRESSURE_PA,
    START_HEIGHT_M,
    height,
    height_rate,
    impact_time,
    pressure,
    pressure_rate,
    pressure_slope,
)
from chainlab.functions import exp

PA_PER_HPA = 100.0
HALF_G = G_M_PER_S2 / 2
# The write-up's erratum h = 400 − g(t) leaves the model, so its mistakes are written with the formulas themselves.
WRITE_UP_START_M = 400.0


def _slope_at(h):
    """dP/dh at any h, even below 0 m (where a wrong formula puts the skydiver)."""
    return -PRESSURE_DECAY_PER_M * SEA_LEVEL_PRESSURE_PA * exp(-PRESSURE_DECAY_PER_M * h)


def _rise_time(fraction, start_pressure):
    """When P(h(t)) = (1 + fraction)·start_pressure, solved for t (after impact if the height comes out below 0)."""
    h = -math.log((1 + fraction) * start_pressure / SEA_LEVEL_PRESSURE_PA) / PRESSURE_DECAY_PER_M
    return _time_at_height(h)


def _time_at_height(h):
    """When the skydiver is at height h, from 4000 − 4.9t² = h (even a height the fall never reaches)."""
    return math.sqrt((START_HEIGHT_M - h) / HALF_G)


JUMP_PRESSURE_PA = SEA_LEVEL_PRESSURE_PA * math.exp(-PRESSURE_DECAY_PER_M * START_HEIGHT_M)
RISE_LN = math.log(1.1)  # ln of the pressure ratio 1.1 that 03.5 asks for


_DP_DH_ALONE = (
    "That is dP/dh alone, in Pa/m: how pressure changes with height. The chain rule multiplies it by the "
    "inner derivative dh/dt = −9.8t, in m/s, to give Pa/s."
)
_SIGN_OF_DH_DT = (
    "The sign of dh/dt: the height falls, so dh/dt = −9.8t is negative. dP/dh is negative too, so their "
    "product is positive."
)
_WRITE_UP_START = "Your start height is 400 m, but the skydiver jumps from 4000 m: h(t) = 4000 − 4.9t²."
_LINK_ALONE = (
    "That is dP/dh, the outer link, alone (with t put in place of h). dP/dt takes it where the skydiver is, at "
    "h(t), and multiplies it by the inner link dh/dt."
)
_DH_DT_ALONE = (
    "That is dh/dt alone, the inner link, in m/s. The chain rule multiplies it by the outer link, dP/dh, taken at the "
    "height h(t), to give Pa/s."
)
_IN_HPA = "That is in hPa/s, not Pa/s: 1 hPa = 100 Pa, so multiply by 100."
_IN_PA = "That is in Pa/s, not hPa/s: 1 hPa = 100 Pa, so divide by 100."
_P_FOR_DP_DH = (
    "You multiplied P(h) itself by dh/dt. The chain rule needs the derivative dP/dh: the exponential brings down "
    "its inner derivative, −0.0001, as a factor."
)
_AT_H_EQUALS_T = "You took dP/dh at h = t. Substitute the inner function: dP/dh is evaluated at h(t) = 4000 − 4.9t²."
_IN_KPA = "That is in kPa/s: 1 kPa = 1000 Pa = 10 hPa."
_AT_START_HEIGHT = (
    "You took dP/dh at the start height, 4000 m. It is to be taken where the skydiver is at that moment, h(t)."
)

T20 = 20.0
# 4.9 * (20^2) in Python: ^ is XOR, so 20^2 is 22
_XOR_HEIGHT_M = START_HEIGHT_M - HALF_G * (20 ^ 2)

EXERCISES = (
    Exercise(
        id="03.1",
        prompt="Predict: as the skydiver falls, is dP/dt, the rate at which the pressure they feel changes, "
        "positive, negative or zero?",
        reference="positive",
        answer_name="sign_of_dP_dt",
        choices=("positive", "negative", "zero"),
        mistakes=(
            Mistake(
                "negative",
                "Negative would mean the pressure falls as the skydiver falls. Where is the air pressure higher: "
                "high up, or near the ground? Which way is the skydiver going?",
            ),
            Mistake(
                "zero",
                "Zero would mean the pressure stays the same. But the height changes as the skydiver falls, and the "
                "pressure depends on the height.",
            ),
        ),
    ),
    Exercise(
        id="03.2",
        prompt="Predict: when during the fall is dP/dt largest: at the start, in the middle, or at impact?",
        reference="impact",
        answer_name="largest_when",
        choices=("start", "middle", "impact"),
        mistakes=(
            Mistake(
                "start",
                "At the start the skydiver is not moving yet: dh/dt = −9.8 · 0 = 0, so dP/dt = dP/dh · 0 = 0, however "
                "steeply the pressure depends on height.",
            ),
            Mistake(
                "middle",
                "Look at each factor on the way down: how does the speed |dh/dt| change, and how does |dP/dh| change "
                "as the air gets denser? Does either of them peak in the middle?",
            ),
        ),
    ),
    Exercise(
        id="03.3",
        prompt="dP/dt at t = 20 s, in Pa/s, to 6 significant digits: the chain rule, computed from its links.",
        reference=pressure_rate(T20),
        answer_name="rate_at_20",
        mistakes=(
            Mistake(pressure_slope(height(T20)), _DP_DH_ALONE),
            Mistake(-pressure_rate(T20), _SIGN_OF_DH_DT),
            Mistake(float(_slope_at(WRITE_UP_START_M - HALF_G * T20**2)) * height_rate(T20), _WRITE_UP_START),
            Mistake(pressure_rate(T20) / PA_PER_HPA, _IN_HPA),
            Mistake(pressure_rate(T20) * PA_PER_HPA, "Pa and hPa mixed up: your answer is 100 times too large."),
            Mistake(pressure_slope(START_HEIGHT_M) * height_rate(T20), _AT_START_HEIGHT),
            Mistake(float(_slope_at(T20)) * height_rate(T20), _AT_H_EQUALS_T),
            Mistake(pressure(height(T20)) * height_rate(T20), _P_FOR_DP_DH),
            Mistake(pressure_rate(T20) / 1000, _IN_KPA),
            Mistake(float(_slope_at(_XOR_HEIGHT_M)) * height_rate(T20), XOR_HINT),
            Mistake(height_rate(T20), _DH_DT_ALONE),
            Mistake(
                pressure_slope(height(10.0)) * height_rate(T20),
                "Your dP/dh is taken at h = 3510 m, the height at t = 10 s (the worked example's h): at t = 20 s the "
                "skydiver is lower. Compute the height at 20 s first, then dP/dh there.",
            ),
            Mistake(
                (pressure(height(T20)) - pressure(START_HEIGHT_M)) / T20,
                "That is the average rate over the first 20 s, (P(h(20)) − P(h(0))) / 20. The question asks for the "
                "rate at the moment t = 20 s: the derivative, dP/dh at h(20) times dh/dt at 20.",
            ),
        ),
    ),
    Exercise(
        id="03.4",
        prompt="dP/dt as a function of t, in Pa/s, for t from 0 to impact.",
        reference=pressure_rate,
        answer_name="rate",
        variables=("t",),
        points=(0.0, 10.0, 25.0, 27.5),  # not 20 s or impact: a hint must not show another exercise's answer
        domain=((0.0, impact_time()),),  # the model ends at impact
        mistakes=(
            Mistake(lambda t: pressure_slope(height(t)), _DP_DH_ALONE),
            Mistake(lambda t: -pressure_rate(t), _SIGN_OF_DH_DT),
            Mistake(lambda t: _slope_at(WRITE_UP_START_M - HALF_G * t**2) * -G_M_PER_S2 * t, _WRITE_UP_START),
            Mistake(lambda t: pressure_rate(t) / PA_PER_HPA, _IN_HPA),
            Mistake(lambda t: pressure_slope(START_HEIGHT_M) * -G_M_PER_S2 * t, _AT_START_HEIGHT),
            Mistake(lambda t: _slope_at(t) * -G_M_PER_S2 * t, _AT_H_EQUALS_T),
            Mistake(lambda t: pressure(height(t)) * -G_M_PER_S2 * t, _P_FOR_DP_DH),
            Mistake(_slope_at, _LINK_ALONE),
            Mistake(lambda t: -G_M_PER_S2 * t, _DH_DT_ALONE),
        ),
    ),
    Exercise(
        id="03.5",
        prompt="The time, in s, when the pressure the skydiver feels has risen 10 % above the pressure at the jump, to "
        "6 significant digits.",
        reference=_rise_time(0.10, JUMP_PRESSURE_PA),
        answer_name="t_10_percent",
        mistakes=(
            Mistake(
                _rise_time(0.10, SEA_LEVEL_PRESSURE_PA),
                f"That time is after impact ({impact_time():.3f} s), where the model no longer holds. You measured the "
                "10 % from sea-level pressure, 101 325 Pa; the rise is from the pressure at the jump, P(4000 m).",
            ),
            Mistake(
                START_HEIGHT_M + math.log(1 / 1.1) / PRESSURE_DECAY_PER_M,
                "That is the height then, in m. The question asks for the time, in s: solve 4000 − 4.9t² = h for t.",
            ),
            Mistake(
                math.sqrt((START_HEIGHT_M + math.log(1 / 1.1) / PRESSURE_DECAY_PER_M) / HALF_G),
                "You solved 4.9t² = h. But 4.9t² is the distance fallen, 4000 − h.",
            ),
            Mistake(
                math.sqrt(0.10 * START_HEIGHT_M / HALF_G),
                "That is when the height has fallen by 10 %, to 3600 m. The question is when the pressure has risen "
                "by 10 %.",
            ),
            Mistake(
                (START_HEIGHT_M - (START_HEIGHT_M - RISE_LN / PRESSURE_DECAY_PER_M)) / HALF_G,
                "That is t², in s²: take its root. (A fall of 194 s would end long past the landing, at 28.6 s.)",
            ),
            Mistake(
                _time_at_height(START_HEIGHT_M - math.log10(1.1) / PRESSURE_DECAY_PER_M),
                "You used log10, the base-10 logarithm. e is undone by the natural logarithm, ln: math.log in Python.",
            ),
            Mistake(
                _time_at_height(START_HEIGHT_M + math.log(0.9) / PRESSURE_DECAY_PER_M),
                "You used ln 0.9. Risen 10 % means multiplied by 1.1, so the equation holds ln 1.1; and 1/1.1 is not "
                "0.9.",
            ),
            Mistake(
                _time_at_height(
                    -math.log((JUMP_PRESSURE_PA + 0.10 * SEA_LEVEL_PRESSURE_PA) / SEA_LEVEL_PRESSURE_PA)
                    / PRESSURE_DECAY_PER_M
                ),
                "You added 10 % of sea-level pressure, 10 132.5 Pa. The rise is 10 % of the pressure at the jump, "
                "P(4000 m): the target is 1.1 · P(4000).",
            ),
            Mistake(
                _time_at_height(START_HEIGHT_M - RISE_LN * PRESSURE_DECAY_PER_M),
                "You multiplied ln 1.1 by 0.0001. From e^(−0.0001·h) = 1.1·e^(−0.0001·4000), taking ln gives "
                "−0.0001·h = ln 1.1 − 0.4: divide by −0.0001 to get h.",
            ),
        ),
    ),
    Exercise(
        id="03.6",
        prompt="How fast is the pressure rising at the moment of impact, in hPa/s?",
        reference=pressure_rate(impact_time()) / PA_PER_HPA,
        answer_name="rate_at_impact_hpa",
        mistakes=(
            Mistake(pressure_rate(impact_time()), _IN_PA),
            Mistake(pressure_slope(0.0), _DP_DH_ALONE),
            Mistake(pressure_slope(0.0) / PA_PER_HPA, _DP_DH_ALONE),
            Mistake(-pressure_rate(impact_time()) / PA_PER_HPA, _SIGN_OF_DH_DT),
            Mistake(
                pressure_rate(impact_time()) * PA_PER_HPA,
                "You multiplied by 100. A hectopascal is the larger unit (1 hPa = 100 Pa), so Pa/s become fewer hPa/s: "
                "divide by 100.",
            ),
            Mistake(pressure_rate(impact_time()) / 1000, _IN_KPA),
            Mistake(pressure_slope(START_HEIGHT_M) * height_rate(impact_time()) / PA_PER_HPA, _AT_START_HEIGHT),
            *(
                Mistake(
                    pressure_rate(t) / PA_PER_HPA,
                    f"That is the rate at t = {t:g} s, a moment before impact. Impact is at t = √(4000/4.9): compute "
                    "that time, and take the rate there.",
                )
                for t in (28.0, 28.5)  # the last whole second, and the slider's last step
            ),
        ),
    ),
    Exercise(
        id="03.7",
        prompt="The derivative g′(t) of the distance fallen, g(t) = 4.9t², as a function of t.",
        reference=lambda t: G_M_PER_S2 * t,
        answer_name="dg_dt",
        variables=("t",),
        points=(0.0, 3.0, 10.0),
        domain=((0.0, impact_time()),),
        mistakes=(
            Mistake(
                lambda t: -G_M_PER_S2 * t,
                "That is the write-up's erratum: −9.8t is the derivative of the height h = 4000 − g(t), which falls. "
                "The distance fallen only grows, so its derivative is positive.",
            ),
            Mistake(lambda t: HALF_G * t, "Power rule: bring the 2 down, d/dt 4.9t² = 2 · 4.9t."),
            Mistake(
                lambda t: G_M_PER_S2 + 0 * t, "9.8 is the second derivative, the acceleration: one derivative too many."
            ),
        ),
    ),
    Exercise(
        id="03.8",
        prompt="With the write-up's h = 400 − g(t), after how many seconds would the skydiver reach the ground?",
        reference=math.sqrt(WRITE_UP_START_M / HALF_G),
        answer_name="landing_from_400",
        mistakes=(
            Mistake(
                impact_time(), "That is the landing from 4000 m, the right model. This asks about the write-up's 400 m."
            ),
            Mistake(WRITE_UP_START_M / HALF_G, "400 / 4.9 is t², not t: take the square root."),
            Mistake(
                math.sqrt(WRITE_UP_START_M / G_M_PER_S2),
                "You solved 9.8t² = 400. The distance fallen is ½ · 9.8 · t² = 4.9t²: divide by 4.9.",
            ),
        ),
    ),
)
