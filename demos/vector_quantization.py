"""Vector quantization: fit a codebook of K vectors to 2-D points by alternating two steps.

assign: each point goes to its nearest code, q(x) = argmin_k ‖x − c_k‖² (its Voronoi cell);
update: each code moves towards the mean of its points, c_k ← γ·c_k + (1 − γ)·mean(cell k).

With γ = 0 this is Lloyd's algorithm for k-means; γ > 0 moves each code only part of the way, a
simplified form of VQ-VAE's exponential-moving-average codebook update (van den Oord et al., 2017,
appendix A.1, which averages counts and sums separately over mini-batches). Both steps can only lower
the distortion (a cell's squared error is convex in c_k and smallest at the mean), so it never rises.
A code whose cell holds no point has no mean and does not move: a dead code. An optional reset moves
dead codes onto random data points, a common fix in VQ training; it cannot raise the distortion
either, since the code it moves served no point.

The loop runs as tensors on the device. The Voronoi cells for the figure are convex polygons, cut out
of the plot box by the perpendicular bisectors to the other codes, in plain Python after read-back.
"""

import base64
import math
from collections.abc import Callable

import torch
from torch import Tensor

from demos.specs.vector_quantization import VectorQuantizationParams

Point = tuple[float, float]
DTYPE = torch.float32
BLOB_BOX = 4.0  # blob centres lie in [-4, 4]²
BLOB_STD = (0.35, 0.8)  # each blob's standard deviation is drawn from this range
CORNER_STD = 0.15  # spread of the "corner" initial codes


# ---------------------------------------------------------------------------------------------
# Data and initial codes
# ---------------------------------------------------------------------------------------------


def blobs(points: int, clusters: int, generator: torch.Generator) -> Tensor:
    """(points, 2) draws from `clusters` round Gaussian blobs of random centre and width, about equal in size."""
    centres = (torch.rand(clusters, 2, generator=generator) * 2 - 1) * BLOB_BOX
    stds = BLOB_STD[0] + (BLOB_STD[1] - BLOB_STD[0]) * torch.rand(clusters, generator=generator)
    which = torch.arange(points) % clusters
    return centres[which] + stds[which, None] * torch.randn(points, 2, generator=generator)


def plot_box(x: Tensor) -> tuple[float, float, float, float]:
    """A square (x0, x1, y0, y1) around the points, 5% margin on each side: the frame of the figure and the cells."""
    low, high = x.amin(dim=0).tolist(), x.amax(dim=0).tolist()
    half = max(high[0] - low[0], high[1] - low[1]) * 0.55
    cx, cy = (low[0] + high[0]) / 2, (low[1] + high[1]) / 2
    return (cx - half, cx + half, cy - half, cy + half)


def initial_codes(x: Tensor, codes: int, init: str, box: tuple[float, ...], generator: torch.Generator) -> Tensor:
    """The starting codebook (codes, 2), on the CPU."""
    x0, x1, y0, y1 = box
    if init == "data":  # K distinct data points (Forgy)
        return x[torch.randperm(len(x), generator=generator)[:codes]].clone()
    if init == "corner":  # a tight bunch near the lower-left corner
        corner = torch.tensor([x0 + 0.08 * (x1 - x0), y0 + 0.08 * (y1 - y0)])
        return corner + CORNER_STD * torch.randn(codes, 2, generator=generator)
    uniform = torch.rand(codes, 2, generator=generator)  # box: uniform over the plot box
    return torch.stack([x0 + (x1 - x0) * uniform[:, 0], y0 + (y1 - y0) * uniform[:, 1]], dim=1)


# ---------------------------------------------------------------------------------------------
# The two steps
# ---------------------------------------------------------------------------------------------


def assign(x: Tensor, codes: Tensor) -> tuple[Tensor, Tensor]:
    """(index of the nearest code per point, its squared distance); ties go to the lower index."""
    # (n, K) by coordinate differences, not ‖x‖² − 2x·c + ‖c‖², which cancels digits near the cell borders
    dx = x[:, 0, None] - codes[None, :, 0]
    dy = x[:, 1, None] - codes[None, :, 1]
    squared = dx * dx + dy * dy
    # argmin + gather, not min(dim=1): on a busy 2-core CPU torch's values-and-indices min took ~10 ms here
    index = squared.argmin(dim=1)
    return index, squared.gather(1, index[:, None])[:, 0]


def update(x: Tensor, codes: Tensor, index: Tensor, decay: float) -> tuple[Tensor, Tensor]:
    """(new codes, points per code). Each code with points moves to γ·c + (1 − γ)·mean; a dead one stays."""
    counts = torch.bincount(index, minlength=len(codes))
    sums = torch.zeros_like(codes).index_add_(0, index, x)
    means = sums / counts.clamp(min=1)[:, None].to(x.dtype)
    moved = decay * codes + (1 - decay) * means
    return torch.where(counts[:, None] > 0, moved, codes), counts


