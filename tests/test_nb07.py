"""Notebook 07's exercises: each usual mistake, written afresh here, gets its own hint; right answers written
differently pass; a pair of numbers is checked component by component, with the generic hints of a vector (order,
count, sign, factor, one right); the unfilled skeletons are unanswered. (Junk answers are tested for every exercise
in test_exercises.py.)"""

import numpy as np
import pytest
import torch

from chainlab import regression
from chainlab.calculus import autograd
from chainlab.exercises import check, get

# The data and start, typed again: the mistakes below must not share a slip with the module they test.
x = np.arange(8.0)
y = np.array([1.86, 1.31, 0.62, 0.33, 0.09, -0.67, -1.23, -1.37])
M0, B0, LR = 0.9, 0.1, 0.01
DESIGN = np.column_stack([x, np.ones(8)])
H = 2 / 8 * DESIGN.T @ DESIGN
LAMBDA = np.linalg.eigvalsh(H)


def grad(m, b):
    """(∂C/∂m, ∂C/∂b) of the mean squared error, the plain way."""
    error = m * x + b - y
    return 2 * np.mean(error * x), 2 * np.mean(error)


GM, GB = grad(M0, B0)
ERROR0 = M0 * x + B0 - y

# What each kind of hint must say, so that a learner can tell which mistake it names.
KEYWORDS = {
    "straight": "a straight path needs",
    "growing": "growing swings need",
    "stalls": "descent stalls only where",
    "no 2": "the 2 is missing",
    "summed": "gradient of the sum of the squared errors",
    "summed, no 2": "two factors are off",
    "turned round": "that is (y − ŷ)",
    "x left out": "lost its factor x",
    "x in both": "took a factor x",
    "uphill": "goes up the gradient",
    "lr twice": "applied twice",
    "lr left out": "the learning rate is missing",
    "step only": "that is the step alone",
    "crossed": "the components are crossed",
    "gradient itself": "that is the gradient itself",
    "one at a time": "gradient at the new m",
    "lr fixed": "the step ignores lr",
    "at the start": "uses the gradient at the start",
    "wrong gradient": "the gradient it uses is not",
    "both along ∂C/∂m": "both parameters stepped along ∂c/∂m",
    "both along ∂C/∂b": "both parameters stepped along ∂c/∂b",
    "1/λmax": "lands exactly at the minimum",
    "2/λmin": "limit along the flattest",
    "1/λmin": "comes from the smallest eigenvalue",
    "λmax": "that is λmax",
    "λmin": "that is λmin",
    "trace": "trace of the hessian",
    "diagonal": "diagonal entry",
    "hessian no 2": "the hessian lost its 2",
    "hessian summed": "that hessian belongs to the sum",
    "hessian bare": "xᵀx alone",
}


def one_at_a_time(m, b, lr):
    m = m - lr * regression.mse_gradient(m, b)[0]
    b = b - lr * regression.mse_gradient(m, b)[1]
    return m, b


