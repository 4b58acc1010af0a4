"""The exercises of 07_gradient_descent: the gradient of the mean squared error, one step of descent, and the
largest stable learning rate, on the regression of chainlab.regression.

The usual mistakes: the 2 of the square's derivative dropped, a sum of squared errors for their mean, ŷ − y turned
round (the sign), the factor x left out of ∂C/∂m or put into ∂C/∂b too, a step up the gradient instead of down, the
learning rate applied twice, left out or fixed at 07.3's 0.01, the step returned instead of the new parameters, the
components of the gradient crossed in the update, a step built right on a gradient with one of 07.2's mistakes (07.3
and 07.4 use the learner's own mse_gradient) or taken at the start wherever the step begins, and a learning-rate limit
taken from the wrong eigenvalue, the trace, a diagonal entry, or a Hessian without its 2/n.

Two answers are a pair of numbers, gradient_at_start = (…, …): NumbersExercise checks them component by component.
"""

import numpy as np

from chainlab import regression
from chainlab.exercises.engine import Exercise, Mistake, NumbersExercise
from chainlab.regression import START, X, Y

LR = 0.01  # the learning rate of 07.3
LAMBDA_MIN, LAMBDA_MAX = (float(v) for v in np.linalg.eigvalsh(regression.hessian()))  # of (2/n)·XᵀX
D2C_DM2 = 2 * float(np.mean(X**2))  # ∂²C/∂m², the Hessian's first diagonal entry


# --- the gradient of C(m, b) = (1/n)Σ(m·xᵢ + b − yᵢ)², as learners get it wrong -----------------------------------


def _error(m, b):
    """ŷ − y at each data point."""
    return m * X + b - Y


def _without_the_2(m, b):
    return float(np.mean(_error(m, b) * X)), float(np.mean(_error(m, b)))


def _summed(m, b):
    return float(2 * np.sum(_error(m, b) * X)), float(2 * np.sum(_error(m, b)))


def _summed_without_the_2(m, b):
    return float(np.sum(_error(m, b) * X)), float(np.sum(_error(m, b)))


def _turned_round(m, b):
    return float(2 * np.mean((Y - (m * X + b)) * X)), float(2 * np.mean(Y - (m * X + b)))


def _x_left_out(m, b):
    return float(2 * np.mean(_error(m, b))), float(2 * np.mean(_error(m, b)))


def _x_in_both(m, b):
    return float(2 * np.mean(_error(m, b) * X)), float(2 * np.mean(_error(m, b) * X))


def _crossed(m, b):
    dm, db = regression.mse_gradient(m, b)
    return db, dm


def _descent_step(m, b, lr, gradient=regression.mse_gradient):
    dm, db = gradient(m, b)
    return m - lr * dm, b - lr * db


def _one_at_a_time(m, b, lr):
    """m updated first, then b with the gradient at the new m."""
    m = m - lr * regression.mse_gradient(m, b)[0]
    return m, b - lr * regression.mse_gradient(m, b)[1]


_WITHOUT_THE_2 = (
    "The 2 is missing: C is a mean of squares, and the derivative of a square (ŷ − y)² brings down a 2 as well as "
    "the inner derivative."
)
_SUMMED = (
    "That is the gradient of the sum of the squared errors. C is their mean: the sum is divided by n, and so is each "
    "derivative."
)
_SUMMED_WITHOUT_THE_2 = (
    "Two factors are off: C is a mean, so the sum is divided by n, and the derivative of each square brings down a 2."
)
_TURNED_ROUND = (
    "The sign is wrong: that is (y − ŷ) where the chain rule gives (ŷ − y). The inner derivative of ŷ − y with "
    "respect to m is +x, and to b is +1."
)
_X_LEFT_OUT = (
    "∂C/∂m lost its factor x: ŷ = m·x + b, so the inner derivative ∂ŷ/∂m is x, one per data point, inside the mean."
)
_X_IN_BOTH = "∂C/∂b took a factor x that belongs to ∂C/∂m only: the inner derivative ∂ŷ/∂b is 1, not x."

# --- one step of descent -------------------------------------------------------------------------------------------

