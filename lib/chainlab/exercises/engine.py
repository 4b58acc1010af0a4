"""The exercise checker: compares a learner's answer with the reference and names the mistake.

A check never raises. Whatever the learner hands in (a placeholder, a wrong type, a function that
crashes or returns NaN, an int too large for a float, an object whose methods raise), the result is a
Feedback that says what happened and what to try. Where two known mistakes give the same answer, the
feedback names both: it never claims to know which one the learner made.
"""

import dis
import html
import inspect
import io
import itertools
import math
import reprlib
import signal
import threading
import tokenize
import types
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from chainlab.autodiff import Dual, Value

XOR_HINT = (
    "In Python, ^ is not a power: it is bitwise XOR (3 ^ 2 is 1, not 9). Write powers with **, as in x**2 for x²."
)
# Mistake(NO_NUMBER, hint) names an answer that says there is no such number: None, NaN, or a word in quotes
# ("nowhere"), for an exercise whose usual misconception is that none exists.
NO_NUMBER = "no such number"
SIMPLE_FACTORS = range(2, 11)  # a ratio of n or 1/n to the right answer reads as "a constant factor is off"
SIGNIFICANT_DIGITS = 6  # what the check compares numbers to (rtol = 1e-6)
# The result of a check as data, beside its HTML and text, for the class report (chainlab.report) and hub tools.
CHECK_MIME = "application/vnd.chainlab.check+json"


CHECK_SECONDS = 5  # a learner's code that runs longer is stopped: an endless loop must not hang the notebook


class _TooSlow(BaseException):
    """Raised into a learner's code by the time limit: a BaseException, so that no `except Exception` stops it."""


