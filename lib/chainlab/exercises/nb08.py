"""The exercises of 08_capstone_training_a_network: one weight's gradient by the chain rule, by hand, through the
2-16-16-1 tanh network the notebook trains, for one sample and its squared error L = (ŷ − y)².

08.1 is the output layer's weight W3[0, 6] (from neuron 6 of the second hidden layer to the output); 08.2 goes one
layer deeper, to W2[6, 8] (from neuron 8 of the first hidden layer to neuron 6 of the second).

The references are computed here, not typed in: this module repeats the two lines of the notebook that make the data
set and the starting network (the same seed, the same calls; tests/test_nb08.py checks that the notebook holds them),
and runs the forward pass of sample 31 in numpy, as the notebook's exercise section does. Change them together.

The usual mistakes: the sign of (ŷ − y), the factor 2 of the square dropped, the mean over the 100 training points
carried into one sample's loss, a tanh′ forgotten (or put in where the output layer has none), tanh′ written as
1 − tanh(z) or 1 − z² or evaluated at the activation, tanh itself for its slope, the wrong layer's activation as the
weight's input, the indices of W2[6, 8] read the wrong way, a weight dropped going back a layer, δ without its input,
the sum over every neuron of the layer where a single path leads through this weight, and the loss itself. The sample
and the weights are chosen so that each of these gives its own number (tests/test_nb08.py checks that they differ by
more than 5 % from each other and from the answer).
"""

import numpy as np

from chainlab.autodiff.nn import MLP
from chainlab.data import two_moons
from chainlab.exercises.engine import Exercise, Mistake

SAMPLE = 31  # the notebook's points[31], a point of the upper moon (label −1)
J, K = 6, 8  # 08.1 asks for W3[0, J]; 08.2 for W2[J, K]
POINTS = 100  # the training set's size: the mean over it belongs to the training loss, not to one sample's

# The notebook's two lines, repeated: the data set, and the network as training starts (its new_network()).
points, labels = two_moons(100, np.random.default_rng(seed=8))
network = MLP(2, [16, 16, 1], activation="tanh", output_activation="linear", rng=np.random.default_rng(seed=8))

(W1, b1), (W2, b2), (W3, b3) = network.weight_arrays()


def forward(x):
    """z1, h1, z2, h2 and ŷ of the starting network for one point x, in numpy: what the notebook exposes."""
    z1 = W1 @ x + b1
    h1 = np.tanh(z1)
    z2 = W2 @ h1 + b2
    h2 = np.tanh(z2)
    return z1, h1, z2, h2, float(W3[0] @ h2 + b3[0])


x, y = points[SAMPLE], float(labels[SAMPLE])
z1, h1, z2, h2, y_hat = forward(x)
dL_dy_hat = 2 * (y_hat - y)  # L = (ŷ − y)²
tanh_slope = 1 - h2[J] ** 2  # tanh′(z2[J]) = 1 − tanh(z2[J])²


def hidden_weight_gradient(slope=tanh_slope, layer_input=h1[K], output_weight=W3[0, J]):
    """∂L/∂W2[J, K] = ∂L/∂ŷ · W3[0, J] · tanh′(z2[J]) · h1[K], with one factor replaced to make a mistake."""
    return dL_dy_hat * output_weight * slope * layer_input


DL_DW_OUT = float(dL_dy_hat * h2[J])  # 08.1
DL_DW_HIDDEN = float(hidden_weight_gradient())  # 08.2

# --- shared by both -----------------------------------------------------------------------------------------------

_SIGN = (
    "The sign of (ŷ − y): the derivative of (ŷ − y)² with respect to ŷ is 2(ŷ − y), positive when the prediction is "
    "above the label, not 2(y − ŷ)."
)
_FACTOR_2 = (
    "The factor 2 of the square is missing: d(u²)/du = 2u. (A loss written ½(ŷ − y)² would cancel it; this one has "
    "no ½.)"
)
_MEAN = (
    f"You divided by {POINTS}, the number of training points. That mean belongs to the training loss over all "
    f"{POINTS} points; the loss here is one sample's squared error, L = (ŷ − y)², with no mean."
)

