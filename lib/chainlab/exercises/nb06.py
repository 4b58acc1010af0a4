"""The exercises of 06_sigmoid_network_backprop: σ′ by the chain rule, backpropagation through a chain of sigmoid
nodes, a prediction for the explorer, vanishing gradients, and the gradient under cross-entropy.

The usual mistakes: a σ′ forgotten, σ written where σ′ belongs, σ′ evaluated at the activation a instead of at z,
the layer's input mixed up (x where a1 belongs, or the reverse), a weight dropped when going back a layer, and the
sign of (ŷ − y), the weight and the input of a layer swapped (w where a belongs, or the reverse); all the way back:
a layer skipped (the two-node formula of the notebook's section 3 reused), a weight with the wrong index, the
gradient of another weight, a sign lost to abs(), the label taken as 1. For σ′ itself: the outer or the inner
derivative alone, the power of u not lowered, σ itself, the shortcut a(1 − a) with z for a, 1 + σ for 1 − σ.
Through ten layers: σ′'s top value missed, factors miscounted or added, ^ for **. For cross-entropy: the inner
derivative of ln(1 − ŷ) dropped, the output's σ′ kept, the hidden node's σ′ cancelled too.
"""

from types import SimpleNamespace

from chainlab.exercises.engine import XOR_HINT, Exercise, Mistake
from chainlab.functions import exp, sigmoid
from chainlab.network import sigmoid_prime

# --- 06.1 σ′ by the chain rule: σ(z) = u⁻¹ with u = 1 + e^(−z) --------------------------------------------------

_OUTER_ONLY = (
    "That is the outer derivative alone, d(u⁻¹)/du = −u⁻² at u = 1 + e^(−z). The chain rule multiplies it by the "
    "inner derivative du/dz."
)
_INNER_ONLY = "That is the inner derivative du/dz alone: multiply it by the outer one, d(u⁻¹)/du."
_INNER_SIGN = (
    "The inner derivative's sign: d(e^(−z))/dz = −e^(−z). Its minus sign and the outer's −u⁻² cancel, so σ′ is "
    "positive everywhere (σ only ever rises)."
)
_POWER_KEPT = "The power of u stayed at −1. The derivative of u⁻¹ is −u⁻²: the denominator 1 + e^(−z) ends up squared."
_SIGMA_ITSELF = "That is σ itself, the value of the sigmoid. The exercise asks for its slope, σ′(z)."
_INNER_AS_MINUS_ONE = (
    "That is u⁻², σ(z) squared: the inner derivative was taken as −1. du/dz is the derivative of 1 + e^(−z), and "
    "e^(−z) does not disappear when it is differentiated."
)
_PLUS_FOR_MINUS = (
    "The second factor has the wrong sign: 1 + σ(z) is more than 1, yet e^(−z)/(1 + e^(−z)) is less than 1. Write "
    "its numerator as (1 + e^(−z)) − 1 and split the fraction in two."
)
_Z_FOR_ACTIVATION = (
    "z(1 − z) puts the sigmoid's input z into the shortcut a(1 − a), which is written in its output a. Derive σ′ "
    "from u⁻¹ by the chain rule instead."
)

# --- the chain of three sigmoid nodes: z1 = w1·x, a1 = σ(z1), z2 = w2·a1, a2 = σ(z2), z3 = w3·a2, ŷ = σ(z3) -------

