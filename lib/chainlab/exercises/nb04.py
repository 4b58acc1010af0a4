"""The exercises of 04: partial derivatives, the gradient, the multivariable chain rule, second derivatives.

The usual mistakes: a held variable treated as varying, the other partial derivative, a factor held still but
dropped, the function itself for its derivative, the gradient's components added or only the larger one taken
instead of its length, a path of the chain rule missing (through one variable, or the direct one), the paths
multiplied instead of added, ∂z/∂x and ∂z/∂y swapped, and a learning-rate limit taken from the wrong eigenvalue.
The gradient's components in the wrong order, the wrong number of them, and one right but the other not are
recognised by the engine for every vector answer.
"""

import math

from chainlab.exercises.engine import XOR_HINT, Exercise, Mistake
from chainlab.functions import cos, exp, sin

PI = math.pi
R, L = 3.0, 5.0  # the cylinder of 04.2 and 04.3

# --- 04.1 the gradient of z = x² − y² ---------------------------------------------------------------------------

_HELD_VARYING = (
    "A held variable was treated as varying. In ∂z/∂x, y is held still: −y² is then a constant, and the derivative "
    "of a constant is 0. In ∂z/∂y, it is x² that stays constant."
)
_SIGN_OF_Y2 = "The minus sign of −y² went missing in ∂z/∂y: differentiating a term keeps its sign."
_OTHER_READING = (
    "That is the gradient of (x − y)², a different reading of z. Here z = x² − y²: two separate squares, each "
    "differentiated on its own."
)
_TERMS_THEMSELVES = "Those are the terms of z themselves, x² and −y². Each component is a derivative of z."
_ONE_SIDED = (
    "That is a one-sided difference, (z(x + h, y) − z(x, y)) / h: its error is about h/2 times the second derivative "
    "(notebook 01, section 3), here exactly h in each component, so it misses the 6 significant digits the check "
    "wants. Differentiate by the rules, holding the other variable still (a central difference would pass too)."
)
ONE_SIDED_STEPS = (1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6)  # the steps learners take; below 1e-6 the error is within rtol


def _one_sided_difference(h):
    """The gradient of x² − y² by a forward (h > 0) or backward (h < 0) difference with step h: (2x + h, −2y − h)."""
    return lambda x, y: (2 * x + h, -2 * y - h)


# --- 04.2 and 04.3 the cylinder v = πr²l ----------------------------------------------------------------------------

_V_ITSELF = "That is v itself, the volume. The exercise asks how fast v changes: a partial derivative of v."
_DV_DL_FOR_DV_DR = "That is ∂v/∂l: hold l still and vary r."
_DV_DR_FOR_DV_DL = "That is ∂v/∂r: hold r still and vary l."
_L_DROPPED = "l is held still, but it stays as a factor: only r is differentiated in πr²·l."
_L_VARIED_TOO = (
    "You let l vary too and added its term. In ∂v/∂r, l is held still: only the term from varying r remains."
)
_R_VARIED_TOO = (
    "You let r vary too and added its term. In ∂v/∂l, r is held still: only the term from varying l remains."
)
_R_DIFFERENTIATED = (
    "You differentiated r² although r is held still. In ∂v/∂l, πr² is a constant factor: only l is differentiated."
)
_PI_DROPPED = "π went missing: it is a constant factor of v, and it stays in the derivative."
_PI_ROUNDED = (
    "You used a rounded π (3.14 or 22/7), which is right to only 3 digits. Use math.pi, which carries the 6 "
    "significant digits the check wants (and more)."
)
ROUNDED_PIS = (3.14, 22 / 7, 3.142)

# --- 04.4 the steepest slope of f(x, y) = x² + 2y² at (1, 1) --------------------------------------------------------

_PARTIALS_ADDED = (
    "You added the two partial derivatives. The steepest slope is the length of the gradient vector, and the length "
    "of a vector is not the sum of its components."
)
_LARGER_PARTIAL = (
    "That is the larger partial derivative, ∂f/∂y, alone: the slope along the y axis. The steepest direction mixes "
    "x and y: its slope is the length of the whole gradient."
)
_SQUARE_ROOT = "That is |∇f|², the squared length of the gradient: take the square root."
_F_ITSELF = "That is f(1, 1) itself, the height there. The exercise asks how steep f is: use its gradient."
_DF_DX_ONLY = "That is ∂f/∂x alone: the slope along the x axis only. The steepest direction mixes x and y."
_2Y2_PARTIAL = (
    "Check ∂f/∂y of 2y²: the power rule brings the exponent 2 down, and the 2 in front stays as a factor too."
)

# --- 04.5 dz/dt read off the graph of z = x·y, x = e^t, y = cos t, at t = 0.7 ------------------------------------

