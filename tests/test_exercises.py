"""The exercise checker: right answers pass, known mistakes get their hint, bad input never raises."""

import math
import signal
import time
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from chainlab import exercises
from chainlab.autodiff import Dual, Value
from chainlab.calculus import gradient, partial
from chainlab.exercises import Exercise, Feedback, Mistake, engine

NUMBER = Exercise(
    id="99.1",
    prompt="dy/dx of y = (2x² + 8)² at x = 3",
    reference=624.0,
    answer_name="slope",
    mistakes=(Mistake(52.0, "forgot the inner derivative"),),
)
FUNCTION = Exercise(
    id="99.2",
    prompt="dy/dx of y = (2x² + 8)²",
    reference=lambda x: 16 * x**3 + 64 * x,
    answer_name="dy_dx",
    mistakes=(Mistake(lambda x: 2 * (2 * x**2 + 8), "forgot the inner derivative"),),
)
TWO_VARIABLES = Exercise(
    id="99.3",
    prompt="∂/∂x of x·y²",
    reference=lambda x, y: y**2,
    answer_name="dz_dx",
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
    assert_feedback(NUMBER.check(1248), False, "2 times the right one")
    assert_feedback(NUMBER.check(208), False, "1/3 of the right one")
    assert_feedback(FUNCTION.check(lambda x: 8 * x**3 + 32 * x), False, "1/2 of the right one")


def test_an_absurd_ratio_is_not_called_a_constant_factor():
    for wrong in (624e306, 624 * 1.37):
        assert "factor" not in NUMBER.check(wrong).message
    assert "factor" not in FUNCTION.check(lambda x: 1e306 * (16 * x**3 + 64 * x)).message


def test_a_function_returning_zero_is_told_so():
    feedback = FUNCTION.check(lambda x: 0 * x)
    assert_feedback(feedback, False, "returns 0 at every test point")
    assert "times" not in feedback.message


def test_an_unrecognised_wrong_function_gets_a_point_to_look_at():
    assert_feedback(FUNCTION.check(lambda x: x), False, "At x = ", "your function gives")


def test_generic_hints_say_nothing_of_a_chain():
    """Notebooks 00 and 01 come before the chain rule: a generic hint must not assume it."""
    for feedback in (NUMBER.check(1.5), FUNCTION.check(lambda x: x), FUNCTION.check(lambda x: x**5)):
        assert "chain" not in feedback.message and "factor of" not in feedback.message, feedback.message


def my_derivative(x):
    return 3 * x


def test_messages_name_the_learners_own_function():
    assert "your function my_derivative gives" in FUNCTION.check(my_derivative).message
    assert "Your function my_derivative takes 1 parameter(s)" in TWO_VARIABLES.check(my_derivative).message
    assert "answer(" not in FUNCTION.check(my_derivative).message


def test_an_expression_instead_of_a_function_is_told_to_keep_the_skeleton():
    feedback = FUNCTION.check(16 * 3.0**3 + 64 * 3.0)
    assert_feedback(feedback, False, "def dy_dx(x)", "earlier cell")
    assert "answer(" not in feedback.message


# A number read off a printout


def test_a_rounded_right_answer_is_told_how_many_digits_are_wanted():
    exercise = Exercise(
        id="99.4", prompt="sin'(1) by central difference, h = 0.1", reference=0.5394022, answer_name="e"
    )
    assert_feedback(exercise.check(0.5394), False, "rounded to 4 significant digit", "6")
    assert_feedback(exercise.check(0.53945), False, "within 1 %")
    assert_feedback(exercise.check(0.541), False, "within 1 %")


def test_a_rounded_known_mistake_still_gets_its_hint():
    exercise = Exercise(
        id="99.7",
        prompt="sin'(1) by central difference, h = 0.1",
        reference=0.5394022,
        answer_name="e",
        mistakes=(Mistake(math.cos(1.0), "the exact derivative"),),
    )
    assert_feedback(exercise.check(0.5403), False, "the exact derivative")
    assert_feedback(exercise.check(0.54), False, "rounded to 2 significant digit", "the exact derivative")
    assert "rounded" not in exercise.check(0.5).message  # one digit is more likely a guess


def test_an_answer_rounded_to_the_digits_checked_is_right():
    assert_feedback(Exercise(id="99.8", prompt="", reference=1619.4838, answer_name="r").check(1619.48), True)


# ^ written for **


def xor_cube_slope(x):
    return 3 * x ^ 2


def xor_square(x):
    return 16 * x**3 + 64 * x ^ 1


def test_xor_in_a_function_is_recognised_from_its_source():
    assert_feedback(FUNCTION.check(xor_cube_slope), False, "^ is not a power", "x**2")
    assert_feedback(FUNCTION.check(xor_square), False, "^ is not a power")


def test_a_number_that_is_what_xor_gives_gets_the_xor_hint_where_declared():
    feedback = exercises.check("00.1", 3 * 2 ^ 2)
    assert_feedback(feedback, False, "^ is not a power", "brings the old exponent down", "cannot tell which")


# Two mistakes, one answer


def test_two_mistakes_with_one_answer_are_both_named():
    exercise = Exercise(
        id="99.5",
        prompt="(x² + 1)³ at 3",
        reference=1800.0,
        answer_name="slope",
        mistakes=(Mistake(600.0, "exponent not brought down"), Mistake(600.0, "the x of 2x dropped")),
    )
    feedback = exercise.check(600)
    assert_feedback(feedback, False, "exponent not brought down", "the x of 2x dropped", "cannot tell which")
    assert "fits 2 different mistakes" in feedback.message


# A mistake defined on part of the domain only


def test_a_mistake_undefined_on_part_of_the_domain_is_still_recognised():
    exercise = Exercise(
        id="99.6",
        prompt="d/dx ln(1 + x²)",
        reference=lambda x: 2 * x / (1 + x**2),
        answer_name="dy_dx",
        mistakes=(Mistake(lambda x: 2 * np.log(x) / x, "wrong order"),),
    )
    assert_feedback(exercise.check(lambda x: 2 * np.log(x) / x), False, "wrong order")
    assert_feedback(exercise.check(lambda x: 2 * abs(x) / (1 + x**2)), False, "At x = ")


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
        (b"624", "remove the quotes"),
        (np.array("624"), "numpy array of str"),
        (np.array(["624"]), "remove the quotes"),
        (np.array([object()]), "numpy array of Python objects"),
        (True, "boolean"),
        (3 + 4j, "complex"),
        ([624, 1], "is a list"),
        ([624], "holding one value"),
        ((624,), "a trailing comma"),
        ("abc", "is the word 'abc', not a number"),
        ((624,), "is a tuple"),
        (np.array([624.0, 1.0]), "2 values"),
        (torch.tensor([1.0, 2.0]), "2 values"),
        (float("nan"), "NaN"),
        (math.inf, "infinite"),
        ({"x": 1}, "is a dict"),
        (object(), "not a number"),
        (lambda x: 624, "slope is a function"),
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
        (_forgets_return, "None (a function without a return gives None)"),
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


@pytest.mark.parametrize("huge", [10**400, -(10**400), 2**1024])
def test_an_int_too_large_for_a_float_gets_a_message(huge):
    assert_feedback(NUMBER.check(huge), False, "too large for a float")
    assert_feedback(FUNCTION.check(lambda x: huge), False, "too large for a float")


def test_a_missing_answer_gets_a_message():
    feedback = exercises.check("00.1")
    assert_feedback(feedback, False, 'check("00.1", slope_at_2)')
    assert feedback.answered is False


@pytest.mark.parametrize("exercise_id", [1, ["00.1"], {"id": "00.1"}, b"00.1", "0.1"])
def test_a_wrong_exercise_id_gets_a_message(exercise_id):
    assert_feedback(exercises.check(exercise_id, 12), False, "There is no exercise")


@pytest.mark.parametrize("arguments", [(), (None, 12), ("00.1", 12, 13)])
def test_check_with_nothing_or_too_much_says_what_it_takes(arguments):
    assert_feedback(exercises.check(*arguments), False, "check takes two things")


def test_check_takes_its_two_things_by_name_too():
    by_name = exercises.check(exercise="00.1", answer=12)
    assert by_name == exercises.check("00.1", 12)
    assert by_name.correct
    assert_feedback(exercises.check("00.1", answers=12), False, "check does not know 'answers'")


def _pass_body(a, b, out):
    pass


def _ellipsis_body(a, b, out): ...


def _docstring_body(a, b, out):
    """Nothing yet."""


@pytest.mark.parametrize(
    ("function", "message"),
    [
        (_ellipsis_body, "Replace the ... in "),
        (_pass_body, "holds only pass: write your code in its place, then run it again"),
        (_docstring_body, "has no code in it yet"),
    ],
)
def test_code_that_does_nothing_yet_is_told_in_the_words_of_its_body(function, message):
    feedback = exercises.get("05.3").check(function)
    assert_feedback(feedback, False, message)
    assert feedback.answered is False


u = 26.0  # a value left over from a worked example, as in a notebook


def uses_a_stale_u(x):
    return 2 * u * 4 * x


def test_a_function_reading_a_stale_value_from_outside_is_told_so():
    feedback = FUNCTION.check(uses_a_stale_u)
    assert_feedback(feedback, False, "reads u from outside it", "u = 26", "compute it inside the function")


class _Hostile:
    """An object whose every conversion raises, and whose repr raises too."""

    def __float__(self):
        raise RuntimeError("no float")

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array")

    def __iter__(self):
        raise RuntimeError("no iter")

    def __repr__(self):
        raise RuntimeError("no repr")

    def __len__(self):
        raise RuntimeError("no len")

    def __eq__(self, other):
        raise RuntimeError("no eq")

    __hash__ = object.__hash__


class _HostileCallable:
    __signature__ = property(lambda self: (_ for _ in ()).throw(RuntimeError("no signature")))

    def __call__(self, x):
        return _Hostile()


def test_huge_values_from_a_function_leave_no_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert not FUNCTION.check(lambda x: 1e308 * (x + 2)).correct
    assert not caught, [str(w.message) for w in caught]


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
    reference = torch.tensor(exercise.reference) if exercise.from_torch else exercise.reference  # as x.grad holds it
    assert_feedback(exercise.check(reference), True)
    assert exercise.check(...).answered is False
    if exercise.expects_function:  # def answer(x): return ...  is unanswered too
        assert exercise.check(lambda *args: ...).answered is False
    for mistake in exercise.mistakes:
        feedback = exercise.check(mistake.answer)
        assert (feedback.correct, feedback.answered) == (False, True)
        assert mistake.hint in feedback.message


# A vector answer: a function that returns a gradient

GRADIENT = Exercise(
    id="99.9",
    prompt="∇ of x·y²",
    reference=lambda x, y: (y**2, 2 * x * y),
    answer_name="grad_f",
    variables=("x", "y"),
    points=((1.0, 2.0),),
    domain=((-2, 2), (-2, 2)),
    mistakes=(Mistake(lambda x, y: (y**2, x * y), "the exponent of y² not brought down"),),
)
THREE = Exercise(
    id="99.10",
    prompt="∇ of x·y·w",
    reference=lambda x, y, w: (y * w, x * w, x * y),
    answer_name="grad_g",
    variables=("x", "y", "w"),
    components=("∂g/∂x", "∂g/∂y", "∂g/∂w"),
    domain=((-2, 2), (-2, 2), (-2, 2)),
)


@pytest.mark.parametrize(
    "answer",
    [
        lambda x, y: (y**2, 2 * x * y),
        lambda x, y: [y * y, 2 * y * x],
        lambda x, y: np.array([y**2, 2 * x * y]),
        lambda x, y: torch.tensor([y**2, 2 * x * y], dtype=torch.float64),
        lambda x, y: (np.float32(y**2), torch.tensor(2 * x * y, dtype=torch.float64)),
    ],
)
def test_a_right_gradient_in_any_form_passes(answer):
    assert_feedback(GRADIENT.check(answer), True)


def test_right_values_from_a_differentiation_tool_are_told_to_write_the_formula():
    """The exercise's step is the formula: a tool that finds the derivative skips it, however right its values."""

    def grad_f(x, y):
        x, y = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (x, y))
        (x * y**2).backward()
        return x.grad, y.grad

    assert_feedback(GRADIENT.check(grad_f), False, "but a backward pass (.backward()) finds the derivative", "in x, y")

    def by_torch(x, y):
        point = (torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64))
        return torch.autograd.functional.jacobian(lambda a, b: a * b**2, point)

    assert_feedback(GRADIENT.check(by_torch), False, "but torch.autograd finds")
    assert_feedback(GRADIENT.check(lambda x, y: gradient(lambda a, b: a * b**2, (x, y))), False, "chainlab's gradient")

    def numeric(x, y):
        def slope(point):
            return partial(lambda a, b: a * b**2, point, 0)

        return slope((x, y)), 2 * x * y

    assert_feedback(GRADIENT.check(numeric), False, "chainlab's partial")


