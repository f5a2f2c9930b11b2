"""Batch normalization: one deep MLP trained twice, plain and with batch norm, forward and backward by hand.

Both nets start from the same weights and see the same mini-batches of a three-arm spiral. The plain
layer is a = f(W h + b); the batch-normalized layer drops b (the mean subtraction would cancel it) and is

    a = f(γ ⊙ x̂ + β),   x̂ = (z − μ_B) / √(σ²_B + ε),   z = W h

with μ_B, σ²_B the mean and biased variance of each feature over the mini-batch. Training also moves the
running estimates toward the batch statistics (momentum 0.1, the running variance taking the unbiased
σ²_B·m/(m − 1)); evaluation uses those estimates instead. This is nn.BatchNorm1d's arithmetic, and the tests
hold it to nn.BatchNorm1d in both modes.

Recorded along the way, without reading anything back until the end: the mini-batch loss of every step,
the loss and accuracy on the whole data set in eval mode at about RECORDS points, and at every other one of
those the 15th/50th/85th percentiles of what each layer's activation function receives on the training
batch (the figure of Ioffe and Szegedy, 2015, Fig. 1, for every layer).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from torch import Tensor

from demos.specs.batch_norm import PERCENTILES, POINTS, BatchNormParams

CLASSES = 3
MOMENTUM, EPS = 0.1, 1e-5  # nn.BatchNorm1d's defaults
RECORDS = 40  # evaluation points along a run
FORWARD: dict[str, Callable[[Tensor], Tensor]] = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}


# ---------------------------------------------------------------------------------------------
# Batch normalization, forward and backward
# ---------------------------------------------------------------------------------------------


def batch_norm(
    z: Tensor, gamma: Tensor, beta: Tensor, running_mean: Tensor, running_var: Tensor, training: bool
) -> tuple[Tensor, Tensor, Tensor]:
    """y = γ ⊙ (z − μ)/√(σ² + ε) + β for z of shape (m, features); returns y, x̂ and 1/√(σ² + ε).

    Training: μ, σ² are this batch's (σ² biased), and the running estimates move toward them in place.
    Evaluation: μ, σ² are the running estimates.
    """
    if training:
        mean = z.mean(dim=0)
        centred = z - mean
        var = centred.square().mean(dim=0)
        running_mean.lerp_(mean, MOMENTUM)
        running_var.lerp_(var * (z.shape[0] / (z.shape[0] - 1)), MOMENTUM)
    else:
        centred, var = z - running_mean, running_var
    inv_std = (var + EPS).rsqrt()
    x_hat = centred * inv_std
    return torch.addcmul(beta, x_hat, gamma), x_hat, inv_std


def batch_norm_backward(dy: Tensor, x_hat: Tensor, inv_std: Tensor, gamma: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """∂L/∂z, ∂L/∂γ, ∂L/∂β of a training-mode batch norm, given ∂L/∂y.

    μ and σ² depend on every row of z, so each input's gradient has two correction terms:
    ∂L/∂z = γ/σ · (∂L/∂y − (Σ ∂L/∂y + x̂ ⊙ Σ(∂L/∂y ⊙ x̂))/m), sums over the m rows of the batch.
    """
    d_beta = dy.sum(dim=0)
    d_gamma = (dy * x_hat).sum(dim=0)
    dz = (dy - torch.addcmul(d_beta, x_hat, d_gamma) / dy.shape[0]) * (gamma * inv_std)
    return dz, d_gamma, d_beta


# ---------------------------------------------------------------------------------------------
# The net
# ---------------------------------------------------------------------------------------------


def activation_backward(activation: str, d_a: Tensor, a: Tensor) -> Tensor:
    """∂L/∂z = ∂L/∂a ⊙ f'(z), with f' from the output a = f(z): a(1 − a), 1 − a², or the step a > 0."""
    if activation == "sigmoid":
        d_a_times_a = d_a * a
        return torch.addcmul(d_a_times_a, d_a_times_a, a, value=-1)
    if activation == "tanh":
        return torch.addcmul(d_a, d_a * a, a, value=-1)
    return torch.where(a > 0, d_a, 0.0)


@dataclass
class Mlp:
    """Hidden layers (W, shift) with shift = b (plain) or β (batch norm), plus γ and running statistics with
    batch norm, then a linear head to CLASSES logits. `parameters()` and `backward()` use the same order."""

    activation: str
    weights: list[Tensor]
    shifts: list[Tensor]
    head_weight: Tensor
    head_bias: Tensor
    scales: list[Tensor] | None = None  # γ; None for the plain net
    running: list[tuple[Tensor, Tensor]] = field(default_factory=list)

    @property
    def normalized(self) -> bool:
        return self.scales is not None

    def parameters(self) -> list[Tensor]:
        return [*self.weights, *self.shifts, *(self.scales or []), self.head_weight, self.head_bias]

    def forward(self, x: Tensor, training: bool) -> tuple[Tensor, list[tuple]]:
        """Logits (m, CLASSES) and, per layer, (input h, activation input, activation a, x̂, 1/σ) for backward."""
        f, h, cache = FORWARD[self.activation], x, []
        for i, weight in enumerate(self.weights):
            if self.normalized:
                mean, var = self.running[i]
                pre, x_hat, inv_std = batch_norm(h @ weight.T, self.scales[i], self.shifts[i], mean, var, training)
            else:
                pre, x_hat, inv_std = torch.addmm(self.shifts[i], h, weight.T), None, None
            a = f(pre)
            cache.append((h, pre, a, x_hat, inv_std))
            h = a
        return torch.addmm(self.head_bias, h, self.head_weight.T), cache

    def backward(self, d_logits: Tensor, cache: list[tuple]) -> list[Tensor]:
        """Gradients of the loss for parameters(), from ∂L/∂logits and a training-mode forward's cache."""
        d_weights, d_shifts, d_scales = [], [], []
        head_input = cache[-1][2]
        d_head_weight, d_head_bias = d_logits.T @ head_input, d_logits.sum(dim=0)
        d_h = d_logits @ self.head_weight
        for i in reversed(range(len(self.weights))):
            h, _, a, x_hat, inv_std = cache[i]
            d_pre = activation_backward(self.activation, d_h, a)
            if self.normalized:
                d_z, d_gamma, d_beta = batch_norm_backward(d_pre, x_hat, inv_std, self.scales[i])
                d_scales.append(d_gamma)
                d_shifts.append(d_beta)
            else:
                d_z = d_pre
                d_shifts.append(d_pre.sum(dim=0))
            d_weights.append(d_z.T @ h)
            if i > 0:
                d_h = d_z @ self.weights[i]
        return [*d_weights[::-1], *d_shifts[::-1], *d_scales[::-1], d_head_weight, d_head_bias]


