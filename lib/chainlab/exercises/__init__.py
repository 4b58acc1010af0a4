"""Every exercise of the course, by id ("02.3": notebook 02, third exercise).

In a notebook: ``check("02.3", answer)`` shows feedback on the learner's answer, and carries its result as data
(``CHECK_MIME``) for the class report.
"""

import importlib
import pkgutil

from chainlab.exercises.engine import CHECK_MIME, Exercise, Feedback, Mistake

# One module per notebook, nb00, nb01, …, each with a tuple EXERCISES.
_NOTEBOOKS = [
    importlib.import_module(f"{__name__}.{info.name}")
    for info in pkgutil.iter_modules(__path__)
    if info.name.startswith("nb")
]
_REGISTRY = {exercise.id: exercise for module in _NOTEBOOKS for exercise in module.EXERCISES}

__all__ = ["CHECK_MIME", "Exercise", "Feedback", "Mistake", "all_exercises", "check", "get"]


def get(exercise_id):
    """The exercise with this id; KeyError names the ids that exist."""
    try:
        return _REGISTRY[exercise_id]
    except KeyError:
        raise KeyError(f"no exercise {exercise_id!r}; the exercises are {', '.join(_REGISTRY)}") from None


def all_exercises():
    """Every exercise, in course order."""
    return sorted(_REGISTRY.values(), key=lambda e: tuple(int(part) for part in e.id.split(".")))


_NO_ANSWER = object()


def check(exercise_id=None, answer=_NO_ANSWER, *extra, **named):
    """Feedback on answer to the exercise exercise_id; never raises, whatever it is given.

    The two may also be given by name, as a learner reading the docstring might: check(exercise="02.1", answer=x).
    """
    exercise_id = named.pop("exercise", named.pop("exercise_id", exercise_id))
    answer = named.pop("answer", answer)
    if named:
        return Feedback(
            False,
            f"check does not know {', '.join(map(repr, named))}: it takes the exercise id and your answer, "
            'check("NN.k", answer).',
        )
    if exercise_id is None or extra:
        return Feedback(False, 'check takes two things, the exercise id and your answer: check("NN.k", answer).')
    exercise = _REGISTRY.get(exercise_id) if isinstance(exercise_id, str) else None
    if exercise is None:
        near = [
            known
            for known in _REGISTRY
            if isinstance(exercise_id, str) and known.lstrip("0") == exercise_id.lstrip("0")
        ]
        meant = f' Did you mean "{near[0]}"?' if near else ""
        return Feedback(False, f"There is no exercise {exercise_id!r}: check the id in this cell.{meant}")
    if answer is _NO_ANSWER:
        return Feedback(
            False,
            f'check needs your answer as well as the exercise id: check("{exercise_id}", {exercise.answer_name}).',
            answered=False,
            exercise=exercise_id,
        )
    return exercise.check(answer)
