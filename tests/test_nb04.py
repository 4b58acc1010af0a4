"""Notebook 04's exercises: each usual mistake, written afresh here, gets its own hint (both hints where two mistakes
give the same answer); right answers written differently pass; the gradient's generic hints (order, shape, one
component right) are given; the unfilled skeleton is unanswered. (Junk answers are tested for every exercise in
test_exercises.py.)"""

import math

import numpy as np
import pytest
import torch

from chainlab.calculus import verify
from chainlab.exercises import check, get
from chainlab.functions import cos, sin

# What each kind of hint must say, so that a learner can tell which mistake it names.
KEYWORDS = {
    "held varying": "held variable was treated as varying",
    "sign of −y²": "minus sign of −y² went missing",
    "other reading": "different reading",
    "terms": "terms of z themselves",
    "∂v/∂l instead": "that is ∂v/∂l",
    "∂v/∂r instead": "that is ∂v/∂r",
    "v itself": "v itself",
    "l dropped": "l is held still, but it stays as a factor",
    "l varied": "you let l vary too",
    "r varied": "you let r vary too",
    "r differentiated": "you differentiated r²",
    "π dropped": "π went missing",
    "partials added": "added the two partial",
    "not squared": "are not squared",
    "larger partial": "larger partial derivative",
    "square root": "take the square root",
    "f itself": "f(1, 1) itself",
    "∂f/∂x only": "slope along the x axis",
    "2y² partial": "check ∂f/∂y of 2y²",
    "path through x only": "you have only the path through x",
    "path through y only": "you have only the path through y",
    "paths multiplied": "the paths are multiplied",
    "partials swapped": "∂z/∂x and ∂z/∂y swapped",
    "sign of cos′": "derivative of cos t is −sin t",
    "direct path missing": "the direct path is missing",
    "path through u missing": "the path through u is missing",
    "diagonal": "along the diagonal",
    "dx·dy": "you multiplied dx/dt by dy/dt",
    "dx+dy": "you added dx/dt and dy/dt",
    "z itself": "that is z itself",
    "du/dx missing": "needs du/dx too",
    "u for du/dx": "not u itself",
    "y itself": "that is y itself",
    "1/λmax": "lands exactly at the minimum",
    "2/λmin": "limit along the flat axis",
    "1/λmin": "flat axis's eigenvalue",
    "λmax": "that is λmax",
    "λmin": "that is λmin",
    "coefficient": "coefficient 5 of 5y²",
    "one-sided difference": "one-sided difference",
    "rounded π": "rounded π",
    "rounded": "the right answer rounded to",
    "xor": "bitwise xor",
    "angle": "as an angle in degrees",
    "angle in radians": "as an angle in radians",
    "gradient itself": "the gradient ∇f = (∂f/∂x, ∂f/∂y) itself",
    "inner derivatives forgotten": "dx/dt or dy/dt, as a factor",
    "x for du/dx": "gives 2x, not x",
    "curvatures added": "adds the two curvatures",
    "just below the boundary": "just below the boundary",
    "graph: path through x only": "the path through x alone",
    "graph: path through y only": "the path through y alone",
    "z's data": "that is z's data",
    "sign of dy/dt": "the sign of dy/dt",
    "first edges added": "the first edge of each path",
    "all labels added": "you added all four labels",
    "first edges multiplied": "first edges of the two paths",
}

PI = math.pi


def forward_difference(step):
    """The gradient of x² − y² as a learner computes it with a one-sided difference and this step."""

    def grad_z(x, y):
        def z(a, b):
            return a**2 - b**2

        return ((z(x + step, y) - z(x, y)) / step, (z(x, y + step) - z(x, y)) / step)

    return grad_z


