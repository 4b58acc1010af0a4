"""The exercise checker: right answers pass, known mistakes get their hint, bad input never raises."""

import math

import numpy as np
import pytest
import torch

from chainlab import exercises
from chainlab.exercises import Exercise, Feedback, Mistake

NUMBER = Exercise(
    id="99.1",
    prompt="dy/dx of y = (2x² + 8)² at x = 3",
    reference=624.0,
    mistakes=(Mistake(52.0, "forgot the inner derivative"),),
)
FUNCTION = Exercise(
    id="99.2",
    prompt="dy/dx of y = (2x² + 8)²",
    reference=lambda x: 16 * x**3 + 64 * x,
    mistakes=(Mistake(lambda x: 2 * (2 * x**2 + 8), "forgot the inner derivative"),),
)
TWO_VARIABLES = Exercise(
    id="99.3",
    prompt="∂/∂x of x·y²",
    reference=lambda x, y: y**2,
    variables=("x", "y"),
    domain=((-2, 2), (-2, 2)),
)


def assert_feedback(feedback, correct, *phrases):
    assert isinstance(feedback, Feedback)
    assert feedback.correct is correct, feedback.message
    for phrase in phrases:
        assert phrase in feedback.message, (phrase, feedback.message)


# right answers


@pytest.mark.parametrize("answer", [624, 624.0, np.float64(624), np.array(624.0), torch.tensor(624.0), np.int64(624)])
def test_a_right_number_in_any_numeric_form_passes(answer):
    assert_feedback(NUMBER.check(answer), True)


def test_a_0d_tensor_that_requires_grad_passes():
    x = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    assert_feedback(NUMBER.check(16 * x**3 + 64 * x), True)


def test_a_right_function_and_a_rearrangement_pass():
    assert_feedback(FUNCTION.check(lambda x: 16 * x**3 + 64 * x), True)
    assert_feedback(FUNCTION.check(lambda x: 2 * (2 * x**2 + 8) * 4 * x), True)
    assert_feedback(FUNCTION.check(lambda x: np.float64(16) * x * (x**2 + 4)), True)


def test_functions_of_two_variables():
    assert_feedback(TWO_VARIABLES.check(lambda x, y: y * y), True)
    assert_feedback(TWO_VARIABLES.check(lambda x, y: 2 * x * y), False, "x = ")


def test_a_function_with_an_optional_extra_parameter_is_accepted():
    assert_feedback(FUNCTION.check(lambda x, scale=1: scale * (16 * x**3 + 64 * x)), True)


def test_a_function_returning_a_numpy_scalar_or_0d_tensor_passes():
    assert_feedback(FUNCTION.check(lambda x: np.float32(16 * x**3 + 64 * x)), True)
    assert_feedback(FUNCTION.check(lambda x: torch.tensor(16 * x**3 + 64 * x, dtype=torch.float64)), True)


# known and generic mistakes


def test_known_mistakes_get_their_hint():
    assert_feedback(NUMBER.check(52), False, "forgot the inner derivative")
    assert_feedback(FUNCTION.check(lambda x: 4 * x**2 + 16), False, "forgot the inner derivative")


def test_a_sign_error_is_named():
    assert_feedback(NUMBER.check(-624), False, "sign")
    assert_feedback(FUNCTION.check(lambda x: -(16 * x**3 + 64 * x)), False, "sign")


def test_a_constant_factor_is_named():
    assert_feedback(NUMBER.check(1248), False, "factor of 2")
    assert_feedback(FUNCTION.check(lambda x: 8 * x**3 + 32 * x), False, "0.5 times")


def test_an_unrecognised_wrong_function_gets_a_point_to_look_at():
    assert_feedback(FUNCTION.check(lambda x: x), False, "At x = ", "your function gives")


# bad input: each kind gets a clear message, never an exception