def test_a_declared_vector_mistake_is_matched_on_all_components():
    assert_feedback(GRADIENT.check(lambda x, y: (y * y, y * x)), False, "the exponent of y² not brought down")


def test_components_in_the_wrong_order_are_named_with_the_exercises_variables():
    feedback = GRADIENT.check(lambda x, y: (2 * x * y, y**2))
    assert_feedback(feedback, False, "The components are in the wrong order: (∂/∂x, ∂/∂y)", "returns (∂/∂y, ∂/∂x)")
    feedback = THREE.check(lambda x, y, w: (x * y, y * w, x * w))
    assert_feedback(feedback, False, "wrong order: (∂g/∂x, ∂g/∂y, ∂g/∂w)", "returns (∂g/∂w, ∂g/∂x, ∂g/∂y)")


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (lambda x, y: y**2, "returns one number, but this exercise asks for 2, in this order: (∂/∂x, ∂/∂y)"),
        (lambda x, y: np.array(y**2), "returns one number"),
        (lambda x, y: (y**2, 2 * x * y, 0), "returns 3 values, but this exercise asks for 2"),
        (lambda x, y: np.ones((2, 2)), "returns 4 values"),
        (lambda x, y: y if x == 1 else (y**2, 2 * x * y), "returns one number"),
    ],
)
def test_the_wrong_number_of_values_says_how_many_and_in_which_order(answer, phrase):
    feedback = GRADIENT.check(answer)
    assert_feedback(feedback, False, phrase, "def grad_f(x, y): return (<∂/∂x>, <∂/∂y>)")
    assert feedback.answered