def init_std(init: str, fan_in: int, fan_out: int) -> float:
    return {
        "xavier": math.sqrt(2 / (fan_in + fan_out)), "he": math.sqrt(2 / fan_in), "std_0_01": 0.01, "std_1": 1.0,
    }[init]


def initial_weights(params: BatchNormParams, gen: torch.Generator) -> list[Tensor]:
    """Hidden weight matrices (out, in) drawn normal with the chosen std, then the head (Xavier) last."""
    sizes = [2] + [params.width] * params.depth
    weights = [
        torch.randn(fan_out, fan_in, generator=gen) * init_std(params.init, fan_in, fan_out)
        for fan_in, fan_out in zip(sizes, sizes[1:])
    ]
    weights.append(torch.randn(CLASSES, params.width, generator=gen) * init_std("xavier", params.width, CLASSES))
    return weights


def build(params: BatchNormParams, weights: list[Tensor], normalized: bool, device: torch.device) -> Mlp:
    """A net with its own copies of `weights`: zero biases (plain), or γ = 1, β = 0 and running (0, 1) statistics."""
    hidden = [w.to(device, copy=True) for w in weights[:-1]]
    zeros = [torch.zeros(params.width, device=device) for _ in hidden]
    net = Mlp(params.activation, hidden, zeros, weights[-1].to(device, copy=True), torch.zeros(CLASSES, device=device))
    if normalized:
        net.scales = [torch.ones(params.width, device=device) for _ in hidden]
        net.running = [(torch.zeros(params.width, device=device), torch.ones(params.width, device=device))
                       for _ in hidden]
    return net


# ---------------------------------------------------------------------------------------------
# Data and training
# ---------------------------------------------------------------------------------------------


def spiral(gen: torch.Generator) -> tuple[Tensor, Tensor]:
    """POINTS points on three interleaved arms (after CS231n's spiral, with 2.5 rad of turn per arm so a small
    net can learn it in a few hundred steps), standardized per coordinate, and their labels."""
    per_class = POINTS // CLASSES
    radius = torch.linspace(0.0, 1.0, per_class).repeat(CLASSES)
    labels = torch.arange(CLASSES).repeat_interleave(per_class)
    angle = labels * (2 * math.pi / CLASSES) + radius * 2.5 + torch.randn(POINTS, generator=gen) * 0.2
    points = torch.stack([radius * torch.sin(angle), radius * torch.cos(angle)], dim=1)
    return (points - points.mean(dim=0)) / points.std(dim=0), labels