# --- 08.1 ∂L/∂W3[0, J] --------------------------------------------------------------------------------------------

_TANH_AT_OUTPUT = (
    f"There is no tanh at the output: ŷ = W3·h2 + b3 is linear, so going back from ŷ to W3[0, {J}] crosses no tanh′."
)
_HIDDEN_SLOPE_FOR_W3 = (
    f"A tanh′ too many: W3[0, {J}] multiplies h2[{J}], which has already been through its tanh. The slope "
    f"tanh′(z2[{J}]) belongs to the gradients of the weights before that tanh (in W2), not to W3."
)
_H1_FOR_H2 = (
    f"The wrong layer's activation: the last factor, ∂ŷ/∂W3[0, {J}], is the input this weight multiplies, an "
    "activation of the last hidden layer, h2. h1 is the layer before."
)
_OUTPUT_DELTA_ALONE = (
    f"That is ∂L/∂ŷ (which is also ∂L/∂b3). ∂L/∂W3[0, {J}] needs one more factor: ∂ŷ/∂W3[0, {J}], the input that this "
    "weight multiplies."
)
_W3_FOR_INPUT = (
    f"That is ∂L/∂h2[{J}]: your last factor, W3[0, {J}], is ∂ŷ/∂h2[{J}]. For the weight's own gradient, differentiate "
    f"ŷ = Σⱼ W3[0, j]·h2[j] + b3[0] with respect to W3[0, {J}] instead."
)
_LOSS_ITSELF = "That is the loss L = (ŷ − y)² itself. The exercise asks how fast it changes with the weight."

# --- 08.2 ∂L/∂W2[J, K] --------------------------------------------------------------------------------------------

_TANH_SLOPE_FORGOTTEN = (
    f"A tanh′ is missing: going back through the tanh of neuron {J} of the second hidden layer, from h2[{J}] to its "
    f"input z2[{J}], multiplies by the local slope tanh′(z2[{J}])."
)
_ONE_MINUS_TANH = "tanh′(z) is 1 − tanh(z)², with a square: 1 − tanh(z) is not the slope of tanh."
_SLOPE_AT_ACTIVATION = (
    f"tanh′ is evaluated at the activation h2[{J}] instead of at z2[{J}]: the local slope belongs at the tanh's input, "
    f"tanh′(z2[{J}]) = 1 − tanh(z2[{J}])², and tanh(z2[{J}]) is h2[{J}] already, with no second tanh."
)
_Z_SQUARED = "1 − z² is not tanh′(z): the square in tanh′(z) = 1 − tanh(z)² is of tanh(z), not of z."
_TANH_FOR_SLOPE = f"You multiplied by tanh(z2[{J}]) = h2[{J}], the activation, where its slope tanh′(z2[{J}]) belongs."
_H2_FOR_H1 = (
    f"The wrong layer's activation: the last factor, ∂z2[{J}]/∂W2[{J}, {K}], is the input this weight multiplies. W2 "
    "multiplies the first hidden layer's activations, h1, not h2."
)
_OWN_OUTPUT = (
    f"The last factor is the input that this weight multiplies, coming into neuron {J} from the layer before; h2[{J}] "
    "is the neuron's own output."
)
_INDICES = (
    f"The indices: W2[{J}, {K}] sits in row {J} and column {K}. Its row is the neuron it feeds, "
    f"z2[{J}] = Σₖ W2[{J}, k]·h1[k] + b2[{J}], and its column the input it multiplies."
)
_W3_DROPPED = (
    f"A weight is missing: going back from ŷ to h2[{J}] crosses W3[0, {J}], since ŷ = Σⱼ W3[0, j]·h2[j] + b3[0], so "
    f"∂ŷ/∂h2[{J}] = W3[0, {J}]."
)
_HIDDEN_DELTA_ALONE = (
    f"That is ∂L/∂z2[{J}] (which is also ∂L/∂b2[{J}]). ∂L/∂W2[{J}, {K}] needs one more factor: "
    f"∂z2[{J}]/∂W2[{J}, {K}], the input that this weight multiplies."
)
_EXERCISE_1 = (
    f"That is ∂L/∂W3[0, {J}], the answer of 08.1. This exercise goes one layer deeper, to W2[{J}, {K}]: keep going "
    f"back from ŷ, through W3[0, {J}] and the tanh of neuron {J}, to the weight."
)
_SUMMED_OVER_LAYER = (
    f"You summed over every neuron of the second hidden layer. W2[{J}, {K}] feeds neuron {J} only: a single path leads "
    f"from it to ŷ, through z2[{J}], h2[{J}] and W3[0, {J}], so there is nothing to sum."
)

