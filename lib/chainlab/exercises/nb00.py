"""The one exercise of 00_start_here: try the check-and-feedback loop once."""

from chainlab.exercises.engine import XOR_HINT, Exercise, Mistake

EXERCISES = (
    Exercise(
        id="00.1",
        prompt="The slope of f(x) = x³ at x = 2.",
        reference=12.0,
        answer_name="slope_at_2",
        mistakes=(
            Mistake(8.0, "8 is f(2) = 2³, the height of the curve. The slope is f'(2), with f'(x) = 3x²."),
            Mistake(6.0, "The power rule lowers the exponent by one: the derivative of x³ is 3x², not 3x."),
            Mistake(4.0, "2² = 4: the power rule also brings the old exponent down as a factor, 3x²."),
            Mistake(3 * 2 ^ 2, XOR_HINT),  # 3 * 2 ^ 2 is (3 * 2) XOR 2 = 4 in Python
            Mistake(24.0, "3 · 2³ = 24: the power rule brings the 3 down and also lowers the exponent, to x²."),
            Mistake(
                7.0,
                "7 = (2³ − 1³)/(2 − 1) is rise over run from x = 1 to x = 2: the slope of the straight line through "
                "two points of the curve, which is steeper at 2 than on average between 1 and 2. The slope at x = 2 "
                "is the tangent's, f'(2), with f'(x) = 3x².",
            ),
            Mistake(
                19.0,
                "19 = (3³ − 2³)/(3 − 2) is rise over run from x = 2 to x = 3: the slope of the straight line through "
                "two points of the curve. The slope at x = 2 is the tangent's, f'(2), with f'(x) = 3x².",
            ),
            Mistake(
                3.0,
                "3 is the slope at x = 1, where the explorer starts. Move x₀ to 2 and read the slope again, or work "
                "out f'(2) from the rule.",
            ),
        ),
    ),
)