_FORGOT_SLOPE = (
    "A σ′ is missing: going back through the sigmoid of {}, from its output to its input z, multiplies by its local "
    "slope σ′ there."
)
_SIGMA_FOR_SLOPE = "You multiplied by σ(z), the sigmoid's value, where its slope σ′(z) belongs."
_SLOPE_AT_ACTIVATION = (
    "σ′ is evaluated at the activation (ŷ or a) instead of at z: the local slope belongs at the sigmoid's input, "
    "σ′(z), as in network.sigmoid_prime(z3), not network.sigmoid_prime(y_hat)."
)
_SIGN = "The sign of (ŷ − y): the derivative of ½(ŷ − y)² with respect to ŷ is ŷ − y, not y − ŷ."
_DELTA_ALONE = (
    "That is δ, the gradient at the node's z. ∂J/∂w needs one more factor: ∂z/∂w, the input that the weight multiplies."
)
_WRONG_INPUT = "The last factor, ∂z/∂w, is the input that this weight multiplies: w3 multiplies a2, {} is another node."
_X_NOT_A1 = "The last factor, ∂z1/∂w1, is the input that w1 multiplies: that is x, not a1."
_WEIGHT_DROPPED = (
    "A weight is missing: going back from z{0} to a{1} crosses w{0}, since z{0} = w{0}·a{1}, so ∂z{0}/∂a{1} = w{0}."
)
_WEIGHT_FOR_INPUT = (
    "That is ∂J/∂a2: your last factor, w3, is ∂z3/∂a2. For ∂J/∂w3, differentiate z3 = w3·a2 with respect to w3 instead."
)
_EVERY_SLOPE_FORGOT = (
    "Every σ′ is missing: going back through each of the three sigmoids, from its output to its input z, multiplies "
    "by its local slope σ′ there."
)
_LABEL_FIXED = "That is the gradient for the label y = 1 only: use the y that your function is given."
_EXTRA_W3 = (
    "There is a w3 too many. ∂z3/∂w3 = a2 is the only factor that w3 brings; w3 itself is ∂z3/∂a2, the factor for "
    "going back past this node to a2, a step this gradient does not take."
)
_EXTRA_ACTIVATION = (
    "There is an activation too many. Going back through a node multiplies by its σ′ and, between nodes, by the "
    "weight; an activation comes in only as the last factor, the input the weight multiplies (here x)."
)
_INPUTS_FOR_WEIGHTS = (
    "Going back from z3 to a2 multiplies by ∂z3/∂a2, the weight w3, not by a2 (a2 is ∂z3/∂w3, the factor of w3's own "
    "gradient). The same from z2 to a1: the factor is w2."
)


def _chain(x, w1, w2, w3):
    """Every z and a of the chain, forward."""
    z1 = w1 * x
    a1 = sigmoid(z1)
    z2 = w2 * a1
    a2 = sigmoid(z2)
    z3 = w3 * a2
    return z1, a1, z2, a2, z3, sigmoid(z3)


SLOPES = {  # what a learner multiplies by for a sigmoid with input z and output a
    "σ′(z)": lambda z, a: sigmoid_prime(z),
    "σ′(a)": lambda z, a: sigmoid_prime(a),
    "σ(z)": lambda z, a: a,
    "none": lambda z, a: 1.0,
}


def _dJ_dw3(x, y, w1, w2, w3, slope="σ′(z)", sign=1, layer_input="a2"):
    z1, a1, z2, a2, z3, y_hat = _chain(x, w1, w2, w3)
    inputs = {"a2": a2, "a1": a1, "x": x, "1": 1.0, "w3": w3}
    return sign * (y_hat - y) * SLOPES[slope](z3, y_hat) * inputs[layer_input]


def _dJ_dw1(x, y, w1, w2, w3, slopes=("σ′(z)",) * 3, sign=1, weights=("w", "w"), layer_input="x"):
    """slopes: what was used for the sigmoids of z3, z2, z1; weights: what was used for w3 and w2 in going back
    from z3 to a2 and from z2 to a1: "w" the weight, "1" nothing (the weight dropped), "a" the activation a2 or a1."""
    z1, a1, z2, a2, z3, y_hat = _chain(x, w1, w2, w3)
    s3, s2, s1 = (SLOPES[s](z, a) for s, (z, a) in zip(slopes, ((z3, y_hat), (z2, a2), (z1, a1)), strict=True))
    kept_w3, kept_w2 = (
        {"w": w, "1": 1.0, "a": a}[used] for w, a, used in zip((w3, w2), (a2, a1), weights, strict=True)
    )
    inputs = {"x": x, "a1": a1, "1": 1.0}
    return sign * (y_hat - y) * s3 * kept_w3 * s2 * kept_w2 * s1 * inputs[layer_input]


def _slopes_with(kind, where):
    """The three slopes of _dJ_dw1 with those at the positions `where` (0: z3, 1: z2, 2: z1) replaced by kind."""
    return tuple(kind if i in where else "σ′(z)" for i in range(3))


