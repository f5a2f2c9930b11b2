"""Overfitting: a two-hidden-layer tanh net fitted to a few noisy points and watched on held-out points.

The data are noisy samples of sin(3x) on [−1, 1], split into a small training set and 100 validation
points. The net (1 → width → width → 1) keeps its parameters in one flat buffer in nn.Linear's layout
(W1, b1, W2, b2, W3, b3), so the hand-written AdamW update is a handful of tensor ops on one tensor;
forward and backward passes are written by hand too (the tests compare them with nn.Linear, autograd and
torch.optim.AdamW).

Each step runs one forward pass over three blocks of rows: the training points with this step's dropout
masks (the loss being minimised), the same points without dropout and the validation points (the two
curves of the figure, both as a model in eval mode would give them). Only the first block is
backpropagated. The weights with the lowest validation loss so far are kept on the device as training goes
(a `where`, nothing read back): early stopping that restores the best weights, with patience long enough
to see the whole run.
"""

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import Tensor

from demos.specs.overfitting import VAL_POINTS, OverfittingParams

BETAS, ADAM_EPS = (0.9, 0.999), 1e-8  # torch.optim.AdamW's defaults
GRID = 161  # points of the fitted curves over [−1, 1]
PROGRESS_EVERY = 100  # steps between progress events


def truth(x: Tensor) -> Tensor:
    return torch.sin(3 * x)


# ---------------------------------------------------------------------------------------------
# Data, initial weights and dropout masks, all drawn from one CPU generator
# ---------------------------------------------------------------------------------------------


@dataclass
class Problem:
    x_train: Tensor  # (n, 1)
    y_train: Tensor
    x_val: Tensor  # (100, 1)
    y_val: Tensor
    weights: Tensor  # initial θ, flat
    generator: torch.Generator  # next draws: the dropout masks, step by step


def layer_shapes(width: int) -> list[tuple[int, ...]]:
    """Weight and bias shapes of the three nn.Linear layers, in θ's order."""
    return [(width, 1), (width,), (width, width), (width,), (1, width), (1,)]


def make_problem(params: OverfittingParams) -> Problem:
    """Draw the points (uniform x, sin 3x + σ·noise), split them, and initialise θ as nn.Linear does:
    every weight and bias uniform in ±1/√fan_in. Float64 on the CPU; the caller moves them."""
    gen = torch.Generator().manual_seed(params.seed)
    f64 = torch.float64
    n = params.n_train
    x = torch.rand(n + VAL_POINTS, 1, generator=gen, dtype=f64) * 2 - 1
    y = truth(x) + params.noise * torch.randn(n + VAL_POINTS, 1, generator=gen, dtype=f64)
    pieces = []
    for fan_in, fan_out in ((1, params.width), (params.width, params.width), (params.width, 1)):
        bound = 1 / math.sqrt(fan_in)  # nn.Linear's default for both weight and bias
        for shape in ((fan_out, fan_in), (fan_out,)):
            pieces.append((torch.rand(shape, generator=gen, dtype=f64) * 2 - 1).mul_(bound).flatten())
    return Problem(x[:n], y[:n], x[n:], y[n:], torch.cat(pieces), gen)


def draw_masks(gen: torch.Generator, rows: int, width: int, p: float) -> Tensor:
    """This step's dropout masks for both hidden layers, (2, rows, width): 0 (dropped) or 1/(1 − p) (kept)."""
    keep = torch.rand(2, rows, width, generator=gen, dtype=torch.float64) >= p
    return keep.to(torch.float64) / (1 - p)


def unpack(theta: Tensor, width: int) -> list[Tensor]:
    """Views of the flat θ (or of a gradient laid out like it) as the six tensors of layer_shapes."""
    views, start = [], 0
    for shape in layer_shapes(width):
        size = math.prod(shape)
        views.append(theta[start : start + size].view(shape))
        start += size
    return views


# ---------------------------------------------------------------------------------------------
# The net, by hand
# ---------------------------------------------------------------------------------------------


