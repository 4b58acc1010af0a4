"""The exercises of 01_derivatives_refresher: secants, the basic rules, numeric derivatives, autograd."""

import math

import numpy as np

from chainlab.calculus import EPS
from chainlab.exercises.engine import Exercise, Mistake

EXERCISES = (
    Exercise(
        id="01.1",
        prompt="The slope of the secant of f(x) = x² between x = 3 and x = 3 + Δx, with Δx = 0.1.",
        reference=6.1,
        answer_name="secant_slope",
        mistakes=(
            Mistake(
                6.0,
                "6 is the limit, the tangent's slope f'(3) = 2·3. The secant with Δx = 0.1 is a little steeper: "
                "compute its slope from its two points, at x = 3 and x = 3 + Δx.",
            ),
            Mistake(
                0.61, "0.61 is Δy = f(3.1) − f(3), the rise alone. The slope is rise over run: divide by Δx = 0.1."
            ),
            Mistake(9.61, "9.61 is f(3.1), a height on the curve. The slope is (f(3.1) − f(3)) / 0.1."),
            Mistake(
                2.1,
                "2.1 is the secant slope at x = 1 with Δx = 0.1, from the table above. This secant starts at x = 3.",
            ),
            Mistake(
                5.9,
                "5.9 is the slope of the secant to the left, from 2.9 to 3. This one goes from 3 to 3 + Δx = 3.1.",
            ),
            Mistake(
                0.061,
                "0.061 is the rise multiplied by Δx. The slope is rise over run: divide by Δx = 0.1.",
            ),
        ),
    ),
    Exercise(
        id="01.2",
        prompt="The derivative of p(x) = 4x³ − 5x² + 7x − 2, as a Python function of x.",
        reference=lambda x: 12 * x**2 - 10 * x + 7,
        answer_name="p_slope",
        mistakes=(
            Mistake(
                lambda x: 12 * x**2 - 10 * x + 7 * x,
                "The term 7x is 7·x¹: by the power rule its derivative is 7·1·x⁰ = 7, a number with no x left.",
            ),
            Mistake(
                lambda x: 12 * x**2 - 10 * x + 5,
                "Constant rule: the constant −2 does not change the slope, so its derivative is 0. Drop it.",
            ),
            Mistake(
                lambda x: 12 * x**3 - 10 * x**2 + 7 * x,
                "Power rule: you brought the exponent down but did not lower it. d/dx xⁿ = n·xⁿ⁻¹, so 4x³ → 12x².",
            ),
            Mistake(
                lambda x: 4 * x**2 - 5 * x + 7,
                "Power rule: you lowered the exponent but forgot to bring it down as a factor. d/dx xⁿ = n·xⁿ⁻¹, "
                "so 4x³ → 4·3x² = 12x².",
            ),
            Mistake(
                lambda x: 3 * x**2 - 2 * x + 1,
                "Constant multiple rule: the coefficients stay as factors, (c·f)' = c·f'. 4x³ → 4·3x², not 3x².",
            ),
            Mistake(
                lambda x: 4 * x**3 - 5 * x**2 + 7 * x - 2,
                "That is p(x) itself. The exercise asks for its derivative, term by term.",
            ),
            Mistake(
                lambda x: 12 * x**2 - 10 * x,
                "The term 7x is 7·x¹: its derivative is 7·1·x⁰ = 7, not 0. Only a constant term has derivative 0.",
            ),
        ),
        points=(0.0, 1.0, 2.0),
    ),
    Exercise(
        id="01.3",
        prompt="The derivative of q(x) = 3/x² + 2√x for x > 0, as a Python function of x.",
        reference=lambda x: -6 / x**3 + 1 / math.sqrt(x),
        answer_name="q_slope",
        mistakes=(
            Mistake(
                lambda x: -6 / x + 1 / math.sqrt(x),
                "Power rule with a negative exponent: lowering −2 by one gives −3, not −1. 3x⁻² → −6x⁻³ = −6/x³.",
            ),
            Mistake(
                lambda x: -6 / x**2 + 1 / math.sqrt(x),
                "Power rule with a negative exponent: you brought −2 down but did not lower it. 3x⁻² → −6x⁻³ = −6/x³.",
            ),
            Mistake(
                lambda x: 6 / x**3 + 1 / math.sqrt(x),
                "Sign error: the exponent −2 comes down as a factor, so 3x⁻² → 3·(−2)x⁻³ = −6/x³, which is negative.",
            ),
            Mistake(
                lambda x: 1 / math.sqrt(x),
                "The term 3/x² went missing, but it depends on x, so its derivative is not 0 (and the derivative "
                "of a quotient is not 3′/(x²)′ = 0). Write it as the power 3x⁻², then use the power rule.",
            ),
            Mistake(
                lambda x: -6 / x**3 + 1 / (2 * math.sqrt(x)),
                "Constant multiple rule: d/dx √x = 1/(2√x), and the factor 2 in 2√x stays, so 2√x → 1/√x.",
            ),
            Mistake(
                lambda x: -6 / x**3 + 2 / math.sqrt(x),
                "The ½ of the power rule went missing: √x = x^(1/2), and the exponent 1/2 comes down as a factor, "
                "d/dx √x = ½·x^(−1/2) = 1/(2√x). So 2√x → 2·½·x^(−1/2).",
            ),
            Mistake(
                lambda x: -6 / x**3 + 1 / (2 * x),
                "Your second term is 1/(2x), which is what Python makes of x**-1/2 or 1/x**1/2: ** binds tighter "
                "than /, so x**-1/2 is (x**-1)/2 and 1/x**1/2 is (1/x)/2. Put the exponent in brackets, x**(-1/2), or "
                "write 1/sqrt(x).",
            ),
            Mistake(
                lambda x: math.sqrt(x) - 6 / x**3,
                "Power rule with a fractional exponent: √x = x^(1/2), so lower the exponent by one to −1/2: "
                "2·(1/2)·x^(−1/2) = 1/√x.",
            ),
        ),
        points=(1.0, 2.0),
        domain=((0.25, 4.0),),
    ),
    Exercise(
        id="01.4",
        prompt="The central-difference estimate of the derivative of sin at x = 1, with step h = 0.1.",
        reference=(math.sin(1.1) - math.sin(0.9)) / 0.2,
        answer_name="estimate",
        mistakes=(
            Mistake(
                (math.sin(1.1) - math.sin(1.0)) / 0.1,
                "That is the forward difference (sin(1 + h) − sin(1)) / h. The central difference steps both ways: "
                "(sin(1 + h) − sin(1 − h)) / (2h).",
            ),
            Mistake(
                (math.sin(1.1) - math.sin(0.9)) / 0.1,
                "The two points 1 − h and 1 + h are 2h apart: divide by 2h = 0.2, not by h.",
            ),
            Mistake(
                math.sin(1.1) - math.sin(0.9),
                "That is the rise sin(1.1) − sin(0.9) alone: divide it by the run 2h = 0.2.",
            ),
            Mistake(
                (math.sin(1.1) - math.sin(0.9)) / 2 * 0.1,
                "/ 2 * h divides by 2 and then multiplies by h, since Python works left to right: write / (2 * h).",
            ),
            Mistake(
                (math.sin(1.0) - math.sin(0.9)) / 0.1,
                "That is the backward difference (sin(1) − sin(1 − h)) / h. The central difference steps both ways: "
                "(sin(1 + h) − sin(1 − h)) / (2h).",
            ),
            Mistake(
                (math.cos(1.1) - math.cos(0.9)) / 0.2,
                "That is the central difference of cos, not of sin: use np.sin in both terms.",
            ),
            Mistake(
                math.sin(1.1) - math.sin(0.9) / 0.2,
                "Python divides before it subtracts: sin(1.1) − sin(0.9) / 0.2 divides only sin(0.9). Put the "
                "difference in brackets, then divide it by 2h.",
            ),
            Mistake(
                (math.sin(math.radians(1.1)) - math.sin(math.radians(0.9))) / 0.2,
                "That takes x = 1 as 1 degree. np.sin works in radians, and so does the exercise: x = 1 means 1 "
                "radian, so no conversion.",
            ),
            Mistake(
                math.cos(1.0),
                "That is the exact derivative cos(1). The exercise asks for the estimate with h = 0.1, "
                "which differs from it in the third decimal.",
            ),
            Mistake(
                (math.sin(1.05) - math.sin(0.95)) / 0.1,
                "That steps 0.05 each way, so the two points are h = 0.1 apart in all. The central difference steps h "
                "each way: (sin(1 + h) − sin(1 − h)) / (2h), with points 0.9 and 1.1, 0.2 apart.",
            ),
            *(
                Mistake(
                    (math.sin(1 + h) - math.sin(1 - h)) / (2 * h),
                    f"That is the central difference with the step h = {h:g}. The exercise asks for h = 0.1.",
                )
                for h in (0.01, 0.001, 0.2)
            ),
        ),
    ),
    Exercise(
        id="01.5",
        prompt="The step chainlab.calculus.derivative uses at x = 1000.",
        reference=float(np.cbrt(EPS) * 1000.0),
        answer_name="h_at_1000",
        atol=0.0,  # the mistakes are as small as 1e-13: only relative closeness tells them apart
        mistakes=(
            Mistake(
                float(np.cbrt(EPS)),
                "That is the step at |x| ≤ 1. derivative lets the step grow with |x| (the best step for a power of x "
                "grows like |x|, section 3): cbrt(eps)·max(1, |x|).",
            ),
            Mistake(
                float(np.sqrt(EPS) * 1000.0),
                "sqrt(eps) is the best step for the forward difference, whose truncation error is ∝ h. "
                "The central difference's is ∝ h², so its best step is cbrt(eps)·max(1, |x|).",
            ),
            Mistake(
                float(np.cbrt(EPS) / 1000.0),
                "You divided by 1000. derivative lets the step grow with |x| (the best step for a power of x grows "
                "like |x|): multiply by max(1, |x|).",
            ),
            Mistake(
                float(np.cbrt(EPS * 1000.0)),
                "The factor max(1, |x|) multiplies the cube root of ε; it does not go inside it.",
            ),
            Mistake(
                EPS**1 / 3 * 1000.0,
                "EPS**1/3 is (EPS**1)/3 = ε/3, since ** binds tighter than /. Write EPS**(1/3), or np.cbrt(EPS).",
            ),
            Mistake(
                EPS * 1000.0,
                "That is ε·1000: the cube root is missing. The step is cbrt(eps)·max(1, |x|), with np.cbrt(EPS) or "
                "EPS**(1/3).",
            ),
            Mistake(
                float(np.sqrt(EPS)),
                "sqrt(eps) is the best step for the forward difference, and it is not scaled with |x|. "
                "derivative uses cbrt(eps)·max(1, |x|).",
            ),
        ),
    ),
    Exercise(
        id="01.6",
        prompt="g'(1.5) for g(x) = x⁴ − 3x, computed with torch.autograd.",
        reference=10.5,
        answer_name="g_slope",
        from_torch=True,
        mistakes=(
            Mistake(0.5625, "0.5625 is g(1.5), the value of y. The derivative is in x.grad after y.backward()."),
            Mistake(
                21.0,
                "21 is twice the answer, as when gradients accumulate: each backward() adds to x.grad, so make a "
                "fresh x (or set x.grad = None) before computing y again. (21 is also y = x³ − 2x at x = 3, the "
                "worked example's y: the answer here is x.grad, for this cell's x.)",
            ),
            Mistake(1.5, "1.5 is x itself. The derivative is x.grad, filled in by y.backward()."),
            Mistake(
                None,
                "Your answer is None. x.grad stays None until y.backward() has run, and backward() itself returns "
                "None: call y.backward() first, then take x.grad.",
            ),
            Mistake(
                50.0,
                "50 is the x.grad of the worked example above: y = x³ − 2x at x = 3, after two backward passes. "
                "Here y = g(x) = x⁴ − 3x, from the fresh x = 1.5 of this cell.",
            ),
            Mistake(13.5, "13.5 is 4x³ alone: the sum rule needs the derivative of −3x too, which is −3."),
            Mistake(
                27.0,
                "27 is the derivative of 4x³ − 3, that is of g', not of g. Compute y = g(x) = x⁴ − 3x itself: torch "
                "differentiates it for you.",
            ),
            Mistake(16.5, "16.5 is 4·1.5³ + 3: check the sign of the −3x term in y."),
        ),
    ),
)