_NODE = ("ŷ = σ(z3)", "a2 = σ(z2)", "a1 = σ(z1)")


def _in_chain_values(formula):
    """A wrong answer written as a formula in the chain's values, v.x, v.y, v.w1 … v.a1, v.a2, v.y_hat and the slopes
    v.s1 = σ′(z1), v.s2 = σ′(z2), v.s3 = σ′(z3): as a learner writes it, from a forward pass."""

    def answer(x, y, w1, w2, w3):
        z1, a1, z2, a2, z3, y_hat = _chain(x, w1, w2, w3)
        slopes = {f"s{k}": sigmoid_prime(z) for k, z in ((1, z1), (2, z2), (3, z3))}
        return formula(SimpleNamespace(x=x, y=y, w1=w1, w2=w2, w3=w3, a1=a1, a2=a2, y_hat=y_hat, **slopes))

    return answer


_LAYER_SKIPPED = (
    "A layer is skipped: that is the two-node formula of section 3 with this chain's names, going from the output "
    "node straight to the first one as if a2 were not there. Here the way back from z3 to z1 crosses two layers, each "
    "with its own weight and its own σ′: compute δ3, then δ2 from δ3, then δ1 from δ2."
)
_W1_FOR_W2 = (
    "A weight has the wrong index: going back from z2 to a1 multiplies by ∂z2/∂a1, the weight in z2 = w2·a1. w1 "
    "comes in only through the forward pass, in z1."
)
_WEIGHTS_SHIFTED = (
    "The weights are shifted one layer: going back from z3 to a2 crosses the weight in z3 = w3·a2, and from z2 to a1 "
    "the weight in z2 = w2·a1. Each step back multiplies by the weight of the node it leaves."
)
_DJ_DW2_FOR_DJ_DW1 = (
    "That is ∂J/∂w2, the gradient of the middle weight: δ2 times the input of z2. ∂J/∂w1 goes one layer further back."
)
_DJ_DW3_FOR_DJ_DW1 = "That is ∂J/∂w3, the answer of 06.2: ∂J/∂w1 goes two layers further back, to the first node."
_WEIGHT_SIGN_LOST = (
    "A weight's sign is lost: a negative weight flips the sign of everything behind it, so the factor is the weight "
    "itself, not its size abs(w)."
)
_INPUT_SIGN_LOST = "The sign of x is lost: ∂z1/∂w1 is x itself, not its size abs(x)."

# --- 06.4 the prediction: w2 = 0 in the 1-1-1 network -----------------------------------------------------------

_NONE_VANISH = "Look at δ1 = δ2 · w2 · σ′(z1): with w2 = 0 it is 0. Which gradients are built from δ1?"
_OUTPUT_VANISH = (
    "∂J/∂w2 = δ2·a1 and ∂J/∂b2 = δ2 have no factor w2: with w2 = 0, ŷ = σ(b2), and neither δ2 nor a1 is 0 in "
    "general. Which gradients have to pass back through w2?"
)
_ALL_VANISH = (
    "Not all four: ∂J/∂w2 = δ2·a1 and ∂J/∂b2 = δ2 have no factor w2, and with w2 = 0 neither δ2 nor a1 is 0 in "
    "general. Which gradients have to pass back through w2?"
)

# --- 06.5 the largest gradient through ten sigmoid layers with weight 1 ------------------------------------------

LAYERS = 10
_HALF_FOR_QUARTER = (
    "That uses σ(0) = ½, the sigmoid's value, for each factor. The chain rule multiplies the slopes σ′(z), and the "
    "largest slope is not ½."
)
_ADDED = "You added the factors. The chain rule multiplies the local slopes along the chain, one per layer."
_ONE_FEWER = "One factor too few: ten layers, ten sigmoids, ten σ′ factors."
_ONE_LAYER = "That is one layer's largest slope. Ten layers multiply ten of them."
_HALVES_ADDED = (
    "Two slips: that adds ten halves. σ(0) = ½ is the sigmoid's value, not its slope, and the chain rule multiplies "
    "the local slopes along the chain rather than adding them."
)
_ONE_MORE = "One factor too many: ten layers, ten sigmoids, ten σ′ factors (x itself goes through no sigmoid)."
_WEIGHTS_ONLY = (
    "That counts the weights alone. Each sigmoid node multiplies by its own local slope σ′(z) as well, and that "
    "slope is below 1 everywhere."
)
_ZERO = (
    "The gradient gets very small, but it is never exactly 0: every σ′ is positive. The exercise asks for the largest "
    "value it can take."
)

