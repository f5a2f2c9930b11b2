"""Weight initialization: histograms of every layer's activations for four standard deviations of the weights.

The textbook experiment (CS231n's lecture on training neural networks; Saito, Deep Learning from Scratch,
§6.2): N(0, 1) inputs go through a stack of fully connected layers without biases, and the activations
of each layer are histogrammed. The weights are one N(0, 1) draw scaled four ways: std 1, std 0.01,
Xavier √(2/(n_in + n_out)) and He √(2/n_in). All layers are n × n, so Xavier is 1/√n here. Sharing the draw
means the four rows differ only by the scale, which is the lesson.

Two shares summarise each histogram:
- saturated: the slope f'(z) is under SATURATION of its peak (sigmoid, tanh; ReLU has no saturated side),
- near f(0): |z| < NEAR_ZERO, so the unit outputs about f(0) whatever its input.
"""

import math
from collections.abc import Callable

import torch
from torch import Tensor

from demos.specs.weight_init import WeightInitParams

INITS = ("std_1", "std_0_01", "xavier", "he")
RECOMMENDED = {"sigmoid": "xavier", "tanh": "xavier", "relu": "he"}
FORWARD: dict[str, Callable[[Tensor], Tensor]] = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}
# Histogram range per activation: the sigmoid's and tanh's whole output range; for ReLU, up to 3, where
# He-initialized activations (std ≈ 0.8 at n = 100) thin out. Larger values count as off scale.
RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 3.0)}
BINS = 31  # odd: one bin is centred on the middle of the range, f(0) for sigmoid and tanh, so a collapse is one bar
SATURATION = 0.1  # a slope below 10% of the activation's largest slope counts as saturated
NEAR_ZERO = 0.1  # |z| below this counts as "near f(0)"


def init_stds(units: int) -> dict[str, float]:
    """The weight standard deviation of each initialization for an n × n layer."""
    return {"std_1": 1.0, "std_0_01": 0.01, "xavier": math.sqrt(2 / (units + units)), "he": math.sqrt(2 / units)}


def relative_slope(activation: str, z: Tensor, a: Tensor) -> Tensor:
    """f'(z) divided by its largest value: 4a(1 − a) for sigmoid, 1 − a² for tanh, the step for ReLU."""
    if activation == "sigmoid":
        return 4 * a * (1 - a)
    if activation == "tanh":
        return 1 - a * a
    return (z > 0).to(a.dtype)


def histogram(values: Tensor, low: float, high: float, skip_zeros: bool) -> Tensor:
    """(K, M) values → (K, BINS) shares of all M values in BINS equal bins over [low, high] (high included).

    Values outside the range, and exact zeros when `skip_zeros`, count in no bin.
    """
    counted = (values >= low) & (values <= high)
    if skip_zeros:
        counted &= values != 0
    index = ((values - low) * (BINS / (high - low))).floor().clamp_(0, BINS - 1).long()
    counts = torch.zeros(values.shape[0], BINS, dtype=values.dtype, device=values.device)
    counts.scatter_add_(1, index, counted.to(values.dtype))
    return counts / values.shape[1]


def activations(params: WeightInitParams, device: torch.device) -> tuple[list[Tensor], list[Tensor]]:
    """Pre-activations z and activations a of every layer for the four initializations, each (4, N·n).

    The inputs and the unit draw come from a CPU generator, so every device sees the same numbers.
    """
    n, gen = params.units, torch.Generator().manual_seed(params.seed)
    x = torch.randn(params.samples, n, generator=gen).to(device)
    unit_draw = torch.randn(params.layers, n, n, generator=gen).to(device)  # (layer, out, in), as nn.Linear
    stds = torch.tensor([init_stds(n)[name] for name in INITS], device=device).view(4, 1, 1)
    f = FORWARD[params.activation]
    h = x.expand(4, -1, -1)  # (init, N, n)
    pre, post = [], []
    for layer in range(params.layers):
        weight = stds * unit_draw[layer]  # (4, n, n)
        z = torch.bmm(h, weight.transpose(1, 2))
        h = f(z)
        pre.append(z.reshape(4, -1))
        post.append(h.reshape(4, -1))
    return pre, post


def run(params: WeightInitParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """Per initialization and layer: histogram shares and the saturated / near-f(0) / zero / off-scale shares.

    `inits[i]["layers"][l]` describes layer l + 1 of initialization INITS[i]; shares keep 4 decimals and
    `saturated` is None for ReLU.
    """
    low, high = RANGES[params.activation]
    is_relu = params.activation == "relu"
    pre, post = activations(params, device)
    rows = []  # per layer: (4, BINS + 6) = histogram, saturated, near f(0), zero, off scale, mean, std
    for z, a in zip(pre, post):
        shares = [
            (relative_slope(params.activation, z, a) < SATURATION).to(a.dtype).mean(dim=1),
            (z.abs() < NEAR_ZERO).to(a.dtype).mean(dim=1),
            (a == 0).to(a.dtype).mean(dim=1),
            ((a < low) | (a > high)).to(a.dtype).mean(dim=1),
            a.mean(dim=1),
            a.std(dim=1),
        ]
        rows.append(torch.cat([histogram(a, low, high, skip_zeros=is_relu), torch.stack(shares, dim=1)], dim=1))
    table = torch.stack(rows, dim=1).double().cpu().tolist()  # (4, layers, BINS + 6): the one read-back
    stds = init_stds(params.units)
    inits = []
    for name, layers in zip(INITS, table):
        described = []
        for row in layers:
            saturated, near_zero, zero, beyond, mean, std = row[BINS:]
            described.append({
                "hist": [round(v, 4) for v in row[:BINS]],
                "saturated": None if is_relu else round(saturated, 4),
                "near_zero": round(near_zero, 4),
                "zero": round(zero, 4),
                "beyond": round(beyond, 4),
                "mean": float(f"{mean:.4g}"),
                "std": float(f"{std:.4g}"),
            })
        inits.append({"id": name, "std": round(stds[name], 6), "layers": described})
    return {
        "activation": params.activation,
        "range": [low, high],
        "bins": BINS,
        "recommended": RECOMMENDED[params.activation],
        "inits": inits,
    }