# (exercise id, the kind of mistake the hint must name, the answer as a learner writes it)
WRONG = {
    "07.6": [("straight", "straight to the minimum"), ("growing", "Zigzags, swings growing"), ("stalls", " stalls ")],
    "07.1": [
        ("no 2", (np.mean(ERROR0 * x), np.mean(ERROR0))),
        ("no 2", (18.15, 3.13)),  # copied from a printout
        ("summed", (2 * np.dot(ERROR0, x), 2 * ERROR0.sum())),
        ("summed, no 2", [sum(e * xi for e, xi in zip(ERROR0, x, strict=True)), sum(ERROR0)]),
        ("turned round", (2 * np.mean((y - (M0 * x + B0)) * x), 2 * np.mean(y - (M0 * x + B0)))),
        ("x left out", (2 * np.mean(ERROR0),) * 2),
        ("x in both", np.array([2 * np.mean(ERROR0 * x)] * 2)),
    ],
    "07.2": [
        ("no 2", lambda m, b: (np.mean((m * x + b - y) * x), np.mean(m * x + b - y))),
        ("summed", lambda m, b: np.array([2 * np.dot(m * x + b - y, x), 2 * np.sum(m * x + b - y)])),
        (
            "summed, no 2",
            lambda m, b: [
                sum((m * xi + b - yi) * xi for xi, yi in zip(x, y, strict=True)),
                sum(m * xi + b - yi for xi, yi in zip(x, y, strict=True)),
            ],
        ),
        ("turned round", lambda m, b: (-2 * np.mean((m * x + b - y) * x), 2 * np.mean(y - m * x - b))),
        ("x left out", lambda m, b: (2 * np.mean(m * x + b - y), 2 * np.mean(m * x + b - y))),
        ("x in both", lambda m, b: (2 * np.mean((m * x + b - y) * x), 2 * np.mean((m * x + b - y) * x))),
    ],
    "07.3": [
        ("uphill", (M0 + LR * GM, B0 + LR * GB)),
        ("uphill", (1.26305, 0.16265)),
        ("lr twice", (M0 - LR**2 * GM, B0 - LR**2 * GB)),
        ("lr left out", (M0 - GM, B0 - GB)),
        ("no 2", (M0 - LR * GM / 2, B0 - LR * GB / 2)),
        ("summed", (M0 - LR * 8 * GM, B0 - LR * 8 * GB)),
        ("step only", (LR * GM, LR * GB)),
        ("step only", [-LR * GM, -LR * GB]),
        ("crossed", (M0 - LR * GB, B0 - LR * GM)),
        # the same numbers come from two mistakes: the learner is told both
        (("wrong gradient", "x left out", "both along ∂C/∂b"), (M0 - LR * GB, B0 - LR * GB)),
        (("wrong gradient", "x in both", "both along ∂C/∂m"), (M0 - LR * GM, B0 - LR * GM)),
    ],
    "07.5": [
        ("1/λmax", 1 / LAMBDA.max()),
        ("2/λmin", 2 / LAMBDA.min()),
        ("1/λmin", 1 / LAMBDA[0]),
        ("λmax", LAMBDA[-1]),
        ("λmin", LAMBDA.min()),
        ("trace", 2 / np.trace(H)),
        ("diagonal", 2 / H[0, 0]),
        ("hessian no 2", 2 / np.linalg.eigvalsh(DESIGN.T @ DESIGN / 8).max()),
        ("hessian summed", 2 / np.linalg.eigvalsh(2 * DESIGN.T @ DESIGN).max()),
        ("hessian bare", 2 / np.linalg.eigvalsh(DESIGN.T @ DESIGN).max()),
    ],
    "07.4": [
        ("uphill", lambda m, b, lr: (m + lr * grad(m, b)[0], b + lr * grad(m, b)[1])),
        ("lr twice", lambda m, b, lr: tuple(p - lr * lr * g for p, g in zip((m, b), grad(m, b), strict=True))),
        ("lr left out", lambda m, b, lr: (m - regression.mse_gradient(m, b)[0], b - regression.mse_gradient(m, b)[1])),
        ("step only", lambda m, b, lr: (lr * grad(m, b)[0], lr * grad(m, b)[1])),
        ("step only", lambda m, b, lr: -lr * np.array(grad(m, b))),
        ("gradient itself", lambda m, b, lr: regression.mse_gradient(m, b)),
        ("crossed", lambda m, b, lr: (m - lr * grad(m, b)[1], b - lr * grad(m, b)[0])),
        ("one at a time", one_at_a_time),
        ("lr fixed", lambda m, b, lr: (m - 0.01 * grad(m, b)[0], b - 0.01 * grad(m, b)[1])),
        ("at the start", lambda m, b, lr: (m - lr * GM, b - lr * GB)),
        (("wrong gradient", "no 2"), lambda m, b, lr: (m - lr * grad(m, b)[0] / 2, b - lr * grad(m, b)[1] / 2)),
        (("wrong gradient", "summed"), lambda m, b, lr: tuple(np.array([m, b]) - lr * 8 * np.array(grad(m, b)))),
        (("wrong gradient", "summed, no 2"), lambda m, b, lr: (m - lr * 4 * grad(m, b)[0], b - lr * 4 * grad(m, b)[1])),
        (
            ("wrong gradient", "x left out", "both along ∂C/∂b"),
            lambda m, b, lr: (m - lr * 2 * np.mean(m * x + b - y), b - lr * 2 * np.mean(m * x + b - y)),
        ),
        (
            ("wrong gradient", "x in both", "both along ∂C/∂m"),
            lambda m, b, lr: (m - lr * grad(m, b)[0], b - lr * grad(m, b)[0]),  # [0] typed for both
        ),
    ],
}


def gradient_by_autograd(m, b):
    m, b = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (m, b))
    torch.mean((m * torch.as_tensor(x) + b - torch.as_tensor(y)) ** 2).backward()
    return m.grad, b.grad


def descent_step_in_numpy(m, b, lr):
    return np.array([m, b]) - lr * np.array(regression.mse_gradient(m, b))