def test_a_single_component_alone_is_named():
    assert_feedback(GRADIENT.check(lambda x, y: 2 * x * y), False, "Your number is ∂/∂y alone")
    assert "alone" not in GRADIENT.check(lambda x, y: x + y).message


@pytest.mark.parametrize(
    ("exercise", "answer", "phrases"),
    [
        (
            GRADIENT,
            lambda x, y: (y**2, x * y**2),
            ["∂/∂x is right, but ∂/∂y is not: at x = ", "gives ∂/∂y = ", "the right value there is"],
        ),
        (
            GRADIENT,
            lambda x, y: (-(y**2), 2 * x * y),
            ["∂/∂y is right, but ∂/∂x is not: ∂/∂x has the wrong sign everywhere"],
        ),
        (GRADIENT, lambda x, y: (3 * y**2, 2 * x * y), ["∂/∂x is 3 times the right one everywhere"]),
        (THREE, lambda x, y, w: (y * w, x * w, 0), ["∂g/∂x and ∂g/∂y are right, but ∂g/∂w is not"]),
    ],
    ids=["at a point", "sign", "factor", "two of three"],
)
def test_one_component_right_and_another_off_is_said_without_the_formula(exercise, answer, phrases):
    feedback = exercise.check(answer)
    assert_feedback(feedback, False, *phrases)
    assert "y**2" not in feedback.message and "2xy" not in feedback.message


