"""Run inside a notebook's kernel, before an exercise cell: which names the notebook has defined so far pass it?

tests/test_notebook_exercises.py runs this file's source as a cell at the top of the notebook.

Every function and number (or tuple of numbers) defined above the exercise is handed to its check, and so is the
result of one call of each one-argument function on each number the prompt or the notebook names: `dP_dt(20)`
for "the rate at t = 20 s". So is what a graph of the course's engine left in the notebook gives away: each
Value's data, and each Value's grad after a backward pass from another (`z.backward(); t.grad`). A learner must
do the step; none of these may pass.
"""

import contextlib
import inspect
import io
import json
import numbers
import re
import signal
import types
import warnings

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")
CALL_SECONDS = 1.0
NOT_CANDIDATES = {"check", "show", "ensure_installed"}  # the course's own plumbing, never an answer


class _Slow(Exception):
    pass


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _is_numbers(value):
    return isinstance(value, tuple | list) and 0 < len(value) <= 8 and all(_is_number(v) for v in value)


def _one_argument(function):
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    required = [
        p for p in parameters if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    return len(required) == 1


def _call(function, argument):
    """function(argument) within CALL_SECONDS, quietly; None if it raises or is slow."""

    def stop(*_):
        raise _Slow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, CALL_SECONDS)
    try:
        with (
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(io.StringIO()),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("ignore")
            return function(argument)
    except (Exception, _Slow):
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def candidates(namespace, prompt, answer=None):
    """{how a learner would write it: value} for every name defined above, and one call of each function.

    A call on the answer itself is left out: f(0) returning 0 for "where is the slope 0?" is a fixed point a learner
    would need the answer to write, not a way around the step.
    """
    found, functions, numbers_named = {}, {}, set()
    for name, value in namespace.items():
        if name.startswith("_") or name in NOT_CANDIDATES:
            continue
        if _is_number(value) or _is_numbers(value):
            found[name] = value
            if _is_number(value):
                numbers_named.add(float(value))
        elif isinstance(value, types.FunctionType):
            found[name] = value
            functions[name] = value
    found.update(_read_off_graphs(namespace))
    numbers_named.update(float(token) for token in NUMBER.findall(prompt.replace("−", "-")))
    for name, function in functions.items():
        if not _one_argument(function):
            continue
        for argument in sorted(numbers_named - {answer})[:40]:
            result = _call(function, argument)
            if _is_number(result) or _is_numbers(result) or callable(result):
                found[f"{name}({argument:g})"] = result
    return found


def _read_off_graphs(namespace):
    """{how a learner would write it: number} for the Values defined above: each one's data, and each one's grad
    after a backward pass from every other. Every grad is put back as it was, so the notebook runs on unchanged."""
    from chainlab.autodiff import Value, topological_order

    values = {name: v for name, v in namespace.items() if isinstance(v, Value) and not name.startswith("_")}
    found = {f"{name}.data": v.data for name, v in values.items()}
    for root_name, root in values.items():
        nodes = topological_order(root)
        in_graph = set(nodes)
        saved = [(node, node.grad) for node in nodes]
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                root.backward()
            reached = {name: v for name, v in values.items() if v in in_graph}
            found.update({f"{root_name}.backward(); {name}.grad": v.grad for name, v in reached.items()})
        except Exception:  # noqa: BLE001, S110 (a graph whose backward fails gives nothing away)
            pass
        finally:
            for node, grad in saved:
                node.grad = grad
    return found


def passing(exercise_id, namespace):
    """The candidates that the exercise's check calls correct, as a JSON line for the test to read."""
    import matplotlib.pyplot as plt

    from chainlab.exercises import get

    exercise = get(exercise_id)
    passed = []
    if not exercise.choices:  # a prediction takes words; no defined function or number is one
        answer = float(exercise.reference) if _is_number(exercise.reference) else None
        for written, value in candidates(namespace, exercise.prompt, answer).items():
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                if exercise.check(value).correct:
                    passed.append(written)
    plt.close("all")
    print("PROBE " + json.dumps({"exercise": exercise_id, "passed": passed}))
