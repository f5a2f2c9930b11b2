"""Rosenblatt's perceptron rule on the four corners of AND, OR and XOR, the three gates trained side by side.

Labels are y ∈ {−1, +1} and every input carries a constant 1 for the bias, x̃ = (x₁, x₂, 1). Writing z = y x̃,
the rule is: if w·z ≤ 0 (a mistake; a score of exactly 0 counts), w ← w + z. Starting from w = 0, a learning
rate η would only scale every weight by η and leave every sign test unchanged, so η = 1 and the weights are
small integers: float32 holds them exactly, which makes "the weights return to a value they held before" an
exact comparison rather than a tolerance.

Novikoff (1962): if ‖x̃‖ ≤ R for every example and some unit vector u has u·z ≥ γ > 0 for all of them, the rule
makes at most (R/γ)² mistakes, in any order. `max_margin` finds the largest such γ (the hard-margin separator
through the origin of the extended space), so the bound shown is the tightest the theorem gives.
"""

from collections.abc import Callable
from itertools import accumulate, combinations

import torch
from torch import Tensor

from demos.specs.perceptron import PerceptronParams

CORNERS = ((0, 0), (0, 1), (1, 0), (1, 1))  # in the order of the cyclic pass, as 0/1 truth-table rows
TARGETS = {  # y for each corner, in CORNERS order
    "and": (-1, -1, -1, 1),
    "or": (-1, 1, 1, 1),
    "xor": (-1, 1, 1, -1),
}
LEVELS = {"binary": (0, 1), "bipolar": (-1, 1)}  # the input values that stand for false and true


def extended_inputs(encoding: str) -> list[tuple[int, int, int]]:
    """The four corners as (x₁, x₂, 1) in the given encoding."""
    low, high = LEVELS[encoding]
    return [(high if a else low, high if b else low, 1) for a, b in CORNERS]


def max_margin(z: Tensor) -> tuple[Tensor, Tensor]:
    """Largest γ such that some unit u has z_i·u ≥ γ for every row i, for each of G problems; z is (G, P, D).

    Solves min ‖v‖² subject to z_i·v ≥ 1 (then γ = 1/‖v‖, u = v/‖v‖) exactly by active sets: the optimum is
    the minimum-norm solution of z_S v = 1 for its set S of tight constraints, so the feasible candidate of
    least norm over all 2^P − 1 sets S is the optimum (P = 4 here: 15 small pseudo-inverses, batched).
    Returns (γ (G,), u (G, D)); γ = 0 and u = 0 where no v is feasible, i.e. the data are not separable.
    """
    points = z.shape[1]
    masks = torch.tensor(
        [[float(i in subset) for i in range(points)]
         for size in range(1, points + 1) for subset in combinations(range(points), size)],
        dtype=z.dtype, device=z.device,
    )  # (S, P)
    systems = z[:, None] * masks[None, :, :, None]  # (G, S, P, D): rows outside S zeroed
    candidates = (torch.linalg.pinv(systems) @ masks[None, :, :, None])[..., 0]  # (G, S, D)
    feasible = ((candidates @ z.transpose(1, 2)) >= 1 - 1e-9).all(dim=-1)  # (G, S)
    norms = torch.where(feasible, candidates.norm(dim=-1), torch.inf)
    best_norm, best = norms.min(dim=-1)
    v = candidates[torch.arange(z.shape[0], device=z.device), best]
    separable = torch.isfinite(best_norm)
    gamma = torch.where(separable, 1 / best_norm, 0.0)
    u = torch.where(separable[:, None], v / best_norm[:, None], 0.0)
    return gamma, u


def visiting_order(params: PerceptronParams) -> list[int]:
    """Corner index of every step: 0,1,2,3 repeated, or a fresh permutation each pass from a CPU generator."""
    if params.order == "cyclic":
        return list(range(len(CORNERS))) * params.epochs
    generator = torch.Generator().manual_seed(params.seed)
    return [i for _ in range(params.epochs) for i in torch.randperm(len(CORNERS), generator=generator).tolist()]