# (exercise id, the kind(s) of mistake the hint must name, the answer as a learner writes it)
WRONG = {
    "04.1": [
        ("held varying", lambda x, y: (2 * x - 2 * y, -2 * y + 2 * x)),
        ("held varying", lambda x, y: np.array([2 * x - 2 * y, -2 * y])),
        ("held varying", lambda x, y: [2 * x, 2 * x - 2 * y]),
        ("sign of −y²", lambda x, y: [2 * x, 2 * y]),
        ("other reading", lambda x, y: (2 * (x - y), 2 * (y - x))),
        ("terms", lambda x, y: (x * x, -y * y)),
        *(("one-sided difference", forward_difference(step)) for step in (1e-1, 1e-3, 1e-6, -1e-4)),
    ],
    "04.2": [
        ("∂v/∂l instead", math.pi * 3**2),
        ("v itself", math.pi * 9 * 5),
        ("l dropped", 2 * math.pi * 3),
        ("l varied", 2 * math.pi * 3 * 5 + math.pi * 3**2),
        ("π dropped", 2 * 3 * 5),
        (("rounded π", "rounded"), 2 * 3.14 * 3 * 5),  # 94.2 exactly: a rounded π, or 94.25 rounded to 3 digits
        ("rounded π", 2 * (22 / 7) * 3 * 5),
        ("rounded π", 2 * 3.142 * 15),
    ],
    "04.3": [
        ("∂v/∂r instead", 2 * np.pi * 15),
        ("v itself", np.pi * 45),
        ("r differentiated", 6 * math.pi),
        ("r varied", math.pi * 9 + 2 * math.pi * 3 * 5),
        ("π dropped", 9),
        ("rounded π", 3.14 * 3**2),
        ("rounded π", 22 / 7 * 9),
        ("rounded π", 3.142 * 9),
        ("xor", math.pi * (3 ^ 2)),
    ],
    "04.4": [
        ("partials added", 2 + 4),
        ("larger partial", 4),
        ("square root", 2**2 + 4**2),
        ("f itself", 1**2 + 2 * 1**2),
        ("∂f/∂x only", 2.0),
        ("2y² partial", math.sqrt(2**2 + 2**2)),
        ("diagonal", (2 + 4) / math.sqrt(2)),
        (("xor", "not squared"), math.sqrt(2 ^ 2 + 4 ^ 2)),  # √6: the same number as forgetting the squares
        ("angle", math.degrees(math.atan2(4, 2))),
        ("angle in radians", math.atan2(4, 2)),
        ("gradient itself", (2, 4)),
        ("gradient itself", [2.0, 4.0]),
        ("gradient itself", np.array([2.0, 4.0])),
    ],
    "04.5": [  # read off the figure: each label to 4 significant digits, as it shows them
        (("graph: path through x only", "z's data"), 0.7648 * 2.014),
        (("graph: path through x only", "z's data"), 1.54),
        (("graph: path through y only", "first edges multiplied"), 2.014 * -0.6442),
        ("paths multiplied", (0.7648 * 2.014) * (2.014 * -0.6442)),
        ("sign of dy/dt", 0.7648 * 2.014 + 2.014 * 0.6442),
        ("first edges added", 2.014 - 0.6442),
        ("all labels added", 2.014 + 0.7648 - 0.6442 + 2.014),
    ],
    "04.6": [
        ("path through x only", lambda t: np.sin(t) * -np.sin(t)),
        ("path through y only", lambda t: math.cos(t) * math.cos(t)),
        ("paths multiplied", lambda t: (math.sin(t) * -math.sin(t)) * (math.cos(t) * math.cos(t))),
        ("partials swapped", lambda t: np.cos(t) * -np.sin(t) + np.sin(t) * np.cos(t)),
        ("partials swapped", lambda t: 0),  # a 0 written by hand is told the same, with a word for it
        ("sign of cos′", lambda t: np.sin(t) * np.sin(t) + np.cos(t) * np.cos(t)),
        ("dx·dy", lambda t: -math.sin(t) * math.cos(t)),
        ("dx+dy", lambda t: -np.sin(t) + np.cos(t)),
        ("z itself", lambda t: math.sin(t) * math.cos(t)),
        ("inner derivatives forgotten", lambda t: np.sin(t) + np.cos(t)),
    ],
    "04.7": [
        ("direct path missing", lambda x: 2 * x),
        ("path through u missing", lambda x: 1),
        ("du/dx missing", lambda x: 1 + 1),
        ("u for du/dx", lambda x: 1 + x**2),
        ("y itself", lambda x: x + x**2),
        ("x for du/dx", lambda x: 1 + x),
    ],
    "04.8": [
        ("1/λmax", 1 / 10),
        ("2/λmin", 2 / 2),
        ("1/λmin", 1 / 2),
        ("λmax", 10),
        ("λmin", 2),
        ("coefficient", 2 / 5),
        ("curvatures added", 2 / 12),
        ("just below the boundary", 0.19),
    ],
}