def fit(
    x: Tensor, codes: Tensor, iterations: int, decay: float, reset_to: Tensor | None = None
) -> dict[str, Tensor]:
    """Run the iterations; returns the history: codes (T+1, K, 2), assignments (T+1, n), counts (T+1, K),
    distortion (T+1,). Row t is the codebook after t updates and the assignment to it. `reset_to`
    (T, K) holds, per iteration, the data index each code jumps to if it is dead after that update."""
    history_codes, history_index, history_counts, history_distortion = [], [], [], []
    for t in range(iterations + 1):
        # assign
        index, distance = assign(x, codes)
        history_codes.append(codes)
        history_index.append(index)
        history_distortion.append(distance.mean())
        if t == iterations:
            history_counts.append(torch.bincount(index, minlength=len(codes)))
            break
        # update
        codes, counts = update(x, codes, index, decay)
        history_counts.append(counts)
        if reset_to is not None:  # revive the dead: jump onto a random data point
            codes = torch.where(counts[:, None] == 0, x[reset_to[t]], codes)
    return {
        "codes": torch.stack(history_codes),
        "index": torch.stack(history_index),
        "counts": torch.stack(history_counts),
        "distortion": torch.stack(history_distortion),
    }


# ---------------------------------------------------------------------------------------------
# Voronoi cells, for the figure
# ---------------------------------------------------------------------------------------------


def _clip(polygon: list[Point], normal: Point, offset: float) -> list[Point]:
    """The part of a convex polygon where normal·p ≤ offset (Sutherland–Hodgman against one line)."""
    nx, ny = normal
    side = [nx * px + ny * py - offset for px, py in polygon]  # > 0: outside
    if max(side) <= 0:  # the line misses the polygon: the common case, so answer it first
        return polygon
    out: list[Point] = []
    for i, (p, dp) in enumerate(zip(polygon, side)):
        q, dq = polygon[i - 1], side[i - 1]  # the edge q → p
        if (dq > 0) != (dp > 0):  # it crosses the line: keep the crossing
            s = dq / (dq - dp)
            out.append((q[0] + s * (p[0] - q[0]), q[1] + s * (p[1] - q[1])))
        if dp <= 0:
            out.append(p)
    return out


def voronoi_cells(codes: list[Point], box: tuple[float, float, float, float]) -> list[list[Point]]:
    """Per code, the polygon of the box where it is the nearest code (empty when another code sits on it
    with a lower index, matching assign's tie rule)."""
    x0, x1, y0, y1 = box
    cells = []
    for i, (ax, ay) in enumerate(codes):
        cell: list[Point] = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        # nearest codes first: they cut the most, and once a code is farther than twice the cell's
        # farthest corner its bisector cannot reach the cell, nor can any code after it
        others = sorted((math.dist((ax, ay), b), j, b) for j, b in enumerate(codes) if j != i)
        for distance, j, (bx, by) in others:
            if not cell or distance > 2 * max(math.dist((ax, ay), p) for p in cell):
                break
            if distance == 0:  # a twin: the lower index keeps the cell
                if j < i:
                    cell = []
                continue
            normal = (bx - ax, by - ay)  # closer to a than to b: normal·p ≤ normal·midpoint
            cell = _clip(cell, normal, normal[0] * (ax + bx) / 2 + normal[1] * (ay + by) / 2)
        cells.append(cell)
    return cells


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


def perplexity(counts: Tensor) -> Tensor:
    """exp of the entropy of the code usage: the effective number of codes in use (1 … K)."""
    p = counts.to(DTYPE) / counts.sum(dim=-1, keepdim=True)
    return torch.exp(-(p * torch.log(p.clamp(min=1e-30))).sum(dim=-1))


def _rounded(values: list | tuple, places: int = 3) -> list:
    """Nested coordinates to `places` decimals: about 4 significant digits in a box a few units wide."""
    return [_rounded(v, places) if isinstance(v, (list, tuple)) else round(v, places) for v in values]


def run(
    params: VectorQuantizationParams, device: torch.device, progress: Callable[[dict], None] | None = None
) -> dict:
    """The points, the plot box and one frame per iteration: codes, Voronoi cells, each point's code
    (base64 uint8), points per code, dead-code count, perplexity and distortion."""
    # data, initial codes and reset targets: drawn on the CPU so every device sees the same numbers
    generator = torch.Generator().manual_seed(params.seed)
    x = blobs(params.points, params.clusters, generator)
    box = plot_box(x)
    codes = initial_codes(x, params.codes, params.init, box, generator)
    reset_to = torch.randint(params.points, (params.iterations, params.codes), generator=generator)
    # iterations
    history = fit(
        x.to(device), codes.to(device), params.iterations, params.ema_decay,
        reset_to.to(device) if params.reset_dead else None,
    )
    usage = perplexity(history["counts"])

    # read back once
    host = {name: value.cpu() for name, value in history.items()}
    usage = usage.cpu().tolist()
    frames, cells = [], {}
    for t in range(params.iterations + 1):
        codebook = tuple(tuple(code) for code in host["codes"][t].double().tolist())
        counts = host["counts"][t].tolist()
        if codebook not in cells:  # a converged codebook repeats: cut its cells once
            cells[codebook] = [_rounded(cell) for cell in voronoi_cells(list(codebook), box)]
        frames.append({
            "codes": _rounded(codebook),
            "cells": cells[codebook],
            "index": base64.b64encode(bytes(host["index"][t].tolist())).decode("ascii"),
            "counts": counts,
            "dead": sum(count == 0 for count in counts),
            "perplexity": round(usage[t], 3),
            "distortion": float(f"{host['distortion'][t].item():.4g}"),
        })
        if progress is not None and t % 10 == 0:
            progress({"frame": t})
    return {
        "extent": _rounded(list(box)),
        "xs": _rounded(x[:, 0].tolist()),
        "ys": _rounded(x[:, 1].tolist()),
        "frames": frames,
    }
