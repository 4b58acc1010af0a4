"""The exercises of 02_chain_rule_nested_functions: the chain rule on nested functions.

Each exercise lists the usual wrong answers that apply to it, as concrete functions of x (or numbers),
so the checker can name the mistake: a forgotten inner derivative, an inner function not substituted
back (u left in the answer, read as x), the power rule applied to the inner derivative instead of the
inner function, a lost constant factor, a sign error, the functions composed in the wrong order.
"""

from chainlab.exercises.engine import NO_NUMBER, XOR_HINT, Exercise, Mistake
from chainlab.functions import cos, exp, log, sigmoid, sin


def _dsigmoid(z):
    s = sigmoid(z)
    return s * (1 - s)


def _forgot_inner(outer_derivative):
    return (
        f"You forgot the inner derivative: {outer_derivative} is only dy/du. "
        "The chain rule multiplies it by du/dx, the derivative of the inner function."
    )


def _not_substituted(u, looks_like):
    return (
        f"Your answer treats u as if it were x ({looks_like}): substitute the inner function back, u = {u}, "
        "before you multiply."
    )


def _wrong_order(composed):
    return (
        f"That is the derivative of {composed}: the functions composed in the wrong order. Which one acts first on x?"
    )


_EXPONENT_NOT_LOWERED = "The power rule lowers the exponent by one as it brings it down: d/du uⁿ = n·uⁿ⁻¹."
_Y_ITSELF = "That is y itself. The exercise asks for its derivative, dy/dx."

_POWER_RULE_ON_INNER = (
    "You evaluated the outer derivative at the inner *derivative*, f′(g′(x)). "
    "The outer derivative is evaluated at the inner function itself, f′(g(x)), and then multiplied by g′(x)."
)