REARRANGED = {
    "04.1": [
        lambda x, y: np.array([2 * x, -2 * y]),
        lambda x, y: [x + x, -(y + y)],
        lambda x, y: torch.tensor([2.0, -2.0], dtype=torch.float64) * torch.tensor([x, y], dtype=torch.float64),
    ],
    "04.2": [2 * np.pi * 3 * 5, 94.24778],
    "04.3": [math.pi * 9, 28.2743],
    "04.4": [math.hypot(2, 4), np.linalg.norm([2.0, 4.0]), 2 * math.sqrt(5), 4.47, 4.472],
    "04.5": [0.7648 * 2.014 + 2.014 * -0.6442, 2.014 * (0.7648 - 0.6442), 0.243, 0.2429],
    "04.6": [
        lambda t: np.cos(2 * t),
        lambda t: math.cos(t) ** 2 - math.sin(t) ** 2,
        lambda t: 1 - 2 * np.sin(t) ** 2,
    ],
    "04.7": [lambda x: 2 * x + 1, lambda x: np.float64(1.0) + x * 2],
    "04.8": [2 / 10, 0.2],
}

CASES = [(i, kind, answer) for i in WRONG for kind, answer in WRONG[i]]
RIGHT = [(i, answer) for i in REARRANGED for answer in REARRANGED[i]]


def named(feedback):
    return {k for k, word in KEYWORDS.items() if word in feedback.message.lower()}


def test_the_exercises_are_those_the_notebook_asks():
    names = {
        "04.1": "grad_z",
        "04.2": "dv_dr",
        "04.3": "dv_dl",
        "04.4": "steepest",
        "04.6": "dz_dt",
        "04.7": "dy_dx",
        "04.8": "largest_rate",
    }
    assert {i: get(i).answer_name for i in names} == names
    assert get("04.1").variables == ("x", "y") and get("04.6").variables == ("t",) and get("04.7").variables == ("x",)
    assert get("04.1").domain == ((-3.0, 3.0), (-3.0, 3.0))
    assert get("04.6").domain == ((-math.pi, math.pi),)


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_the_reference_passes(exercise_id):
    assert check(exercise_id, get(exercise_id).reference).correct


@pytest.mark.parametrize(("exercise_id", "answer"), RIGHT, ids=[f"{i}-{n}" for n, (i, _) in enumerate(RIGHT)])
def test_the_right_answer_written_differently_passes(exercise_id, answer):
    feedback = check(exercise_id, answer)
    assert feedback.correct, feedback


@pytest.mark.parametrize(("exercise_id", "kind", "answer"), CASES, ids=[f"{i}-{k}" for i, k, _ in CASES])
def test_each_usual_mistake_gets_its_own_hint(exercise_id, kind, answer):
    feedback = check(exercise_id, answer)
    assert not feedback.correct and feedback.answered
    kinds = set(kind) if isinstance(kind, tuple) else {kind}
    assert named(feedback) == kinds, feedback.message
    if len(kinds) > 1:
        assert "cannot tell which" in feedback.message


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_every_declared_mistake_is_tested_here(exercise_id):
    messages = " ".join(check(exercise_id, answer).message for _, answer in WRONG[exercise_id])
    for mistake in get(exercise_id).mistakes:
        assert mistake.hint in messages, mistake.hint


def test_a_zero_dz_dt_gets_the_declared_hint_not_only_the_generic_one():
    feedback = check("04.6", lambda t: np.cos(t) * -np.sin(t) + np.sin(t) * np.cos(t))
    assert "∂z/∂x and ∂z/∂y swapped" in feedback.message
    assert "returns 0 at every test point" not in feedback.message


@pytest.mark.parametrize(
    ("exercise_id", "giveaways"),
    [
        ("04.1", ["(2x, −2y)", "−2y)", "= 2x"]),
        ("04.2", ["2πrl", "30π", "94.2"]),
        ("04.3", ["= πr²", "9π", "28.2"]),
        ("04.4", ["√20", "4.47", "2√5", "√(2² + 4²)"]),
        ("04.6", ["cos 2t", "cos²t − sin²t", "cos²(t) − sin²(t)"]),
        ("04.7", ["1 + 2x", "2x + 1"]),
        ("04.8", ["0.2", "2/λmax", "2/10", "1/5"]),
    ],
)
def test_no_hint_gives_the_whole_answer(exercise_id, giveaways):
    for mistake in get(exercise_id).mistakes:
        for text in giveaways:
            assert text not in mistake.hint, (text, mistake.hint)


