"""Vanishing gradients: the gradient norm each layer of a deep MLP receives, by a hand-written backward pass.

One random batch x goes through L hidden layers and a linear head, ŷ = h_L·v, with the mean squared error
against random targets as the loss. A plain layer is h_l = f(W_l h_{l-1}); a residual layer is
h_l = h_{l-1} + α·f(W_l h_{l-1}). No biases: at initialization they are zero and change nothing here.

The backward pass is written out so the product the gradient collects on its way down is in plain view:

    plain:     ∂L/∂h_{l-1} = W_lᵀ (f'(z_l) ⊙ ∂L/∂h_l)
    residual:  ∂L/∂h_{l-1} = ∂L/∂h_l + α·W_lᵀ (f'(z_l) ⊙ ∂L/∂h_l)

The sigmoid's f' is at most 1/4, so the plain product shrinks geometrically; the residual one has the
identity added at every layer, so it cannot. All six nets (three activations, plain and residual) share
the inputs, targets and the one random draw of weights, scaled per initialization, so the curves differ
only by what the lesson is about. Everything is float64: a vanished gradient of 1e-40 is still a number.
"""

import math
from collections.abc import Callable

import torch
from torch import Tensor

from demos.specs.vanishing_gradient import VanishingGradientParams

ACTIVATIONS = ("sigmoid", "tanh", "relu")
FORWARD: dict[str, Callable[[Tensor], Tensor]] = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}
DTYPE = torch.float64


def slope(activation: str, out: Tensor) -> Tensor:
    """f'(z) from the output a = f(z): σ' = a(1 − a), tanh' = 1 − a², ReLU' = 1 where a > 0 (0 at z = 0, as torch)."""
    if activation == "sigmoid":
        return out * (1 - out)
    if activation == "tanh":
        return 1 - out * out
    return (out > 0).to(out.dtype)


def init_std(init: str, activation: str, width: int) -> float:
    """Standard deviation of a normal width×width layer: Xavier √(2/(n+n)) = 1/√n, He √(2/n)."""
    rule = ("he" if activation == "relu" else "xavier") if init == "matched" else init
    if rule == "xavier":
        return math.sqrt(2 / (width + width))
    if rule == "he":
        return math.sqrt(2 / width)
    raise ValueError(f"{init!r} is not a normal initialization")


def draw(params: VanishingGradientParams, device: torch.device) -> dict[str, Tensor]:
    """The batch x, targets y, head and one unit-scale draw of the hidden weights, from a CPU generator so
    every device gets the same numbers. `base` (L, n, n) is U(−1, 1) for the pytorch initialization and
    N(0, 1) for the others; `layer_weights` scales it. The head has variance 1/n, so ŷ is on the scale
    of one unit of h_L.
    """
    n, gen = params.width, torch.Generator().manual_seed(params.seed)
    tensors = {
        "x": torch.randn(params.batch, n, generator=gen, dtype=DTYPE),
        "y": torch.randn(params.batch, 1, generator=gen, dtype=DTYPE),
        "head": torch.randn(1, n, generator=gen, dtype=DTYPE) / math.sqrt(n),
    }
    if params.init == "pytorch":
        tensors["base"] = torch.rand(params.depth, n, n, generator=gen, dtype=DTYPE) * 2 - 1
    else:
        tensors["base"] = torch.randn(params.depth, n, n, generator=gen, dtype=DTYPE)
    return {name: tensor.to(device) for name, tensor in tensors.items()}


def layer_weights(base: Tensor, init: str, activation: str) -> Tensor:
    """The (L, n, n) hidden weights of one activation's net, in nn.Linear's layout (out, in)."""
    width = base.shape[-1]
    if init == "pytorch":  # nn.Linear's kaiming_uniform_(a=√5) bound is 1/√fan_in
        return base / math.sqrt(width)
    return base * init_std(init, activation, width)


