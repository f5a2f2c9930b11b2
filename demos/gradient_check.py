"""Gradient check: finite differences against a hand-written backward pass, and why h has a best value.

The net is 3 → H → 1 with mean-squared error on 8 fixed points; its parameters are one flat vector θ
(W1, b1, W2, b2 in that order). For every step h on a log grid and every parameter i the kernel evaluates
L(θ + h·eᵢ) and L(θ − h·eᵢ) as rows of one batch, so the forward difference (L(θ + h·eᵢ) − L(θ))/h and the
central difference (L(θ + h·eᵢ) − L(θ − h·eᵢ))/2h of every parameter at every h take a few tensor ops, once
in float32 and once in float64.

Why a V: the forward difference is off by about (h/2)·|L''| (truncation) plus about ε·|L|/h (the rounding
of L, magnified by the division), smallest near h ≈ √ε; the central difference's truncation is about
(h²/6)·|L'''|, so its best h sits near ∛ε. Here ε is the dtype's machine epsilon.

L(θ) is evaluated as a batch of copies laid out exactly like the perturbed batches, and the batched loss
uses element-wise operations only, summing in a fixed order. Each row of θ's batch then goes through the
same floating-point operations as the same row of a perturbed batch: when θᵢ + h rounds back to θᵢ the
difference is exactly 0, as in a check that evaluates one parameter vector at a time, whatever a kernel does
at particular positions of a tensor (a vectorised loop's tail, a matrix product's blocking).
"""

import math
from collections.abc import Callable

import torch
from torch import Tensor

from demos.specs.gradient_check import H_EXPONENTS, GradientCheckParams

INPUTS, POINTS = 3, 8
DTYPES = {"float32": torch.float32, "float64": torch.float64}
METHODS = ("forward", "central")


# ---------------------------------------------------------------------------------------------
# The net: data, parameters, loss and its hand-written gradient
# ---------------------------------------------------------------------------------------------


def make_problem(hidden: int, seed: int) -> tuple[Tensor, Tensor, Tensor]:
    """(x (8, 3), y (8,), θ (P,)) in float64 on the CPU, drawn from `seed`."""
    gen = torch.Generator().manual_seed(seed)
    f64 = torch.float64
    x = torch.randn(POINTS, INPUTS, generator=gen, dtype=f64)
    y = torch.sin(x @ torch.tensor([1.0, -2.0, 0.5], dtype=f64)) + 0.1 * torch.randn(POINTS, generator=gen, dtype=f64)
    w1 = torch.randn(hidden, INPUTS, generator=gen, dtype=f64) / math.sqrt(INPUTS)
    b1 = 0.1 * torch.randn(hidden, generator=gen, dtype=f64)
    w2 = torch.randn(hidden, generator=gen, dtype=f64) / math.sqrt(hidden)
    b2 = 0.1 * torch.randn(1, generator=gen, dtype=f64)
    return x, y, torch.cat([w1.flatten(), b1, w2, b2])


def unflatten(theta: Tensor, hidden: int) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """θ (..., P) → W1 (..., H, 3), b1 (..., H), W2 (..., H), b2 (...)."""
    h3 = hidden * INPUTS
    w1 = theta[..., :h3].unflatten(-1, (hidden, INPUTS))
    return w1, theta[..., h3 : h3 + hidden], theta[..., h3 + hidden : h3 + 2 * hidden], theta[..., -1]


ACTIVATIONS: dict[str, tuple[Callable[[Tensor], Tensor], Callable[[Tensor, Tensor], Tensor]]] = {
    # name: (σ(z), σ'(z) written with z and a = σ(z))
    "tanh": (torch.tanh, lambda z, a: 1 - a * a),
    "sigmoid": (torch.sigmoid, lambda z, a: a * (1 - a)),
    "relu": (torch.relu, lambda z, a: (z > 0).to(z.dtype)),  # 0 at the kink, as torch's relu backward
}


def batched_loss(thetas: Tensor, x: Tensor, y: Tensor, hidden: int, activation: str) -> Tensor:
    """Mean-squared error of each row of `thetas` (R, P): (R,). Element-wise ops only, sums in a fixed order.

    The rows become the last, contiguous dimension (parameters (P, R), activations (H, N, R)), so every
    op runs over long contiguous runs of numbers.
    """
    w1, b1, w2, b2 = _columns(thetas.T.contiguous(), hidden)
    act = ACTIVATIONS[activation][0]
    z = b1[:, None, :]  # (H, 1, R), broadcast over the points
    for j in range(INPUTS):
        z = z + w1[:, j, None, :] * x[None, :, j, None]  # (H, N, R)
    a = act(z)
    out = b2[None, :]  # (1, R)
    for k in range(hidden):
        out = out + a[k] * w2[k]  # (N, R)
    squares = (out - y[:, None]) ** 2
    total = squares[0]
    for n in range(1, POINTS):
        total = total + squares[n]
    return total / POINTS


def _columns(columns: Tensor, hidden: int) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """θ as columns (P, R) → W1 (H, 3, R), b1 (H, R), W2 (H, R), b2 (R)."""
    h3 = hidden * INPUTS
    w1 = columns[:h3].view(hidden, INPUTS, -1)
    return w1, columns[h3 : h3 + hidden], columns[h3 + hidden : h3 + 2 * hidden], columns[-1]


