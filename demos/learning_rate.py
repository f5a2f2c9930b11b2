"""Gradient descent on quadratics: how the learning rate, and its schedule, decide between creeping,
landing, zig-zagging and diverging.

On f(x) = ½λx² the gradient is λx, so one step x ← x − ηλx multiplies x by 1 − ηλ. The 2-D valley
f(x, y) = ½(λmin·x² + λmax·y²) does the same on each axis with its own curvature. |1 − ηλ| < 1 exactly
when 0 < η < 2/λ, so the steepest axis alone sets the divergence threshold 2/λmax, while the gentle axis
(factor 1 − ηλmin, close to 1) sets how slowly everything else converges.

The four rates run side by side as rows of one (rates, 3) tensor: column 0 is the 1-D x, columns 1 and 2
the 2-D (x, y). A schedule multiplies every rate by the same factor at each step.
"""

import math
from collections.abc import Callable

import torch

from demos.specs.learning_rate import LearningRateParams

START_1D = 1.5
START_2D = (-2.0, 0.8)
VIEW_1D = (-3.0, 3.0)  # x range of the 1-D panels
BOX_2D = (-2.5, 2.5, -1.5, 1.5)  # x_min, x_max, y_min, y_max of the 2-D panel
ESCAPE = 1e6  # a coordinate past this has left every plot for good: later values are sent as null
EXACT = 1e-9  # ηλ within this of 1 or 2 counts as exactly 1 or 2 when naming the regime


def schedule_factors(params: LearningRateParams) -> list[float]:
    """The factor s_t (η_t = η·s_t) for t = 0 … steps − 1, as torch.optim.lr_scheduler would give it.

    Linear warmup over W steps (s_t = (t + 1)/W, LinearLR), then the decay over the remaining steps
    counted from 0: step (γ^⌊s/size⌋, StepLR), exponential (γ^s, ExponentialLR) or cosine from 1 to 0
    over the remaining steps (CosineAnnealingLR with T_max = steps − W).
    """
    warmup, remaining = params.warmup_steps, params.steps - params.warmup_steps
    factors = []
    for t in range(params.steps):
        if t < warmup:
            factors.append((t + 1) / warmup)
            continue
        s = t - warmup
        if params.schedule == "step":
            factors.append(params.step_gamma ** (s // params.step_size))
        elif params.schedule == "exponential":
            factors.append(params.exp_gamma**s)
        elif params.schedule == "cosine":
            factors.append((1 + math.cos(math.pi * s / remaining)) / 2)
        else:
            factors.append(1.0)
    return factors


def regime(rate: float, curvature: float) -> str:
    """What a constant rate does along a direction of this curvature, from the factor q = 1 − ηλ."""
    r = rate * curvature
    if abs(r - 1) <= EXACT:
        return "one_step"  # q = 0
    if abs(r - 2) <= EXACT:
        return "bouncing"  # q = −1
    if r < 1:
        return "monotone"  # 0 < q < 1
    return "oscillating" if r < 2 else "divergent"


def descend(
    rates: torch.Tensor, factors: torch.Tensor, curvature: torch.Tensor, start: torch.Tensor
) -> torch.Tensor:
    """Gradient descent on ½·Σ curvature_j·x_j², one run per rate: returns the path (steps + 1, rates, dims)."""
    etas = rates[:, None] * factors[None, :]  # (rates, steps): η_t of each run
    path = torch.empty(factors.shape[0] + 1, rates.shape[0], curvature.shape[0], dtype=start.dtype,
                       device=start.device)
    path[0] = start
    for t in range(factors.shape[0]):
        grad = curvature * path[t]  # ∇f of a diagonal quadratic, one coordinate at a time
        path[t + 1] = path[t] - etas[:, t : t + 1] * grad
    return path


def _rounded(values: list[float]) -> list[float]:
    return [float(f"{v:.4g}") for v in values]


def _until_escape(values: list[float], escaped_at: int | None) -> list[float | None]:
    """Four significant digits, and null from the step where the run left for good."""
    cut = len(values) if escaped_at is None else escaped_at
    return _rounded(values[:cut]) + [None] * (len(values) - cut)


def run(params: LearningRateParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """Four rates on the 1-D parabola and the 2-D valley; returns their paths and losses per step,
    the schedule, each rate's regime, the threshold 2/λmax and what the page needs to draw the functions."""
    lam_max = params.lambda_max
    lam_min = lam_max / params.condition
    f64 = {"dtype": torch.float64, "device": device}

    # descend: columns (1-D x, 2-D x, 2-D y), each with its own curvature
    factors = schedule_factors(params)
    curvature = torch.tensor([lam_max, lam_min, lam_max], **f64)
    start = torch.tensor([START_1D, *START_2D], **f64)
    path = descend(torch.tensor(params.rates, **f64), torch.tensor(factors, **f64), curvature, start)

    # losses, and the first step where a run left every plot (non-finite counts as left)
    loss_1d = 0.5 * lam_max * path[..., 0] ** 2
    loss_2d = 0.5 * (curvature[1:] * path[..., 1:] ** 2).sum(dim=-1)
    left = ~(path.abs() <= ESCAPE).all(dim=-1)  # (steps + 1, rates); `<=` is False for NaN
    path, loss_1d, loss_2d, left = (x.cpu() for x in (path, loss_1d, loss_2d, left))  # the one read-back

    threshold = 2 / lam_max
    runs = []
    for i, rate in enumerate(params.rates):
        escaped = left[:, i].nonzero()
        escaped_at = int(escaped[0]) if len(escaped) else None
        etas = [rate * s for s in factors]
        runs.append({
            "rate": rate,
            "factor": round(1 - rate * lam_max, 6),  # per-step multiplier along the steep direction at the base rate
            "regime": regime(rate, lam_max),
            "steps_above_threshold": sum(eta > threshold for eta in etas),
            "escaped_at": escaped_at,
            "x_1d": _until_escape(path[:, i, 0].tolist(), escaped_at),
            "path_2d": [[x, y] for x, y in zip(_until_escape(path[:, i, 1].tolist(), escaped_at),
                                               _until_escape(path[:, i, 2].tolist(), escaped_at))],
            "loss_1d": _until_escape(loss_1d[:, i].tolist(), escaped_at),
            "loss_2d": _until_escape(loss_2d[:, i].tolist(), escaped_at),
            "eta": _rounded(etas),
        })
    if progress is not None:
        progress({"done": len(runs), "of": len(runs)})

    # what the page draws the functions with: the parabola sampled, the valley's contour ellipses
    xs = [VIEW_1D[0] + (VIEW_1D[1] - VIEW_1D[0]) * k / 120 for k in range(121)]
    x_min, x_max, y_min, y_max = BOX_2D
    corner = 0.5 * (lam_min * max(x_min**2, x_max**2) + lam_max * max(y_min**2, y_max**2))
    levels = [corner * 0.25**k for k in range(10)]  # each ellipse half the size of the last
    return {
        "lambda_max": lam_max,
        "lambda_min": lam_min,
        "threshold": threshold,
        "best_rate_2d": 2 / (lam_min + lam_max),
        "schedule": _rounded(factors),
        "runs": runs,
        "parabola": {"x": _rounded(xs), "f": _rounded([0.5 * lam_max * x * x for x in xs])},
        "view_1d": list(VIEW_1D),
        "box_2d": list(BOX_2D),
        # f = c on the valley is the ellipse with semi-axes √(2c/λmin) along x and √(2c/λmax) along y
        "contours": [[math.sqrt(2 * c / lam_min), math.sqrt(2 * c / lam_max)] for c in levels],
    }
