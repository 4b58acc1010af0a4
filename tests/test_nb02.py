"""Notebook 02: its exercises name each usual mistake, its worked examples hold, its explorer stays finite."""

import math

import numpy as np
import pytest

from chainlab.calculus import derivative, verify
from chainlab.exercises import check, get
from chainlab.exercises.engine import NO_NUMBER
from chainlab.explorers.chain import EXAMPLES, ChainExplorer, chain_view, curves, slopes_at
from chainlab.functions import cos, log, sin

# What each kind of hint must say, so that a learner can tell which mistake it names.
KEYWORDS = {
    "inner": "forgot the inner",
    "middle": "skipped the middle link",
    "substitute": "substitute the inner function back",
    "power": "f′(g′(x))",
    "power on exp": "power rule does not apply",
    "constant": "constant factor went missing",
    "sign": "sign",
    "order": "wrong order",
    "plus one": "+1 of the inner function went missing",
    "sigma": "σ where σ′ belongs",
    "height": "height of the curve",
    "x dropped": "the x of du/dx",
    "xor": "bitwise XOR",
    "outer slope": "smallest outer slope",
    "exponent": "lowers the exponent by one",
    "y itself": "that is y itself",
    "outer at the inner derivative": "taken at the inner derivative",
    "cos outer": "not −cos u",
    "outermost": "outermost factor went missing",
    "u value": "smallest value of u",
    "inner value": "the inner function's value",
    "inner power": "inner derivative of x³ is 3x²",
    "none": "there is such an x",
    "wrong input": "cos 3x, not cos x",
    "squared inner": "squared the inner derivative",
    "inner off by 2": "−3 · 2x = −6x, not −3x",
}


def _sig(z):
    return 1 / (1 + np.exp(-z))


def _dsig(z):
    return _sig(z) * (1 - _sig(z))


