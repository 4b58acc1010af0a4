"""Notebook 03's exercises: each usual mistake, written afresh here, gets its own hint; right answers written
differently pass; predictions accept only their words."""

import math

import numpy as np
import pytest

from chainlab.exercises import check, get

IMPACT = math.sqrt(4000 / 4.9)

# What each kind of hint must say, so that a learner can tell which mistake it names.
KEYWORDS = {
    "dP/dh alone": "dp/dh alone",
    "sign": "the sign of dh/dt",
    "400 m": "start height is 400 m",
    "hPa": "in hpa/s, not pa/s",
    "Pa": "in pa/s, not hpa/s",
    "100 times": "100 times too large",
    "start height": "at the start height",
    "not substituted": "at h = t",
    "after impact": "after impact",
    "height 10 %": "height has fallen by 10 %",
    "erratum": "write-up's erratum",
    "power rule": "power rule",
    "one derivative too many": "one derivative too many",
    "4000 m landing": "landing from 4000 m",
    "square root": "square root",
    "P itself": "p(h) itself",
    "kPa": "in kpa/s",
    "times 100": "you multiplied by 100",
    "height, not time": "that is the height then",
    "4.9t² = h": "you solved 4.9t² = h",
    "xor": "bitwise xor",
    "average rate": "average rate over the first 20 s",
    "t²": "that is t², in s²",
    "log10": "you used log10",
    "ln 0.9": "you used ln 0.9",
    "10 % of sea level": "you added 10 % of sea-level pressure",
    "0.0001 multiplied": "you multiplied ln 1.1 by 0.0001",
    "outer link alone": "the outer link, alone",
    "inner link alone": "that is dh/dt alone",
    "9.8t² = 400": "you solved 9.8t² = 400",
    "before impact": "a moment before impact",
    "h of the worked example": "taken at h = 3510 m, the height at t = 10 s",
}


def write_up_slope(h):
    """dP/dh where the write-up's 400 m start puts the skydiver (below the ground after 9 s)."""
    return -10.1325 * np.exp(-0.0001 * h)


WRONG = {
    "03.3": [
        ("dP/dh alone", -10.1325 * math.exp(-0.0001 * 2040)),
        ("sign", -10.1325 * math.exp(-0.0001 * 2040) * 9.8 * 20),
        ("400 m", write_up_slope(400 - 4.9 * 20**2) * -9.8 * 20),
        ("hPa", -10.1325 * math.exp(-0.0001 * 2040) * -196 / 100),
        ("100 times", -1013.25 * math.exp(-0.0001 * 2040) * -196),
        ("start height", -10.1325 * math.exp(-0.4) * -196),
        ("not substituted", -10.1325 * math.exp(-0.0001 * 20) * -196),
        ("P itself", 101325 * math.exp(-0.0001 * 2040) * -196),
        ("kPa", 10.1325 * math.exp(-0.0001 * 2040) * 196 / 1000),
        ("xor", -10.1325 * math.exp(-0.0001 * (4000 - 4.9 * (20 ^ 2))) * -196),
        ("inner link alone", -9.8 * 20),
        ("h of the worked example", -10.1325 * math.exp(-0.0001 * 3510) * -196),
        ("average rate", (101325 * math.exp(-0.0001 * 2040) - 101325 * math.exp(-0.4)) / 20),
    ],
    "03.4": [
        ("dP/dh alone", lambda t: -10.1325 * np.exp(-0.0001 * (4000 - 4.9 * t**2))),
        ("sign", lambda t: -10.1325 * np.exp(-0.0001 * (4000 - 4.9 * t**2)) * 9.8 * t),
        ("400 m", lambda t: write_up_slope(400 - 4.9 * t**2) * -9.8 * t),
        ("hPa", lambda t: 0.101325 * np.exp(-0.0001 * (4000 - 4.9 * t**2)) * 9.8 * t),
        ("start height", lambda t: 10.1325 * math.exp(-0.4) * 9.8 * t),
        ("not substituted", lambda t: 10.1325 * np.exp(-0.0001 * t) * 9.8 * t),
        ("P itself", lambda t: -101325 * np.exp(-0.0001 * (4000 - 4.9 * t**2)) * 9.8 * t),
        ("outer link alone", lambda t: -10.1325 * np.exp(-0.0001 * t)),
        ("inner link alone", lambda t: -9.8 * t),
    ],
    "03.5": [
        ("after impact", math.sqrt((4000 + 10000 * math.log(1.1)) / 4.9)),
        ("height 10 %", math.sqrt(400 / 4.9)),
        ("height, not time", 4000 - 10000 * math.log(1.1)),
        ("4.9t² = h", math.sqrt((4000 - 10000 * math.log(1.1)) / 4.9)),
        ("t²", 10000 * math.log(1.1) / 4.9),
        ("log10", math.sqrt(10000 * math.log10(1.1) / 4.9)),
        ("ln 0.9", math.sqrt(-10000 * math.log(0.9) / 4.9)),
        ("10 % of sea level", math.sqrt((4000 + 10000 * math.log((101325 * math.exp(-0.4) + 10132.5) / 101325)) / 4.9)),
        ("0.0001 multiplied", math.sqrt(0.0001 * math.log(1.1) / 4.9)),
    ],
    "03.6": [
        ("Pa", 10.1325 * 9.8 * IMPACT),
        ("dP/dh alone", -10.1325),
        ("dP/dh alone", -0.101325),
        ("sign", -10.1325 * 9.8 * IMPACT / 100),
        ("times 100", 10.1325 * 9.8 * IMPACT * 100),
        ("kPa", 10.1325 * 9.8 * IMPACT / 1000),
        ("start height", 10.1325 * math.exp(-0.4) * 9.8 * IMPACT / 100),
        ("before impact", 10.1325 * math.exp(-0.0001 * (4000 - 4.9 * 28**2)) * 9.8 * 28 / 100),
        ("before impact", 10.1325 * math.exp(-0.0001 * (4000 - 4.9 * 28.5**2)) * 9.8 * 28.5 / 100),
    ],
    "03.7": [
        ("erratum", lambda t: -9.8 * t),
        ("power rule", lambda t: 4.9 * t),
        ("one derivative too many", lambda t: 9.8 + 0 * t),
    ],
    "03.8": [
        ("4000 m landing", IMPACT),
        ("square root", 400 / 4.9),
        ("9.8t² = 400", math.sqrt(400 / 9.8)),
    ],
}