def backprop(theta: Tensor, x: Tensor, y: Tensor, hidden: int, activation: str, bug: str = "none") -> Tensor:
    """dL/dθ (P,) by a hand-written backward pass; `bug` plants one of the demo's mistakes."""
    w1, b1, w2, b2 = unflatten(theta, hidden)
    act, act_grad = ACTIVATIONS[activation]
    # forward
    z = x @ w1.T + b1  # (N, H)
    a = act(z)
    out = a @ w2 + b2  # (N,)
    # backward: L = mean((out − y)²)
    d_out = 2 * (out - y) / POINTS
    d_w2 = a.T @ d_out
    d_b2 = d_out.sum(dim=0, keepdim=True)
    if bug == "output_bias":
        d_b2 = d_b2 * POINTS  # summed over the batch instead of averaged
    d_a = d_out[:, None] * w2[None, :]
    d_z = d_a if bug == "activation_derivative" else d_a * act_grad(z, a)
    d_w1 = d_z.T @ x
    d_b1 = d_z.sum(dim=0)
    return torch.cat([d_w1.flatten(), d_b1, d_w2, d_b2])


# ---------------------------------------------------------------------------------------------
# Finite differences at every h, and how far they are from backprop
# ---------------------------------------------------------------------------------------------


def finite_differences(
    theta: Tensor, steps: Tensor, x: Tensor, y: Tensor, hidden: int, activation: str
) -> dict[str, Tensor]:
    """Forward and central differences of every parameter at every h: {"forward", "central"} → (K, P).

    Everything (θ, h, the differences, the division) is in θ's dtype, as a check in that precision would be.
    """
    k, p = steps.shape[0], theta.shape[0]
    nudges = steps[:, None, None] * torch.eye(p, dtype=theta.dtype, device=theta.device)  # (K, P, P): h·eᵢ
    base = theta.expand(k, p, p).reshape(k * p, p)  # copies of θ, laid out like the nudged batches
    loss = lambda thetas: batched_loss(thetas, x, y, hidden, activation).view(k, p)  # noqa: E731
    at_base = loss(base)
    up = loss((theta + nudges).reshape(k * p, p))
    down = loss((theta - nudges).reshape(k * p, p))
    h = steps[:, None]
    return {"forward": (up - at_base) / h, "central": (up - down) / (2 * h)}


def relative_error(numeric: Tensor, exact: Tensor) -> Tensor:
    """‖g_num − g_bp‖ / max(‖g_num‖, ‖g_bp‖) along the last dimension (0 when both are zero)."""
    scale = torch.maximum(numeric.norm(dim=-1), exact.norm(dim=-1))
    return torch.where(scale > 0, (numeric - exact).norm(dim=-1) / scale, torch.zeros_like(scale))


def _sig(values: list[float], digits: int = 4) -> list[float]:
    return [float(f"{v:.{digits}g}") for v in values]


def run(params: GradientCheckParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """The V curves (relative error against h for forward/central × float32/float64), each curve's lowest
    point, and every parameter's numerical gradient and relative error at the chosen h."""
    x64, y64, theta64 = make_problem(params.hidden, params.seed)
    exponents = [*H_EXPONENTS, params.log10_h]  # the grid, then the chosen h
    curves, best, numeric_at, error_at, per_parameter = {}, {}, {}, {}, {}

    for name, dtype in DTYPES.items():
        # finite differences and backprop, all in this precision
        x, y, theta = (t.to(device=device, dtype=dtype) for t in (x64, y64, theta64))
        steps = torch.tensor([10.0**e for e in exponents], dtype=dtype, device=device)
        numeric = finite_differences(theta, steps, x, y, params.hidden, params.activation)
        exact = backprop(theta, x, y, params.hidden, params.activation, params.bug).double().cpu()
        if name == "float64":
            backprop_64 = exact
        # the comparison, in float64 on the CPU
        for method in METHODS:
            key = f"{method}-{name}"
            values = numeric[method].double().cpu()
            errors = relative_error(values, exact)  # (K + 1,): the grid, then the chosen h
            curves[key] = _sig(errors[:-1].tolist())
            low = int(errors[:-1].argmin())
            best[key] = {"h": 10.0 ** H_EXPONENTS[low], "error": curves[key][low]}
            numeric_at[key] = _sig(values[-1].tolist(), 6)
            error_at[key] = _sig([float(errors[-1])])[0]
            # each parameter alone: |a − b| / max(|a|, |b|)
            per_parameter[key] = _sig(relative_error(values[-1, :, None], exact[:, None]).tolist())
        if progress is not None:
            progress({"dtype": name})

    eps = {name: torch.finfo(dtype).eps for name, dtype in DTYPES.items()}
    hidden = params.hidden
    return {
        "h": [10.0**e for e in H_EXPONENTS],
        "curves": curves,
        "best": best,
        "epsilon": eps,
        # where the two error terms balance, up to the function's own scale: √ε and ∛ε
        "theory_h": {
            f"{method}-{name}": e ** (0.5 if method == "forward" else 1 / 3) for name, e in eps.items() for method in METHODS
        },
        "selected": {
            "h": 10.0**params.log10_h,
            "backprop": _sig(backprop_64.tolist(), 6),
            "numeric": numeric_at,
            "error": error_at,
            "per_parameter": per_parameter,
        },
        "groups": [["W1", hidden * INPUTS], ["b1", hidden], ["W2", hidden], ["b2", 1]],
        "loss": float(batched_loss(theta64[None], x64, y64, hidden, params.activation)[0]),
    }