# Each wrong answer written afresh here (not taken from the module), with the mistake it makes.
WRONG = {
    "02.1": [
        ("inner", 3 * (3**2 + 1) ** 2),
        ("substitute", 3 * 3**2 * (2 * 3)),
        ("power", 3 * (2 * 3) ** 2),
        ({"constant", "x dropped"}, (3**2 + 1) ** 2 * (2 * 3)),
        ({"constant", "x dropped"}, 3 * (3**2 + 1) ** 2 * 2),
        ("xor", 3 * (3 ^ 2 + 1) ^ 2 * 2 * 3),
        ("xor", 3 * (3**2 + 1) ^ 2 * (2 * 3)),  # ** where it belongs, ^ once
        ("inner value", 3**2 + 1),
        ("sign", -3 * (3**2 + 1) ** 2 * (2 * 3)),
        ({"order", "plus one"}, 6 * 3**5),  # 1458: x⁶ + 1's slope, and 3·9²·6 with u = 9
        ("height", (3**2 + 1) ** 3),
        ("exponent", 3 * (3**2 + 1) ** 3 * (2 * 3)),
    ],
    "02.2": [
        ("inner", lambda x: 5 * (4 - 3 * x * x) ** 4),
        ("substitute", lambda x: 5 * x**4 * (-6 * x)),
        ("power", lambda x: 5 * (-6 * x) ** 4),
        ("constant", lambda x: (4 - 3 * x**2) ** 4 * (-6 * x)),
        ("sign", lambda x: 5 * (4 - 3 * x**2) ** 4 * 6 * x),
        ("order", lambda x: -3 * 10 * x**9),
        ("exponent", lambda x: 5 * (4 - 3 * x**2) ** 5 * (-6 * x)),
        ("x dropped", lambda x: 5 * (4 - 3 * x**2) ** 4 * (-6)),
        ("y itself", lambda x: (4 - 3 * x**2) ** 5),
        ("inner off by 2", lambda x: 5 * (4 - 3 * x**2) ** 4 * (-3 * x)),
    ],
    "02.5": [
        ("outer slope", 2 * (2 * 0**2 + 8)),
        ("u value", 2 * 0**2 + 8),
        # The misconception the exercise targets, "it is never flat", as a learner writes it
        ("none", None),
        ("none", "nowhere"),
        ("none", "never"),
        ("none", float("nan")),
        ("none", math.nan),
    ],
    "02.3": [
        ("inner", lambda x: 1 / (1 + x**2)),
        ("substitute", lambda x: (1 / x) * (2 * x)),
        ("power", lambda x: 1 / (2 * x)),
        ("constant", lambda x: x / (1 + x**2)),
        ("order", lambda x: 2 * np.log(x) * (1 / x)),
        ("y itself", lambda x: np.log(1 + x**2)),
        ("x dropped", lambda x: 2 / (1 + x**2)),
    ],
    "02.4": [
        ("inner", lambda x: -np.sin(x**3)),
        ("substitute", lambda x: -np.sin(x) * 3 * x**2),
        ("power", lambda x: -np.sin(3 * x**2)),
        ("sign", lambda x: np.sin(x**3) * 3 * x**2),
        ("order", lambda x: 3 * np.cos(x) ** 2 * -np.sin(x)),
        ("cos outer", lambda x: -np.cos(x**3) * 3 * x**2),
        ("inner power", lambda x: -np.sin(x**3) * 3 * x),
        ("y itself", lambda x: np.cos(x**3)),
    ],
    "02.6": [
        ("inner", lambda x: np.exp(np.sin(3 * x)) * np.cos(3 * x)),
        ("middle", lambda x: np.exp(np.sin(3 * x)) * 3),
        ("substitute", lambda x: np.exp(x) * np.cos(3 * x) * 3),
        ("sign", lambda x: np.exp(np.sin(3 * x)) * -np.cos(3 * x) * 3),
        ("order", lambda x: np.cos(np.exp(3 * x)) * np.exp(3 * x) * 3),
        ("power on exp", lambda x: np.sin(3 * x) * np.exp(np.sin(3 * x) - 1) * np.cos(3 * x) * 3),
        ("outermost", lambda x: 3 * np.cos(3 * x)),
        ("wrong input", lambda x: np.exp(np.sin(3 * x)) * np.cos(x) * 3),
        ("y itself", lambda x: np.exp(np.sin(3 * x))),
        ("outer at the inner derivative", lambda x: np.exp(3 * np.cos(3 * x))),
    ],
    "02.7": [
        ("inner", lambda x: _dsig(x**2)),
        ("sigma", lambda x: _sig(x**2) * 2 * x),
        ("substitute", lambda x: _dsig(x) * 2 * x),
        ("power", lambda x: _dsig(2 * x)),
        ("constant", lambda x: _dsig(x**2) * x),
        ("order", lambda x: 2 * _sig(x) * _dsig(x)),
        ("x dropped", lambda x: _dsig(x**2) * 2),
        ("y itself", lambda x: _sig(x**2)),
    ],
    "02.8": [
        ("inner", lambda x: 2 * np.sin(x)),
        ("substitute", lambda x: 2 * x * np.cos(x)),
        ("power", lambda x: 2 * np.cos(x)),
        ("constant", lambda x: np.sin(x) * np.cos(x)),
        ("sign", lambda x: -2 * np.sin(x) * np.cos(x)),
        ("order", lambda x: np.cos(x**2) * 2 * x),
        ("y itself", lambda x: np.sin(x) ** 2),
        ("squared inner", lambda x: np.cos(x) * np.cos(x)),
    ],
}

# The right answer, rearranged: algebraically equal, written differently.
REARRANGED = {
    "02.1": 6 * 3 * (3**2 + 1) ** 2,
    "02.5": -0.0,
    "02.2": lambda x: -30 * x * (3 * x**2 - 4) ** 4,
    "02.3": lambda x: 2 / (x + 1 / x),
    "02.4": lambda x: 3 * x**2 * np.cos(x**3 + np.pi / 2),
    "02.6": lambda x: np.exp(np.sin(3 * x) + np.log(3)) * np.cos(3 * x),
    "02.7": lambda x: 2 * x * np.exp(-(x**2)) / (1 + np.exp(-(x**2))) ** 2,
    "02.8": lambda x: np.sin(2 * x),
}

IDS = sorted(WRONG)
CASES = [(i, kind, answer) for i in IDS for kind, answer in WRONG[i]]


def kinds(kind):
    """The mistakes a wrong answer makes: one, or a set where two mistakes give the same answer."""
    return set(kind) if isinstance(kind, set) else {kind}


def test_notebook_02_has_at_least_six_exercises():
    assert len(IDS) >= 6
    for exercise_id in IDS:
        get(exercise_id)


@pytest.mark.parametrize("exercise_id", IDS)
def test_reference_and_a_rearrangement_pass(exercise_id):
    assert check(exercise_id, get(exercise_id).reference).correct
    feedback = check(exercise_id, REARRANGED[exercise_id])
    assert feedback.correct, feedback


