"""The exercises of 08_capstone_training_a_network: one weight's gradient by the chain rule, by hand, through the
2-16-16-1 tanh network the notebook trains, for one sample and its squared error L = (ŷ − y)².

08.1 is the output layer's weight W3[0, 6] (from neuron 6 of the second hidden layer to the output); 08.2 goes one
layer deeper, to W2[6, 8] (from neuron 8 of the first hidden layer to neuron 6 of the second).

The references are computed here, not typed in: this module repeats the lines of the notebook that make the data set,
the starting network and its training (the same seed, the same calls, the same learning rate and number of steps;
tests/test_nb08.py checks that the notebook holds them), and runs the forward pass of sample 31 in numpy, as the
notebook's exercise section does. Change them together.

The usual mistakes: the sign of (ŷ − y), the factor 2 of the square dropped, the mean over the 100 training points
carried into one sample's loss, the gradient of the whole training loss read off an engine instead of this sample's,
the weights of the trained network (after the notebook's 60 steps) where the starting ones belong, a tanh′ forgotten
(or put in where the output layer has none, or one too many, for the first layer's tanh, which lies before W2),
tanh′ at the wrong neuron, tanh′ written as 1 − tanh(z) or 1 − z² or evaluated at the activation, tanh itself for its
slope, a pre-activation z where the activation h belongs, the wrong layer's activation as the weight's input, the
indices of W2[6, 8] read the wrong way or counted from 1, the weight differentiated by put in as a factor, a weight
dropped going back a layer, δ without its input, the sum over every neuron of the layer where a single path leads
through this weight, 08.1's answer built on (its h2[6] where W3[0, 6] belongs), the sigmoid's slope σ(1 − σ) of
notebook 06 where tanh′ belongs (written with h2[6] or with σ(z2[6])), and the loss itself. The sample and the weights
are chosen so that each of these gives its own number (tests/test_nb08.py checks that they differ by more than 5 % from
each other and from the answer). Two mistakes made together are left to the engine's generic hints.
"""

import numpy as np

from chainlab.autodiff.nn import MLP
from chainlab.data import two_moons
from chainlab.exercises.engine import Exercise, Feedback, Mistake

SAMPLE = 31  # the notebook's points[31], a point of the upper moon (label −1)
J, K = 6, 8  # 08.1 asks for W3[0, J]; 08.2 for W2[J, K]
POINTS = 100  # the training set's size: the mean over it belongs to the training loss, not to one sample's
LEARNING_RATE, STEPS = 0.1, 60  # the notebook's training run, whose trained weights a learner may use by mistake

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


def training_gradients(layers):
    """[(∂L/∂W, ∂L/∂b)] of each layer for the training loss, the mean squared error over all the points, in numpy."""
    activations = [points]
    for i, (W, b) in enumerate(layers):
        z = activations[-1] @ W.T + b
        activations.append(np.tanh(z) if i < len(layers) - 1 else z)  # the output stays linear
    delta = (2 / len(labels)) * (activations[-1] - labels[:, None])  # ∂L/∂ŷ of each point
    gradients = []
    for i in reversed(range(len(layers))):
        gradients.insert(0, (delta.T @ activations[i], delta.sum(axis=0)))
        if i > 0:
            delta = (delta @ layers[i][0]) * (1 - activations[i] ** 2)
    return gradients


def trained(steps):
    """The weights after the notebook's full-batch gradient descent (both engines take these same steps)."""
    layers = [(W.copy(), b.copy()) for W, b in network.weight_arrays()]
    for _ in range(steps):
        for (W, b), (dW, db) in zip(layers, training_gradients(layers), strict=True):
            W -= LEARNING_RATE * dW
            b -= LEARNING_RATE * db
    return layers


def forward_with(layers, x):
    """h1, h2 and ŷ of the network with these weights for one point x."""
    (W1_, b1_), (W2_, b2_), (W3_, b3_) = layers
    h1_ = np.tanh(W1_ @ x + b1_)
    h2_ = np.tanh(W2_ @ h1_ + b2_)
    return h1_, h2_, float(W3_[0] @ h2_ + b3_[0])