_NOT_THE_TOP = (
    "Ten factors, one per sigmoid, is right, but not of the largest slope σ′ can have: look at section 2's figure for "
    "where σ′ peaks, and at its value there."
)
_ONLY_THE_SIZE = (
    '1e-6 is only the answer\'s size, "about a millionth". The check wants the product itself, to 6 significant '
    "digits: compute it in Python rather than estimating it."
)
_TWENTY = (
    "That counts twenty factors: each weight w = 1 multiplies the gradient by 1, so only the ten sigmoids shrink it, "
    "each by its slope σ′."
)
_UPSIDE_DOWN = (
    "That is 1 over the answer: each factor is a slope below 1, so ten of them multiply to a small number, not a "
    "large one."
)

# --- 06.6 ∂J/∂w2 of the chain of three sigmoid nodes with binary cross-entropy ---------------------------------

_KEPT_SLOPE_BCE = (
    "That keeps σ′(z3), the output's slope: what you wrote is the squared-error gradient. With cross-entropy, ∂J/∂ŷ "
    "has ŷ(1 − ŷ) in its denominator, and multiplying by σ′(z3) cancels it."
)
_BOTH_SLOPES_CANCELLED = (
    "σ′(z2) is missing: only the output's σ′(z3) cancels, against the cross-entropy's denominator ŷ(1 − ŷ). Going back "
    "through the hidden sigmoid a2 = σ(z2) multiplies by its slope, as with any cost."
)
_SIGMA_FOR_CANCELLED = (
    "You multiplied by ŷ = σ(z3), the output sigmoid's value. With cross-entropy its slope σ′(z3) cancels, and its "
    "value never was a factor."
)
_DJ_DW3_BCE = "That is ∂J/∂w3, the output node's weight: ∂J/∂w2 goes one layer further back, to the middle node."
_DJ_DW1_BCE = "That is ∂J/∂w1, one layer further back than w2: ∂J/∂w2 stops at the middle node, δ2 times its input."
_X_FOR_A1 = "The last factor, ∂z2/∂w2, is the input that w2 multiplies: that is a1, not x."
_A2_FOR_A1 = "The last factor, ∂z2/∂w2, is the input that w2 multiplies, a1, the node before it: not a2, its output."
_SIGN_BCE = "The sign of (ŷ − y): with cross-entropy too, the output's δ is ŷ − y, positive when ŷ is above the label."
_DELTA2_ALONE = (
    "That is δ2, the gradient at z2 (and ∂J/∂b2, had z2 a bias). ∂J/∂w2 needs one more factor: ∂z2/∂w2 = a1."
)
_LOG_INNER_DROPPED = (
    "The derivative of ln(1 − ŷ) with respect to ŷ is −1/(1 − ŷ): the inner derivative of 1 − ŷ, −1, went missing, "
    "and with it the sign of the second term of ∂J/∂ŷ."
)
_DJ_DYHAT_ONLY = (
    "That starts from ∂J/∂ŷ: the factor σ′(z3) from ŷ back to z3 is missing (and with it the cancellation that makes "
    "the output's δ simple)."
)
_BCE_FACTORS = (  # (wrong answer as a formula in the chain's values, its hint); the right one is (ŷ − y)·w3·s2·a1
    (lambda v: (v.y_hat - v.y) * v.s3 * v.w3 * v.s2 * v.a1, _KEPT_SLOPE_BCE),
    (lambda v: (v.y_hat - v.y) * v.w3 * v.a1, _BOTH_SLOPES_CANCELLED),
    (lambda v: (v.y_hat - v.y) * v.y_hat * v.w3 * v.s2 * v.a1, _SIGMA_FOR_CANCELLED),
    (lambda v: (v.y_hat - v.y) * v.w3 * v.a2 * v.a1, _SIGMA_FOR_SLOPE),
    (lambda v: (v.y_hat - v.y) * v.w3 * sigmoid_prime(v.a2) * v.a1, _SLOPE_AT_ACTIVATION),
    (lambda v: (v.y - v.y_hat) * v.w3 * v.s2 * v.a1, _SIGN_BCE),
    (lambda v: (v.y_hat - v.y) * v.w3 * v.s2 * v.x, _X_FOR_A1),
    (lambda v: (v.y_hat - v.y) * v.w3 * v.s2 * v.a2, _A2_FOR_A1),
    (lambda v: (v.y_hat - v.y) * v.w3 * v.s2, _DELTA2_ALONE),
    (lambda v: (v.y_hat - v.y) * v.s2 * v.a1, _WEIGHT_DROPPED.format(3, 2)),
    (lambda v: (v.y_hat - 1) * v.w3 * v.s2 * v.a1, _LABEL_FIXED),
    (lambda v: (v.y_hat - v.y) * v.a2, _DJ_DW3_BCE),
    (lambda v: (v.y_hat - v.y) * v.w3 * v.s2 * v.w2 * v.s1 * v.x, _DJ_DW1_BCE),
    (lambda v: (v.y_hat - v.y) / (v.y_hat * (1 - v.y_hat)) * v.w3 * v.s2 * v.a1, _DJ_DYHAT_ONLY),
    (lambda v: (-v.y / v.y_hat - (1 - v.y) / (1 - v.y_hat)) * v.s3 * v.w3 * v.s2 * v.a1, _LOG_INNER_DROPPED),
)