REARRANGED = {
    "03.3": 101325e-4 * math.exp(-0.2040) * 196,
    "03.4": lambda t: 99.2985 * t * math.exp(0.00049 * t**2 - 0.4),
    "03.5": math.sqrt(10000 * math.log(1.1) / 4.9),
    "03.6": 9.8 * math.sqrt(4000 / 4.9) * 0.101325,
    "03.7": lambda t: 2 * 4.9 * t,
    "03.8": 20 / math.sqrt(4.9),
}
CASES = [(i, kind, answer) for i in WRONG for kind, answer in WRONG[i]]


@pytest.mark.parametrize("exercise_id", sorted(REARRANGED))
def test_the_right_answer_written_differently_passes(exercise_id):
    feedback = check(exercise_id, REARRANGED[exercise_id])
    assert feedback.correct, feedback


@pytest.mark.parametrize(("exercise_id", "kind", "answer"), CASES, ids=[f"{i}-{k}" for i, k, _ in CASES])
def test_each_usual_mistake_gets_its_own_hint(exercise_id, kind, answer):
    feedback = check(exercise_id, answer)
    assert not feedback.correct and feedback.answered
    named = {k for k, word in KEYWORDS.items() if word in feedback.message.lower()}
    assert named == {kind}, feedback.message


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_every_declared_mistake_is_tested_here(exercise_id):
    hints = {m.hint for m in get(exercise_id).mistakes}
    assert {check(exercise_id, answer).message for _, answer in WRONG[exercise_id]} == hints


@pytest.mark.parametrize(
    ("exercise_id", "right", "wrong"),
    [("03.1", "positive", ("negative", "zero")), ("03.2", "impact", ("start", "middle"))],
)
def test_predictions_take_their_words_only(exercise_id, right, wrong):
    assert check(exercise_id, right).correct
    assert check(exercise_id, f"  {right.upper()} ").correct  # as typed, case and spaces aside
    for word in wrong:
        feedback = check(exercise_id, word)
        assert not feedback.correct and feedback.answered and right not in feedback.message.lower()
    for junk in ("up", 1, None, ["positive"], lambda: "positive"):
        feedback = check(exercise_id, junk)
        assert not feedback.correct and "one of" in feedback.message


def test_a_function_is_checked_over_the_whole_fall_only():
    for exercise_id in ("03.4", "03.7"):
        ((low, high),) = get(exercise_id).domain
        assert low == 0 and high == pytest.approx(IMPACT)


def test_a_hand_calculation_rounded_along_the_way_is_told_the_digits_the_prompt_states():
    """03.3's prompt says 6 significant digits; a value rounded along the way hears the same number."""
    by_hand = 10.1325 * 0.8155 * 196  # e^(−0.204) rounded to 4 digits
    message = check("03.3", by_hand).message
    assert "6 significant digits" in message and "rounded along the way" in message
    assert "6 significant digits" in get("03.3").prompt


def test_the_worked_example_does_not_pass_03_4_but_its_links_joined_do():
    """The links of the worked example, each alone, are not dP/dt; joined by the chain rule, they are."""

    def height_of(t):
        return 4000 - 4.9 * t**2

    def dh_dt(t):
        return -9.8 * t

    def dP_dh(h):
        return -0.0001 * 101325 * np.exp(-0.0001 * h)

    for link in (height_of, dh_dt, dP_dh):
        assert not check("03.4", link).correct
    assert "the outer link, alone" in check("03.4", dP_dh).message
    assert "dh/dt alone" in check("03.4", dh_dt).message
    assert check("03.4", lambda t: dP_dh(height_of(t)) * dh_dt(t)).correct
    assert check("03.3", dP_dh(height_of(20)) * dh_dt(20)).correct


def test_a_function_right_only_early_in_the_fall_is_caught():
    """The comparison points reach past 25 s and below 9.6 s: a function right only on part of the fall fails."""
    assert not check("03.4", lambda t: 99.2985 * t * math.exp(0.00049 * t**2 - 0.4) if t < 27 else 0.0).correct
    assert not check("03.7", lambda t: 9.8 * t if t > 5 else 0.0).correct
