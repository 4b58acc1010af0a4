"""Notebook 01's exercises (references, known mistakes, rearranged answers) and its secant explorer."""

import math
import warnings

import numpy as np
import pytest
import torch

from chainlab.calculus import EPS, derivative, step
from chainlab.exercises import check, get
from chainlab.exercises.nb01 import EXERCISES
from chainlab.explorers.secant import SecantExplorer, secant, square_secant_explorer

IDS = [e.id for e in EXERCISES]


def test_at_least_four_exercises_numbered_in_order():
    assert len(EXERCISES) >= 4
    assert [f"01.{k}" for k in range(1, len(EXERCISES) + 1)] == IDS


# Answers as a learner writes them: other forms of the right answer, and the mistakes by hand.


def test_01_1_secant_slope():
    assert check("01.1", (3.1**2 - 9) / 0.1).correct
    assert check("01.1", 2 * 3 + 0.1).correct
    assert "rise over run" in check("01.1", 3.1**2 - 9).message
    assert "limit" in check("01.1", 2 * 3).message


def test_01_2_rearranged_and_typical_mistakes():
    assert check("01.2", lambda x: x * (12 * x - 10) + 7).correct
    assert check("01.2", lambda x: 3 * 4 * x ** (3 - 1) - 2 * 5 * x + 7).correct
    assert check("01.2", lambda x: 12 * x**2 - 10 * x + 7 - 2).message.startswith("Constant rule")
    assert check("01.2", lambda x: 4 * 3 * x**3 - 5 * 2 * x**2 + 7 * x).message.startswith("Power rule")
    assert check("01.2", lambda x: 3 * x**2 - 2 * x + 1).message.startswith("Constant multiple rule")


def test_the_learner_pass_mistakes_are_named():
    assert "from the table above" in check("01.1", 2.1).message
    assert "p(x) itself" in check("01.2", lambda x: 4 * x**3 - 5 * x**2 + 7 * x - 2).message
    assert "did not lower it" in check("01.3", lambda x: -6 * x**-2 + x**-0.5).message
    assert "within 1 %" in check("01.5", np.cbrt(2.2e-16) * 1000).message  # ε typed with two digits


def test_01_4_a_rounding_that_fits_a_mistake_too_names_both():
    message = check("01.4", 0.54).message
    assert "exact derivative" in message and "rounded to 2 significant digit" in message


def test_01_3_rearranged_and_typical_mistakes():
    assert check("01.3", lambda x: (1 - 6 / x**2.5) / np.sqrt(x)).correct
    assert check("01.3", lambda x: 3 * (-2) * x**-3 + 2 * 0.5 * x**-0.5).correct
    assert check("01.3", lambda x: torch.tensor(x) ** -0.5 - 6 * torch.tensor(x) ** -3).correct
    assert "negative exponent" in check("01.3", lambda x: -6 * x**-1 + x**-0.5).message
    assert check("01.3", lambda x: 6 * x**-3 + x**-0.5).message.startswith("Sign error")
    assert "fractional exponent" in check("01.3", lambda x: -6 * x**-3 + x**0.5).message


def test_01_3_is_checked_only_where_q_is_defined():
    assert all(low > 0 for low, _ in get("01.3").domain)
    assert all(p > 0 for p in get("01.3").points)


def test_01_4_central_difference():
    h = 0.1
    assert check("01.4", (np.sin(1 + h) - np.sin(1 - h)) / (2 * h)).correct
    assert "forward difference" in check("01.4", (np.sin(1 + h) - np.sin(1)) / h).message
    assert "2h" in check("01.4", (np.sin(1 + h) - np.sin(1 - h)) / h).message
    assert "exact derivative" in check("01.4", np.cos(1)).message


def test_01_5_step():
    assert check("01.5", step(1000.0)).correct
    assert check("01.5", 1000 * EPS ** (1 / 3)).correct
    assert "forward difference" in check("01.5", 1000 * math.sqrt(EPS)).message
    assert "grow with |x|" in check("01.5", np.cbrt(EPS)).message


def test_01_6_autograd_and_accumulated_gradient():
    x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    (x**4 - 3 * x).backward()
    assert check("01.6", x.grad).correct
    (x**4 - 3 * x).backward()  # a second pass without resetting x.grad
    assert "accumulate" in check("01.6", x.grad).message
    assert "value of y" in check("01.6", (x**4 - 3 * x).item()).message