def test_placeholder_means_not_answered():
    feedback = FUNCTION.check(...)
    assert_feedback(feedback, False, "Replace the ...")
    assert feedback.answered is False
    assert "Not answered yet" in repr(feedback)


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (None, "None"),
        ("624", "remove the quotes"),
        (True, "boolean"),
        (3 + 4j, "complex"),
        ([624, 1], "2 values"),
        (np.array([624.0, 1.0]), "2 values"),
        (torch.tensor([1.0, 2.0]), "2 values"),
        (float("nan"), "NaN"),
        (math.inf, "infinite"),
        ({"x": 1}, "not a number"),
        (object(), "not a number"),
        (lambda x: 624, "gave a function"),
    ],
)
def test_bad_numbers_get_a_clear_message(answer, phrase):
    assert_feedback(NUMBER.check(answer), False, phrase)


def _raises(x):
    raise ZeroDivisionError("division by zero")


def _forgets_return(x):
    16 * x**3 + 64 * x


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (624, "asks for a Python function"),
        ("16x^3 + 64x", "remove the quotes"),
        (lambda: 1.0, "takes 0 parameter(s)"),
        (lambda x, y: 1.0, "takes 2 parameter(s) (x, y)"),
        (_raises, "raised ZeroDivisionError: division by zero"),
        (_forgets_return, "None (did a function forget to return?)"),
        (lambda x: "624", "remove the quotes"),
        (lambda x: float("nan"), "NaN"),
        (lambda x: np.log(-1.0 - x * x), "NaN"),
        (lambda x: 1 / (x - x), "ZeroDivisionError"),
        (lambda x: np.float64(1.0) / (x - x), "infinite"),
        (lambda x: np.array([x, x]), "2 values"),
        (lambda x: np.zeros((2, 2)), "4 values"),
        (lambda x: torch.ones(3), "3 values"),
    ],
)
def test_bad_functions_get_a_clear_message(answer, phrase):
    assert_feedback(FUNCTION.check(answer), False, phrase)


def test_bad_input_leaves_no_numpy_warning(recwarn):
    FUNCTION.check(lambda x: np.float64(1.0) / (x - x))
    FUNCTION.check(lambda x: np.log(-1.0 - x * x))
    assert not recwarn.list


def test_builtins_without_a_signature_are_called():
    assert_feedback(FUNCTION.check(np.sin), False, "At x = ")


# feedback display and the registry


def test_feedback_renders_as_html_and_text():
    right, wrong = NUMBER.check(624), NUMBER.check(52)
    assert repr(right).startswith("✓ Correct.")
    assert repr(wrong).startswith("✗ Not yet.")
    assert "<div" in wrong._repr_html_() and "forgot the inner derivative" in wrong._repr_html_()
    assert "&lt;" in Feedback(False, "<script>")._repr_html_()


def test_comparison_points_are_the_same_in_every_process():
    assert FUNCTION._comparison_points() == FUNCTION._comparison_points()
    assert exercises.engine._seed("02.3") == exercises.engine._seed("02.3") != exercises.engine._seed("02.4")


def test_registry_lists_exercises_in_course_order_with_unique_ids():
    ids = [e.id for e in exercises.all_exercises()]
    assert ids == sorted(ids, key=lambda i: tuple(map(int, i.split("."))))
    assert len(ids) == len(set(ids))
    assert exercises.get("00.1").id == "00.1"
    with pytest.raises(KeyError, match="00.1"):
        exercises.get("42.42")


def test_check_by_id_with_an_unknown_id_gives_feedback():
    assert_feedback(exercises.check("42.42", 1), False, "no exercise '42.42'")


@pytest.mark.parametrize("exercise", exercises.all_exercises(), ids=lambda e: e.id)
def test_every_registered_exercise_accepts_its_reference_and_rejects_its_mistakes(exercise):
    assert_feedback(exercise.check(exercise.reference), True)
    assert exercise.check(...).answered is False
    if exercise.expects_function:  # def answer(x): return ...  is unanswered too
        assert exercise.check(lambda *args: ...).answered is False
    for mistake in exercise.mistakes:
        feedback = exercise.check(mistake.answer)
        assert (feedback.correct, feedback.answered, feedback.message) == (False, True, mistake.hint)