T_GRAPH = 0.7
_X, _Y, _DX_DT, _DY_DT = exp(T_GRAPH), cos(T_GRAPH), exp(T_GRAPH), -sin(T_GRAPH)  # the figure's data and edge labels
_THROUGH_X, _THROUGH_Y = _Y * _DX_DT, _X * _DY_DT  # each path's product: ∂z/∂x · dx/dt, ∂z/∂y · dy/dt
_GRAPH_PATH_MISSING = (
    "That is the path through {} alone. t reaches z through x AND through y: multiply the labels along each path, "
    "then add the two products."
)
_Z_DATA = "That is z's data, the value of z = x·y, not how fast it changes: dz/dt comes from the edges' labels."

# --- 04.6 z = x·y with x = cos t, y = sin t ---------------------------------------------------------------------

_PATH_MISSING = (
    "A path is missing: z depends on t through x AND through y; add one term per path. You have only the path "
    "through {}."
)
_PATHS_MULTIPLIED = (
    "The paths are multiplied. The multivariable chain rule adds them: one term per path, ∂z/∂x·dx/dt + ∂z/∂y·dy/dt."
)
_PARTIALS_SWAPPED = (
    "Your dz/dt comes out 0 everywhere. That is what ∂z/∂x and ∂z/∂y swapped give: each path's ∂z/∂… goes with the "
    "derivative of that same variable, ∂z/∂x with dx/dt. (If you wrote 0 on purpose: z changes with t, so dz/dt is "
    "not 0 everywhere.)"
)
_SIGN_OF_COS = "The sign of dx/dt: the derivative of cos t is −sin t, with a minus sign."

# --- 04.7 y = f(x, u) = x + u with u = x² -----------------------------------------------------------------------

_DIRECT_PATH_MISSING = (
    "The direct path is missing: y depends on x directly too, not only through u. (Multiplying the two paths "
    "instead of adding them gives the same here.)"
)
_PATH_THROUGH_U_MISSING = (
    "The path through u is missing: ∂f/∂x alone holds u still, but u = x² changes with x too, so y depends on x "
    "through u as well as directly."
)
_Y_ITSELF = "That is y itself. The exercise asks for its derivative, dy/dx."

# --- 04.8 the largest learning rate for f(x, y) = x² + 5y² --------------------------------------------------------

_ONE_OVER_MAX = (
    "That step lands exactly at the minimum along the steep axis, in one step. The question asks for the largest "
    "step before descent diverges: where does the factor 1 − ηλ leave the range from −1 to 1?"
)
_TWO_OVER_MIN = "That is the limit along the flat axis; the steep one diverges first."
_ONE_OVER_MIN = (
    "That comes from the flat axis's eigenvalue, and the steep axis diverges first; and 1/λ is the step that lands "
    "at the minimum, not the limit."
)
_LAMBDA_MAX = (
    "That is λmax, the largest eigenvalue of the Hessian: a curvature, not a learning rate. The limit is built from it."
)
_LAMBDA_MIN = (
    "That is λmin, the smallest eigenvalue of the Hessian: a curvature, not a learning rate. And the steep axis, "
    "not the flat one, sets the limit."
)
_COEFFICIENT_FOR_CURVATURE = (
    "You used the coefficient 5 of 5y² as the curvature. The Hessian holds second derivatives: ∂²f/∂y² of 5y² is "
    "twice that."
)