# The explorer


def square(x):
    return x**2


def test_secant_of_the_square_is_2x_plus_dx():
    for dx in [1.0, 0.1, 1e-3, 1e-6]:
        s = secant(square, 1.0, dx)
        assert math.isclose(float(s["slope"]), 2 + dx, rel_tol=1e-9)
        assert math.isclose(float(s["y1"]) - s["y0"], float(s["dy"]))


def test_secant_slope_converges_to_the_derivative():
    for x0 in [-1.3, 0.4, 2.0]:
        errors = [abs(float(secant(np.sin, x0, dx)["slope"]) - np.cos(x0)) for dx in np.logspace(-1, -6, 6)]
        assert all(a > b for a, b in zip(errors, errors[1:], strict=False))  # each tenfold smaller Δx: smaller error
        assert errors[-1] < 1e-6


def test_secant_is_pure_and_takes_arrays():
    dxs = np.logspace(-6, 0, 7)
    s = secant(square, 1.0, dxs)
    np.testing.assert_allclose(s["slope"], 2 + dxs, rtol=1e-9)
    np.testing.assert_array_equal(dxs, np.logspace(-6, 0, 7))


@pytest.fixture(scope="module")
def explorer():
    return square_secant_explorer()


def slider_values(control):
    inside = np.linspace(control.min, control.max, 7)[1:-1]
    return [control.base**control.min, control.base**control.max, *(control.base**inside)]


def test_the_title_reads_the_secant_slope_at_every_slider_position(explorer):
    for dx in slider_values(explorer.controls["dx"]):
        explorer.set(dx=dx)
        assert f"{float(secant(square, 1.0, dx)['slope']):.6f}" in explorer.ax.get_title()


def test_slider_reaches_down_to_1e_6_on_a_log_scale(explorer):
    control = explorer.controls["dx"]
    assert control.base == 10 and control.bounds == (control.base**control.min, control.base**control.max)
    assert control.base**control.min == pytest.approx(1e-6)
    assert control.base**control.max == pytest.approx(1.0)


def test_at_the_smallest_dx_the_secant_is_the_tangent(explorer):
    explorer.set(dx=1e-6)
    np.testing.assert_allclose(explorer.secant.get_ydata(), explorer.tangent.get_ydata(), atol=1e-5)


def test_other_functions_work_too():
    explorer = SecantExplorer(np.sin, np.cos, x0=0.5, x_range=(-1.0, 2.0), label="sin x")
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        for dx in [1e-6, 1e-3, 1.0]:
            explorer.set(dx=dx)
            explorer.figure.canvas.draw()
            for line in explorer.ax.lines:
                assert np.all(np.isfinite(np.asarray(line.get_xydata(), dtype=float))), line


# What the learner pass found


def test_00_1_exponent_brought_down_but_not_lowered():
    assert "lowers the exponent" in check("00.1", 3 * 2**3).message


def test_01_4_the_answer_to_the_printed_digits_is_told_how_close_it_is():
    message = check("01.4", 0.5394).message
    assert "rounded to 4 significant digit" in message and "6" in message


def test_01_1_multiplied_by_the_run_is_named():
    assert "multiplied by Δx" in check("01.1", (3.1**2 - 9) * 0.1).message


def test_01_3_the_half_of_the_power_rule_dropped_is_named():
    message = check("01.3", lambda x: -6 / x**3 + 2 * x**-0.5).message
    assert "½ of the power rule went missing" in message


@pytest.mark.parametrize(
    "answer",
    [
        lambda x: -6 * x**-3 + 2 * 1 / 2 * x**-1 / 2,  # 2·(1/2)·x**-1/2, as the rule reads
        lambda x: -6 / x**3 + 1 / x**1 / 2,
        lambda x: -6 * x**-3 + x**-1 / 2,
    ],
)
def test_01_3_the_precedence_of_x_to_the_minus_half_is_named(answer):
    message = check("01.3", answer).message
    assert "** binds tighter than /" in message and "x**(-1/2)" in message


def test_01_3_the_right_answer_with_brackets_passes():
    assert check("01.3", lambda x: -6 * x ** (-3) + 2 * (1 / 2) * x ** (-1 / 2)).correct