def _bce_dJ_dw2(x, y, w1, w2, w3):
    """∂J/∂w2 of the chain under cross-entropy: δ3 = ŷ − y (σ′(z3) cancelled), δ2 = δ3·w3·σ′(z2), times a1."""
    z1, a1, z2, a2, z3, y_hat = _chain(x, w1, w2, w3)
    return (y_hat - y) * w3 * sigmoid_prime(z2) * a1


CHAIN = ("x", "y", "w1", "w2", "w3")
CHAIN_DOMAIN = ((-3.0, 3.0), (0.0, 1.0), (-3.0, 3.0), (-3.0, 3.0), (-3.0, 3.0))

EXERCISES = (
    Exercise(
        id="06.1",
        prompt="σ(z) = 1 / (1 + e^(−z)) = u⁻¹ with u = 1 + e^(−z). Its derivative σ′(z), by the chain rule, as a "
        "function of z.",
        reference=sigmoid_prime,
        answer_name="sigma_prime",
        variables=("z",),
        points=(1.0, -2.0),
        domain=((-10.0, 10.0),),  # σ′ is defined everywhere; beyond ±10 it is below 5e-5 and tells nothing apart
        mistakes=(
            Mistake(lambda z: -((1 + exp(-z)) ** -2), _OUTER_ONLY),
            Mistake(lambda z: -exp(-z), _INNER_ONLY),
            Mistake(lambda z: -exp(-z) / (1 + exp(-z)) ** 2, _INNER_SIGN),
            Mistake(lambda z: exp(-z) / (1 + exp(-z)), _POWER_KEPT),
            Mistake(lambda z: -exp(-z) / (1 + exp(-z)), _POWER_KEPT),
            Mistake(sigmoid, _SIGMA_ITSELF),
            Mistake(lambda z: (1 + exp(-z)) ** -2, _INNER_AS_MINUS_ONE),
            Mistake(lambda z: z * (1 - z), _Z_FOR_ACTIVATION),
            Mistake(lambda z: sigmoid(z) * (1 + sigmoid(z)), _PLUS_FOR_MINUS),
        ),
    ),
    Exercise(
        id="06.2",
        prompt="The chain x → a1 → a2 → ŷ with J = ½(ŷ − y)²: ∂J/∂w3, the gradient of the output node's weight.",
        reference=_dJ_dw3,
        answer_name="dJ_dw3",
        variables=CHAIN,
        points=((1.5, 1.0, 0.8, -1.2, 2.0), (-1.0, 0.0, 1.5, 0.5, -0.7)),
        domain=CHAIN_DOMAIN,
        mistakes=(
            Mistake(lambda *p: _dJ_dw3(*p, slope="none"), _FORGOT_SLOPE.format("ŷ = σ(z3)")),
            Mistake(lambda *p: _dJ_dw3(*p, slope="σ(z)"), _SIGMA_FOR_SLOPE),
            Mistake(lambda *p: _dJ_dw3(*p, slope="σ′(a)"), _SLOPE_AT_ACTIVATION),
            Mistake(lambda *p: _dJ_dw3(*p, sign=-1), _SIGN),
            Mistake(lambda *p: _dJ_dw3(*p, layer_input="1"), _DELTA_ALONE),
            Mistake(lambda *p: _dJ_dw3(*p, layer_input="x"), _WRONG_INPUT.format("x")),
            Mistake(lambda *p: _dJ_dw3(*p, layer_input="a1"), _WRONG_INPUT.format("a1")),
            Mistake(lambda x, y, w1, w2, w3: _dJ_dw3(x, y, w1, w2, w3) * w3, _EXTRA_W3),
            Mistake(lambda *p: _dJ_dw3(*p, layer_input="w3"), _WEIGHT_FOR_INPUT),
            Mistake(lambda x, y, *weights: _dJ_dw3(x, 1.0, *weights), _LABEL_FIXED),
        ),
    ),
    Exercise(
        id="06.3",
        prompt="The same chain: ∂J/∂w1, the gradient of the first weight, all the way back, through δ3, δ2 and δ1 in "
        "turn.",
        reference=_dJ_dw1,
        answer_name="dJ_dw1",
        variables=CHAIN,
        points=((1.5, 1.0, 0.8, -1.2, 2.0), (-1.0, 0.0, 1.5, 0.5, -0.7)),
        domain=CHAIN_DOMAIN,
        mistakes=(
            *(
                Mistake(lambda *p, i=i: _dJ_dw1(*p, slopes=_slopes_with("none", {i})), _FORGOT_SLOPE.format(_NODE[i]))
                for i in range(3)
            ),
            *(
                Mistake(lambda *p, where=where: _dJ_dw1(*p, slopes=_slopes_with("σ(z)", where)), _SIGMA_FOR_SLOPE)
                for where in ({0}, {1}, {2}, {0, 1, 2})
            ),
            *(
                Mistake(lambda *p, where=where: _dJ_dw1(*p, slopes=_slopes_with("σ′(a)", where)), _SLOPE_AT_ACTIVATION)
                for where in ({0}, {1}, {2}, {0, 1, 2})
            ),
            Mistake(lambda *p: _dJ_dw1(*p, slopes=("none",) * 3), _EVERY_SLOPE_FORGOT),
            Mistake(lambda *p: _dJ_dw1(*p, weights=("1", "w")), _WEIGHT_DROPPED.format(3, 2)),
            Mistake(lambda *p: _dJ_dw1(*p, weights=("w", "1")), _WEIGHT_DROPPED.format(2, 1)),
            Mistake(lambda x, y, w1, w2, w3: _dJ_dw1(x, y, w1, w2, w3) * _chain(x, w1, w2, w3)[3], _EXTRA_ACTIVATION),
            Mistake(lambda *p: _dJ_dw1(*p, weights=("a", "a")), _INPUTS_FOR_WEIGHTS),
            Mistake(
                lambda *p: _dJ_dw1(*p, weights=("1", "1")),
                "Both weights are missing: going back from z3 to a2 crosses w3, and from z2 to a1 crosses w2 "
                "(z3 = w3·a2, so ∂z3/∂a2 = w3; the same for w2).",
            ),
            Mistake(lambda *p: _dJ_dw1(*p, sign=-1), _SIGN),
            Mistake(lambda *p: _dJ_dw1(*p, layer_input="a1"), _X_NOT_A1),
            Mistake(lambda *p: _dJ_dw1(*p, layer_input="1"), _DELTA_ALONE),
            Mistake(lambda x, y, *weights: _dJ_dw1(x, 1.0, *weights), _LABEL_FIXED),
            *(
                Mistake(_in_chain_values(formula), hint)
                for formula, hint in (
                    (lambda v: (v.y_hat - v.y) * v.s3 * v.w2 * v.s1 * v.x, _LAYER_SKIPPED),
                    (lambda v: (v.y_hat - v.y) * v.s3 * v.w3 * v.s1 * v.x, _LAYER_SKIPPED),
                    (lambda v: (v.y_hat - v.y) * v.s3 * v.w3 * v.s2 * v.w1 * v.s1 * v.x, _W1_FOR_W2),
                    (lambda v: (v.y_hat - v.y) * v.s3 * v.w2 * v.s2 * v.w1 * v.s1 * v.x, _WEIGHTS_SHIFTED),
                    (lambda v: (v.y_hat - v.y) * v.s3 * v.w3 * v.s2 * v.a1, _DJ_DW2_FOR_DJ_DW1),
                    (lambda v: (v.y_hat - v.y) * v.s3 * v.a2, _DJ_DW3_FOR_DJ_DW1),
                    (lambda v: (v.y_hat - v.y) * v.s3 * abs(v.w3) * v.s2 * v.w2 * v.s1 * v.x, _WEIGHT_SIGN_LOST),
                    (lambda v: (v.y_hat - v.y) * v.s3 * v.w3 * v.s2 * abs(v.w2) * v.s1 * v.x, _WEIGHT_SIGN_LOST),
                    (lambda v: (v.y_hat - v.y) * v.s3 * abs(v.w3 * v.w2) * v.s2 * v.s1 * v.x, _WEIGHT_SIGN_LOST),
                    (lambda v: (v.y_hat - v.y) * v.s3 * v.w3 * v.s2 * v.w2 * v.s1 * abs(v.x), _INPUT_SIGN_LOST),
                )
            ),
        ),
    ),
    Exercise(
        id="06.4",
        prompt="In the 1-1-1 network, set w2 = 0. Which gradients become exactly 0?",
        reference="w1 and b1",
        answer_name="exactly_zero",
        choices=("none", "w1 and b1", "w2 and b2", "all four"),
        mistakes=(
            Mistake("none", _NONE_VANISH),
            Mistake("w2 and b2", _OUTPUT_VANISH),
            Mistake("all four", _ALL_VANISH),
        ),
    ),
    Exercise(
        id="06.5",
        prompt=f"A chain of {LAYERS} sigmoid nodes, each weight 1 (any biases): the largest that |∂ŷ/∂x| can be.",
        reference=0.25**LAYERS,
        answer_name="largest_gradient",
        atol=0.0,  # the answer is about 1e-6: the default atol of 1e-9 would let 9.54e-07, three digits, pass
        mistakes=(
            Mistake(0.5**LAYERS, _HALF_FOR_QUARTER),
            Mistake(0.25 * LAYERS, _ADDED),
            Mistake(0.5 * LAYERS, _HALVES_ADDED),
            Mistake(0.25 ** (LAYERS - 1), _ONE_FEWER),
            Mistake(0.25 ** (LAYERS + 1), _ONE_MORE),
            Mistake(0.25, _ONE_LAYER),
            Mistake(1.0, _WEIGHTS_ONLY),
            Mistake(0.0, _ZERO),
            *(Mistake(slope**LAYERS, _NOT_THE_TOP) for slope in (0.1, 0.2, float(sigmoid_prime(1.0)))),
            Mistake(1e-6, _ONLY_THE_SIZE),
            Mistake(0.25 ** (2 * LAYERS), _TWENTY),
            Mistake(4.0**LAYERS, _UPSIDE_DOWN),
            Mistake(1 / (4 ^ 10), XOR_HINT),  # 1/(4^10) is 1/14 in Python
        ),
    ),
    Exercise(
        id="06.6",
        prompt="The chain of 06.2 and 06.3 with binary cross-entropy, J = −[y ln ŷ + (1 − y) ln(1 − ŷ)]: ∂J/∂w2.",
        reference=_bce_dJ_dw2,
        answer_name="dJ_dw2_bce",
        variables=CHAIN,
        points=((1.0, 1.0, 0.5, -1.0, 1.5), (-1.5, 0.0, 1.2, 0.8, -0.6)),  # not 06.2's and 06.3's
        domain=CHAIN_DOMAIN,
        mistakes=tuple(Mistake(_in_chain_values(formula), hint) for formula, hint in _BCE_FACTORS),
    ),
)