def test_generic_hints_apply_to_a_whole_gradient():
    assert_feedback(GRADIENT.check(lambda x, y: (0, 0)), False, "returns (0, 0) at every test point")
    assert_feedback(GRADIENT.check(lambda x, y: (-(y**2), -2 * x * y)), False, "wrong sign everywhere")
    assert_feedback(GRADIENT.check(lambda x, y: (2 * y**2, 4 * x * y)), False, "2 times the right one everywhere")
    assert_feedback(GRADIENT.check(lambda x, y: (x, y)), False, "At x = 1, y = 2, your function gives (1, 2)")
    assert_feedback(GRADIENT.check(xor_gradient), False, "^ is not a power")


def xor_gradient(x, y):
    return (y**2, 2 * x * y ^ 1)


u_left = 3.0


def stale_gradient(x, y):
    return (y**2, 2 * u_left * y)


def test_a_gradient_reading_a_stale_value_is_told_so():
    assert_feedback(GRADIENT.check(stale_gradient), False, "reads u_left from outside it")


def unfilled(x, y):
    return (..., ...)


@pytest.mark.parametrize("answer", [..., unfilled, lambda x, y: [y**2, ...], lambda x, y: ...])
def test_an_unfilled_vector_skeleton_is_not_answered_yet(answer):
    feedback = GRADIENT.check(answer)
    assert feedback.answered is False and not feedback.correct


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ((4.0, 4.0), "grad_f is a tuple"),
        ([4.0, 4.0], "grad_f is a list"),
        (np.array([4.0, 4.0]), "grad_f is an ndarray"),
        (4.0, "grad_f is a number"),
        (lambda x, y: (y**2, None), "whose second value, ∂/∂y, is None"),
        (lambda x, y: (y**2, float("nan")), "whose second value, ∂/∂y, is NaN"),
        (lambda x, y: [[y**2, 2 * x * y]], "is a list whose first value is a list"),
        (lambda x, y: (y**2, "2xy"), "remove the quotes"),
        (lambda x, y: np.array([1j, 2j]), "complex"),
        (lambda x: (x, x), "takes 1 parameter(s)"),
    ],
)
def test_bad_vector_answers_get_a_clear_message(answer, phrase):
    assert_feedback(GRADIENT.check(answer), False, phrase)