@contextmanager
def _time_limit(seconds):
    """Stop the block after seconds where a signal can (the main thread, on Linux and macOS); elsewhere, no limit."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum, _frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Feedback:
    """The result of a check: shown as a coloured box in a notebook, as plain text elsewhere.

    ``exercise`` is the id checked (the check fills it in) and ``mistakes`` the hints of the known mistakes the
    answer fits. Both also go out as data (``CHECK_MIME``), so a class report counts mistakes without reading
    prose; that data never holds the right answer, since learners can read it.
    """

    correct: bool
    message: str
    answered: bool = True
    # Equality stays the verdict alone, as it was before these two fields.
    exercise: str | None = field(default=None, compare=False)
    mistakes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def status(self):
        return "correct" if self.correct else ("wrong" if self.answered else "not answered")

    def __repr__(self):
        mark = "✓ Correct." if self.correct else ("… Not answered yet." if not self.answered else "✗ Not yet.")
        return f"{mark} {self.message}"

    def _repr_mimebundle_(self, include=None, exclude=None):  # IPython adds text/html and text/plain to it
        return {CHECK_MIME: {"exercise": self.exercise, "status": self.status, "mistakes": list(self.mistakes)}}

    def _repr_html_(self):
        colour = "#1b7837" if self.correct else ("#6b6b6b" if not self.answered else "#b35806")
        text = html.escape(repr(self)).replace("\n", "<br>")
        return f'<div style="border-left: 4px solid {colour}; padding: 4px 10px; margin: 2px 0;">{text}</div>'


@dataclass(frozen=True)
class Mistake:
    """A usual wrong answer and the hint that names it.

    The answer is a number, a function of the exercise's variables (returning a tuple where the exercise's
    answer is a vector), or None (for an answer that comes out as None, such as ``x.grad`` read before
    ``backward()``).
    """

    answer: float | Callable | None
    hint: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: its reference answer, the usual mistakes, and where to compare functions.

    ``answer_name`` is the name the notebook's exercise cell gives the answer (``slope``, or the
    function in ``def dy_dx(x): return ...``), so that messages can name it. With ``choices``, the answer
    is one of those words (a prediction: "positive", "negative", ...) and so is the reference. A function answer is
    compared with the reference at ``points`` and at ``n_random`` seeded random points drawn from
    ``domain`` (one (low, high) range per variable): make the domain the whole range where the
    reference is defined, or say in the prompt why it is smaller.

    A reference function that returns a tuple of k numbers (a gradient) makes the answer a vector: the learner's
    function returns k numbers (a tuple, list, array or tensor), compared component by component. ``components``
    names them in order, as messages show them (("∂z/∂x", "∂z/∂y")); by default ∂/∂x, ∂/∂y, … for a gradient.
    Components in the wrong order, the wrong number of values, and some components right and others not are
    recognised for every such exercise.

    With ``judge``, the answer is code to run rather than a formula to compare: a function that does something
    (updates gradients in place, orders a graph), which no table of values can judge. ``judge(answer)`` runs it
    on the cases learners get wrong and returns a Feedback, or (correct, message), that names the bug. The check
    first handles the placeholder, a non-function, a wrong parameter count and the untouched skeleton (a body
    of only ``...``), and it turns anything the learner's code raises past the judge into a message, so a judge
    need not guard against every exception itself.
    """

    id: str
    prompt: str
    reference: float | Callable | str
    answer_name: str
    mistakes: tuple[Mistake, ...] = ()
    choices: tuple[str, ...] = ()
    variables: tuple[str, ...] = ("x",)
    points: tuple = ()
    domain: tuple[tuple[float, float], ...] = ((-3.0, 3.0),)
    n_random: int = 8
    rtol: float = 10.0**-SIGNIFICANT_DIGITS
    atol: float = 1e-9
    judge: Callable | None = None
    components: tuple[str, ...] = ()
    from_torch: bool = False  # the step is autograd: the number must come as the tensor torch filled in (x.grad)

    @property
    def expects_function(self):
        return callable(self.reference)

    @property
    def digits(self):
        """The significant digits a number is checked to, as messages state them: 6, or fewer where the exercise sets
        a looser rtol (a value read off a figure, say; its prompt says how many)."""
        return max(1, round(-math.log10(self.rtol)))

    def check(self, answer):
        """Compare answer with the reference; always returns a Feedback, never raises, never warns, never hangs."""
        with np.errstate(all="ignore"):  # a learner's huge or odd values must not print numpy warnings either
            try:
                with _time_limit(CHECK_SECONDS):
                    feedback = self._check(answer)
            except _TooSlow:
                feedback = Feedback(
                    False,
                    f"Checking your answer took more than {CHECK_SECONDS} seconds, so it was stopped: look for a loop "
                    "that never ends, such as a while whose condition stays true.",
                )
            return replace(feedback, exercise=self.id)

    def _check(self, answer):
        try:
            if answer is Ellipsis:
                what = "a function" if self.expects_function else "a number"
                what = "the tensor torch filled in (such as x.grad)" if self.from_torch else what
                what = f"one of the words {self._choice_list()}" if self.choices else what
                return Feedback(False, f"Replace the ... with {what}, then run this cell again.", answered=False)
            if self.choices:
                return self._check_choice(answer)
            if self.judge is not None:
                return self._check_by_running(answer)
            if self.expects_function:
                return self._check_function(answer)
            return self._check_number(answer)
        except Exception as error:  # a last guard: an object so odd that even describing it fails
            return Feedback(False, f"The check could not read your answer ({type(error).__name__}). {self._asks()}")

    def _asks(self):
        if self.choices:
            return (
                f'This exercise asks for one of the words {self._choice_list()}, in quotes: {self.answer_name} = "…".'
            )
        if self.expects_function:
            return f"This exercise asks for a function: {self._skeleton()}"
        return f"This exercise asks for a single number: {self.answer_name} = <a number>."

    def _skeleton(self):
        if self.judge is not None:
            body = "<your code>"
        elif self._size:
            body = f"return ({', '.join(f'<{c}>' for c in self._component_names())})"
        else:
            body = "return <your formula>"
        return f"def {self.answer_name}({self._var_list()}): {body}"

    @cached_property
    def _size(self):
        """k when the reference function returns a tuple of k numbers (a vector answer), else None."""
        if self.judge is not None or not callable(self.reference):
            return None
        value = self.reference(*self._comparison_points()[0])
        return len(value) if isinstance(value, tuple | list) else None

    def _component_names(self):
        if self.components:
            return self.components
        if self._size == len(self.variables):
            return tuple(f"∂/∂{v}" for v in self.variables)
        return tuple(f"component {i + 1}" for i in range(self._size))

    def _order(self):
        return f"({', '.join(self._component_names())})"

    # code judged by running it

    def _check_by_running(self, answer):
        if not callable(answer):
            return Feedback(False, self._not_a_function(answer))
        problem = self._signature_problem(answer)
        if problem:
            return Feedback(False, problem)
        if _does_nothing(answer):
            return Feedback(False, _empty_body_message(answer), answered=False)
        try:
            verdict = self.judge(answer)
        except (Exception, SystemExit) as error:  # the learner's code, past the judge; KeyboardInterrupt still stops it
            return Feedback(False, f"{describe(answer, capital=True)} {raised(error)}.")
        if isinstance(verdict, Feedback):
            return verdict
        correct, message = verdict
        return Feedback(bool(correct), str(message))

    # choices

    def _choice_list(self):
        return ", ".join(f'"{c}"' for c in self.choices)

    def _check_choice(self, answer):
        if not isinstance(answer, str):
            return Feedback(False, self._asks())
        chosen = answer.strip().strip("\"'").lower()
        chosen = next((c for c in self.choices if _parts(c) == _parts(chosen)), chosen)  # "b1 and w1"
        if chosen not in self.choices:
            shown = answer if len(answer) <= 40 else answer[:40] + "…"
            return Feedback(False, f"{shown!r} is not one of the choices: write one of {self._choice_list()}.")
        if chosen == self.reference:
            return Feedback(True, f'"{self.reference}" is right.')
        hints = [m.hint for m in self.mistakes if m.answer == chosen]
        if hints:
            return Feedback(False, _one_or_several(hints), mistakes=tuple(hints))
        return Feedback(False, f'"{chosen}" is not it: think it through again.')

    # numbers

    def _check_number(self, answer):
        if callable(answer):
            return Feedback(
                False,
                f"This exercise asks for a number, and {self.answer_name} is a function. "
                "Call it to get its value, or assign the number itself.",
            )
        if answer is None:
            hints = [m.hint for m in self.mistakes if m.answer is None]
            if hints:
                return Feedback(False, _one_or_several(hints), mistakes=tuple(hints))
        if _says_there_is_none(answer):
            hints = [m.hint for m in self.mistakes if m.answer == NO_NUMBER]
            if hints:
                return Feedback(False, _one_or_several(hints), mistakes=tuple(hints))
        value, problem = as_number(answer)
        if problem:
            hints = [m.hint for m in self.mistakes if isinstance(m.answer, tuple) and self._same_numbers(answer, m)]
            if hints:  # several numbers where one is asked: a declared mistake, such as the gradient for its length
                return Feedback(False, _one_or_several(hints), mistakes=tuple(hints))
            return Feedback(False, f"Your answer {problem}. This exercise asks for a single number.")
        if self._close(value, self.reference) or _is_rounding(value, self.reference, self.digits):
            not_from_backward = self._not_from_backward(answer) if self.from_torch else None
            if not_from_backward:
                return Feedback(
                    False,
                    f"{value:.6g} is the right number, but {not_from_backward}: torch differentiating is this "
                    f"exercise's step. Compute y from x, call y.backward(), then hand in {self.answer_name} = x.grad.",
                )
            return Feedback(True, f"{self.reference:.6g} is right.")
        hints = [
            m.hint
            for m in self.mistakes
            if _is_number(m.answer) and self._matches(value, m.answer) and not _xor_ruled_out(m, answer)
        ]
        rounded = self._rounding_hint(value)
        if hints:
            return Feedback(False, _one_or_several([*hints, *([rounded] if rounded else [])]), mistakes=tuple(hints))
        return Feedback(False, rounded or self._generic_number_hint(value))

    def _same_numbers(self, answer, mistake):
        """answer holds the numbers of a mistake declared as a tuple, in its order (a list, tuple or array)."""
        try:
            numbers = np.asarray(answer).ravel()
        except Exception:  # an odd object: not these numbers
            return False
        return (
            numbers.dtype.kind in "iuf"
            and numbers.shape == (len(mistake.answer),)
            and self._close(numbers, mistake.answer)
        )

    def _matches(self, value, target):
        """value is target, or target rounded to 3 or more significant digits (copied from a printout)."""
        return self._close(value, target) or any(_is_rounding(value, target, k) for k in range(3, SIGNIFICANT_DIGITS))

    def _rounding_hint(self, value):
        """The hint for the right answer rounded to too few digits, or None."""
        digits = _digits_rounded_to(value, self.reference, self.digits)
        if digits is None:
            return None
        return (
            f"{value:.6g} is the right answer rounded to {digits} significant digit(s), and the check wants "
            f"{self.digits}. "
            "Either it was copied from a printout (assign the value you computed instead), or a constant was typed "
            "with too few digits (such as π as 3.1416: use math.pi)."
        )

    @staticmethod
    def _not_from_backward(answer):
        """Why the answer cannot be a gradient that backward() filled in, or None when it can be. In a notebook a
        gradient is the .grad of one of the learner's tensors; outside IPython that cannot be looked up."""
        if not hasattr(answer, "requires_grad"):
            return "as a plain number the check cannot tell whether torch found it (hand in the tensor itself)"
        if answer.grad_fn is not None:
            return "that tensor was computed by a formula from x (torch recorded it), not found by backward()"
        from IPython import get_ipython

        shell = get_ipython()
        if shell is None:
            return None
        leaves = [v for v in list(shell.user_ns.values()) if getattr(v, "is_leaf", False) and hasattr(v, "grad")]
        grads = [t.grad for t in leaves if t.grad is not None]  # only a leaf's .grad is filled in (a non-leaf's warns)
        if any(g.shape == answer.shape and bool((g.detach() == answer.detach()).all()) for g in grads):
            return None  # x.grad itself, or a copy of it (.clone(), .detach(), .float())
        return (
            "no tensor of this notebook holds it as its .grad, so backward() did not fill it in (torch.autograd.grad "
            "differentiates too, but this exercise asks for y.backward() and x.grad)"
        )

    def _generic_number_hint(self, value):
        ref = self.reference
        if ref != 0 and self._close(value, -ref):
            return "The size is right but the sign is wrong: check the sign of each step."
        if ref != 0 and abs(value - ref) < 1e-2 * abs(ref) and float(ref).is_integer() and float(value).is_integer():
            return f"{value:g} is close, but the answer is a different whole number: look for an arithmetic slip."
        if ref != 0 and abs(value - ref) < 1e-2 * abs(ref):
            agreeing = max(1, math.floor(-math.log10(abs(value - ref) / abs(ref))))
            return (
                f"{value:.10g} is within 1 % of the answer and agrees with it to about {agreeing} significant "
                f"digit(s), but the check wants {self.digits} significant digits: look for a value rounded along the "
                "way (a constant typed with few digits, say) or a slightly different formula."
            )
        factor = simple_factor(value, ref)
        if factor:
            return (
                f"Your answer is exactly {factor} the right one. If that is no accident, a factor is missing or extra; "
                "if it is, work through it again, one step at a time."
            )
        return f"{value:.10g} is not it. Work through it again, one step at a time."

    # functions

    def _check_function(self, answer):
        if not callable(answer):
            return Feedback(False, self._not_a_function(answer))
        problem = self._signature_problem(answer)
        if problem:
            return Feedback(False, problem)
        points, k = self._comparison_points(), self._size
        names = self._component_names() if k else ()
        calls = [_call(answer, p, vector=bool(k), names=names) for p in points]
        if any(problem is _PLACEHOLDER for _, problem in calls):
            message = f"Replace the ... in {describe(answer)} with a formula, then run this cell again."
            return Feedback(False, message, answered=False)
        expected = np.array([np.asarray(self.reference(*p), dtype=float) for p in points])
        if k:
            wrong_size = self._wrong_size(answer, calls, expected)
            if wrong_size:
                return Feedback(False, wrong_size)
        blank = np.full(k, np.nan) if k else np.nan
        values = np.array([blank if problem else value for value, problem in calls])
        if self._close(values, expected):
            route = _derivative_tool_used(answer)
            if route:
                return Feedback(
                    False,
                    f"{describe(answer, capital=True)} gives the right values, but {route} finds the derivative in "
                    f"it, so the exercise's step is not done yet. Write the formula in {self._var_list()} out "
                    f"yourself, by the rules; {route} is then a good way to check it.",
                )
            step = _difference_quotient_step(answer, points[0])
            if step:
                return Feedback(False, self._difference_quotient_message(answer, step))
            return Feedback(True, f"{describe(answer, capital=True)} matches the reference at every test point.")
        if _uses_xor(answer) or any(problem and "for ^:" in problem for _, problem in calls):
            return Feedback(False, XOR_HINT, mistakes=(XOR_HINT,))
        hints = [m.hint for m in self.mistakes if callable(m.answer) and self._agrees(values, m.answer, points)]
        if hints:
            return Feedback(False, _one_or_several(hints), mistakes=tuple(hints))
        step = _difference_quotient_step(answer, points[0])
        if step and self._close(values, expected, rtol=0.1):  # near the derivative: an estimate of it
            return Feedback(False, self._difference_quotient_message(answer, step))
        if k and (order := self._in_another_order(values, expected)):
            return Feedback(
                False,
                f"The components are in the wrong order: {self._order()}. {describe(answer, capital=True)} "
                f"returns ({', '.join(order)}).",
            )
        outside = _numbers_read_from_outside(answer)
        if outside:
            shown = ", ".join(f"{name} = {value}" for name, value in outside.items())
            return Feedback(
                False,
                f"{describe(answer, capital=True)} reads {', '.join(outside)} from outside it ({shown}, set in an "
                f"earlier cell): that value stays the same for every {self._var_list()}. If it should change with "
                f"{self._var_list()}, compute it inside the function.",
            )
        for point, (_, problem) in zip(points, calls, strict=True):
            if problem:
                return Feedback(False, f"At {self._at(point)}, {describe(answer)} {problem}.")
        if k:
            some_right = self._some_components_right(answer, points, values, expected)
            if some_right:
                return Feedback(False, some_right)
        return Feedback(False, self._generic_function_hint(answer, points, values, expected))

    def _difference_quotient_message(self, answer, step):
        return (
            f"{describe(answer, capital=True)} gives values near the derivative's, but it evaluates at a point "
            f"{step:g} away from its input: that is a difference quotient, which only estimates the derivative. The "
            f"exercise's step is the formula in {self._var_list()}, by the rules; a difference quotient is then a good "
            "way to check it."
        )

    def _not_a_function(self, answer):
        _, problem = as_number(answer)
        gave = problem or "is a number"
        if isinstance(answer, str):  # a formula typed in quotes, or a bare word: neither is a number here
            gave = f"is the text {answer!r}: remove the quotes, and write the formula inside a def"
        if isinstance(answer, list | tuple | np.ndarray) or hasattr(answer, "detach"):
            gave = f"is {_a(type(answer).__name__)} of values"
        if self.judge is not None:
            gave = (
                "is None" if answer is None else f"is {_a(type(answer).__name__)}"
            )  # often the result of calling it, check("…", f(x)), handed in for f
            return (
                f"This exercise asks for a Python function of {self._var_list()}, and {self.answer_name} {gave}. "
                f"Keep the skeleton, {self._skeleton()}, and hand in the function itself, without calling it: "
                f'check("{self.id}", {self.answer_name}).'
            )
        return (
            f"This exercise asks for a Python function of {self._var_list()}, and {self.answer_name} {gave}. "
            f"Keep the skeleton, {self._skeleton()}: a formula outside a def uses whatever value "
            f"{self._var_list()} had in an earlier cell. If you did define it, hand in the function itself, without "
            f'calling it: check("{self.id}", {self.answer_name}).'
        )

    def _agrees(self, values, mistake, points):
        """The learner's values are the mistake's wherever it is defined, and undefined where it is not."""
        wrong = np.array([_value_or_nan(mistake, p, self._size) for p in points])
        both = np.isfinite(values) & np.isfinite(wrong)
        same_gaps = np.array_equal(np.isfinite(values), np.isfinite(wrong))
        return same_gaps and both.sum() >= 3 and self._close(values[both], wrong[both])

    # vector answers

    def _wrong_size(self, answer, calls, expected):
        """The message for a function that returns the wrong number of values, or None."""
        k = self._size
        for value, problem in calls:
            if problem or len(value) == k:
                continue
            gives = "one number" if len(value) == 1 else f"{len(value)} values"
            message = (
                f"{describe(answer, capital=True)} returns {gives}, but this exercise asks for {k}, in this order: "
                f"{self._order()}. Return them together: {self._skeleton()}."
            )
            if len(value) == 1:  # one component alone?
                ones = np.array([v[0] if not p and len(v) == 1 else np.nan for v, p in calls])
                names = self._component_names()
                alone = [name for name, column in zip(names, expected.T, strict=True) if self._close(ones, column)]
                message += f" Your number is {alone[0]} alone." if alone else ""
            return message
        return None

    def _in_another_order(self, values, expected):
        """The learner's components as names, when they are the right ones in another order; else None."""
        names = self._component_names()
        for order in itertools.permutations(range(self._size)):
            if order != tuple(range(self._size)) and self._close(values, expected[:, order]):
                return [names[i] for i in order]
        return None

    def _some_components_right(self, answer, points, values, expected):
        """'∂/∂x is right, but ∂/∂y is not: …' when some components are right and others not, else None."""
        names = self._component_names()
        right = [self._close(values[:, i], expected[:, i]) for i in range(self._size)]
        if all(right) or not any(right):
            return None
        good = [n for n, r in zip(names, right, strict=True) if r]
        bad = [i for i, r in enumerate(right) if not r]
        i = bad[0]
        column, reference = values[:, i], expected[:, i]
        how = self._off_by(column, reference)
        if how:
            how = f"{names[i]} {how}"
        else:
            j = int(np.argmax(~np.isclose(column, reference, rtol=self.rtol, atol=self.atol)))
            how = (
                f"at {self._at(points[j])}, {describe(answer)} gives {names[i]} = {column[j]:.6g}, but the right "
                f"value there is {reference[j]:.6g}"
            )
        return (
            f"{_and(good)} {'is' if len(good) == 1 else 'are'} right, but {_and([names[b] for b in bad])} "
            f"{'is' if len(bad) == 1 else 'are'} not: {how}."
        )

    def _off_by(self, values, expected):
        """'has the wrong sign everywhere' or 'is 2 times the right one everywhere', or None."""
        if np.any(expected != 0) and self._close(values, -expected):
            return "has the wrong sign everywhere"
        nonzero = np.abs(expected) > 1e-9
        if nonzero.any():
            ratios = values[nonzero] / expected[nonzero]
            factor = simple_factor(ratios[0], 1.0)
            if factor and np.allclose(ratios, ratios[0], rtol=1e-6):
                return f"is {factor} the right one everywhere"
        return None

    def _generic_function_hint(self, answer, points, values, expected):
        name = describe(answer, capital=True)
        if np.all(values == 0):
            zero = f"({', '.join('0' * self._size)})" if self._size else "0"
            return f"{name} returns {zero} at every test point, but the answer is not {zero} everywhere."
        flat_values, flat_expected = values.reshape(len(points), -1), expected.reshape(len(points), -1)
        if np.all(flat_values == flat_values[0]) and not np.allclose(flat_expected, flat_expected[0]):
            return (
                f"{name} returns {_show(values[0])} at every test point, but the answer changes with "
                f"{self._var_list()}: write a formula in {self._var_list()}, not a number worked out for one point."
            )
        off_by = self._off_by(values, expected)
        if off_by:
            advice = "check the sign of each step" if "sign" in off_by else "a constant factor is off"
            return f"{name} {off_by}: {advice}."
        if np.allclose(values, expected, rtol=1e-3, atol=self.atol):
            return (
                f"{name} is right to 3 or more digits everywhere, but not to the {SIGNIFICANT_DIGITS} the check wants: "
                "does it approximate the derivative with a finite difference, compute in float32 (torch's default), "
                "or use a constant typed with few digits? Write the exact formula, in float64."
            )
        off = ~np.isclose(values, expected, rtol=self.rtol, atol=self.atol)
        i = int(np.argmax(off.reshape(len(points), -1).any(axis=1)))
        return (
            f"At {self._at(points[i])}, {describe(answer)} gives {_show(values[i])}, but the right answer there is "
            f"{_show(expected[i])}. Work through it again, one step at a time."
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
            names = [p.name for p in positional[:n]]
            if sorted(names) == sorted(self.variables) and names != list(self.variables):
                return (
                    f"{describe(answer, capital=True)} takes ({', '.join(names)}), but the check passes the values "
                    f"in the order {self._var_list()}, so each lands in another's place. Write it as {self._skeleton()}"
                )
            return None
        names = ", ".join(p.name for p in positional) or "nothing"
        return (
            f"{describe(answer, capital=True)} takes {len(positional)} parameter(s) ({names}), but this exercise "
            f"passes {n}: {self._var_list()}. Write it as {self._skeleton()}"
        )

    def _comparison_points(self):
        rng = np.random.default_rng(_seed(self.id))
        fixed = [tuple(float(v) for v in np.atleast_1d(p)) for p in self.points]
        lows, highs = zip(*self.domain, strict=True)
        drawn = rng.uniform(lows, highs, size=(self.n_random, len(self.domain)))
        return fixed + [tuple(float(v) for v in row) for row in drawn]

    def _close(self, a, b, rtol=None):
        return bool(np.all(np.isclose(a, b, rtol=self.rtol if rtol is None else rtol, atol=self.atol)))

    def _var_list(self):
        return ", ".join(self.variables)

    def _at(self, point):
        return ", ".join(f"{v} = {x:.4g}" for v, x in zip(self.variables, point, strict=True))


def _one_or_several(hints):
    hints = list(dict.fromkeys(hints))  # two mistakes that share a hint are one hint
    if len(hints) == 1:
        return hints[0]
    listed = "\n".join(f"• {hint}" for hint in hints)
    return f"This answer fits {len(hints)} different mistakes, and the check cannot tell which you made:\n{listed}"


def _and(words):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _show(value):
    """A number as 1.5, a vector as (1.5, −2)."""
    if np.ndim(value) == 0:
        return f"{float(value):.6g}"
    return f"({', '.join(f'{float(v):.6g}' for v in value)})"


def describe(function, capital=False):
    """'your function dy_dx', or 'your function' for a lambda or a callable without a name."""
    name = getattr(function, "__name__", None)
    text = f"your function {name}" if isinstance(name, str) and name.isidentifier() else "your function"
    return text[0].upper() + text[1:] if capital else text


def _is_rounding(value, reference, digits):
    """value is reference rounded to digits significant digits, either way where reference sits on a tie: 36.305 is
    36.30499… as a float, which rounds to 36.3, and a learner rounding by hand writes 36.31."""
    if not math.isfinite(reference) or reference == 0:
        return value == reference
    unit = 10.0 ** (math.floor(math.log10(abs(reference))) - digits + 1)
    scaled = reference / unit
    nearest = {round(scaled)}
    if abs(abs(scaled - math.floor(scaled)) - 0.5) < 1e-6:
        nearest |= {math.floor(scaled), math.ceil(scaled)}
    return any(value == float(f"{n * unit:.{digits}g}") for n in nearest)


def simple_factor(value, reference):
    """'2 times' or '1/3 of' when value is a small whole multiple or fraction of reference, else None."""
    if reference == 0 or value == 0 or not math.isfinite(value / reference):
        return None
    ratio = value / reference
    for n in SIMPLE_FACTORS:
        for sign in (1, -1):
            if math.isclose(ratio, sign * n, rel_tol=1e-6):
                return f"{sign * n} times"
            if math.isclose(ratio, sign / n, rel_tol=1e-6):
                return f"{'−' if sign < 0 else ''}1/{n} of"
    return None


def _numbers_read_from_outside(function):
    """{name: value} of the plain numbers a learner's function reads from the notebook's globals.

    In a derivative, such a name (a u or h left from a worked example) is almost always an inner value that
    should have been computed from x; it silently freezes at the example's value.
    """
    found = {}
    for name in _names_read(function):
        value = getattr(function, "__globals__", {}).get(name)
        if isinstance(value, int | float | np.number) and not isinstance(value, bool):
            found[name] = f"{float(value):.6g}"
    return found


def _source(function):
    """The source of the learner's function (a notebook cell's too), or "" where there is none (a builtin)."""
    try:
        return inspect.getsource(function)
    except Exception:
        return ""


def _tokens(source):
    """The Python tokens of source, or none where it does not tokenize (a fragment cut mid-string)."""
    try:
        return list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []


def _derivative_tool_used(function):
    """The name of a tool that differentiates for the learner (chainlab's derivative, partial, gradient or autograd,
    torch.autograd, or a backward pass) if the function, or a function written inside it, uses one; else None."""
    from chainlab import calculus

    tools = {
        getattr(calculus, name): f"chainlab's {name}" for name in ("derivative", "partial", "gradient", "autograd")
    }
    namespace = dict(getattr(function, "__globals__", {}))
    code = getattr(function, "__code__", None)
    if code is not None and function.__closure__:  # names it reads from an enclosing function
        namespace.update(zip(code.co_freevars, (_cell_contents(cell) for cell in function.__closure__), strict=True))
    codes = [code]
    while codes:
        code = codes.pop()
        if code is None:
            continue
        for name in (*code.co_names, *code.co_freevars):
            tool = tools.get(namespace.get(name)) if _hashable(namespace.get(name)) else None
            if tool:
                return tool
        if "torch" in code.co_names and "autograd" in code.co_names:
            return "torch.autograd"
        if "backward" in code.co_names:
            return "a backward pass (.backward())"
        codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return None


class _Watched(float):
    """An input that notes every number added to or taken from it: a difference quotient adds a tiny step h."""

    def __new__(cls, value, steps):
        watched = super().__new__(cls, value)
        watched.steps = steps
        return watched

    def _note(self, other):
        if isinstance(other, int | float) and 0 < abs(other) <= 1e-3 * max(1.0, abs(float(self))):
            self.steps.append(abs(other))

    def __add__(self, other):
        self._note(other)
        return float(self) + other

    def __sub__(self, other):
        self._note(other)
        return float(self) - other

    def __rsub__(self, other):
        self._note(other)
        return other - float(self)

    __radd__ = __add__


def _difference_quotient_step(function, point):
    """The step h if the function evaluates near its input, as in (f(x + h) − f(x)) / h, else None."""
    steps = []
    try:
        with np.errstate(all="ignore"):
            function(*(_Watched(float(v), steps) for v in np.atleast_1d(point)))
    except Exception:  # the learner's code, given an odd float: no verdict from this
        return None
    return max(steps) if steps else None


def _cell_contents(cell):
    try:
        return cell.cell_contents
    except ValueError:  # a cell not yet filled
        return None


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _uses_xor(function):
    """Whether the source of the learner's function has a ^ (XOR), almost always meant as a power."""
    return any(t.type == tokenize.OP and t.string in ("^", "^=") for t in _tokens(_source(function)))


def _seed(text):
    """A seed that is the same in every process (Python's hash() of a str is not)."""
    return sum(ord(c) * 31**i for i, c in enumerate(text)) % 2**32


def _xor_ruled_out(mistake, answer):
    """^ on whole numbers gives a whole number (3 * 2 ^ 2 is 4): a float such as 4.0 did not come from it."""
    return mistake.hint == XOR_HINT and isinstance(mistake.answer, int) and isinstance(answer, float)


def _parts(choice):
    """The parts of a choice such as "w1 and b1", in any order: {"w1", "b1"}."""
    return frozenset(part.strip() for part in choice.split(" and "))


def _is_number(answer):
    return answer is not None and not callable(answer) and not isinstance(answer, str | tuple)


def _says_there_is_none(answer):
    """None, NaN, or a word where a number goes ("nowhere"; not "0", a number in quotes)."""
    if answer is None or (isinstance(answer, float | np.floating) and math.isnan(answer)):
        return True
    if not isinstance(answer, str):
        return False
    try:
        return math.isnan(float(answer))
    except ValueError:
        return True


def _a(noun):
    """The noun with its article: a list, an int, an ndarray."""
    return f"{'an' if noun[:1].lower() in 'aeio' or noun.startswith('nd') else 'a'} {noun}"


def as_number(answer):
    """(float value, None) for anything that is one real number; (None, what is wrong) otherwise."""
    if answer is None:
        return None, "is None (a function without a return gives None)"
    if isinstance(answer, bool):
        return None, f"is the boolean {answer}"
    if isinstance(answer, bytes):
        answer = answer.decode(errors="replace")
    if isinstance(answer, str):
        if answer.replace(" ", "").isalpha():  # a word, not a number or formula typed in quotes
            return None, f"is the word {answer!r}, not a number"
        return None, f"is the text {answer!r}; remove the quotes"
    if isinstance(answer, np.ndarray) and answer.dtype.kind in "SU":  # numpy text
        return None, f"is a numpy array of {answer.dtype.name} values ({answer!r}), not a number; remove the quotes"
    if isinstance(answer, np.ndarray) and answer.dtype.kind == "O":  # Python objects: figures, axes, lists, …
        return None, f"is a numpy array of Python objects ({reprlib.repr(answer)}), not a number"
    if isinstance(answer, complex):
        return None, f"is the complex number {answer}"
    if isinstance(answer, list | tuple | set | dict):
        if len(answer) != 1:
            return None, f"is {_a(type(answer).__name__)} of {len(answer)} values, not one number"
        if isinstance(answer, set | dict):
            return None, f"is {_a(type(answer).__name__)} holding one value, not a number: hand in the number itself"
        return None, (
            f"is {_a(type(answer).__name__)} holding one value (brackets, a trailing comma, or a function such as "
            "torch.autograd.grad that returns a tuple make one): hand in the value itself, e.g. answer[0]"
        )
    if isinstance(answer, int) and abs(answer) > 2**1023:
        return None, "is an integer too large for a float (beyond about 1.8e308)"
    if isinstance(answer, Value):
        return None, "is a Value: its .grad is the gradient, its .data the number it holds"
    if isinstance(answer, Dual):
        return None, "is a Dual: its .data is the number it holds, its .derivative the derivative"
    try:
        if hasattr(answer, "detach"):  # a torch tensor
            answer = answer.detach().cpu().numpy()
        array = np.asarray(answer)
        if np.iscomplexobj(array):  # numpy's complex types; converted to float, they would warn and lose a part
            return None, f"is a complex number ({type(answer).__name__})"
        array = array.astype(float)
    except Exception:  # anything that is not a number: report its type, whatever the conversion raised
        return None, f"is {_a(type(answer).__name__)}, not a number"
    if array.size != 1:
        return None, f"has {array.size} values (shape {array.shape}), not one"
    value = float(array.reshape(()))
    if math.isnan(value):
        return None, "is NaN (not a number): look for 0/0 or the log or square root of a negative number"
    if math.isinf(value):
        return None, "is infinite: look for a division by zero or a number too large for a float"
    return value, None


def as_vector(answer, names=()):
    """(1-D float array, None) for one or several real numbers (a tuple, list, array or tensor of them);
    (None, what is wrong) otherwise. A single number gives an array of one value. A value that is wrong is named as
    a Python learner counts, "the first value", with its component's name from names where there is one."""
    if hasattr(answer, "detach"):  # a torch tensor
        answer = answer.detach().cpu().numpy()
    several = isinstance(answer, list | tuple) or (isinstance(answer, np.ndarray) and answer.ndim > 0)
    items = list(answer) if isinstance(answer, list | tuple) else np.ravel(answer).tolist() if several else [answer]
    if len(items) > 1000:  # far too many for any exercise: their count is all a message needs, and reading is slow
        return np.full(len(items), np.nan), None
    values = []
    for i, item in enumerate(items):
        value, problem = as_number(item)
        if problem:
            named = names if len(names) == len(items) else ()  # [[a, b]] holds one value, not ∂/∂x
            return None, f"is {_a(type(answer).__name__)} whose {_position(i, named)} {problem}" if several else problem
        values.append(value)
    return np.array(values, dtype=float), None


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _position(i, names=()):
    """The i-th value (from 0) as a learner reads it: "first value, ∂C/∂m,", or "value at index 12"."""
    where = f"{_ORDINALS[i]} value" if i < len(_ORDINALS) else f"value at index {i}"
    return f"{where}, {names[i]}," if i < len(names) else where


_PLACEHOLDER = "still returns the placeholder ..."


def _call(function, point, vector=False, names=()):
    """(value, None), or (None, what went wrong) when calling the learner's function at point.

    With vector, the value is a 1-D array of the numbers it returned, however many; names are its components'.
    """
    try:
        with np.errstate(all="ignore"):
            result = function(*point)
    except Exception as error:  # the learner's code may raise anything; report it, never re-raise
        return None, raised(error)
    if result is Ellipsis:  # def dy_dx(x): return ...  is an unanswered exercise, not a wrong one
        return None, _PLACEHOLDER
    if vector and isinstance(result, tuple | list) and any(item is Ellipsis for item in result):
        return None, _PLACEHOLDER  # return (..., ...): the skeleton of a vector answer
    try:
        value, problem = as_vector(result, names) if vector else as_number(result)
    except Exception as error:  # an odd object (a tensor whose conversion raises, say)
        return None, f"returned a value the check could not read ({type(error).__name__})"
    if problem:
        nodes = [name for name in _names_read(function) if isinstance(function.__globals__.get(name), Value | Dual)]
        if isinstance(result, Value | Dual) and nodes:
            euler = " (for Euler's number, write exp(x))" if "e" in nodes else ""
            return None, (
                f"returned a {type(result).__name__}: it reads {_and(nodes)}, which an earlier cell made a node of "
                f"the engine, not the number you meant{euler}"
            )
        return None, f"returned a value that {problem}"
    return value, None


def _names_read(function):
    """The global names a learner's function reads."""
    return getattr(getattr(function, "__code__", None), "co_names", ())


def raised(error):
    """'raised ZeroDivisionError: division by zero', for a message; safe even if the error's str() raises."""
    try:
        text = str(error)
    except Exception:  # an exception class of the learner's own, with a broken __str__
        text = ""
    text = text if len(text) <= 200 else text[:200] + "…"
    if isinstance(error, TypeError) and "must be Tensor, not" in text:  # torch.sin(2.0)
        name = text.split("(")[0]
        instead = f"math.{name} or np.{name}" if hasattr(math, name) else "math's or numpy's functions"
        text += f" (torch's functions take tensors; for a number write {instead})"
    return f"raised {type(error).__name__}: {text}" if text else f"raised {type(error).__name__}"


_NOTHING_OPS = {"RESUME", "NOP", "CACHE", "COPY_FREE_VARS", "MAKE_CELL", "RETURN_VALUE", "RETURN_CONST", "LOAD_CONST"}


def _does_nothing(function):
    """Whether a Python function's body is only ``...`` (the exercise's skeleton, unanswered).

    Read from its bytecode, which a notebook cell, exec and a lambda all have (its source may be missing): a
    body of ``...``, ``pass``, a docstring or ``return ...`` compiles to "return None" or "return Ellipsis" and
    nothing else. Running it would not tell: a body of ``...`` returns None, as a function that forgot its
    return statement does. A callable without bytecode (a builtin, a class) is never taken for the skeleton.
    """
    code = getattr(function, "__code__", None)
    if not hasattr(code, "co_code"):
        return False
    for instruction in dis.get_instructions(code):
        if instruction.opname not in _NOTHING_OPS:
            return False
        constant = instruction.argval
        if instruction.opname in ("LOAD_CONST", "RETURN_CONST") and constant is not None and constant is not Ellipsis:
            return False
    return True


def _empty_body_message(function):
    """What to do with a function that does nothing yet, in the words of what its body holds: the skeleton's ``...``
    or a ``pass`` the learner wrote (both compile to the same bytecode, so the source tells them apart)."""
    words = {token.string for token in _tokens(_source(function))}
    if "..." in words:
        return f"Replace the ... in {describe(function)} with your code, then run this cell again."
    if "pass" in words:
        return f"{describe(function, capital=True)} holds only pass: write your code in its place, then run it again."
    return f"{describe(function, capital=True)} has no code in it yet: write it, then run this cell again."


def _value_or_nan(function, point, size=None):
    """A known mistake's value at point (size values, for a vector answer); NaN where that formula is undefined."""
    try:
        with np.errstate(all="ignore"):
            if size:
                return np.asarray(function(*point), dtype=float).reshape(size)
            return float(function(*point))
    except (ArithmeticError, ValueError):
        return np.full(size, np.nan) if size else math.nan


@dataclass(frozen=True)
class NumbersExercise(Exercise):
    """An exercise whose answer is a few numbers together, name = (…, …): reference is the tuple of right values,
    each Mistake's answer a tuple too, and components names them in order.

    Each component is compared as the engine compares a number (to six significant digits; a Mistake also as printed
    with three or more). The values in another order, the wrong count, a sign, a common factor and some right but
    not all are recognised for every such exercise.
    """

    def _check(self, answer):
        if answer is Ellipsis:
            message = f"Replace the ... with {len(self.reference)} numbers, {self._wanted()}, then run this cell again."
            return Feedback(False, message, answered=False)
        return super()._check(answer)

    def _asks(self):
        return f"This exercise asks for {len(self.reference)} numbers together: {self._wanted()}."

    def _wanted(self):
        return f"{self.answer_name} = ({', '.join(f'<{c}>' for c in self.components)})"

    def _check_number(self, answer):  # the engine's hook for every non-function answer but the bare placeholder
        if isinstance(answer, tuple | list) and any(item is Ellipsis for item in answer):
            return Feedback(False, "Replace each ... with a number, then run this cell again.", answered=False)
        if callable(answer):
            return Feedback(False, f"{self.answer_name} is a function: assign the numbers themselves. {self._asks()}")
        values, problem = as_vector(answer, self.components)
        if problem:
            return Feedback(False, f"Your answer {problem}. {self._asks()}")
        if len(values) != len(self.reference):
            gives = "one number" if len(values) == 1 else f"{len(values)} values"
            return Feedback(False, f"Your answer has {gives}. {self._asks()}")
        reference = np.array(self.reference, dtype=float)
        rounded = [_is_rounding(v, r, SIGNIFICANT_DIGITS) for v, r in zip(values, reference, strict=True)]
        if np.all(self._each_close(values, reference) | np.array(rounded)):
            return Feedback(True, f"{_show(reference)} is right.")
        hints = [m.hint for m in self.mistakes if all(map(self._matches, values, m.answer))]
        if hints:
            return Feedback(False, _one_or_several(hints), mistakes=tuple(hints))
        return Feedback(False, self._generic_numbers_hint(values, reference))

    def _each_close(self, values, reference):
        return np.isclose(values, reference, rtol=self.rtol, atol=self.atol)

    def _generic_numbers_hint(self, values, reference):
        for order in itertools.permutations(range(len(reference))):
            if list(order) != sorted(order) and self._close(values, reference[list(order)]):
                yours = ", ".join(self.components[i] for i in order)
                return f"The values are in the wrong order: {self._wanted()}. Yours are ({yours})."
        if self._close(values, -reference):
            return "The sizes are right but the signs are wrong: check the sign of each step."
        factors = set(map(simple_factor, values, reference))
        if len(factors) == 1 and None not in factors:
            return f"Your answer is {factors.pop()} the right one: look for a factor that is missing or extra."
        right = self._each_close(values, reference)
        if all(r or _digits_rounded_to(v, ref) for v, ref, r in zip(values, reference, right, strict=True)):
            return (
                f"{_show(values)} is the right answer rounded to too few digits. The check wants {SIGNIFICANT_DIGITS} "
                "significant digits: assign the values you computed, not digits copied from a printout."
            )
        if right.any():
            good = ", ".join(np.array(self.components)[right])
            bad = ", ".join(np.array(self.components)[~right])
            return f"{good} is right, but {bad} is not: work through it again."
        return f"{_show(values)} is not it. Work through it again, one step at a time."


def _digits_rounded_to(value, reference, wanted=SIGNIFICANT_DIGITS):
    """The 2 to wanted − 1 significant digits that reference was rounded to, to give value; None if it was not (one
    digit is more likely a guess than a rounding)."""
    return next((d for d in range(2, wanted) if _is_rounding(value, reference, d)), None)