def gradient_norms(
    x: Tensor, y: Tensor, layers: Tensor, head: Tensor, activation: str, alpha: float | None
) -> tuple[Tensor, Tensor, Tensor]:
    """Loss, ‖∂L/∂W_l‖ (L,) and ‖∂L/∂h_l‖ (L,) for l = 1..L, all Frobenius norms; alpha None = plain net.

    L = mean over the batch of (ŷ − y)², so ∂L/∂ŷ = 2(ŷ − y)/B. Nothing is read back from the device here.
    """
    act = FORWARD[activation]
    # forward: keep each layer's input h_{l-1} and activation a_l = f(z_l) for the backward pass
    inputs, outputs = [], []
    h = x
    for w in layers:
        a = act(h @ w.T)
        inputs.append(h)
        outputs.append(a)
        h = a if alpha is None else h + alpha * a
    error = h @ head.T - y  # (B, 1)
    loss = error.square().mean()
    # backward: from the head down, one layer at a time
    grad_h = (2 / x.shape[0]) * error @ head  # ∂L/∂h_L, (B, n)
    weight_norms, signal_norms = [], []
    for l in reversed(range(len(layers))):
        signal_norms.append(torch.linalg.vector_norm(grad_h))
        grad_z = grad_h * slope(activation, outputs[l])  # ∂L/∂z_l, times α on a residual branch
        if alpha is not None:
            grad_z = alpha * grad_z
        weight_norms.append(torch.linalg.vector_norm(grad_z.T @ inputs[l]))  # ∂L/∂W_l = (∂L/∂z_l)ᵀ h_{l-1}
        through_layer = grad_z @ layers[l]  # W_lᵀ applied to each example's row
        grad_h = through_layer if alpha is None else grad_h + through_layer  # the identity path adds ∂L/∂h_l
    return loss, torch.stack(weight_norms[::-1]), torch.stack(signal_norms[::-1])


def _rounded(values: list[float]) -> list[float]:
    return [float(f"{v:.4g}") for v in values]


def run(
    params: VanishingGradientParams, device: torch.device, progress: Callable[[dict], None] | None = None
) -> dict:
    """Per-layer gradient norms of six nets: {"plain"|"residual": {activation: {weight_grad, signal_grad, loss}}}.

    Lists run from layer 1 (next to the input) to layer L (next to the head); values keep 4 significant digits.
    A gradient that is exactly zero (every ReLU of a layer off) stays 0.
    """
    drawn = draw(params, device)
    alpha = 1 / math.sqrt(params.depth) if params.branch_scale == "inv_sqrt_depth" else 1.0
    runs = [(mode, activation) for mode in ("plain", "residual") for activation in ACTIVATIONS]
    losses, weight_rows, signal_rows = [], [], []
    for mode, activation in runs:
        layers = layer_weights(drawn["base"], params.init, activation)
        loss, weight_norm, signal_norm = gradient_norms(
            drawn["x"], drawn["y"], layers, drawn["head"], activation, alpha if mode == "residual" else None
        )
        losses.append(loss)
        weight_rows.append(weight_norm)
        signal_rows.append(signal_norm)
    # the one read-back
    losses_cpu = torch.stack(losses).cpu().tolist()
    weight_cpu, signal_cpu = torch.stack(weight_rows).cpu().tolist(), torch.stack(signal_rows).cpu().tolist()
    result: dict = {"depth": params.depth, "alpha": round(alpha, 6), "activations": list(ACTIVATIONS)}
    for i, (mode, activation) in enumerate(runs):
        result.setdefault(mode, {})[activation] = {
            "weight_grad": _rounded(weight_cpu[i]),
            "signal_grad": _rounded(signal_cpu[i]),
            "loss": float(f"{losses_cpu[i]:.4g}"),
        }
    result["init_std"] = {
        activation: round(1 / math.sqrt(3 * params.width) if params.init == "pytorch"
                          else init_std(params.init, activation, params.width), 6)
        for activation in ACTIVATIONS
    }
    return result