def test_a_single_number_answer_still_refuses_brackets():
    assert_feedback(FUNCTION.check(lambda x: [16 * x**3 + 64 * x]), False, "hand in the value itself")
    assert_feedback(NUMBER.check((624.0,)), False, "is a tuple")


EVERY_KIND = (NUMBER, FUNCTION, TWO_VARIABLES, GRADIENT)


def _raises(*args):
    raise RuntimeError("broken")


# What learners hand in by mistake, for numbers, vectors, words and functions alike.
JUNK = [
    None,
    True,
    "2x, -2y",
    "36.305, 6.265",
    b"w1 and b1",
    ["2*x", "-2*y"],
    [1.4],
    (1, 2),
    (1.0, 2.0, 3.0),
    (1, None),
    (math.nan, 1.0),
    (10**400, 1),
    (1j, 2.0),
    [],
    {"x": 1},
    {1, 2},
    3 + 4j,
    np.complex64(1j),
    np.array([1j]),
    math.nan,
    math.inf,
    10**400,
    torch.tensor([1.0, 2.0]),
    torch.tensor([1.0, 2.0], requires_grad=True),
    torch.tensor(1.0, requires_grad=True) * 2,
    np.array([[np.nan]]),
    np.array([[1.0, 2.0]]),
    np.array([np.nan, 1.0]),
    np.arange(16.0),  # a whole layer, not one value
    np.ones((16, 16)),
    _Hostile(),
    (_Hostile(), _Hostile()),
    _raises,
    lambda *args: None,
    lambda *args: "2x",
    lambda *args: (1, 2, 3),
    lambda *args: (1, "a"),
    lambda *args: (1, None),
    lambda *args: (10**400, 1),
    lambda *args: 10**400,
    lambda *args: (1j, 1),
    lambda *args: np.array([1j, 2j]),
    lambda *args: np.complex64(1j),
    lambda *args: [[1, 2]],
    lambda *args: ((1, 2), (3, 4)),
    lambda *args: {"a": 1},
    lambda *args: {"w1": 0.0, "b1": 0.0, "w2": 0.1, "b2": 0.2},  # network.backward's dict handed back
    lambda *args: _Hostile(),
    lambda *args: (_Hostile(), _Hostile()),
    lambda *args: 1 / 0,
    lambda *args: math.exp(1000),
    lambda *args: np.exp(1000.0),
    lambda *args: np.float64(1.0) / np.float64(0.0),
    lambda *args: (np.float64(1.0) / np.float64(0.0), np.log(-1.0)),
    lambda *args: np.log(np.float64(-1.0)),
    lambda *args: torch.tensor([1.0, 2.0], requires_grad=True),
    lambda *args: torch.tensor(0.5, requires_grad=True),
    lambda *args: torch.tensor(float("nan")),
    lambda *args: (x for x in (1, 2)),
    lambda: (1, 2),
    lambda x, y, z: (1, 2),
    lambda a, b, c, d: (1, 2),
    lambda a, b, c, d, e, f, g: 0.0,
    type,
    Feedback,
]


@pytest.mark.parametrize("exercise_id", [e.id for e in exercises.all_exercises()])
def test_junk_never_makes_a_check_raise_or_warn(exercise_id):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # recorded, not raised: a check that swallowed the error would hide it
        for answer in JUNK:
            feedback = exercises.check(exercise_id, answer)
            assert isinstance(feedback, Feedback) and not feedback.correct, answer
    assert not [str(w.message) for w in caught]