EXERCISES = (
    Exercise(
        id="04.1",
        prompt="The gradient of z = x² − y², as a function of x and y: return (∂z/∂x, ∂z/∂y).",
        reference=lambda x, y: (2 * x, -2 * y),
        answer_name="grad_z",
        variables=("x", "y"),
        components=("∂z/∂x", "∂z/∂y"),
        points=((1.0, 2.0), (-2.0, 0.5)),
        domain=((-3.0, 3.0), (-3.0, 3.0)),
        mistakes=(
            Mistake(lambda x, y: (2 * x - 2 * y, 2 * x - 2 * y), _HELD_VARYING),
            Mistake(lambda x, y: (2 * x - 2 * y, -2 * y), _HELD_VARYING),
            Mistake(lambda x, y: (2 * x, 2 * x - 2 * y), _HELD_VARYING),
            Mistake(lambda x, y: (2 * x, 2 * y), _SIGN_OF_Y2),
            Mistake(lambda x, y: (2 * (x - y), -2 * (x - y)), _OTHER_READING),
            Mistake(lambda x, y: (x**2, -(y**2)), _TERMS_THEMSELVES),
            *(Mistake(_one_sided_difference(s * h), _ONE_SIDED) for h in ONE_SIDED_STEPS for s in (1, -1)),
        ),
    ),
    Exercise(
        id="04.2",
        prompt="The volume of a cylinder is v = πr²l. How fast does v change with the radius r, ∂v/∂r, at r = 3, "
        "l = 5?",
        reference=2 * PI * R * L,
        answer_name="dv_dr",
        mistakes=(
            Mistake(PI * R**2, _DV_DL_FOR_DV_DR),
            Mistake(PI * R**2 * L, _V_ITSELF),
            Mistake(2 * PI * R, _L_DROPPED),
            Mistake(2 * PI * R * L + PI * R**2, _L_VARIED_TOO),
            Mistake(2 * R * L, _PI_DROPPED),
            *(Mistake(2 * pi * R * L, _PI_ROUNDED) for pi in ROUNDED_PIS),
        ),
    ),
    Exercise(
        id="04.3",
        prompt="For the same cylinder, v = πr²l: how fast does v change with the length l, ∂v/∂l, at r = 3, l = 5?",
        reference=PI * R**2,
        answer_name="dv_dl",
        mistakes=(
            Mistake(2 * PI * R * L, _DV_DR_FOR_DV_DL),
            Mistake(PI * R**2 * L, _V_ITSELF),
            Mistake(2 * PI * R, _R_DIFFERENTIATED),
            Mistake(PI * R**2 + 2 * PI * R * L, _R_VARIED_TOO),
            Mistake(R**2, _PI_DROPPED),
            *(Mistake(pi * R**2, _PI_ROUNDED) for pi in ROUNDED_PIS),
            Mistake(PI * (3 ^ 2), XOR_HINT),  # math.pi * (3^2): ^ is XOR in Python, and 3 ^ 2 is 1
        ),
    ),
    Exercise(
        id="04.4",
        prompt="How steep is f(x, y) = x² + 2y² at (1, 1), in its steepest direction? A prediction, to 3 significant "
        "digits.",
        reference=math.sqrt(20.0),
        answer_name="steepest",
        rtol=1e-3,  # a prediction worked by hand: 3 significant digits, as the prompt says (4.47)
        mistakes=(
            Mistake(
                6 / math.sqrt(2),
                "That is the slope along the diagonal, u = (1, 1)/√2: a good direction, but not the steepest. The "
                "steepest follows the gradient itself, and its slope is the gradient's length.",
            ),
            Mistake(6.0, _PARTIALS_ADDED),
            Mistake(4.0, _LARGER_PARTIAL),
            Mistake(20.0, _SQUARE_ROOT),
            Mistake(3.0, _F_ITSELF),
            Mistake(2.0, _DF_DX_ONLY),
            Mistake(math.sqrt(8.0), _2Y2_PARTIAL),
            Mistake(
                math.sqrt(2.0 + 4.0),
                "The partials under the root are not squared: the length of (a, b) is √(a² + b²), each component "
                "squared before they are added.",
            ),
            Mistake(math.sqrt(2 ^ 2 + 4 ^ 2), XOR_HINT),  # math.sqrt(2^2 + 4^2) is √6: ^ is XOR in Python
            Mistake(
                math.degrees(math.atan2(4, 2)),
                "That is the direction of steepest ascent, as an angle in degrees. The question asks how steep f is "
                "along it: a slope.",
            ),
            Mistake(
                (2.0, 4.0),
                "That is the gradient ∇f = (∂f/∂x, ∂f/∂y) itself: it points the steepest way. The question asks how "
                "steep f is that way, one number: the slope along ∇f, which is the length of ∇f.",
            ),
            Mistake(
                math.atan2(4, 2),
                "That is the direction of steepest ascent, as an angle in radians (63.4°). The question asks how steep "
                "f is in that direction: the slope along ∇f, which is the length of ∇f.",
            ),
        ),
    ),
    Exercise(
        id="04.5",
        prompt="Read the graph of z = x·y, x = e^t, y = cos t, at t = 0.7: multiply the local derivatives along each "
        "path from t to z, and add the paths. dz/dt, to 3 significant digits.",
        reference=_THROUGH_X + _THROUGH_Y,
        answer_name="dz_dt_from_graph",
        rtol=1e-3,  # read off a figure that shows 4 significant digits: 3 are asked, as the prompt says
        mistakes=(
            Mistake(_THROUGH_X, _GRAPH_PATH_MISSING.format("x")),
            Mistake(_X * _Y, _Z_DATA),  # the same number: dx/dt = e^t = x, so y·dx/dt = x·y
            Mistake(_THROUGH_Y, _GRAPH_PATH_MISSING.format("y")),
            Mistake(  # the same number: ∂z/∂y = x = e^t = dx/dt
                _DX_DT * _DY_DT,
                "That is dx/dt · dy/dt, the first edges of the two paths multiplied. Multiply along one path, from t "
                "to z: dx/dt · ∂z/∂x, and dy/dt · ∂z/∂y; then add the two.",
            ),
            Mistake(_THROUGH_X * _THROUGH_Y, _PATHS_MULTIPLIED),
            Mistake(
                _THROUGH_X - _THROUGH_Y,
                "The sign of dy/dt: its edge says −0.6442, negative, and the path through y keeps that sign.",
            ),
            Mistake(
                _DX_DT + _DY_DT,
                "You added the first edge of each path, dx/dt + dy/dt. Each path's product also takes the edge into z: "
                "∂z/∂x · dx/dt + ∂z/∂y · dy/dt.",
            ),
            Mistake(
                _Y + _DX_DT + _X + _DY_DT,
                "You added all four labels. Along a path the local derivatives multiply (the chain rule); only the "
                "paths' products add.",
            ),
        ),
    ),
    Exercise(
        id="04.6",
        prompt="z = x·y, with x = cos t and y = sin t. dz/dt by the multivariable chain rule, as a function of t.",
        reference=lambda t: sin(t) * -sin(t) + cos(t) * cos(t),
        answer_name="dz_dt",
        variables=("t",),
        points=(0.5, 2.0),
        domain=((-PI, PI),),  # one full turn: dz/dt repeats after that
        mistakes=(
            Mistake(lambda t: -(sin(t) ** 2), _PATH_MISSING.format("x")),
            Mistake(lambda t: cos(t) ** 2, _PATH_MISSING.format("y")),
            Mistake(lambda t: -(sin(t) ** 2) * cos(t) ** 2, _PATHS_MULTIPLIED),
            Mistake(lambda t: cos(t) * -sin(t) + sin(t) * cos(t), _PARTIALS_SWAPPED),
            Mistake(lambda t: sin(t) ** 2 + cos(t) ** 2, _SIGN_OF_COS),
            Mistake(
                lambda t: -sin(t) * cos(t),
                "You multiplied dx/dt by dy/dt. Each path's term is ∂z/∂(its variable) times that variable's "
                "derivative, and the terms add.",
            ),
            Mistake(
                lambda t: -sin(t) + cos(t),
                "You added dx/dt and dy/dt, but each needs its factor ∂z/∂x or ∂z/∂y: how much z moves per unit of x, "
                "and of y.",
            ),
            Mistake(lambda t: sin(t) * cos(t), "That is z itself, x·y along the circle. The exercise asks for dz/dt."),
            Mistake(
                lambda t: sin(t) + cos(t),
                "sin t + cos t is ∂z/∂x + ∂z/∂y (that is y + x): how fast z moves per unit of x, and of y. Each path "
                "also needs how fast its variable moves with t, dx/dt or dy/dt, as a factor.",
            ),
        ),
    ),
    Exercise(
        id="04.7",
        prompt="y = f(x, u) = x + u, where u = x². dy/dx, as a function of x.",
        reference=lambda x: 1 + 2 * x,
        answer_name="dy_dx",
        points=(1.0, -2.0),
        domain=((-3.0, 3.0),),
        mistakes=(
            Mistake(lambda x: 2 * x, _DIRECT_PATH_MISSING),
            Mistake(lambda x: 1 + 0 * x, _PATH_THROUGH_U_MISSING),
            Mistake(
                lambda x: 2 + 0 * x,
                "You added ∂f/∂x and ∂f/∂u, but the path through u needs du/dx too: ∂f/∂u · du/dx.",
            ),
            Mistake(lambda x: 1 + x**2, "The path through u needs du/dx, the derivative of u = x², not u itself."),
            Mistake(lambda x: x + x**2, _Y_ITSELF),
            Mistake(
                lambda x: 1 + x,
                "The path through u is ∂f/∂u · du/dx, and du/dx is the derivative of u = x²: the power rule gives "
                "2x, not x.",
            ),
        ),
    ),
    Exercise(
        id="04.8",
        prompt="f(x, y) = x² + 5y², whose Hessian is diag(2, 10). Plain gradient descent, x ← x − η∇f, diverges when "
        "η is too large. The learning rate η at the boundary: below it descent converges, above it it diverges?",
        reference=0.2,
        answer_name="largest_rate",
        mistakes=(
            Mistake(0.1, _ONE_OVER_MAX),
            Mistake(1.0, _TWO_OVER_MIN),
            Mistake(0.5, _ONE_OVER_MIN),
            Mistake(10.0, _LAMBDA_MAX),
            Mistake(2.0, _LAMBDA_MIN),
            Mistake(0.4, _COEFFICIENT_FOR_CURVATURE),
            Mistake(
                2 / 12,
                "2/12 adds the two curvatures, 2 + 10. Each axis has its own limit, η < 2/λ, and descent needs "
                "both: the tighter of the two sets the boundary.",
            ),
            Mistake(
                0.19,
                "0.19 is a rate that still converges, just below the boundary: the exercise asks for the boundary "
                "itself, where the steep axis's factor |1 − ηλ| reaches exactly 1.",
            ),
        ),
    ),
)