_UPHILL = (
    "That step goes up the gradient. The gradient points to where C grows fastest: descent steps the other way. (If "
    "your step does subtract the gradient, look at the gradient itself: its sign is turned round. Does your "
    "mse_gradient pass 07.2?)"
)
_LR_TWICE = "The learning rate is applied twice (lr² times the gradient): it scales the step once."
_LR_LEFT_OUT = "The learning rate is missing: it sets how far each step goes, a small fraction of the whole gradient."
_STEP_ONLY = (
    "That is the step alone, the change in m and b. The answer is where the step lands: the old values with the "
    "step applied."
)
_CROSSED = (
    "The components are crossed: m moves with ∂C/∂b and b with ∂C/∂m. Each parameter moves along its own partial "
    "derivative."
)
_GRADIENT_ITSELF = (
    "That is the gradient itself, not the new parameters: descent uses it to move m and b, and the answer is where "
    "they land."
)
_LR_FIXED = (
    "The step ignores lr: it moves by 0.01 times the gradient (07.3's learning rate) whatever lr is passed. Use the lr "
    "the function is given."
)
_GRADIENT_AT_START = (
    "The step uses the gradient at the start, (0.9, 0.1), wherever it begins. The gradient changes from point to "
    "point: compute it at the (m, b) the function is given."
)
_BOTH_ALONG_DM = (
    "Both parameters stepped along ∂C/∂m: b's step used the gradient's first component, [0], where its own is the "
    "second, [1]."
)
_BOTH_ALONG_DB = (
    "Both parameters stepped along ∂C/∂b: m's step used the gradient's second component, [1], where its own is the "
    "first, [0]."
)
_ONE_AT_A_TIME = (
    "b's step used the gradient at the new m: m was updated first and the gradient computed again. Both components "
    "come from the same point, the one before the step."
)


def _with_wrong_gradient(hint):
    """The hint for a step built right on a gradient with one of 07.2's mistakes."""
    return f"The step is built right, but the gradient it uses is not: does your mse_gradient pass 07.2? {hint}"


# --- the largest stable learning rate --------------------------------------------------------------------------------

_ONE_OVER_MAX = (
    "That step lands exactly at the minimum along the steepest direction, in one step. The question asks for the "
    "largest step before descent diverges: where does the factor 1 − η·λmax leave the range from −1 to 1?"
)
_TWO_OVER_MIN = "That is the limit along the flattest direction; the steepest one diverges first."
_ONE_OVER_MIN = (
    "That comes from the smallest eigenvalue, and the steepest direction diverges first; and 1/λ is the step that "
    "lands at the minimum, not the limit."
)
_LAMBDA_MAX = (
    "That is λmax, the largest eigenvalue of the Hessian: a curvature, not a learning rate. The limit is built from it."
)
_LAMBDA_MIN = (
    "That is λmin, the smallest eigenvalue of the Hessian: a curvature, not a learning rate. And the steepest "
    "direction, not the flattest, sets the limit."
)
_TRACE = (
    "That uses the trace of the Hessian, the sum of its eigenvalues, in place of λmax: the limit comes from the "
    "largest eigenvalue alone."
)
_DIAGONAL = (
    "That uses the diagonal entry ∂²C/∂m² in place of λmax. The off-diagonal entries couple m and b: the steepest "
    "curvature is the largest eigenvalue of the whole Hessian, not a diagonal entry."
)
_HESSIAN_WITHOUT_THE_2 = (
    "The Hessian lost its 2: the second derivative of a square brings down a 2, as in the gradient. Without it, "
    "every eigenvalue is half what it should be."
)
_HESSIAN_SUMMED = (
    "That Hessian belongs to the sum of the squared errors. C is their mean, so its Hessian is divided by n too."
)
_HESSIAN_BARE = (
    "That Hessian is XᵀX alone: the mean squared error's carries a factor of 2 from the square and 1/n from the mean."
)

# --- the prediction before the explorer ------------------------------------------------------------------------------