@pytest.mark.parametrize("answer", [_Hostile(), _HostileCallable(), type, Feedback, np.array([[np.nan]]), ...])
@pytest.mark.parametrize("exercise", EVERY_KIND, ids=lambda e: e.id)
def test_hostile_objects_never_make_a_check_raise(exercise, answer):
    assert isinstance(exercise.check(answer), Feedback)
    assert isinstance(exercise.check(lambda *args, a=answer: a), Feedback)
    assert isinstance(exercise.check(lambda *args, a=answer: (a, a)), Feedback)


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.complex_numbers()
        | st.text(max_size=5)
        | st.binary(max_size=5)
        | st.fractions()
        | st.decimals(),
        lambda children: (
            st.lists(children, max_size=3)
            | st.tuples(children, children)
            | st.dictionaries(st.text(max_size=2), children, max_size=2)
        ),
        max_leaves=6,
    )
)
@settings(max_examples=300, deadline=None)
def test_no_python_value_makes_a_check_raise_or_warn(answer):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # recorded, not raised: a check that swallowed the error would hide it
        for exercise in EVERY_KIND:
            assert isinstance(exercise.check(answer), Feedback)
            assert isinstance(exercise.check(lambda *args, a=answer: a), Feedback)
    assert not caught, [str(w.message) for w in caught]


def test_complex_numpy_values_are_refused_without_a_warning(recwarn):
    assert_feedback(NUMBER.check(np.complex64(624)), False, "complex")
    assert_feedback(FUNCTION.check(lambda x: np.array([1j])), False, "complex")
    assert not recwarn.list


def test_a_value_or_dual_handed_in_for_a_number_is_told_where_its_number_is():
    assert ".grad is the gradient" in exercises.check("08.1", Value(2.0)).message
    assert ".derivative the derivative" in exercises.check("03.3", Dual(1.0, 2.0)).message


def test_a_function_that_returns_one_number_everywhere_is_told_so():
    feedback = exercises.check("06.2", lambda x, y, w1, w2, w3: -0.023736)
    assert "returns -0.023736 at every test point" in feedback.message
    assert "write a formula in x, y, w1, w2, w3, not a number" in feedback.message


def test_parameters_in_another_order_are_named_as_such():
    feedback = exercises.check("06.2", lambda y, x, w1, w2, w3: 0.0)
    assert_feedback(feedback, False, "takes (y, x, w1, w2, w3), but the check passes the values in the order x, y")


def test_a_list_for_a_function_and_articles_read_right():
    assert_feedback(FUNCTION.check([0.01]), False, "dy_dx is a list of values")
    assert_feedback(NUMBER.check(object()), False, "is an object, not a number")


def test_a_close_but_inexact_function_is_told_it_is_a_difference_quotient():
    feedback = FUNCTION.check(lambda x: ((2 * (x + 1e-6) ** 2 + 8) ** 2 - (2 * x**2 + 8) ** 2) / 1e-6)
    assert_feedback(feedback, False, "it evaluates at a point 1e-06 away from its input: that is a difference quotient")


def endless(z):
    while True:
        try:
            while True:
                pass
        except Exception:  # a learner's broad except must not keep the check from stopping it
            pass


def test_an_endless_loop_is_stopped_with_a_message_and_the_timer_is_released(monkeypatch):
    monkeypatch.setattr(engine, "CHECK_SECONDS", 0.2)
    started = time.perf_counter()
    feedback = exercises.check("06.1", endless)
    assert time.perf_counter() - started < 5
    assert not feedback.correct and "a loop that never ends" in feedback.message
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert exercises.check("06.1", lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2).correct


e = Value(-4.0, label="e")  # a graph node left over from a worked example, as in notebook 05


def uses_the_node_e(x):
    return e**x / (1 + e**x)


def test_a_formula_that_reads_a_leftover_node_is_told_which_name():
    feedback = exercises.check("05.2", uses_the_node_e)
    assert_feedback(feedback, False, "it reads e, which an earlier cell made a node", "write exp(x)")


def test_an_id_without_its_leading_zero_is_pointed_to_the_right_one():
    assert_feedback(exercises.check("1.1", 6.1), False, 'Did you mean "01.1"?')
    assert "Did you mean" not in exercises.check("9.9", 1).message