def test_01_4_more_slips_are_named():
    h = 0.1
    assert "/ (2 * h)" in check("01.4", (np.sin(1 + h) - np.sin(1 - h)) / 2 * h).message
    assert "backward difference" in check("01.4", (np.sin(1) - np.sin(1 - h)) / h).message
    assert "of cos, not of sin" in check("01.4", (np.cos(1 + h) - np.cos(1 - h)) / (2 * h)).message
    assert check("01.4", (np.sin(1 + h) - np.sin(1 - h)) / (2 * h)).correct
    assert check("01.4", np.cos(1) * np.sin(h) / h).correct  # sin(a+h) − sin(a−h) = 2 cos a sin h


def test_01_5_slips_in_the_step_are_named():
    assert "multiply by" in check("01.5", np.cbrt(EPS) / 1000).message
    assert "does not go inside it" in check("01.5", np.cbrt(EPS * 1000)).message
    assert "** binds tighter than /" in check("01.5", EPS**1 / 3 * 1000).message
    assert check("01.5", (EPS * 1000**3) ** (1 / 3)).correct


def test_01_6_more_slips_are_named():
    assert "of g', not of g" in check("01.6", 4 * 3 * 1.5**2).message  # y = 4x³ − 3, differentiated
    assert "sign of the −3x term" in check("01.6", 4 * 1.5**3 + 3).message


def test_01_6_a_gradient_never_computed_is_named():
    x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    y = x**4 - 3 * x
    assert "y.backward()" in check("01.6", x.grad).message  # read before backward(): None
    assert "backward() itself returns None" in check("01.6", y.backward()).message


@pytest.mark.parametrize("exercise", [e for e in EXERCISES] + [get("00.1")], ids=lambda e: e.id)
def test_no_hint_before_the_chain_rule_speaks_of_a_chain(exercise):
    answers = [m.answer for m in exercise.mistakes] + (
        [lambda x: x, lambda x: 0 * x] if callable(exercise.reference) else [1.5, 0.0, -1.0]
    )
    for answer in answers:
        assert "chain" not in check(exercise.id, answer).message.lower()


def _correct_digits(estimate, exact):
    return -math.log10(abs(estimate - exact) / abs(exact))


def test_the_digits_the_notebook_states_for_the_central_difference():
    """About 10 to 11 digits at a step that suits the function; about 5 for sin at x = 1000, where the scaled step
    h = ∛ε·1000 leaves a truncation error of h²/6·|cos 1000|."""
    assert 10 <= _correct_digits(derivative(np.sin, 1.0), np.cos(1.0)) < 12
    assert 4.5 < _correct_digits(derivative(np.sin, 1000.0), np.cos(1000.0)) < 5.5
    assert _correct_digits(derivative(np.sin, 1000.0, h=np.cbrt(EPS)), np.cos(1000.0)) >= 10
    assert _correct_digits(derivative(lambda x: x**5, 1000.0), 5 * 1000.0**4) > 9.5
    h = step(1000.0)
    assert math.isclose(abs(derivative(np.sin, 1000.0) - np.cos(1000.0)), h**2 / 6 * abs(np.cos(1000.0)), rel_tol=0.05)


def p(x):
    return 4 * x**3 - 5 * x**2 + 7 * x - 2


def q(x):
    return 3 / x**2 + 2 * np.sqrt(x)


@pytest.mark.parametrize(
    ("exercise_id", "estimate"),
    [
        ("01.2", lambda x: (p(x + 1e-6) - p(x)) / 1e-6),  # section 1's secant slope, right to 6 digits
        ("01.2", lambda x: (p(x + 1e-7) - p(x - 1e-7)) / 2e-7),
        ("01.3", lambda x: (q(x + 1e-6) - q(x - 1e-6)) / 2e-6),
        ("01.3", lambda x: (q(x + 1e-3) - q(x)) / 1e-3),  # too rough to pass, and still named
    ],
)
def test_a_difference_quotient_is_named_not_passed_where_the_rules_are_asked(exercise_id, estimate):
    """Found by a learner: a hand-written difference quotient passed 01.2 and 01.3, which ask for the rules."""
    feedback = check(exercise_id, estimate)
    assert not feedback.correct and "that is a difference quotient" in feedback.message