REARRANGED = {
    "07.6": ["zigzags, swings shrinking", "  Zigzags, Swings Shrinking "],
    "07.1": [
        (36.305, 6.265),
        regression.mse_gradient(0.9, 0.1),
        np.array(grad(M0, B0)),
        [float(v) for v in gradient_by_autograd(M0, B0)],
        torch.tensor(grad(M0, B0), dtype=torch.float64),
        tuple(H @ [M0, B0] - 2 / 8 * DESIGN.T @ y),  # the gradient of a quadratic: Hθ − (2/n)Xᵀy
    ],
    "07.2": [
        grad,
        lambda m, b: tuple(H @ [m, b] - 2 / 8 * DESIGN.T @ y),
        lambda m, b: [
            2 / 8 * sum((m * xi + b - yi) * xi for xi, yi in zip(x, y, strict=True)),
            2 / 8 * sum(m * xi + b - yi for xi, yi in zip(x, y, strict=True)),
        ],
    ],
    "07.3": [
        (M0 - LR * GM, B0 - LR * GB),
        np.array([0.9, 0.1]) - 0.01 * np.array(regression.mse_gradient(0.9, 0.1)),
        (0.53695, 0.03735),
        [0.9 - 0.01 * 36.305, 0.1 - 0.01 * 6.265],
    ],
    "07.5": [2 / LAMBDA.max(), 2 / np.linalg.norm(H, 2), 0.0549097, 2 / max(np.linalg.eigvals(H).real)],
    "07.4": [
        lambda m, b, lr: (m - lr * regression.mse_gradient(m, b)[0], b - lr * regression.mse_gradient(m, b)[1]),
        descent_step_in_numpy,
        lambda m, b, lr: tuple(p - lr * g for p, g in zip((m, b), grad(m, b), strict=True)),
    ],
}

CASES = [(i, kind, answer) for i in WRONG for kind, answer in WRONG[i]]
CASE_IDS = [f"{i}-{kind if isinstance(kind, str) else '+'.join(kind)}" for i, kind, _ in CASES]
RIGHT = [(i, answer) for i in REARRANGED for answer in REARRANGED[i]]


def named(feedback):
    return {k for k, word in KEYWORDS.items() if word in feedback.message.lower()}


def test_the_exercises_are_those_the_notebook_asks():
    names = {
        "07.6": "prediction",
        "07.1": "gradient_at_start",
        "07.2": "mse_gradient",
        "07.3": "after_one_step",
        "07.5": "largest_stable_lr",
        "07.4": "descent_step",
    }
    assert {i: get(i).answer_name for i in names} == names
    assert get("07.6").choices == (
        "straight to the minimum",
        "zigzags, swings shrinking",
        "zigzags, swings growing",
        "stalls",
    )
    assert get("07.6").reference == "zigzags, swings shrinking"
    assert get("07.2").variables == ("m", "b") and get("07.4").variables == ("m", "b", "lr")
    assert get("07.1").components == get("07.2").components == ("∂C/∂m", "∂C/∂b")
    assert get("07.3").components == get("07.4").components == ("m", "b")
    ((_, _), (_, _), (low, high)) = get("07.4").domain
    assert 0 < low < high < regression.max_stable_learning_rate()  # learning rates that converge


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_the_reference_passes(exercise_id):
    assert check(exercise_id, get(exercise_id).reference).correct


def test_the_references_are_the_courses_numbers():
    np.testing.assert_allclose(get("07.1").reference, (36.305, 6.265), rtol=1e-12)
    np.testing.assert_allclose(get("07.3").reference, (0.53695, 0.03735), rtol=1e-12)
    assert get("07.5").reference == pytest.approx(0.0549, abs=5e-5)
    for point in [(0.0, 0.0), (-1.0, 2.0), (1.5, -0.5)]:
        np.testing.assert_allclose(get("07.2").reference(*point), autograd(regression.mse, point), rtol=1e-12)


@pytest.mark.parametrize(("exercise_id", "answer"), RIGHT, ids=[f"{i}-{n}" for n, (i, _) in enumerate(RIGHT)])
def test_the_right_answer_written_differently_passes(exercise_id, answer):
    feedback = check(exercise_id, answer)
    assert feedback.correct, feedback