def forward(layers: list[Tensor], x: Tensor, masks: Tensor | None = None) -> tuple[Tensor, tuple]:
    """Outputs (rows, 1) and what backward needs. `layers` are unpack(θ)'s views; `masks` (2, n, width)
    multiply the hidden units of the first n rows (the block being trained)."""
    w1, b1, w2, b2, w3, b3 = layers
    a1 = torch.tanh(torch.addmm(b1, x, w1.T))
    h1 = a1 if masks is None else torch.cat([a1[: masks.shape[1]] * masks[0], a1[masks.shape[1] :]])
    a2 = torch.tanh(torch.addmm(b2, h1, w2.T))
    h2 = a2 if masks is None else torch.cat([a2[: masks.shape[1]] * masks[1], a2[masks.shape[1] :]])
    return torch.addmm(b3, h2, w3.T), (x, a1, h1, a2, h2, masks)


def backward(layers: list[Tensor], cache: tuple, d_out: Tensor, grads: list[Tensor]) -> None:
    """Write dL/dθ into `grads` (unpack's views of a flat gradient buffer) from dL/d(output) of the first
    len(d_out) rows; the other rows are not backpropagated."""
    _, _, w2, _, w3, _ = layers
    n = d_out.shape[0]
    x, a1, h1, a2, h2, masks = cache
    x, a1, h1, a2, h2 = x[:n], a1[:n], h1[:n], a2[:n], h2[:n]
    d_z2 = torch.addcmul(torch.ones_like(a2), a2, a2, value=-1).mul_(d_out @ w3)  # tanh' = 1 − a²
    if masks is not None:
        d_z2.mul_(masks[1])
    d_z1 = torch.addcmul(torch.ones_like(a1), a1, a1, value=-1).mul_(d_z2 @ w2)
    if masks is not None:
        d_z1.mul_(masks[0])
    g_w1, g_b1, g_w2, g_b2, g_w3, g_b3 = grads
    torch.mm(d_z1.T, x, out=g_w1)
    torch.sum(d_z1, 0, out=g_b1)
    torch.mm(d_z2.T, h1, out=g_w2)
    torch.sum(d_z2, 0, out=g_b2)
    torch.mm(d_out.T, h2, out=g_w3)
    torch.sum(d_out, 0, out=g_b3)


def make_adamw(lr: float, weight_decay: float, like: Tensor) -> Callable[[Tensor, Tensor], None]:
    """update(θ, grad) with torch.optim.AdamW's arithmetic (default betas and eps), in place."""
    (beta1, beta2), m, v = BETAS, torch.zeros_like(like), torch.zeros_like(like)
    t = 0

    def update(theta: Tensor, grad: Tensor) -> None:
        nonlocal t
        t += 1
        if weight_decay:
            theta.mul_(1 - lr * weight_decay)  # decoupled decay: shrink first, outside the moments
        m.lerp_(grad, 1 - beta1)
        v.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        denom = (v.sqrt() / math.sqrt(1 - beta2**t)).add_(ADAM_EPS)
        theta.addcdiv_(m, denom, value=-lr / (1 - beta1**t))

    return update


# ---------------------------------------------------------------------------------------------
# Training, watched on the validation set
# ---------------------------------------------------------------------------------------------


@dataclass
class History:
    train: Tensor  # (steps + 1,) training MSE without dropout, after t updates
    val: Tensor  # (steps + 1,) validation MSE after t updates
    norm: Tensor  # (steps + 1,) ‖θ‖₂ after t updates
    final: Tensor  # θ after all updates
    best: Tensor  # θ with the lowest validation loss (the first, if tied)