@pytest.mark.parametrize(
    ("exercise_id", "kind", "answer"), CASES, ids=[f"{i}-{'+'.join(sorted(kinds(k)))}" for i, k, _ in CASES]
)
def test_each_usual_mistake_gets_its_own_hint(exercise_id, kind, answer):
    """Each wrong answer is named for the mistake it makes; where two mistakes give it, both are named."""
    feedback = check(exercise_id, answer)
    assert not feedback.correct and feedback.answered
    named = {k for k, word in KEYWORDS.items() if word.lower() in feedback.message.lower()}
    assert named == kinds(kind), feedback.message
    hints = {m.hint for m in get(exercise_id).mistakes if m.hint in feedback.message}
    assert len(hints) == len(kinds(kind)), feedback.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_declared_mistake_is_tested_here(exercise_id):
    hints = {m.hint for m in get(exercise_id).mistakes}
    named = {h for _, answer in WRONG[exercise_id] for h in hints if h in check(exercise_id, answer).message}
    assert named == hints


@pytest.mark.parametrize("exercise_id", [i for i in IDS if callable(get(i).reference)])
def test_mistakes_differ_from_the_reference_and_from_each_other(exercise_id):
    exercise = get(exercise_id)
    points = exercise._comparison_points()
    with np.errstate(all="ignore"):
        reference = np.array([exercise.reference(*p) for p in points])
        wrong = [np.array([m.answer(*p) for p in points]) for m in exercise.mistakes]
    assert np.all(np.isfinite(reference))
    for i, values in enumerate(wrong):
        assert np.mean(np.isfinite(values)) >= 0.5, exercise.mistakes[i].hint  # defined on most of the domain
        # differs at most test points, not at one lucky point only
        assert np.mean(~np.isclose(values, reference)) > 0.5, exercise.mistakes[i].hint
        for j in range(i):
            assert np.mean(~np.isclose(values, wrong[j])) > 0.5, (exercise.mistakes[i].hint, exercise.mistakes[j].hint)


def test_the_reference_is_none_of_the_number_mistakes():
    for exercise_id in ("02.1", "02.5"):
        exercise = get(exercise_id)
        numbers = [m.answer for m in exercise.mistakes if m.answer != NO_NUMBER]
        assert all(not np.isclose(answer, exercise.reference) for answer in numbers)


def test_02_1_names_both_mistakes_that_give_600():
    feedback = check("02.1", 600)
    assert "cannot tell which" in feedback.message
    assert "exponent 3 down" in feedback.message and "The x of du/dx" in feedback.message


def test_02_5_a_number_in_quotes_is_still_told_to_lose_the_quotes():
    """Only an answer that says "there is none" gets the misconception's hint; "0" in quotes is a Python slip."""
    assert "remove the quotes" in check("02.5", "0").message
    assert check("02.5", 0).correct and check("02.5", 0.0).correct


def test_02_3_is_checked_on_both_sides_of_zero():
    """A derivative right for x > 0 only, such as 2|x| / (1 + x²), is not accepted."""
    assert any(low < 0 < high for low, high in get("02.3").domain)
    assert not check("02.3", lambda x: 2 * abs(x) / (1 + x**2)).correct
    assert not check("02.3", lambda x: 2 / (abs(x) + 1 / abs(x))).correct


# The worked examples of the notebook, three ways (formula, finite difference, torch.autograd float64).


def y1(x):
    return (2 * x**2 + 8) ** 2


def y2(x):
    return (5 * x + 25) ** 3


def h(x):
    return log(2 + cos(x))


def test_first_worked_example(capsys):
    assert y1(3.0) == 676
    assert 2 * (2 * 3.0**2 + 8) * 4 * 3.0 == 16 * 3.0**3 + 64 * 3.0 == 624
    verify(y1, lambda x: 16 * x**3 + 64 * x, points=[-2.5, -1.0, 0.3, 1.7, 3.0])
    verify(y1, lambda x: 2 * (2 * x**2 + 8) * 4 * x, points=[-2.0, 0.5, 3.0])


def test_second_worked_example(capsys):
    verify(y2, lambda x: 15 * (5 * x + 25) ** 2, points=[-7.0, -6.0, -4.0, -3.0, 0.0, 1.5])
    verify(y2, lambda x: 3 * (5 * x + 25) ** 2 * 5, points=[-6.5, -2.0])


def test_third_worked_example(capsys):
    xs = np.linspace(-50, 50, 100_001)
    assert (2 + np.cos(xs)).min() >= 1  # the domain: every x
    assert math.isclose(-math.sin(math.pi / 2) / (2 + math.cos(math.pi / 2)), -0.5)
    verify(h, lambda x: -sin(x) / (2 + cos(x)), points=[-3.0, -1.0, 0.7, math.pi / 2, 2.0, 10.0])