_STRAIGHT = (
    "A straight path needs every step to stop short of the valley's floor along the steep direction, where one step "
    "multiplies the offset by 1 − η·λmax: no zigzag needs that factor to stay positive. Just below 2/λmax, what is "
    "that factor?"
)
_GROWING = (
    "Growing swings need |1 − η·λmax| above 1, which is what happens above the edge. Just below it, the factor "
    "1 − η·λmax lies between −1 and 0."
)
_STALLS = (
    "Descent stalls only where the gradient is zero, at the minimum: each step moves by η times the gradient, and "
    "no learning rate makes that zero anywhere else."
)

GRADIENT = ("∂C/∂m", "∂C/∂b")
PARAMETERS = ("m", "b")

EXERCISES = (
    NumbersExercise(
        id="07.1",
        prompt="The gradient of C(m, b) = (1/n)Σ(m·xᵢ + b − yᵢ)² at the start, m = 0.9, b = 0.1: the two numbers "
        "(∂C/∂m, ∂C/∂b).",
        reference=regression.mse_gradient(*START),
        answer_name="gradient_at_start",
        components=GRADIENT,
        mistakes=(
            Mistake(_without_the_2(*START), _WITHOUT_THE_2),
            Mistake(_summed(*START), _SUMMED),
            Mistake(_summed_without_the_2(*START), _SUMMED_WITHOUT_THE_2),
            Mistake(_turned_round(*START), _TURNED_ROUND),
            Mistake(_x_left_out(*START), _X_LEFT_OUT),
            Mistake(_x_in_both(*START), _X_IN_BOTH),
        ),
    ),
    Exercise(
        id="07.2",
        prompt="The gradient of C as a function of m and b, over the data X, Y: return (∂C/∂m, ∂C/∂b).",
        reference=lambda m, b: regression.mse_gradient(m, b),
        answer_name="mse_gradient",
        variables=PARAMETERS,
        components=GRADIENT,
        points=((0.0, 0.0), (-1.0, 2.0)),  # not the start: its gradient is the answer of 07.1
        domain=((-2.0, 2.0), (-1.0, 3.0)),  # around the start and the least-squares line; C is a quadratic anywhere
        mistakes=(
            Mistake(_without_the_2, _WITHOUT_THE_2),
            Mistake(_summed, _SUMMED),
            Mistake(_summed_without_the_2, _SUMMED_WITHOUT_THE_2),
            Mistake(_turned_round, _TURNED_ROUND),
            Mistake(_x_left_out, _X_LEFT_OUT),
            Mistake(_x_in_both, _X_IN_BOTH),
        ),
    ),
    NumbersExercise(
        id="07.3",
        prompt="(m, b) after one step of gradient descent from the start, m = 0.9, b = 0.1, with learning rate 0.01.",
        reference=_descent_step(*START, LR),
        answer_name="after_one_step",
        components=PARAMETERS,
        mistakes=(
            Mistake(_descent_step(*START, -LR), _UPHILL),
            Mistake(_descent_step(*START, LR**2), _LR_TWICE),
            Mistake(_descent_step(*START, 1.0), _LR_LEFT_OUT),
            Mistake(_descent_step(*START, LR, _without_the_2), _WITHOUT_THE_2),
            Mistake(_descent_step(*START, LR, _summed), _SUMMED),
            # a step with ∂C/∂b for both is one on a gradient without its x; with ∂C/∂m for both, one with x twice
            Mistake(_descent_step(*START, LR, _x_left_out), _with_wrong_gradient(_X_LEFT_OUT)),
            Mistake(_descent_step(*START, LR, _x_left_out), _BOTH_ALONG_DB),
            Mistake(_descent_step(*START, LR, _x_in_both), _with_wrong_gradient(_X_IN_BOTH)),
            Mistake(_descent_step(*START, LR, _x_in_both), _BOTH_ALONG_DM),
            Mistake(tuple(LR * g for g in regression.mse_gradient(*START)), _STEP_ONLY),
            Mistake(tuple(-LR * g for g in regression.mse_gradient(*START)), _STEP_ONLY),
            Mistake(_descent_step(*START, LR, _crossed), _CROSSED),
        ),
    ),
    Exercise(
        id="07.4",
        prompt="One step of gradient descent as a function: from (m, b), with learning rate lr, return the new (m, b). "
        "Use your mse_gradient of 07.2 for the gradient.",
        reference=_descent_step,
        answer_name="descent_step",
        variables=("m", "b", "lr"),
        components=PARAMETERS,
        points=((0.0, 0.0, 0.02), (-1.0, 2.0, 0.005)),  # not the start with lr = 0.01: that is the answer of 07.3
        domain=((-2.0, 2.0), (-1.0, 3.0), (0.001, 0.05)),  # learning rates from a crawl to near the edge
        mistakes=(
            Mistake(lambda m, b, lr: _descent_step(m, b, -lr), _UPHILL),
            Mistake(lambda m, b, lr: _descent_step(m, b, lr**2), _LR_TWICE),
            Mistake(lambda m, b, lr: _descent_step(m, b, 1.0), _LR_LEFT_OUT),
            Mistake(lambda m, b, lr: tuple(lr * g for g in regression.mse_gradient(m, b)), _STEP_ONLY),
            Mistake(lambda m, b, lr: tuple(-lr * g for g in regression.mse_gradient(m, b)), _STEP_ONLY),
            Mistake(lambda m, b, lr: regression.mse_gradient(m, b), _GRADIENT_ITSELF),
            Mistake(lambda m, b, lr: _descent_step(m, b, lr, _crossed), _CROSSED),
            Mistake(_one_at_a_time, _ONE_AT_A_TIME),
            Mistake(lambda m, b, lr: _descent_step(m, b, LR), _LR_FIXED),
            Mistake(
                lambda m, b, lr: _descent_step(m, b, lr, lambda *_: regression.mse_gradient(*START)), _GRADIENT_AT_START
            ),
            *(
                Mistake(lambda m, b, lr, wrong=wrong: _descent_step(m, b, lr, wrong), _with_wrong_gradient(hint))
                for wrong, hint in (
                    (_without_the_2, _WITHOUT_THE_2),
                    (_summed, _SUMMED),
                    (_summed_without_the_2, _SUMMED_WITHOUT_THE_2),
                    (_x_left_out, _X_LEFT_OUT),
                    (_x_in_both, _X_IN_BOTH),
                )
            ),
            Mistake(lambda m, b, lr: _descent_step(m, b, lr, _x_left_out), _BOTH_ALONG_DB),  # the same step as above
            Mistake(lambda m, b, lr: _descent_step(m, b, lr, _x_in_both), _BOTH_ALONG_DM),
        ),
    ),
    Exercise(
        id="07.5",
        prompt="The learning rate at the edge: below it, gradient descent on C converges from any start; above it, it "
        "diverges. Compute it from the Hessian of C.",
        reference=2 / LAMBDA_MAX,
        answer_name="largest_stable_lr",
        mistakes=(
            Mistake(1 / LAMBDA_MAX, _ONE_OVER_MAX),
            Mistake(2 / LAMBDA_MIN, _TWO_OVER_MIN),
            Mistake(1 / LAMBDA_MIN, _ONE_OVER_MIN),
            Mistake(LAMBDA_MAX, _LAMBDA_MAX),
            Mistake(LAMBDA_MIN, _LAMBDA_MIN),
            Mistake(2 / (LAMBDA_MAX + LAMBDA_MIN), _TRACE),
            Mistake(2 / D2C_DM2, _DIAGONAL),
            Mistake(2 / (LAMBDA_MAX / 2), _HESSIAN_WITHOUT_THE_2),
            Mistake(2 / (LAMBDA_MAX * len(X)), _HESSIAN_SUMMED),
            Mistake(2 / (LAMBDA_MAX * len(X) / 2), _HESSIAN_BARE),
        ),
    ),
    Exercise(
        id="07.6",
        prompt="Predict, before moving the explorer: what does the path of gradient descent do with a learning rate "
        "just below the edge 2/λmax?",
        reference="zigzags, swings shrinking",
        answer_name="prediction",
        choices=("straight to the minimum", "zigzags, swings shrinking", "zigzags, swings growing", "stalls"),
        mistakes=(
            Mistake("straight to the minimum", _STRAIGHT),
            Mistake("zigzags, swings growing", _GROWING),
            Mistake("stalls", _STALLS),
        ),
    ),
)