EXERCISES = (
    Exercise(
        id="02.1",
        prompt="The slope of y = (x² + 1)³ at x = 3.",
        reference=1800.0,  # 3(x² + 1)² · 2x = 3 · 100 · 6
        answer_name="slope",
        mistakes=(
            Mistake(300.0, _forgot_inner("3u² = 3(x² + 1)² = 300")),
            Mistake(162.0, _not_substituted("x² + 1 = 10", "3x² · 2x = 3 · 9 · 6")),
            Mistake(108.0, _POWER_RULE_ON_INNER),
            Mistake(600.0, "A constant factor went missing: the power rule brings the exponent 3 down, 3u² · du/dx."),
            Mistake(600.0, "The x of du/dx = 2x went missing: at x = 3 the inner slope is 2 · 3, not 2."),
            Mistake(3 * (3 ^ 2 + 1) ^ 2 * (2 * 3), XOR_HINT),  # what Python computes for 3*(3^2+1)^2*(2*3)
            Mistake(3 * (3**2 + 1) ^ 2 * (2 * 3), XOR_HINT),  # and for 3*(3**2+1)^2*(2*3)
            Mistake(
                10.0, "10 is u = x² + 1 at x = 3, the inner function's value. The slope multiplies dy/du by du/dx."
            ),
            Mistake(-1800.0, "The size is right, the sign is not: every factor here is positive at x = 3."),
            Mistake(
                1458.0,
                "The +1 of the inner function went missing: at x = 3, u = x² + 1 = 10, not 9, so dy/du = 3u² = 300.",
            ),
            Mistake(1458.0, _wrong_order("(x³)² + 1 = x⁶ + 1")),
            Mistake(1000.0, "1000 is y itself at x = 3, the height of the curve. The slope is dy/dx."),
            Mistake(18000.0, _EXPONENT_NOT_LOWERED),
        ),
    ),
    Exercise(
        id="02.2",
        prompt="The derivative of y = (4 − 3x²)⁵, as a function of x.",
        reference=lambda x: -30 * x * (4 - 3 * x**2) ** 4,
        answer_name="dy_dx",
        mistakes=(
            Mistake(lambda x: 5 * (4 - 3 * x**2) ** 4, _forgot_inner("5u⁴ = 5(4 − 3x²)⁴")),
            Mistake(lambda x: -30 * x**5, _not_substituted("4 − 3x²", "5x⁴ · (−6x)")),
            Mistake(lambda x: 5 * (-6 * x) ** 4, _POWER_RULE_ON_INNER),
            Mistake(
                lambda x: -6 * x * (4 - 3 * x**2) ** 4,
                "A constant factor went missing: the power rule brings the exponent 5 down, 5u⁴ · du/dx.",
            ),
            Mistake(
                lambda x: 30 * x * (4 - 3 * x**2) ** 4,
                "Sign error: your answer has the wrong sign everywhere. Check the sign of each factor, the inner "
                "derivative of 4 − 3x² in particular.",
            ),
            Mistake(lambda x: -30 * x**9, _wrong_order("4 − 3(x⁵)² = 4 − 3x¹⁰")),
            Mistake(lambda x: -30 * x * (4 - 3 * x**2) ** 5, _EXPONENT_NOT_LOWERED),
            Mistake(
                lambda x: -30 * (4 - 3 * x**2) ** 4,
                "The x of du/dx = −6x went missing: the inner derivative of 4 − 3x² is −6x, not −6.",
            ),
            Mistake(lambda x: (4 - 3 * x**2) ** 5, _Y_ITSELF),
            Mistake(
                lambda x: -15 * x * (4 - 3 * x**2) ** 4,
                "The inner derivative is off by a factor 2: the derivative of −3x² is −3 · 2x = −6x, not −3x (the "
                "power rule brings the 2 down).",
            ),
        ),
    ),
    Exercise(
        id="02.3",
        prompt="The derivative of y = ln(1 + x²), as a function of x.",
        reference=lambda x: 2 * x / (1 + x**2),
        answer_name="dy_dx",
        mistakes=(
            Mistake(lambda x: 1 / (1 + x**2), _forgot_inner("1/u = 1/(1 + x²)")),
            Mistake(lambda x: 2 + 0 * x, _not_substituted("1 + x²", "(1/x) · 2x = 2")),
            Mistake(lambda x: 1 / (2 * x), _POWER_RULE_ON_INNER),
            Mistake(lambda x: x / (1 + x**2), "A constant factor went missing: the derivative of x² is 2x, not x."),
            Mistake(lambda x: 2 * log(x) / x, _wrong_order("1 + (ln x)²")),
            Mistake(lambda x: log(1 + x**2), _Y_ITSELF),
            Mistake(
                lambda x: 2 / (1 + x**2), "The x of du/dx = 2x went missing: the inner derivative of 1 + x² is 2x."
            ),
        ),
        points=(-1.5, 0.5, 1.0, 2.0),
        domain=((-3.0, 3.0),),  # all of it: 1 + x² > 0 everywhere
    ),
    Exercise(
        id="02.4",
        prompt="The derivative of y = cos(x³), as a function of x.",
        reference=lambda x: -3 * x**2 * sin(x**3),
        answer_name="dy_dx",
        mistakes=(
            Mistake(lambda x: -sin(x**3), _forgot_inner("−sin u = −sin(x³)")),
            Mistake(lambda x: -3 * x**2 * sin(x), _not_substituted("x³", "−sin x · 3x²")),
            Mistake(lambda x: -sin(3 * x**2), _POWER_RULE_ON_INNER),
            Mistake(
                lambda x: 3 * x**2 * sin(x**3),
                "Sign error: the derivative of cos u is −sin u, with a minus sign.",
            ),
            Mistake(lambda x: -3 * cos(x) ** 2 * sin(x), _wrong_order("(cos x)³")),
            Mistake(
                lambda x: -3 * x**2 * cos(x**3),
                "The outer derivative: the derivative of cos u is −sin u, not −cos u.",
            ),
            Mistake(
                lambda x: -3 * x * sin(x**3),
                "The inner derivative of x³ is 3x², not 3x: the 3 comes down and x keeps the power 2.",
            ),
            Mistake(lambda x: cos(x**3), _Y_ITSELF),
        ),
        points=(0.5, 1.0, -1.2),
        domain=((-1.8, 1.8),),
    ),
    Exercise(
        id="02.5",
        prompt="Predict: the x in [−3, 3] where y = (2x² + 8)² has slope dy/dx = 0, though dy/du = 2u ≥ 16 there.",
        reference=0.0,
        answer_name="flat_at",
        mistakes=(
            Mistake(16.0, "16 is the smallest outer slope dy/du = 2u, not an x. Which x makes du/dx zero?"),
            Mistake(8.0, "8 is the smallest value of u = 2x² + 8, not an x. Which x makes du/dx = 4x zero?"),
            Mistake(
                NO_NUMBER,
                "There is such an x. The slope dy/dx is the product dy/du · du/dx, and a product is 0 when either "
                "factor is 0. dy/du = 2u ≥ 16 never is, but what about the inner slope du/dx?",
            ),
        ),
    ),
    Exercise(
        id="02.6",
        prompt="The derivative of y = e^(sin 3x), a chain of three links, as a function of x.",
        reference=lambda x: 3 * cos(3 * x) * exp(sin(3 * x)),
        answer_name="dy_dx",
        mistakes=(
            Mistake(
                lambda x: cos(3 * x) * exp(sin(3 * x)),
                "You forgot the innermost derivative: e^(sin 3x) · cos 3x stops one link short. "
                "The chain rule multiplies in the derivative of 3x too, which is 3.",
            ),
            Mistake(
                lambda x: 3 * exp(sin(3 * x)),
                "You skipped the middle link: the derivative of sin v is cos v, with v = 3x. "
                "Three links, three factors: e^(sin 3x) · cos 3x · 3.",
            ),
            Mistake(lambda x: 3 * cos(3 * x) * exp(x), _not_substituted("sin 3x", "e^x instead of e^(sin 3x)")),
            Mistake(
                lambda x: -3 * cos(3 * x) * exp(sin(3 * x)),
                "Sign error: the derivative of sin v is +cos v; only cos has a minus sign in its derivative.",
            ),
            Mistake(lambda x: 3 * exp(3 * x) * cos(exp(3 * x)), _wrong_order("sin(e^(3x))")),
            Mistake(
                lambda x: 3 * cos(3 * x),
                "The outermost factor went missing: the derivative of e^u is e^u itself, so e^(sin 3x) stays in the "
                "product.",
            ),
            Mistake(
                lambda x: 3 * cos(x) * exp(sin(3 * x)),
                "The middle link's slope is cos v at v = 3x, that is cos 3x, not cos x: each outer derivative is "
                "evaluated at what flows into it.",
            ),
            Mistake(
                lambda x: 3 * cos(3 * x) * sin(3 * x) * exp(sin(3 * x) - 1),
                "The power rule does not apply to e^u: u is the exponent, not the base. "
                "The derivative of e^u is e^u itself.",
            ),
            Mistake(lambda x: exp(sin(3 * x)), _Y_ITSELF),
            Mistake(
                lambda x: exp(3 * cos(3 * x)),
                "That is e^u taken at the inner derivative, 3 cos 3x, instead of at u = sin 3x. The outer derivative "
                "is evaluated at what flows into it, e^(sin 3x), and then multiplied by the inner derivative.",
            ),
        ),
        points=(0.0, 0.4, 1.0),
        domain=((-2.0, 2.0),),
    ),
    Exercise(
        id="02.7",
        prompt="The derivative of y = σ(x²), with σ′(z) = σ(z)(1 − σ(z)), as a function of x.",
        reference=lambda x: _dsigmoid(x**2) * 2 * x,
        answer_name="dy_dx",
        mistakes=(
            Mistake(lambda x: _dsigmoid(x**2), _forgot_inner("σ′(x²)")),
            Mistake(
                lambda x: sigmoid(x**2) * 2 * x,
                "You used σ where σ′ belongs: the outer derivative is σ′(u) = σ(u)(1 − σ(u)), not σ(u).",
            ),
            Mistake(lambda x: _dsigmoid(x) * 2 * x, _not_substituted("x²", "σ′(x) · 2x")),
            Mistake(lambda x: _dsigmoid(2 * x), _POWER_RULE_ON_INNER),
            Mistake(
                lambda x: _dsigmoid(x**2) * x, "A constant factor went missing: the derivative of x² is 2x, not x."
            ),
            Mistake(
                lambda x: _dsigmoid(x**2) * 2, "The x of du/dx = 2x went missing: the inner derivative of x² is 2x."
            ),
            Mistake(lambda x: 2 * sigmoid(x) * _dsigmoid(x), _wrong_order("σ(x)²")),
            Mistake(lambda x: sigmoid(x**2), _Y_ITSELF),
        ),
        points=(0.5, 1.0, -1.5),
        domain=((-2.5, 2.5),),
    ),
    Exercise(
        id="02.8",
        prompt="The derivative of y = sin²x = (sin x)², as a function of x.",
        reference=lambda x: 2 * sin(x) * cos(x),
        answer_name="dy_dx",
        mistakes=(
            Mistake(lambda x: 2 * sin(x), _forgot_inner("2u = 2 sin x")),
            Mistake(lambda x: 2 * x * cos(x), _not_substituted("sin x", "2x · cos x")),
            Mistake(lambda x: 2 * cos(x), _POWER_RULE_ON_INNER),
            Mistake(lambda x: sin(x) * cos(x), "A constant factor went missing: the derivative of u² is 2u."),
            Mistake(lambda x: -2 * sin(x) * cos(x), "Sign error: the derivative of sin x is +cos x."),
            Mistake(lambda x: 2 * x * cos(x**2), _wrong_order("sin(x²)")),
            Mistake(lambda x: sin(x) ** 2, _Y_ITSELF),
            Mistake(
                lambda x: cos(x) ** 2,
                "You squared the inner derivative, (du/dx)² = cos²x. The chain rule multiplies the outer derivative, "
                "2u at u = sin x, by du/dx once.",
            ),
        ),
        points=(0.5, 1.0, 2.5),
        domain=((-3.0, 3.0),),
    ),
)