# The slopes-multiply explorer.


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_compute_function_multiplies_the_slopes(name):
    example = EXAMPLES[name]
    for x in np.linspace(*example.x_range, 9):
        shown = slopes_at(example, x)
        assert shown["u"] == pytest.approx(example.inner(x))
        assert shown["du_dx"] == pytest.approx(derivative(example.inner, x), rel=1e-6, abs=1e-8)
        assert shown["dy_du"] == pytest.approx(derivative(example.outer, shown["u"]), rel=1e-6, abs=1e-8)
        whole = derivative(lambda t, e=example: e.outer(e.inner(t)), x)
        assert shown["du_dx"] * shown["dy_du"] == shown["dy_dx"] == pytest.approx(whole, rel=1e-6, abs=1e-6)


def test_compute_function_gives_tangents_through_the_points():
    example = EXAMPLES["h = ln(2 + cos x)"]
    xs, _, us, _, _ = curves(example)
    shown = chain_view(example, math.pi / 2, xs, us)
    assert shown["dy_dx"] == pytest.approx(-0.5)
    assert np.interp(math.pi / 2, xs, shown["y_tangent"]) == pytest.approx(math.log(2))
    assert np.interp(shown["u"], us, shown["y_of_u_tangent"]) == pytest.approx(shown["y"])


def test_every_example_keeps_the_slider_in_range_and_the_readout_right():
    explorer = ChainExplorer()
    slider = explorer.controls["x"]
    for name, example in EXAMPLES.items():
        explorer.set(example=name)
        assert (slider.min, slider.max) == example.x_range
        for x in np.linspace(slider.min, slider.max, 7):
            explorer.set(x=float(x))
            shown = slopes_at(example, slider.value)
            assert explorer.readouts[2].get_text() == f"dy/dx = {shown['dy_dx']:.4g}".replace("-", "−") or (
                round(shown["dy_dx"], 4) == 0
            )


def test_switching_example_never_draws_an_x_outside_its_range(monkeypatch):
    explorer = ChainExplorer()
    seen = []
    original = explorer.update

    def recording_update(example, x):
        seen.append((example, x))
        return original(example=example, x=x)  # the readout text the explorer shows

    monkeypatch.setattr(explorer, "update", recording_update)
    for name in [*EXAMPLES, next(iter(EXAMPLES))]:
        explorer.set(example=name)
    assert seen
    for name, x in seen:
        low, high = EXAMPLES[name].x_range
        assert low <= x <= high, (name, x)


def test_switching_example_starts_the_slider_at_its_x0():
    explorer = ChainExplorer()
    for name in [*EXAMPLES, next(iter(EXAMPLES))]:
        explorer.set(example=name)
        slider = explorer.controls["x"]
        assert (slider.value, (slider.min, slider.max)) == (EXAMPLES[name].x0, EXAMPLES[name].x_range)


def test_a_numeric_slope_handed_in_for_a_formula_is_told_to_write_the_formula():
    """Found by a learner: chainlab's derivative passed every 'write the derivative' exercise of 02."""
    from chainlab.calculus import derivative
    from chainlab.functions import cos

    feedback = check("02.4", lambda x: derivative(lambda t: cos(t**3), x))
    assert not feedback.correct and "but chainlab's derivative finds the derivative" in feedback.message


def test_a_whole_number_near_miss_is_called_a_slip_not_a_rounding():
    assert "arithmetic slip" in check("02.1", 1790).message
    assert "rounded" not in check("02.1", 1801).message


def test_a_formula_in_quotes_for_a_function_is_told_to_remove_the_quotes_not_called_a_word():
    message = check("02.2", "x").message
    assert "remove the quotes" in message and "is the word" not in message


def test_torch_sin_on_a_number_is_told_which_function_takes_a_number():
    import torch

    message = check("02.4", lambda x: -3 * x**2 * torch.sin(x**3)).message
    assert "must be Tensor, not float" in message and "write math.sin or np.sin" in message


def test_02_1_the_inner_plus_one_dropped_is_named_beside_the_wrong_order():
    """Found by a walk-through: 3·9²·6 = 1458 (u = 9, the +1 dropped) was told only "the wrong order"."""
    message = check("02.1", 3 * 9**2 * 6).message
    assert "+1 of the inner function went missing" in message and "wrong order" in message