@pytest.mark.parametrize(("exercise_id", "kind", "answer"), CASES, ids=CASE_IDS)
def test_each_usual_mistake_gets_its_own_hint(exercise_id, kind, answer):
    feedback = check(exercise_id, answer)
    assert not feedback.correct and feedback.answered
    assert named(feedback) == ({kind} if isinstance(kind, str) else set(kind)), feedback.message
    if any(k.startswith("both along") for k in named(feedback)):  # two mistakes, one answer: both are named
        assert len(feedback.mistakes) == 2 and "cannot tell which" in feedback.message
    else:
        assert feedback.mistakes == (feedback.message,)


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_every_declared_mistake_is_tested_here(exercise_id):
    hints = {m.hint for m in get(exercise_id).mistakes}
    assert {hint for _, answer in WRONG[exercise_id] for hint in check(exercise_id, answer).mistakes} == hints


@pytest.mark.parametrize(
    ("exercise_id", "giveaways"),
    [
        ("07.6", ["shrinking", "smaller"]),
        ("07.1", ["36.3", "6.26", "6.27", "(2/n)Σ"]),
        ("07.2", ["(2/n)Σ", "2 * np.mean", "2/n ·"]),
        ("07.3", ["0.537", "0.0373", "0.0374", "m − lr", "m - lr"]),
        ("07.5", ["0.0549", "2/λmax", "2 / λmax", "0.055"]),
        ("07.4", ["m − lr", "m - lr", "lr·∂C/∂m", "lr * "]),
    ],
)
def test_no_hint_gives_the_whole_answer(exercise_id, giveaways):
    for mistake in get(exercise_id).mistakes:
        for text in giveaways:
            assert text not in mistake.hint, (text, mistake.hint)


def test_a_function_s_point_to_look_at_never_shows_another_exercise_s_answer():
    shown = check("07.2", lambda m, b: (m, b)).message + check("07.4", lambda m, b, lr: (m, b)).message
    assert "At m = " in shown
    for value in ("36.305", "6.265", "0.53695", "0.03735"):
        assert value not in shown


# a pair of numbers: the generic hints


def test_one_value_right_and_the_other_rounded_is_told_to_keep_the_digits():
    assert "rounded to too few digits" in check("07.1", (GM, 6.3)).message
    assert "rounded to too few digits" in check("07.3", (0.537, 0.03735)).message


def test_the_signs_wrong_are_named_where_no_mistake_explains_them():
    feedback = check("07.3", (-(M0 - LR * GM), -(B0 - LR * GB)))
    assert not feedback.correct and "signs are wrong" in feedback.message


def test_the_values_in_the_wrong_order_are_named():
    feedback = check("07.1", (GB, GM))
    assert not feedback.correct and "wrong order" in feedback.message
    assert (
        "gradient_at_start = (<∂C/∂m>, <∂C/∂b>)" in feedback.message and "Yours are (∂C/∂b, ∂C/∂m)" in feedback.message
    )
    assert "Yours are (b, m)" in check("07.3", (B0 - LR * GB, M0 - LR * GM)).message


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ((GM, 6.0), "∂C/∂m is right, but ∂C/∂b is not"),
        ((1.0, GB), "∂C/∂b is right, but ∂C/∂m is not"),
        ((3 * GM, 3 * GB), "3 times the right one"),
        ((36.3, 6.3), "rounded to too few digits"),
        ((1.0, 2.0), "(1, 2) is not it"),
        ((GM,), "has one number"),
        (GM, "has one number"),
        ((GM, GB, 0.0), "has 3 values"),
        ([], "has 0 values"),
    ],
)
def test_a_pair_of_numbers_gets_the_generic_hints(answer, phrase):
    feedback = check("07.1", answer)
    assert not feedback.correct and feedback.answered
    assert phrase in feedback.message, feedback.message
    assert "36.305" not in feedback.message and "6.265" not in feedback.message


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [
        ("07.6", ...),
        ("07.1", ...),
        ("07.1", (..., ...)),
        ("07.1", [..., ...]),
        ("07.1", (36.305, ...)),
        ("07.3", (..., ...)),
        ("07.5", ...),
        ("07.2", ...),
        ("07.4", ...),
    ],
)
def test_the_unfilled_skeleton_is_not_answered_yet(exercise_id, answer):
    feedback = check(exercise_id, answer)
    assert not feedback.correct and feedback.answered is False
    assert "Replace" in feedback.message


def mse_gradient(m, b):
    return (..., ...)


def descent_step(m, b, lr):
    return (..., ...)


def test_the_unfilled_function_skeletons_are_not_answered_yet():
    assert check("07.2", mse_gradient).answered is False
    assert check("07.4", descent_step).answered is False
    assert check("07.4", lambda m, b, lr: (m - lr * GM, ...)).answered is False


