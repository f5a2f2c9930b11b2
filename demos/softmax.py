"""Softmax of shifted, temperature-scaled logits, its cross-entropy for one target and the gradient p − y, computed
both by the textbook formula and by the overflow-safe one.

With u = (z + c) / T, the safe form subtracts m = max u before exponentiating:

    p = e^(u − m) / Σ e^(u − m),        log p = u − m − log Σ e^(u − m)     (log-sum-exp)

The largest exponential is e⁰ = 1, so nothing overflows, and the factor e^(−m) cancels, so p is unchanged. For a
one-hot target y the cross-entropy is L = −log p_target, and ∂L/∂u = p − y: the exponentials in the softmax and the
log in the loss cancel. Through u = (z + c) / T, ∂L/∂z = (p − y) / T. The tests check all of it against
torch.softmax, F.cross_entropy and autograd.
"""

import math
from collections.abc import Callable

import torch
from torch import Tensor

from demos.specs.softmax import SWEEP_TEMPERATURES, SoftmaxParams

SWEEP_POINTS = 121  # temperatures in the probabilities-against-temperature plot
DTYPES = {"float32": torch.float32, "float64": torch.float64}


def log_softmax_stable(u: Tensor) -> Tensor:
    """log softmax over the last dimension by log-sum-exp: finite for any finite u."""
    m = u.max(dim=-1, keepdim=True).values
    shifted = u - m
    return shifted - torch.log(torch.exp(shifted).sum(dim=-1, keepdim=True))


def softmax_naive(u: Tensor) -> Tensor:
    """The textbook e^u / Σ e^u: inf/inf = NaN once some e^u overflows, 0/0 = NaN once all underflow."""
    e = torch.exp(u)
    return e / e.sum(dim=-1, keepdim=True)


def _number(value: float, digits: int = 6) -> float | None:
    """A JSON number rounded to `digits` significant digits; None for inf or NaN (JSON has neither)."""
    return float(f"{value:.{digits}g}") if math.isfinite(value) else None


def run(params: SoftmaxParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """Probabilities, cross-entropy, gradients and entropy by the safe form; the textbook form's exponentials and
    probabilities beside them (None where infinite or NaN); and the probabilities over a sweep of temperatures."""
    dtype = DTYPES[params.precision]
    z = torch.tensor(params.logits, dtype=dtype, device=device)
    u = (z + params.shift) / params.temperature
    y = torch.zeros_like(u)
    y[params.target] = 1  # one-hot target

    # the overflow-safe softmax and the loss
    m = u.max()
    shifted_exp = torch.exp(u - m)  # every entry in (0, 1], the largest exactly 1
    lse = m + torch.log(shifted_exp.sum())  # log Σ e^u, without forming any e^u
    log_p = log_softmax_stable(u)
    p = torch.exp(log_p)
    loss = -log_p[params.target]  # cross-entropy with a one-hot y = −log p_target
    grad_u = p - y  # ∂L/∂u
    entropy = -(p * log_p).sum()  # log_p is finite, so a p that underflows to 0 adds 0, not NaN

    # the textbook form, in the same float format
    naive_exp = torch.exp(u)
    naive_p = softmax_naive(u)

    # probabilities against temperature (the shift cancels, but it is applied as on the sliders' side)
    low, high = SWEEP_TEMPERATURES
    temperatures = torch.logspace(math.log10(low), math.log10(high), SWEEP_POINTS, dtype=dtype, device=device)
    sweep = torch.exp(log_softmax_stable((z + params.shift)[None, :] / temperatures[:, None]))
    if progress is not None:
        progress({"classes": len(params.logits)})

    # read back once
    values = {name: t.double().cpu().tolist() for name, t in {
        "u": u, "shifted_exp": shifted_exp, "log_p": log_p, "p": p, "grad_u": grad_u, "naive_exp": naive_exp,
        "naive_p": naive_p, "temperatures": temperatures, "sweep": sweep,
    }.items()}
    m, lse, loss, entropy = (float(t) for t in (m, lse, loss, entropy))
    limit = math.log(torch.finfo(dtype).max)
    return {
        "classes": len(params.logits),
        "scaled_logits": [_number(v) for v in values["u"]],
        "max": _number(m),
        "logsumexp": _number(lse),
        "shifted_exp": [_number(v) for v in values["shifted_exp"]],
        "probabilities": [_number(v) for v in values["p"]],
        "log_probabilities": [_number(v) for v in values["log_p"]],
        "cross_entropy": _number(loss),
        "gradient": [_number(v) for v in values["grad_u"]],  # with respect to u
        "gradient_logits": [_number(v / params.temperature) for v in values["grad_u"]],  # with respect to z
        "entropy": _number(entropy),
        "max_entropy": _number(math.log(len(params.logits))),
        "naive": {
            "exp": [_number(v) for v in values["naive_exp"]],  # None where e^u overflowed to infinity
            "probabilities": [_number(v) for v in values["naive_p"]],  # None where NaN
            "overflow": any(math.isinf(v) for v in values["naive_exp"]),
            "underflow": all(v == 0 for v in values["naive_exp"]),
            "exp_limit": round(limit, 2),  # the largest u whose e^u is finite in this format
        },
        "sweep": {
            "temperatures": [_number(t) for t in values["temperatures"]],
            "probabilities": [[_number(v, 4) for v in row] for row in values["sweep"]],
        },
    }