# the gradient, 04.1: generic hints for a vector answer


def test_the_components_swapped_are_named_with_the_exercises_variables():
    feedback = check("04.1", lambda x, y: (-2 * y, 2 * x))
    assert not feedback.correct and feedback.answered
    assert "The components are in the wrong order: (∂z/∂x, ∂z/∂y)" in feedback.message
    assert "returns (∂z/∂y, ∂z/∂x)" in feedback.message


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (lambda x, y: 2 * x, "returns one number, but this exercise asks for 2"),
        (lambda x, y: 2 * x - 2 * y, "returns one number"),  # dz written as one number
        (lambda x, y: np.float64(-2 * y), "returns one number"),
        (lambda x, y: [2 * x], "returns one number"),
        (lambda x, y: (2 * x, -2 * y, 0.0), "returns 3 values, but this exercise asks for 2"),
        (lambda x, y: (), "returns 0 values"),
        (lambda x, y: np.zeros(4), "returns 4 values"),
    ],
)
def test_the_wrong_number_of_values_says_how_many_and_in_which_order(answer, phrase):
    feedback = check("04.1", answer)
    assert not feedback.correct and feedback.answered
    assert phrase in feedback.message and "in this order: (∂z/∂x, ∂z/∂y)" in feedback.message, feedback.message


def test_one_partial_alone_is_named():
    assert "Your number is ∂z/∂x alone" in check("04.1", lambda x, y: 2 * x).message
    assert "Your number is ∂z/∂y alone" in check("04.1", lambda x, y: -2 * y).message
    assert "alone" not in check("04.1", lambda x, y: 2 * x - 2 * y).message


@pytest.mark.parametrize(
    ("answer", "right", "off", "how"),
    [
        (lambda x, y: (2 * x, -(y**2)), "∂z/∂x", "∂z/∂y", "your function gives ∂z/∂y ="),
        (lambda x, y: (x**2, -2 * y), "∂z/∂y", "∂z/∂x", "your function gives ∂z/∂x ="),
        (lambda x, y: (2 * x, -y), "∂z/∂x", "∂z/∂y", "∂z/∂y is 1/2 of the right one everywhere"),
        (lambda x, y: (-2 * x, -2 * y), "∂z/∂y", "∂z/∂x", "∂z/∂x has the wrong sign everywhere"),
    ],
)
def test_one_component_right_and_the_other_off_is_said(answer, right, off, how):
    feedback = check("04.1", answer)
    assert not feedback.correct and feedback.answered
    assert f"{right} is right, but {off} is not" in feedback.message, feedback.message
    assert how in feedback.message, feedback.message


def test_the_generic_function_hints_apply_to_the_gradient():
    assert "returns (0, 0) at every test point" in check("04.1", lambda x, y: (0, 0)).message
    assert "wrong sign everywhere" in check("04.1", lambda x, y: (-2 * x, 2 * y)).message
    assert "1/2 of the right one everywhere" in check("04.1", lambda x, y: (x, -y)).message
    feedback = check("04.1", lambda x, y: (x * y, x + y))
    assert "At x = 1, y = 2, your function gives (2, 3)" in feedback.message


def grad_z(x, y):
    return (..., ...)  # (∂z/∂x, ∂z/∂y)


def half_done(x, y):
    return (2 * x, ...)


@pytest.mark.parametrize("answer", [..., grad_z, half_done, lambda x, y: [..., ...], lambda x, y: ...])
def test_the_unfilled_skeleton_is_not_answered_yet(answer):
    feedback = check("04.1", answer)
    assert not feedback.correct and feedback.answered is False
    assert "Replace the ..." in feedback.message


@pytest.mark.parametrize("exercise_id", ["04.6", "04.7"])
def test_the_unfilled_skeleton_of_a_function_is_not_answered_yet(exercise_id):
    def skeleton(t):
        return ...

    assert check(exercise_id, skeleton).answered is False