def train(
    params: OverfittingParams,
    device: torch.device,
    dtype: torch.dtype = torch.float32,
    progress: Callable[[dict], None] | None = None,
) -> tuple[Problem, History]:
    """Full-batch AdamW for params.steps steps; the losses and norm of every step, the last and the best θ."""
    problem = make_problem(params)
    to = {"device": device, "dtype": dtype}
    n, width, p = params.n_train, params.width, params.dropout
    # rows: training points (with dropout) | the same without dropout | validation points
    x = torch.cat([problem.x_train, problem.x_train, problem.x_val]).to(**to)
    y = torch.cat([problem.y_train, problem.y_train, problem.y_val]).to(**to)
    # averaging matrix: (averages @ squared residuals) = the three blocks' mean squared errors
    averages = torch.zeros(3, 2 * n + VAL_POINTS, **to)
    averages[0, :n], averages[1, n : 2 * n], averages[2, 2 * n :] = 1 / n, 1 / n, 1 / VAL_POINTS
    theta = problem.weights.to(**to)
    grad = torch.empty_like(theta)
    layers, grads = unpack(theta, width), unpack(grad, width)  # views: they follow the in-place updates
    update = make_adamw(params.lr, params.weight_decay, theta)
    losses = torch.empty(params.steps + 1, 3, **to)
    norms = torch.empty(params.steps + 1, **to)
    best, best_val = theta.clone(), torch.tensor(math.inf, **to)

    for t in range(params.steps + 1):
        masks = draw_masks(problem.generator, n, width, p).to(**to) if p > 0 and t < params.steps else None
        # forward: every block at once; the mean squared error of each block
        out, cache = forward(layers, x, masks)
        residual = out - y
        torch.mv(averages, residual[:, 0] * residual[:, 0], out=losses[t])
        torch.linalg.vector_norm(theta, out=norms[t])
        # early stopping: remember the weights with the lowest validation loss, on the device
        better = losses[t, 2] < best_val
        best_val = torch.where(better, losses[t, 2], best_val)
        best = torch.where(better, theta, best)
        if t == params.steps:
            break
        if progress is not None and t % PROGRESS_EVERY == 0:
            progress({"step": t})  # where the time budget is enforced; nothing is read back
        # backward, through the dropout block only
        backward(layers, cache, residual[:n] * (2 / n), grads)
        # update
        update(theta, grad)
    return problem, History(losses[:, 1], losses[:, 2], norms, theta, best)


def _b64(values: Tensor) -> str:
    """Little-endian float32 bytes, base64: a curve of 3001 values in 16 KB."""
    raw = values.to(torch.float32).cpu().contiguous().view(torch.uint8)
    return base64.b64encode(bytes(raw.tolist())).decode("ascii")


def _rounded(values: Tensor) -> list[float]:
    return [float(f"{v:.4g}") for v in values.tolist()]


def run(params: OverfittingParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """Train once; returns the points, the true and fitted curves (final and at the early-stopping step), and the
    training loss, validation loss and weight norm of every step (base64 float32, steps + 1 values each)."""
    problem, history = train(params, device, progress=progress)
    grid = torch.linspace(-1, 1, GRID, dtype=torch.float64)
    grid_on = grid[:, None].to(device=device, dtype=history.final.dtype)
    fit_final = forward(unpack(history.final, params.width), grid_on)[0][:, 0]
    fit_best = forward(unpack(history.best, params.width), grid_on)[0][:, 0]
    train_loss, val_loss, norm = history.train.cpu(), history.val.cpu(), history.norm.cpu()  # the read-back
    best_step = int(val_loss.argmin())  # the first minimum, as the on-device tracking kept it
    return {
        "train_points": {"x": _rounded(problem.x_train[:, 0]), "y": _rounded(problem.y_train[:, 0])},
        "val_points": {"x": _rounded(problem.x_val[:, 0]), "y": _rounded(problem.y_val[:, 0])},
        "grid": _rounded(grid),
        "truth": _rounded(truth(grid)),
        "fit_final": _rounded(fit_final),
        "fit_best": _rounded(fit_best),
        "steps": params.steps,
        "train_loss": _b64(train_loss),
        "val_loss": _b64(val_loss),
        "weight_norm": _b64(norm),
        "best_step": best_step,
        "best": {"train": float(train_loss[best_step]), "val": float(val_loss[best_step])},
        "final": {
            "train": float(train_loss[-1]),
            "val": float(val_loss[-1]),
            "ratio": float(val_loss[-1] / train_loss[-1]),  # how far the training loss ends below the validation loss
            "norm": float(norm[-1]),
        },
        # what the true function itself scores on these very points: no model can expect to beat it on validation
        "truth_loss": {
            "train": float(((truth(problem.x_train) - problem.y_train) ** 2).mean()),
            "val": float(((truth(problem.x_val) - problem.y_val) ** 2).mean()),
        },
    }