x, y = points[SAMPLE], float(labels[SAMPLE])
z1, h1, z2, h2, y_hat = forward(x)
dL_dy_hat = 2 * (y_hat - y)  # L = (ŷ − y)²
tanh_slope = 1 - h2[J] ** 2  # tanh′(z2[J]) = 1 − tanh(z2[J])²


def hidden_weight_gradient(slope=tanh_slope, layer_input=h1[K], output_weight=W3[0, J]):
    """∂L/∂W2[J, K] = ∂L/∂ŷ · W3[0, J] · tanh′(z2[J]) · h1[K], with one factor replaced to make a mistake."""
    return dL_dy_hat * output_weight * slope * layer_input


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


DL_DW_OUT = float(dL_dy_hat * h2[J])  # 08.1
DL_DW_HIDDEN = float(hidden_weight_gradient())  # 08.2

# The same two gradients of the wrong loss (the training loss, the mean over all the points, as training starts) and
# of the wrong network (this sample's loss, after the notebook's 60 steps).
_training = training_gradients(network.weight_arrays())
TRAINING_DW_OUT, TRAINING_DW_HIDDEN = float(_training[2][0][0, J]), float(_training[1][0][J, K])
_trained = trained(STEPS)
_h1_trained, _h2_trained, _y_hat_trained = forward_with(_trained, x)
TRAINED_DW_OUT = float(2 * (_y_hat_trained - y) * _h2_trained[J])
TRAINED_DW_HIDDEN = float(2 * (_y_hat_trained - y) * _trained[2][0][0, J] * (1 - _h2_trained[J] ** 2) * _h1_trained[K])

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
_TRAINING_LOSS = (
    f"That is the gradient of the training loss, the mean squared error over all {POINTS} points, as an engine's "
    f".grad holds it after a backward pass of that loss. The exercise asks for one sample's: L = (ŷ − y)² for sample "
    f"{SAMPLE} alone, from the values the cell above computes."
)
_TRAINED = (
    f"These are the weights of the trained network, after the {STEPS} steps of section 3 (chainlab_net's, or "
    "torch_net's). The exercise asks for the network as training starts: the weights new_network() gives, which the "
    "cell above reads into W1, b1, …, W3, b3, and the z1, h1, z2, h2 and ŷ computed from them."
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
_Z2_FOR_H2 = (
    f"The pre-activation z2[{J}] where its activation belongs: z2[{J}] goes into the tanh of neuron {J}, and what "
    f"comes out of it, h2[{J}] = tanh(z2[{J}]), is the input that W3[0, {J}] multiplies."
)
_LOSS_ITSELF = "That is the loss L = (ŷ − y)² itself. The exercise asks how fast it changes with the weight."
_COUNTED_FROM_1 = (
    f"Off by one: Python counts from 0, and so does the notebook (W2[j, k] is row j, column k, from 0). Neuron {J} is "
    f"h2[{J}], the seventh entry of h2, and h2[{J - 1}] is neuron {J - 1}."
)

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
_SIGMOID_SLOPE = (
    "That slope is the sigmoid's, σ′ = σ(1 − σ), as in notebook 06. This network's activation is tanh, and tanh has a "
    "slope of its own: tanh′(z) = 1 − tanh(z)², in terms of its output h = tanh(z)."
)
_BUILT_ON_EXERCISE_1 = (
    f"You built on 08.1's answer, ∂L/∂W3[0, {J}]. Its last factor is h2[{J}], the input that W3[0, {J}] multiplies: "
    f"on the way to W2[{J}, {K}], the path goes through h2[{J}] instead, and ∂ŷ/∂h2[{J}] is the weight W3[0, {J}]."
)
_SUMMED_OVER_LAYER = (
    f"You summed over every neuron of the second hidden layer. W2[{J}, {K}] feeds neuron {J} only: a single path leads "
    f"from it to ŷ, through z2[{J}], h2[{J}] and W3[0, {J}], so there is nothing to sum."
)
_SECOND_TANH_SLOPE = (
    f"A second tanh′, for h1[{K}]: you also multiplied by tanh′(z1[{K}]) = 1 − h1[{K}]². The first layer's tanh comes "
    f"before this weight, not on its path to L: W2[{J}, {K}] multiplies h1[{K}] as it is. The only tanh on the path "
    f"is the one of neuron {J} of the second layer."
)
_SLOPE_AT_WRONG_NEURON = (
    f"tanh′ at the wrong neuron: 1 − h1[{K}]² is the slope of the first layer's tanh at neuron {K}, which comes before "
    f"this weight. The path from W2[{J}, {K}] to L crosses the tanh of neuron {J} of the second layer, from z2[{J}] to "
    f"h2[{J}]: the slope that belongs is tanh′(z2[{J}])."
)
_Z1_FOR_H1 = (
    f"The pre-activation z1[{K}] where its activation belongs: z1[{K}] goes into the tanh of neuron {K} of the first "
    f"layer, and what comes out of it, h1[{K}] = tanh(z1[{K}]), is the input that W2[{J}, {K}] multiplies."
)
_W2_FOR_W3 = (
    f"W2[{J}, {K}] in place of W3[0, {J}]: going back from ŷ to h2[{J}] crosses the output weight, "
    f"∂ŷ/∂h2[{J}] = W3[0, {J}]. The weight you differentiate by is not a factor of its own gradient: z2[{J}] changes "
    "with it at the rate of the input it multiplies."
)


class _OneWeightExercise(Exercise):
    """The answer is one number; a network (chainlab's or torch's) can be called, but it is not a function to call."""

    def _check_number(self, answer):
        if isinstance(answer, MLP) or type(answer).__module__.startswith("torch.nn"):
            return Feedback(
                False,
                f"{self.answer_name} is the network itself. The exercise asks for one number, the gradient of "
                f"sample {SAMPLE}'s loss for one weight, computed from the values the forward-pass cell keeps.",
            )
        weight = _weight_named(answer)
        if weight is not None:
            return Feedback(
                False,
                f"That is the {'bias' if weight.startswith('b') else 'weight'} {weight} of the starting network "
                "itself, not a gradient. ∂L/∂w is how fast L changes as the weight w changes: a product of local "
                "derivatives along the path from w to L.",
            )
        feedback = super()._check_number(answer)
        other = _other_sample(self.id, answer) if not feedback.correct and not feedback.mistakes else None
        if other is None:
            return feedback
        return Feedback(
            False,
            f"That is right for sample {other}, not for sample {SAMPLE}, the one this exercise checks. Set sample = "
            f"{SAMPLE} in the forward-pass cell, run it again, then this one.",
        )


def _weight_named(answer):
    """'W2[6, 8]' (or 'b3[0]') when the answer is one of the starting network's weights or biases, else None.
    W2[6, 8] lies within 1 % of its own gradient: the "rounded along the way" hint would mislead."""
    if not isinstance(answer, int | float | np.floating) or not np.isfinite(answer):
        return None
    for n, (W, b) in enumerate(network.weight_arrays(), start=1):
        for name, array in ((f"W{n}", W), (f"b{n}", b)):
            for index in zip(*np.nonzero(np.isclose(array, answer, rtol=1e-9, atol=0)), strict=True):
                return f"{name}[{', '.join(str(int(i)) for i in index)}]"
    return None


def _other_sample(exercise_id, answer):
    """The sample, other than SAMPLE, whose gradient the answer is: a learner who changed the forward-pass cell's."""
    if not isinstance(answer, int | float | np.floating) or not np.isfinite(answer):
        return None
    for sample, point in enumerate(points):
        _, h1_, _, h2_, y_hat_ = forward(point)
        dL_dy_hat_ = 2 * (y_hat_ - labels[sample])
        right = dL_dy_hat_ * h2_[J] if exercise_id == "08.1" else dL_dy_hat_ * W3[0, J] * (1 - h2_[J] ** 2) * h1_[K]
        if sample != SAMPLE and np.isclose(answer, right, rtol=1e-6, atol=0):
            return sample
    return None


EXERCISES = (
    _OneWeightExercise(
        id="08.1",
        prompt=f"For sample {SAMPLE} alone, with L = (ŷ − y)²: ∂L/∂W3[0, {J}], the gradient of the output layer's "
        f"weight from neuron {J} of the second hidden layer, for the starting network, to 6 significant digits.",
        reference=DL_DW_OUT,
        answer_name="dL_dw_out",
        mistakes=(
            Mistake(-DL_DW_OUT, _SIGN),
            Mistake(DL_DW_OUT / 2, _FACTOR_2),
            Mistake(DL_DW_OUT / POINTS, _MEAN),
            Mistake(TRAINING_DW_OUT, _TRAINING_LOSS),
            Mistake(TRAINED_DW_OUT, _TRAINED),
            Mistake(dL_dy_hat * z2[J], _Z2_FOR_H2),
            Mistake(dL_dy_hat * (1 - y_hat**2) * h2[J], _TANH_AT_OUTPUT),
            Mistake(dL_dy_hat * tanh_slope * h2[J], _HIDDEN_SLOPE_FOR_W3),
            Mistake(dL_dy_hat * h1[J], _H1_FOR_H2),
            Mistake(dL_dy_hat, _OUTPUT_DELTA_ALONE),
            Mistake(dL_dy_hat * W3[0, J], _W3_FOR_INPUT),
            Mistake((y_hat - y) ** 2, _LOSS_ITSELF),
            Mistake(dL_dy_hat * h2[J - 1], _COUNTED_FROM_1),
        ),
    ),
    _OneWeightExercise(
        id="08.2",
        prompt=f"The same sample and loss: ∂L/∂W2[{J}, {K}], the gradient of the weight from neuron {K} of the first "
        f"hidden layer to neuron {J} of the second, one layer deeper, to 6 significant digits.",
        reference=DL_DW_HIDDEN,
        answer_name="dL_dw_hidden",
        mistakes=(
            Mistake(hidden_weight_gradient(slope=1.0), _TANH_SLOPE_FORGOTTEN),
            Mistake(hidden_weight_gradient(slope=1 - h2[J]), _ONE_MINUS_TANH),
            Mistake(hidden_weight_gradient(slope=1 - np.tanh(h2[J]) ** 2), _SLOPE_AT_ACTIVATION),
            Mistake(hidden_weight_gradient(slope=1 - z2[J] ** 2), _Z_SQUARED),
            Mistake(hidden_weight_gradient(slope=h2[J]), _TANH_FOR_SLOPE),
            Mistake(hidden_weight_gradient(slope=1 - h1[K] ** 2), _SLOPE_AT_WRONG_NEURON),
            Mistake(hidden_weight_gradient(layer_input=h1[K] * (1 - h1[K] ** 2)), _SECOND_TANH_SLOPE),
            Mistake(hidden_weight_gradient(layer_input=z1[K]), _Z1_FOR_H1),
            Mistake(hidden_weight_gradient(output_weight=W2[J, K]), _W2_FOR_W3),
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
            Mistake(TRAINING_DW_HIDDEN, _TRAINING_LOSS),
            Mistake(TRAINED_DW_HIDDEN, _TRAINED),
            Mistake(hidden_weight_gradient(slope=h2[J] * (1 - h2[J])), _SIGMOID_SLOPE),
            Mistake(hidden_weight_gradient(slope=_sigmoid(z2[J]) * (1 - _sigmoid(z2[J]))), _SIGMOID_SLOPE),
            Mistake(dL_dy_hat * W3[0, J - 1] * (1 - h2[J - 1] ** 2) * h1[K - 1], _COUNTED_FROM_1),
            Mistake(hidden_weight_gradient(output_weight=h2[J]), _BUILT_ON_EXERCISE_1),
        ),
    ),
)
