"""The exercise checker: compares a learner's answer with the reference and names the mistake.

A check never raises. Whatever the learner hands in (a placeholder, a wrong type, a function that
crashes or returns NaN), the result is a Feedback that says what happened and what to try.
"""

import html
import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """The result of a check: shown as a coloured box in a notebook, as plain text elsewhere."""

    correct: bool
    message: str
    answered: bool = True

    def __repr__(self):
        mark = "✓ Correct." if self.correct else ("… Not answered yet." if not self.answered else "✗ Not yet.")
        return f"{mark} {self.message}"

    def _repr_html_(self):
        colour = "#1b7837" if self.correct else ("#6b6b6b" if not self.answered else "#b35806")
        return (
            f'<div style="border-left: 4px solid {colour}; padding: 4px 10px; margin: 2px 0;">'
            f"{html.escape(repr(self))}</div>"
        )


@dataclass(frozen=True)
class Mistake:
    """A usual wrong answer (a number, or a function of the same variables) and the hint that names it."""

    answer: float | Callable
    hint: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: its reference answer, the usual mistakes, and where to compare functions.

    A function answer is compared with the reference at ``points`` and at ``n_random`` seeded
    random points drawn from ``domain`` (one (low, high) range per variable).
    """

    id: str
    prompt: str
    reference: float | Callable
    mistakes: tuple[Mistake, ...] = ()
    variables: tuple[str, ...] = ("x",)
    points: tuple = ()
    domain: tuple[tuple[float, float], ...] = ((-3.0, 3.0),)
    n_random: int = 8
    rtol: float = 1e-6
    atol: float = 1e-9

    @property
    def expects_function(self):
        return callable(self.reference)

    def check(self, answer):
        """Compare answer with the reference; always returns a Feedback, never raises."""
        if answer is Ellipsis:
            what = "a function" if self.expects_function else "a number"
            return Feedback(False, f"Replace the ... with {what}, then run this cell again.", answered=False)
        if self.expects_function:
            return self._check_function(answer)
        return self._check_number(answer)

    # numbers

    def _check_number(self, answer):
        if callable(answer):
            return Feedback(False, "This exercise asks for a number, and you gave a function. Call it to get a value.")
        value, problem = as_number(answer)
        if problem:
            return Feedback(False, f"Your answer {problem}. This exercise asks for a single number.")
        if self._close(value, self.reference):
            return Feedback(True, f"{self.reference:.6g} is right.")
        for mistake in self.mistakes:
            if self._close(value, mistake.answer):
                return Feedback(False, mistake.hint)
        return Feedback(False, self._generic_number_hint(value))

    def _generic_number_hint(self, value):
        ref = self.reference
        if ref != 0 and self._close(value, -ref):
            return "The size is right but the sign is wrong: check each factor's sign."
        if ref != 0 and value != 0 and np.isfinite(value / ref) and self._close(round(value / ref), value / ref):
            return f"You are off by a factor of {value / ref:.6g}: did a constant factor go missing or get doubled?"
        return f"{value:.6g} is not it. Work through each factor again."

    # functions

    def _check_function(self, answer):
        if not callable(answer):
            _, problem = as_number(answer)
            gave = problem or f"is the number {answer!r}"
            return Feedback(
                False,
                f"This exercise asks for a Python function of {self._var_list()}, and your answer {gave}. "
                f"Write it as def answer({', '.join(self.variables)}): return ...",
            )
        problem = self._signature_problem(answer)
        if problem:
            return Feedback(False, problem)
        points = self._comparison_points()
        values = []
        for p in points:
            value, problem = _call(answer, p)
            if problem is _PLACEHOLDER:
                message = "Replace the ... in your function with a formula, then run this cell again."
                return Feedback(False, message, answered=False)
            if problem:
                return Feedback(False, f"At {self._at(p)} your function {problem}.")
            values.append(value)
        values = np.array(values)
        expected = np.array([float(self.reference(*p)) for p in points])
        if self._close(values, expected):
            return Feedback(True, "Your function matches the reference at every test point.")
        for mistake in self.mistakes:
            wrong = _values_of(mistake.answer, points)
            if wrong is not None and self._close(values, wrong):
                return Feedback(False, mistake.hint)
        return Feedback(False, self._generic_function_hint(points, values, expected))

    def _generic_function_hint(self, points, values, expected):
        if np.any(expected != 0) and self._close(values, -expected):
            return "Your function has the wrong sign everywhere: check the sign of each factor."
        nonzero = np.abs(expected) > 1e-9
        if nonzero.any():
            ratios = values[nonzero] / expected[nonzero]
            if np.allclose(ratios, ratios[0], rtol=1e-6) and not np.isclose(ratios[0], 1):
                return f"Your function is {ratios[0]:.6g} times the right one everywhere: a constant factor is off."
        i = int(np.argmax(np.abs(values - expected) > self.atol + self.rtol * np.abs(expected)))
        return (
            f"At {self._at(points[i])} your function gives {values[i]:.6g}, but the derivative there is "
            f"{expected[i]:.6g}. Write out each factor of the chain and check them one by one."
        )

    def _signature_problem(self, answer):
        try:
            params = inspect.signature(answer).parameters.values()
        except (TypeError, ValueError):  # builtins and ufuncs may hide their signature: just call them
            return None
        if any(p.kind is p.VAR_POSITIONAL for p in params):
            return None
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        required = [p for p in positional if p.default is p.empty]
        n = len(self.variables)
        if len(required) <= n <= len(positional):
            return None
        names = ", ".join(p.name for p in positional) or "nothing"
        return (
            f"Your function takes {len(positional)} parameter(s) ({names}), but this exercise passes "
            f"{n}: {self._var_list()}. Write it as def answer({', '.join(self.variables)}): ..."
        )

    def _comparison_points(self):
        rng = np.random.default_rng(_seed(self.id))
        fixed = [tuple(float(v) for v in np.atleast_1d(p)) for p in self.points]
        lows, highs = zip(*self.domain, strict=True)
        drawn = rng.uniform(lows, highs, size=(self.n_random, len(self.domain)))
        return fixed + [tuple(float(v) for v in row) for row in drawn]

    def _close(self, a, b):
        return bool(np.all(np.isclose(a, b, rtol=self.rtol, atol=self.atol)))

    def _var_list(self):
        return ", ".join(self.variables)

    def _at(self, point):
        return ", ".join(f"{v} = {x:.4g}" for v, x in zip(self.variables, point, strict=True))


def _seed(text):
    """A seed that is the same in every process (Python's hash() of a str is not)."""
    return sum(ord(c) * 31**i for i, c in enumerate(text)) % 2**32


def as_number(answer):
    """(float value, None) for anything that is one real number; (None, what is wrong) otherwise."""
    if answer is None:
        return None, "is None (did a function forget to return?)"
    if isinstance(answer, bool):
        return None, f"is the boolean {answer}"
    if isinstance(answer, str):
        return None, f"is the text {answer!r}; remove the quotes"
    if isinstance(answer, complex):
        return None, f"is the complex number {answer}"
    if hasattr(answer, "detach"):  # a torch tensor
        answer = answer.detach().cpu().numpy()
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None, f"is a {type(answer).__name__}, not a number"
    if array.size != 1:
        return None, f"has {array.size} values (shape {array.shape}), not one"
    value = float(array.reshape(()))
    if math.isnan(value):
        return None, "is NaN (not a number): look for 0/0 or the log or square root of a negative number"
    if math.isinf(value):
        return None, "is infinite: look for a division by zero"
    return value, None


_PLACEHOLDER = "still returns the placeholder ..."


def _call(function, point):
    """(value, None), or (None, what went wrong) when calling the learner's function at point."""
    try:
        with np.errstate(all="ignore"):
            result = function(*point)
    except Exception as error:  # the learner's code may raise anything; report it, never re-raise
        return None, f"raised {type(error).__name__}: {error}"
    if result is Ellipsis:  # def answer(x): return ...  is an unanswered exercise, not a wrong one
        return None, _PLACEHOLDER
    value, problem = as_number(result)
    if problem:
        return None, f"returned a value that {problem}"
    return value, None


def _values_of(answer, points):
    if not callable(answer):
        return None
    try:
        with np.errstate(all="ignore"):
            return np.array([float(answer(*p)) for p in points])
    except (ArithmeticError, ValueError):  # a mistake defined only on part of the domain
        return None