def batch_order(params: BatchNormParams, gen: torch.Generator) -> Tensor:
    """(steps, batch) indices: shuffled epochs, each cut into whole batches (a short remainder is dropped)."""
    per_epoch = POINTS // params.batch
    epochs = -(-params.steps // per_epoch)
    order = torch.stack([torch.randperm(POINTS, generator=gen)[: per_epoch * params.batch] for _ in range(epochs)])
    return order.view(-1, params.batch)[: params.steps]


def cross_entropy(logits: Tensor, labels: Tensor, one_hot: Tensor) -> tuple[Tensor, Tensor]:
    """Mean cross-entropy of the logits (m, classes) and its gradient (softmax − one-hot)/m."""
    log_p = torch.log_softmax(logits, dim=1)
    loss = torch.nn.functional.nll_loss(log_p, labels)
    return loss, log_p.exp_().sub_(one_hot).div_(len(labels))


def nearest_rank(values: Tensor, levels: tuple[float, ...]) -> Tensor:
    """(rows, n) → (rows, len(levels)): the ⌈q·n⌉-th smallest value of each row, for each level q.

    kthvalue selects without a full sort; recording percentiles is still a good part of a run's time.
    """
    n = values.shape[1]
    return torch.stack([values.kthvalue(max(1, math.ceil(q * n)), dim=1).values for q in levels], dim=1)


def record_steps(steps: int) -> list[int]:
    """About RECORDS evenly spaced steps from 0 (before training) to `steps` (after the last update)."""
    return sorted({round(i * steps / RECORDS) for i in range(RECORDS + 1)})


def train(params: BatchNormParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """Train the plain and the batch-normalized net side by side; everything recorded, as tensors on `device`.

    Per net: "batch_loss" (steps,), "eval" (records, 2) = loss and accuracy on the whole data set in eval
    mode after each of `record_steps` updates, and "percentiles" (len(percentile_steps), depth, 3) of each
    activation's input on the training batch of each of `percentile_steps`, before that step's update.
    """
    gen = torch.Generator().manual_seed(params.seed)
    points, labels = spiral(gen)
    weights = initial_weights(params, gen)
    order = batch_order(params, gen).to(device)
    points, labels = points.to(device), labels.to(device)
    one_hot = torch.nn.functional.one_hot(labels, CLASSES).float()
    nets = {"plain": build(params, weights, False, device), "batch_norm": build(params, weights, True, device)}
    recorded = record_steps(params.steps)
    percentile_steps = recorded[:-1:2]  # every other record: percentiles cost more than the rest of a record
    is_recorded, is_percentile_step = set(recorded), set(percentile_steps)
    batch_loss = {name: torch.empty(params.steps, device=device) for name in nets}
    evaluations = {name: [] for name in nets}
    percentiles = {name: [] for name in nets}

    def evaluate() -> None:
        for name, net in nets.items():
            logits, _ = net.forward(points, training=False)
            loss, _ = cross_entropy(logits, labels, one_hot)
            evaluations[name].append(torch.stack([loss, (logits.argmax(dim=1) == labels).float().mean()]))

    evaluate()
    for step in range(params.steps):
        batch = order[step]
        inputs, targets, targets_one_hot = points[batch], labels[batch], one_hot[batch]
        for name, net in nets.items():
            # forward
            logits, cache = net.forward(inputs, training=True)
            loss, d_logits = cross_entropy(logits, targets, targets_one_hot)
            batch_loss[name][step] = loss
            if step in is_percentile_step:  # what each activation receives on this batch, before this step's update
                received = torch.stack([pre.flatten() for _, pre, *_ in cache])
                percentiles[name].append(nearest_rank(received, PERCENTILES))
            # backward
            grads = net.backward(d_logits, cache)
            # update: plain SGD on every parameter at once (the running statistics are not parameters)
            torch._foreach_add_(net.parameters(), grads, alpha=-params.lr)
        if step + 1 in is_recorded:
            evaluate()
        if progress is not None and (step + 1) % 100 == 0:
            progress({"step": step + 1})
    return {
        "record_steps": recorded,
        "percentile_steps": percentile_steps,
        "nets": {
            name: {
                "batch_loss": batch_loss[name],
                "eval": torch.stack(evaluations[name]),
                "percentiles": torch.stack(percentiles[name]),
            }
            for name in nets
        },
    }


def run(params: BatchNormParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """train() as JSON: per net the mini-batch loss of every step, eval loss and accuracy at record_steps, and
    percentiles[layer][k] = the PERCENTILES[k] of that layer's activation input at percentile_steps."""
    trained = train(params, device, progress)
    result: dict = {
        "steps": params.steps, "depth": params.depth, "record_steps": trained["record_steps"],
        "percentile_steps": trained["percentile_steps"], "percentile_levels": list(PERCENTILES), "nets": {},
    }
    for name, recorded in trained["nets"].items():
        # the one read-back per tensor, after training
        curves, stats = recorded["eval"].cpu(), recorded["percentiles"].cpu()
        result["nets"][name] = {
            "batch_loss": _finite(recorded["batch_loss"].cpu().tolist()),
            "loss": _finite(curves[:, 0].tolist()),
            "accuracy": [round(v, 4) for v in curves[:, 1].tolist()],
            "percentiles": [[_finite(stats[:, layer, k].tolist()) for k in range(3)] for layer in range(params.depth)],
        }
    return result


def _finite(values: list[float]) -> list[float | None]:
    """4 significant digits; None where training diverged to inf or NaN (strict JSON has neither)."""
    return [float(f"{v:.4g}") if math.isfinite(v) else None for v in values]