def train(z: Tensor, order: Tensor) -> tuple[Tensor, Tensor]:
    """The perceptron rule on G problems at once; z is (G, P, D) signed examples, order (T,) example indices.

    Returns the weights before step 1 and after every step, (T + 1, G, D), and whether each step updated, (T, G).
    Nothing is read back inside the loop.
    """
    steps, (gates, _, dims) = order.shape[0], z.shape
    seen = z[:, order].transpose(0, 1)  # (T, G, D): the example met at each step
    weights = torch.zeros(steps + 1, gates, dims, dtype=z.dtype, device=z.device)
    updated = torch.empty(steps, gates, dtype=torch.bool, device=z.device)
    w = weights[0]
    for t in range(steps):
        # the sign test: a mistake is w·z ≤ 0
        torch.le((w * seen[t]).sum(dim=-1), 0, out=updated[t])
        # the update, only where there was a mistake
        w = torch.addcmul(w, updated[t, :, None].to(z.dtype), seen[t], out=weights[t + 1])
    return weights, updated


def first_revisit(states: list[tuple[int, ...]], updated: list[bool]) -> dict | None:
    """The first update that brings the weights back to a vector they held before, or None.

    Only states right after an update (and the start) count, so a pause on a correct example is no revisit.
    On separable data this never happens: each update raises u·w by at least γ > 0.
    """
    first_held: dict[tuple[int, ...], int] = {states[0]: 0}
    for step, did_update in enumerate(updated, start=1):
        if not did_update:
            continue
        if states[step] in first_held:
            return {"first": first_held[states[step]], "again": step, "weights": list(states[step])}
        first_held[states[step]] = step
    return None


def epoch_period(states: list[tuple[int, ...]], updated: list[bool], per_epoch: int) -> dict | None:
    """With the same order every pass: the first pass-start weights seen again with updates in between.

    The pass from a given start is then replayed exactly, so the weights go round this cycle forever.
    Returns {"start": epoch, "length": epochs, "updates": updates per cycle}, or None when no such repeat
    happens within the budget. A converged run is a fixed point (no updates), not a cycle: None.
    """
    first_seen: dict[tuple[int, ...], int] = {}
    for epoch in range(len(updated) // per_epoch + 1):
        state = states[epoch * per_epoch]
        if state in first_seen:
            start = first_seen[state]
            updates = sum(updated[start * per_epoch:epoch * per_epoch])
            return {"start": start, "length": epoch - start, "updates": updates} if updates else None
        first_seen[state] = epoch
    return None


def run(params: PerceptronParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """Train on AND, OR and XOR; per gate: weights at every step, updates, errors, margin, bound and cycle."""
    names = list(TARGETS)
    inputs = extended_inputs(params.encoding)
    x = torch.tensor(inputs, dtype=torch.float32, device=device)  # (P, D)
    y = torch.tensor([TARGETS[name] for name in names], dtype=torch.float32, device=device)  # (G, P)
    z = y[:, :, None] * x  # (G, P, D): y x̃, so a correct example has w·z > 0
    order = visiting_order(params)

    # geometry: the radius R of the inputs and the best margin γ of each gate
    gamma, u = max_margin(z.double())
    radius = x.double().norm(dim=-1).max()

    # training
    weights, updated = train(z, torch.tensor(order, device=device))
    errors = (torch.einsum("tgd,gpd->tgp", weights, z) <= 0).sum(dim=-1)  # (T + 1, G): examples the weights get wrong
    if progress is not None:
        progress({"step": len(order)})

    # read back once
    weights, updated, errors = weights.to(torch.int64).cpu(), updated.cpu(), errors.cpu()
    gamma, u, radius = gamma.cpu().tolist(), u.cpu().tolist(), float(radius)
    gates = {}
    for g, name in enumerate(names):
        states = [tuple(w) for w in weights[:, g].tolist()]
        steps_updated = updated[:, g].tolist()
        wrong = errors[:, g].tolist()
        zero = [t for t, count in enumerate(wrong) if count == 0]
        separable = gamma[g] > 0
        gates[name] = {
            "targets": list(TARGETS[name]),
            "separable": separable,
            "margin": round(gamma[g], 6) if separable else None,
            "separator": [round(c, 6) for c in u[g]] if separable else None,
            "bound": round((radius / gamma[g]) ** 2, 4) if separable else None,
            "weights": [list(s) for s in states],
            "updated": [int(b) for b in steps_updated],
            "updates_so_far": [0, *accumulate(int(b) for b in steps_updated)],
            "updates": sum(steps_updated),
            "errors": wrong,
            "converged_step": zero[0] if zero else None,
            "revisit": first_revisit(states, steps_updated),
            "period": epoch_period(states, steps_updated, len(CORNERS)) if params.order == "cyclic" else None,
        }
    return {
        "encoding": params.encoding,
        "points": [list(p[:2]) for p in inputs],
        "radius": round(radius, 6),
        "order": order,
        "steps": len(order),
        "gates": gates,
    }