def test_a_formula_that_adds_a_constant_is_not_taken_for_a_difference_quotient():
    assert check("01.2", lambda x: 12 * (x - 0.5) ** 2 + 2 * x + 4).correct  # 12x² − 10x + 7, completed square


@pytest.mark.parametrize("by_hand", [10.5, 4 * 1.5**3 - 3, "derivative", "item"])
def test_01_6_the_right_number_not_from_torch_is_asked_for_as_the_tensor(by_hand):
    """Found by a learner: 10.5 worked out by the rules passed 01.6, whose step is autograd."""
    x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    (x**4 - 3 * x).backward()
    answer = {"derivative": derivative(lambda t: t**4 - 3 * t, 1.5), "item": x.grad.item()}.get(by_hand, by_hand)
    feedback = check("01.6", answer)
    assert not feedback.correct and "hand in the tensor itself" in feedback.message
    assert "then hand in g_slope = x.grad" in feedback.message
    assert check("01.6", x.grad).correct


def test_01_6_a_tensor_computed_by_the_formula_is_not_a_gradient():
    """Found by a walk-through: 4·x³ − 3 computed on the tensor x passed, though torch differentiated nothing."""
    x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    feedback = check("01.6", 4 * x**3 - 3)
    assert not feedback.correct and "computed by a formula from x" in feedback.message


@pytest.fixture
def notebook_namespace():
    """An IPython shell, as in a notebook: check reads the learner's tensors from its namespace."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    yield shell.user_ns
    InteractiveShell.clear_instance()


def test_01_6_in_a_notebook_only_a_tensors_grad_passes(notebook_namespace):
    """Found by a walk-through: torch.tensor(10.5), typed, passed as if backward() had filled it in."""
    x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    (x**4 - 3 * x).backward()
    notebook_namespace["x"] = x
    assert check("01.6", x.grad).correct
    for copy in (x.grad.clone(), x.grad.detach(), x.grad.float()):  # found by a walk-through: copies were refused
        assert check("01.6", copy).correct
    notebook_namespace["x"] = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)  # a fresh x: no backward yet
    typed = check("01.6", torch.tensor(10.5, dtype=torch.float64))
    assert not typed.correct and "no tensor of this notebook holds it as its .grad" in typed.message


def test_the_second_learner_pass_mistakes_are_named():
    """Found by the walk-through of 01: each of these got only "work through it again"."""
    assert "no x left" in check("01.2", lambda x: 12 * x**2 - 10 * x + 7 * x).message
    assert "brackets" in check("01.4", np.sin(1.1) - np.sin(0.9) / (2 * 0.1)).message
    assert "1 degree" in check("01.4", (np.sin(np.radians(1.1)) - np.sin(np.radians(0.9))) / 0.2).message
    assert "h = 0.01" in check("01.4", (np.sin(1.01) - np.sin(0.99)) / 0.02).message
    assert "two backward passes" in check("01.6", 50.0).message
    assert "(f(3.1)" not in check("01.1", 6).message  # named without handing over the expression


def test_the_third_walk_through_mistakes_are_named():
    """Found by the third walk-through of 01: each got a hint for another mistake, or none."""
    assert "cube root is missing" in check("01.5", 1000 * EPS).message
    assert "steps 0.05 each way" in check("01.4", (np.sin(1.05) - np.sin(0.95)) / 0.1).message
    assert "1/x**1/2" in check("01.3", lambda x: -6 / x**3 + 1 / x**1 / 2).message
    exact = check("01.4", np.cos(1)).message  # fits the step h = 0.001 too: the likelier cause comes first
    assert exact.index("exact derivative") < exact.index("h = 0.001")


@pytest.mark.parametrize("answer", [0.0, 1e-20, 1e-12])
def test_01_5_a_tiny_step_is_not_taken_for_eps_over_3(answer):
    """ε/3·1000 is about 7e-14: an absolute tolerance of 1e-9 made every tiny answer that mistake."""
    assert "binds tighter" not in check("01.5", answer).message


def test_01_6_unanswered_asks_for_the_tensor():
    assert "x.grad" in check("01.6", ...).message


def test_a_wrong_number_is_shown_with_the_digits_that_tell_it_apart():
    assert "2.000001 is not it" in check("01.1", 2.000001).message
