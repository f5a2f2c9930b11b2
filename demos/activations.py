"""Eight activation functions f(x) and their slopes f′(x) on one grid, with the slope's largest value made explicit.

f comes from PyTorch's own functions; f′ is written out by hand, one closed form per function, and the tests check
every one against autograd. The grid is k · x_max / n for k = −n…n, so x = 0, where ReLU and its relatives kink,
is a grid point exactly. Sigmoid's slope σ(1 − σ) peaks at 1/4 at x = 0; tanh's 1 − tanh² at 1; GELU's
Φ(x) + xφ(x) at x = √2 (where its derivative φ(x)(2 − x²) vanishes), a little above 1.
"""

import base64
import math
import struct
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import Tensor

from demos.specs.activations import FUNCTIONS, ActivationParams

NAMES = tuple(entry[0] for entry in FUNCTIONS)
HALF_GRID = 200  # grid points each side of 0: 401 in all, about one per pixel of the plot
SIDE = 1e-4  # one-sided slopes at 0 are read at ±SIDE
SQRT_2_OVER_PI = math.sqrt(2 / math.pi)
SOFTPLUS_THRESHOLD = 20.0  # F.softplus's default threshold, above which it is linear
GELU_TANH_CUBIC = 0.044715  # Hendrycks & Gimpel's tanh approximation, as in torch's gelu(approximate="tanh")


def forward(name: str, x: Tensor, p: ActivationParams) -> Tensor:
    """f(x) by PyTorch's own function for `name` (the step takes H(0) = 1, as the glossary's entry does)."""
    if name == "step":
        return torch.heaviside(x, torch.ones((), dtype=x.dtype, device=x.device))
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "tanh":
        return torch.tanh(x)
    if name == "relu":
        return F.relu(x)
    if name == "leaky_relu":
        return F.leaky_relu(x, p.leaky_slope)
    if name == "prelu":
        return F.prelu(x, torch.tensor([p.prelu_a], dtype=x.dtype, device=x.device))
    if name == "softplus":
        return F.softplus(x, beta=p.softplus_beta)
    if name == "gelu":
        return F.gelu(x, approximate=p.gelu_approximate)
    raise ValueError(f"unknown activation {name!r}")


def slope(name: str, x: Tensor, p: ActivationParams) -> Tensor:
    """f′(x) written by hand. At a kink (x = 0) it takes the value PyTorch's autograd takes there."""
    if name == "step":  # flat on both sides; the jump at 0 has no derivative (reported by the caller)
        return torch.zeros_like(x)
    if name == "sigmoid":
        s = torch.sigmoid(x)
        return s * (1 - s)
    if name == "tanh":
        return 1 - torch.tanh(x) ** 2
    if name in ("relu", "leaky_relu", "prelu"):
        negative_side = {"relu": 0.0, "leaky_relu": p.leaky_slope, "prelu": p.prelu_a}[name]
        return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, negative_side))
    if name == "softplus":  # d/dx (1/β) log(1 + e^(βx)) = σ(βx); torch returns x itself once βx > 20 (slope 1)
        bx = p.softplus_beta * x
        return torch.where(bx > SOFTPLUS_THRESHOLD, torch.ones_like(x), torch.sigmoid(bx))
    if name == "gelu" and p.gelu_approximate == "none":  # Φ(x) + x φ(x)
        cdf = 0.5 * (1 + torch.erf(x / math.sqrt(2)))
        pdf = torch.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
        return cdf + x * pdf
    if name == "gelu":  # ½x(1 + tanh u), u = c (x + k x³)
        t = torch.tanh(SQRT_2_OVER_PI * (x + GELU_TANH_CUBIC * x**3))
        du_dx = SQRT_2_OVER_PI * (1 + 3 * GELU_TANH_CUBIC * x * x)
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du_dx
    raise ValueError(f"unknown activation {name!r}")


def _b64(values: Tensor) -> str:
    """Little-endian float32 bytes in base64 (the page reads them with a Float32Array)."""
    numbers = values.tolist()
    return base64.b64encode(struct.pack(f"<{len(numbers)}f", *numbers)).decode("ascii")


def _sig(value: float) -> float:
    """Four significant digits: what a table cell or a label shows."""
    return float(f"{value:.4g}")


def run(params: ActivationParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """f and f′ of all eight functions on the grid (base64 float32), each slope's maximum on the grid, the values
    at x₀, and the one-sided slopes and jump at 0."""
    x = torch.arange(-HALF_GRID, HALF_GRID + 1, device=device, dtype=torch.float32) * (params.x_max / HALF_GRID)
    probes = torch.tensor([params.x0, -SIDE, 0.0, SIDE], device=device)  # x₀, then 0⁻, 0, 0⁺

    # every function and slope, on the grid and at the probes
    f = torch.stack([forward(name, x, params) for name in NAMES])  # (8, N)
    df = torch.stack([slope(name, x, params) for name in NAMES])
    f_probe = torch.stack([forward(name, probes, params) for name in NAMES])  # (8, 4)
    df_probe = torch.stack([slope(name, probes, params) for name in NAMES])

    # the largest slope on the grid, and the stretch of grid points where it is reached (a ray for ReLU, a point
    # for sigmoid); `after` is the grid point just before that stretch, so ReLU's reads "0 < x ≤ x_max"
    peak = df.max(dim=1).values
    at_peak = df >= peak[:, None] - 1e-6 * peak.abs().clamp(min=1)[:, None]
    first = at_peak.to(torch.uint8).argmax(dim=1)  # argmax returns the first maximum
    last = x.shape[0] - 1 - at_peak.flip(dims=[1]).to(torch.uint8).argmax(dim=1)
    if progress is not None:
        progress({"functions": len(NAMES)})

    # read back once
    x, f, df = x.cpu(), f.cpu(), df.cpu()
    f_probe, df_probe = f_probe.double().cpu().tolist(), df_probe.double().cpu().tolist()
    peak, first, last = peak.cpu().tolist(), first.cpu().tolist(), last.cpu().tolist()
    functions = {}
    for i, name in enumerate(NAMES):
        (f_x0, f_left, _, f_right), (df_x0, df_left, df_zero, df_right) = f_probe[i], df_probe[i]
        functions[name] = {
            "f": _b64(f[i]),
            "df": _b64(df[i]),
            "range": [_sig(float(f[i].min())), _sig(float(f[i].max()))],
            "max_slope": {
                "value": _sig(peak[i]),
                "from": _sig(float(x[first[i]])),
                "to": _sig(float(x[last[i]])),
                "after": _sig(float(x[first[i] - 1])) if first[i] > 0 else None,
            },
            "at_x0": {"f": _sig(f_x0), "slope": _sig(df_x0)},
            "at_zero": {
                "left": _sig(df_left), "value": _sig(df_zero), "right": _sig(df_right),
                # a kink: the one-sided slopes differ; a jump: f itself leaps (the step), so f′(0) is no number.
                # Across ±SIDE a smooth f moves by at most 2·SIDE·max|f′| < 1e-3, far below both thresholds.
                "kink": abs(df_right - df_left) > 1e-3,
                "jump": abs(f_right - f_left) > 1e-3,
            },
        }
    return {
        "x": _b64(x),
        "x_max": params.x_max,
        "x0": params.x0,
        "names": list(NAMES),
        "functions": functions,
    }