def test_a_pair_handed_in_as_a_function_or_a_function_as_numbers_is_told_what_is_asked():
    assert "assign the numbers themselves" in check("07.1", lambda: (GM, GB)).message
    feedback = check("07.2", (GM, GB))
    assert not feedback.correct and "def mse_gradient(m, b)" in feedback.message


def test_a_value_that_is_not_a_number_is_named_as_a_python_learner_counts():
    """Not "value 1" (which a Python learner reads as the second): the first value, by its component's name."""
    feedback = check("07.1", (float("nan"), GB))
    assert "whose first value, ∂C/∂m, is NaN" in feedback.message, feedback.message
    feedback = check("07.4", lambda m, b, lr: (m, None))
    assert "whose second value, b, is None" in feedback.message, feedback.message
    assert "whose first value, m, is a list" in check("07.3", [[0.53695], [0.03735]]).message


# the learner's experiments with the worked cell "many steps, three ways": rate, steps = 0.05, 500


def by_hand(rate, steps):
    """The notebook's numpy loop."""
    m, b = M0, B0
    path = [(m, b)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            error = m * x + b - y
            m, b = m - rate * 2 * np.mean(error * x), b - rate * 2 * np.mean(error)
            path.append((m, b))
    return np.array(path)


@pytest.mark.parametrize("rate", [0.06, 0.07, 0.2, 1.0])
def test_a_rate_above_the_edge_is_a_diverged_run_that_the_cell_can_compare(rate):
    run = regression.descend(rate, 500)
    assert run.diverged and np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.costs))
    path = by_hand(rate, 500)[: len(run.path)]  # descend stops at its last finite point; the loop runs on
    assert np.allclose(path, run.path, rtol=1e-9, atol=1e-12)  # the cell's comparison: relative
    if rate == 0.06:  # torch's path, against which the cell's old absolute tolerance failed on values near 1e36
        m, b = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (M0, B0))
        path = [(M0, B0)]
        for _ in range(500):
            torch.mean((m * torch.as_tensor(x) + b - torch.as_tensor(y)) ** 2).backward()
            with torch.no_grad():
                m -= rate * m.grad
                b -= rate * b.grad
            m.grad = b.grad = None
            path.append((m.item(), b.item()))
        assert np.abs(run.path).max() > 1e30 and np.allclose(path, run.path, rtol=1e-9, atol=1e-12)


def test_a_smaller_rate_converges_but_500_steps_leave_it_short_of_the_least_squares_line():
    run = regression.descend(0.03, 500)
    distance = np.hypot(*(run.path[-1] - np.array(regression.least_squares())))
    assert not run.diverged and 1e-6 < distance < 1e-3  # the cell prints the distance; it no longer asserts 1e-6
    assert np.allclose(by_hand(0.03, 500), run.path, rtol=1e-9, atol=1e-12)


def test_one_step_multiplies_the_offset_along_each_axis_by_one_minus_eta_lambda():
    """The measurement of the notebook's section 4, at the rates a learner may try."""
    lambdas, axes = np.linalg.eigh(H)
    best = np.array(regression.least_squares())
    for eta in (0.02, 0.05, 0.06, 1 / lambdas[-1], 1.0):
        before = np.array([M0, B0])
        after = before - eta * np.array(grad(M0, B0))
        for lam, v in zip(lambdas, axes.T, strict=True):
            ratio = ((after - best) @ v) / ((before - best) @ v)
            assert ratio == pytest.approx(1 - eta * lam, rel=1e-9, abs=1e-9)


def test_the_straight_path_hint_does_not_promise_a_straight_path_below_one_over_lambda_max():
    """Below 1/λmax the path bends (a drop to the valley floor, then a crawl): the hint asks for the factor's sign."""
    hint = check("07.6", "straight to the minimum").message
    assert "below 1/λmax" not in hint and "positive" in hint


def test_a_function_s_result_handed_in_for_the_function_is_told_to_hand_in_the_function():
    """check("07.2", mse_gradient(0.9, 0.1)): the name still holds the function; its result was handed in."""
    feedback = check("07.2", grad(M0, B0))
    assert not feedback.correct and 'without calling it: check("07.2", mse_gradient)' in feedback.message


def test_a_gradient_function_by_autograd_is_told_to_write_the_formula():
    feedback = check("07.2", gradient_by_autograd)
    assert not feedback.correct and "a backward pass" in feedback.message and "in m, b" in feedback.message