def test_a_gradient_handed_in_as_numbers_is_told_to_keep_the_skeleton():
    feedback = check("04.1", (2.0, -4.0))
    assert not feedback.correct
    assert "grad_z is a tuple" in feedback.message and "def grad_z(x, y): return (" in feedback.message


def test_the_derivatives_behind_the_exercises_hold_three_ways(capsys):
    """The notebook states these only in its solutions: the course's three-way check of each."""
    verify(lambda x, y: x**2 - y**2, get("04.1").reference, points=[(1.0, 0.5), (-2.0, 1.5), (0.3, -2.7)])
    verify(lambda t: cos(t) * sin(t), get("04.6").reference, points=[-2.0, 0.4, 1.9])
    verify(lambda x: x + x**2, get("04.7").reference, points=[-1.5, 0.0, 2.0])


def test_a_prediction_worked_by_hand_to_three_digits_is_right():
    assert check("04.4", 4.47).correct and not check("04.4", 4.4).correct
    assert "3 significant digits" in get("04.4").prompt


@pytest.mark.parametrize(("exercise_id", "answer"), [("04.4", 4.46), ("04.4", 4.48), ("04.4", 4.5), ("04.5", 0.24)])
def test_a_near_miss_is_told_the_digits_the_prompt_states_not_six(exercise_id, answer):
    """04.4 and 04.5 ask for 3 significant digits, and their check compares to 3: a near miss hears 3, never 6."""
    message = check(exercise_id, answer).message
    assert "wants 3" in message and "wants 6" not in message, message


def test_pi_as_3_14_is_named_as_a_rounded_pi_not_only_a_printout():
    message = check("04.2", 2 * 3.14 * 3 * 5).message
    assert "rounded π" in message and "cannot tell which" in message


def test_a_forward_difference_with_a_step_from_outside_is_named_not_blamed_on_the_global():
    """04.1: a forward difference whose h was set in an earlier cell is named as such, not as a stale global."""
    namespace = {}
    exec(
        "h = 1e-6\n"
        "def z(a, b):\n    return a**2 - b**2\n"
        "def grad_z(x, y):\n    return ((z(x + h, y) - z(x, y)) / h, (z(x, y + h) - z(x, y)) / h)\n",
        namespace,
    )
    message = check("04.1", namespace["grad_z"]).message
    assert "one-sided difference" in message and "from outside" not in message, message


def test_float32_precision_is_named_not_shown_as_two_equal_numbers():
    feedback = check("04.6", lambda t: torch.cos(torch.as_tensor(2 * t, dtype=torch.float32)))
    assert feedback.correct or "float32" in feedback.message


def test_the_graph_of_section_3_carries_each_local_derivative_on_its_edge():
    """04's graph figure: each edge says d or ∂ of the node it enters with respect to the one it leaves, as a number the
    path sum can be read from; its alt text says the same, and the two paths' products add up to dz/dt."""
    from chainlab.autodiff import Value, draw_graph

    t = Value(0.7, "t")
    x, y = t.exp(), t.cos()
    x.label, y.label = "x", "y"
    z = x * y
    z.label = "z"
    figure = draw_graph(z, local_derivatives=True)
    labels = {text.get_text() for text in figure.axes[0].texts if "/" in text.get_text()}
    assert labels == {"dx/dt = 2.014", "dy/dt = −0.6442", "∂z/∂x = 0.7648", "∂z/∂y = 2.014"}
    assert all(label in figure.alt for label in labels)
    assert "Every grad is 0" in figure.alt  # drawn before backward(): the answer to 04.5 is not on it
    by_paths = 0.7648 * 2.014 + 2.014 * -0.6442  # the two paths, read off the figure
    assert check("04.5", by_paths).correct
    assert not [text for text in draw_graph(z).axes[0].texts if "/" in text.get_text()]  # unlabelled by default


def test_an_operand_used_twice_labels_each_of_its_edges():
    from chainlab.autodiff import Value, draw_graph

    a = Value(3.0, "a")
    q = a + a
    q.label = "q"
    texts = [text.get_text() for text in draw_graph(q, local_derivatives=True).axes[0].texts]
    assert texts.count("∂q/∂a = 1") == 2


def test_04_4_partials_not_squared_are_named_as_well_as_xor():
    """Found by a walk-through: √(2 + 4) was told only about ^, which the learner never typed."""
    message = check("04.4", math.sqrt(2 + 4)).message
    assert "are not squared" in message