EXERCISES = (
    Exercise(
        id="08.1",
        prompt=f"For sample {SAMPLE} alone, with L = (ŷ − y)²: ∂L/∂W3[0, {J}], the gradient of the output layer's "
        f"weight from neuron {J} of the second hidden layer, for the starting network.",
        reference=DL_DW_OUT,
        answer_name="dL_dw_out",
        mistakes=(
            Mistake(-DL_DW_OUT, _SIGN),
            Mistake(DL_DW_OUT / 2, _FACTOR_2),
            Mistake(DL_DW_OUT / POINTS, _MEAN),
            Mistake(dL_dy_hat * (1 - y_hat**2) * h2[J], _TANH_AT_OUTPUT),
            Mistake(dL_dy_hat * tanh_slope * h2[J], _HIDDEN_SLOPE_FOR_W3),
            Mistake(dL_dy_hat * h1[J], _H1_FOR_H2),
            Mistake(dL_dy_hat, _OUTPUT_DELTA_ALONE),
            Mistake(dL_dy_hat * W3[0, J], _W3_FOR_INPUT),
            Mistake((y_hat - y) ** 2, _LOSS_ITSELF),
        ),
    ),
    Exercise(
        id="08.2",
        prompt=f"The same sample and loss: ∂L/∂W2[{J}, {K}], the gradient of the weight from neuron {K} of the first "
        f"hidden layer to neuron {J} of the second, one layer deeper.",
        reference=DL_DW_HIDDEN,
        answer_name="dL_dw_hidden",
        mistakes=(
            Mistake(hidden_weight_gradient(slope=1.0), _TANH_SLOPE_FORGOTTEN),
            Mistake(hidden_weight_gradient(slope=1 - h2[J]), _ONE_MINUS_TANH),
            Mistake(hidden_weight_gradient(slope=1 - np.tanh(h2[J]) ** 2), _SLOPE_AT_ACTIVATION),
            Mistake(hidden_weight_gradient(slope=1 - z2[J] ** 2), _Z_SQUARED),
            Mistake(hidden_weight_gradient(slope=h2[J]), _TANH_FOR_SLOPE),
            Mistake(hidden_weight_gradient(layer_input=h2[K]), _H2_FOR_H1),
            Mistake(hidden_weight_gradient(layer_input=h2[J]), _OWN_OUTPUT),
            Mistake(hidden_weight_gradient(layer_input=h1[J]), _INDICES),
            Mistake(dL_dy_hat * W3[0, K] * (1 - h2[K] ** 2) * h1[J], _INDICES),
            Mistake(hidden_weight_gradient(output_weight=1.0), _W3_DROPPED),
            Mistake(hidden_weight_gradient(layer_input=1.0), _HIDDEN_DELTA_ALONE),
            Mistake(DL_DW_OUT, _EXERCISE_1),
            Mistake(dL_dy_hat * float(W3[0] @ (1 - h2**2)) * h1[K], _SUMMED_OVER_LAYER),
            Mistake(-DL_DW_HIDDEN, _SIGN),
            Mistake(DL_DW_HIDDEN / 2, _FACTOR_2),
            Mistake(DL_DW_HIDDEN / POINTS, _MEAN),
        ),
    ),
)
