"""The learning-rate demo: paths equal torch.optim.SGD + lr_scheduler, the closed form (1 − ηλ)^t, the 2/λmax
divergence threshold, the fastest rate 2/(λmin + λmax), schedules equal torch's schedulers, bounds."""

import json
import math

import pytest
import torch
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.learning_rate import START_1D, START_2D, descend, run, schedule_factors
from demos.specs.learning_rate import LearningRateParams

CPU = torch.device("cpu")
F64 = torch.float64


def torch_schedule(params: LearningRateParams, optimizer: torch.optim.Optimizer):
    """torch.optim.lr_scheduler's version of the demo's schedule (warmup chained with SequentialLR)."""
    W, T = params.warmup_steps, params.steps
    decay = {
        "constant": lambda: torch.optim.lr_scheduler.ConstantLR(optimizer, factor=1.0, total_iters=0),
        "step": lambda: torch.optim.lr_scheduler.StepLR(optimizer, params.step_size, params.step_gamma),
        "exponential": lambda: torch.optim.lr_scheduler.ExponentialLR(optimizer, params.exp_gamma),
        "cosine": lambda: torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=T - W),
    }[params.schedule]
    if W == 0:
        return decay()
    warmup = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1 / W, end_factor=1.0, total_iters=W - 1)
    return torch.optim.lr_scheduler.SequentialLR(optimizer, [warmup, decay()], milestones=[W])


def torch_path(params: LearningRateParams, rate: float, curvature: list[float], start: list[float]) -> torch.Tensor:
    """Gradient descent with torch.optim.SGD, autograd's gradient of ½·Σλ_j·x_j² and the torch scheduler."""
    x = torch.tensor(start, dtype=F64, requires_grad=True)
    lam = torch.tensor(curvature, dtype=F64)
    optimizer = torch.optim.SGD([x], lr=rate)
    scheduler = torch_schedule(params, optimizer)
    path = [x.detach().clone()]
    for _ in range(params.steps):
        optimizer.zero_grad()
        (0.5 * (lam * x * x).sum()).backward()
        optimizer.step()
        scheduler.step()
        path.append(x.detach().clone())
    return torch.stack(path)


SCHEDULES = [
    LearningRateParams(steps=40),
    LearningRateParams(steps=40, schedule="step", step_size=7, step_gamma=0.3),
    LearningRateParams(steps=40, schedule="exponential", exp_gamma=0.9),
    LearningRateParams(steps=40, schedule="cosine"),
    LearningRateParams(steps=40, schedule="cosine", warmup_steps=8),
    LearningRateParams(steps=40, schedule="step", warmup_steps=5, step_size=10),
    LearningRateParams(steps=40, warmup_steps=12),
]


@pytest.mark.filterwarnings("ignore::UserWarning")  # SequentialLR's deprecation notes about epoch arguments
@pytest.mark.parametrize("params", SCHEDULES, ids=lambda p: f"{p.schedule}-warmup{p.warmup_steps}")
def test_schedule_factors_equal_torch_lr_schedulers(params: LearningRateParams) -> None:
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    scheduler = torch_schedule(params, optimizer)
    theirs = []
    for _ in range(params.steps):
        theirs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    assert schedule_factors(params) == pytest.approx(theirs, rel=1e-12, abs=1e-15)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("params", SCHEDULES, ids=lambda p: f"{p.schedule}-warmup{p.warmup_steps}")
def test_paths_equal_torch_sgd_with_autograd_and_the_scheduler(params: LearningRateParams) -> None:
    lam_max = params.lambda_max
    curvature = [lam_max, lam_max / params.condition, lam_max]
    factors = torch.tensor(schedule_factors(params), dtype=F64)
    ours = descend(torch.tensor(params.rates, dtype=F64), factors, torch.tensor(curvature, dtype=F64),
                   torch.tensor([START_1D, *START_2D], dtype=F64))
    for i, rate in enumerate(params.rates):
        theirs = torch_path(params, rate, curvature, [START_1D, *START_2D])
        assert torch.allclose(ours[:, i], theirs, rtol=1e-10, atol=1e-13), f"rate {rate}"


def test_each_step_multiplies_each_coordinate_by_one_minus_eta_lambda() -> None:
    # the closed form x_t = x_0 · Π_{s<t} (1 − η_s λ), independent of the step-by-step loop
    params = LearningRateParams(steps=60, schedule="cosine", warmup_steps=6, lambda_max=3.7, condition=23)
    rates = torch.tensor(params.rates, dtype=F64)
    curvature = torch.tensor([3.7, 3.7 / 23, 3.7], dtype=F64)
    start = torch.tensor([START_1D, *START_2D], dtype=F64)
    factors = torch.tensor(schedule_factors(params), dtype=F64)
    multipliers = 1 - rates[None, :, None] * factors[:, None, None] * curvature  # (steps, rates, dims)
    closed = start * torch.cat([torch.ones(1, 4, 3, dtype=F64), multipliers.cumprod(dim=0)])
    assert torch.allclose(descend(rates, factors, curvature, start), closed, rtol=1e-10, atol=1e-300)


def test_run_reports_the_rounded_paths_and_losses() -> None:
    params = LearningRateParams(steps=30, schedule="exponential", lambda_max=1.3, condition=7)
    result = run(params, CPU)
    json.dumps(result, allow_nan=False)
    lam_min = 1.3 / 7
    for i, rate in enumerate(params.rates):
        etas = [rate * s for s in schedule_factors(params)]
        x, (u, v) = START_1D, START_2D
        for t in range(params.steps + 1):
            got = result["runs"][i]
            assert got["x_1d"][t] == pytest.approx(x, rel=1e-3, abs=1e-300)  # four significant digits
            assert got["path_2d"][t] == pytest.approx([u, v], rel=1e-3, abs=1e-300)
            assert got["loss_1d"][t] == pytest.approx(0.65 * x * x, rel=1e-3, abs=1e-300)
            assert got["loss_2d"][t] == pytest.approx(0.5 * (lam_min * u * u + 1.3 * v * v), rel=1e-3, abs=1e-300)
            if t < params.steps:  # plain-float gradient descent, one coordinate at a time
                x, u, v = x - etas[t] * 1.3 * x, u - etas[t] * lam_min * u, v - etas[t] * 1.3 * v
    assert result["threshold"] == pytest.approx(2 / 1.3)
    assert result["best_rate_2d"] == pytest.approx(2 / (lam_min + 1.3))


@pytest.mark.parametrize(("lambda_max", "condition"), [(0.5, 1.0), (2.0, 10.0), (7.3, 50.0)])
def test_rates_below_two_over_lambda_max_converge_and_above_it_diverge(lambda_max: float, condition: float) -> None:
    threshold = 2 / lambda_max
    below, above = 0.98 * threshold, 1.02 * threshold
    params = LearningRateParams(lambda_max=lambda_max, condition=condition, steps=300,
                                rates=(below, above, threshold, 0.5 * threshold))
    result = run(params, CPU)
    assert result["threshold"] == pytest.approx(threshold, rel=1e-15)
    low, high, edge, half = result["runs"]
    assert [r["regime"] for r in result["runs"]] == ["oscillating", "divergent", "bouncing", "one_step"]
    for run_ in (low, half):
        assert run_["loss_1d"][-1] < 1e-3 * run_["loss_1d"][0]
        assert run_["loss_2d"][-1] < run_["loss_2d"][0]
    # above the threshold the steep coordinate grows by |1 − ηλmax| = 1.04 per step, in both problems
    assert high["loss_1d"][-1] > 1e4 * high["loss_1d"][0]
    assert high["loss_2d"][-1] > 1e4 * high["loss_2d"][0]
    assert abs(high["x_1d"][-1]) == pytest.approx(START_1D * 1.04**300, rel=1e-3)
    # exactly at it, the 1-D iterate flips sign at a constant size forever
    assert all(abs(x) == pytest.approx(START_1D, rel=1e-9) for x in edge["x_1d"])
    assert high["steps_above_threshold"] == 300 and low["steps_above_threshold"] == 0


def test_the_fastest_constant_rate_on_the_valley_is_two_over_lambda_min_plus_lambda_max() -> None:
    lambda_max, condition = 2.0, 10.0
    best = 2 / (lambda_max / condition + lambda_max)  # 0.909…: equal and opposite factors on both axes
    grid = [0.02 * k for k in range(1, 50)]  # 0.02 … 0.98, below the threshold 1
    finals = {}
    for k in range(0, len(grid), 4):
        rates = (grid[k:k + 4] + [grid[-1]] * 4)[:4]
        result = run(LearningRateParams(lambda_max=lambda_max, condition=condition, steps=200, rates=tuple(rates)), CPU)
        finals |= {rate: r["loss_2d"][-1] for rate, r in zip(rates, result["runs"])}
    fastest = min(finals, key=finals.get)
    assert abs(fastest - best) <= 0.02
    # and its per-step factor on both axes is (κ − 1)/(κ + 1)
    assert abs(1 - best * lambda_max / condition) == pytest.approx((condition - 1) / (condition + 1))
    assert abs(1 - best * lambda_max) == pytest.approx((condition - 1) / (condition + 1))


def test_a_run_that_overflows_stops_at_null_and_stays_strict_json() -> None:
    result = run(LearningRateParams(lambda_max=10, rates=(10, 10, 0.1, 0.15), steps=500), CPU)
    json.dumps(result, allow_nan=False)
    blown, _, calm, _ = result["runs"]
    at = blown["escaped_at"]
    assert at == 3  # |1 − 10·10| = 99 per step: 1.5 · 99² < 10⁶ < 1.5 · 99³
    assert blown["x_1d"][at - 1] is not None and blown["x_1d"][at:] == [None] * (501 - at)
    assert blown["path_2d"][-1] == [None, None]
    assert calm["escaped_at"] is None and calm["regime"] == "one_step"


def test_schedule_values_follow_the_glossary_formulas() -> None:
    # cosine (the cosine-annealing entry): ½(1 + cos(π t / T)) after the warmup; linear warmup reaches 1 at t = W − 1
    params = LearningRateParams(steps=100, schedule="cosine", warmup_steps=10)
    factors = schedule_factors(params)
    assert factors[:10] == pytest.approx([(t + 1) / 10 for t in range(10)])
    assert factors[10] == 1.0
    assert factors[10 + 45] == pytest.approx(0.5)
    assert factors[10 + 30] == pytest.approx((1 + math.cos(math.pi / 3)) / 2)
    step = schedule_factors(LearningRateParams(steps=30, schedule="step", step_size=10, step_gamma=0.1))
    assert step[9] == 1 and step[10] == pytest.approx(0.1) and step[29] == pytest.approx(0.01)


@pytest.mark.parametrize(
    ("bad", "mentions"),
    [
        ({"rates": [0.1, 0.2, 0.0, 0.3]}, "rates.2"),
        ({"rates": [0.1, 0.2, 0.3, 11]}, "rates.3"),
        ({"rates": [0.1, 0.2, 0.3]}, "rates"),
        ({"lambda_max": 0}, "lambda_max"),
        ({"condition": 0.5}, "condition"),
        ({"steps": 501}, "steps"),
        ({"schedule": "linear"}, "schedule"),
        ({"exp_gamma": 1.5}, "exp_gamma"),
        ({"steps": 50, "warmup_steps": 50}, "warmup_steps (50) must be smaller than steps (50)"),
        ({"learning_rate": 0.1}, "learning_rate"),
    ],
)
def test_bad_parameters_are_rejected_with_the_reason(bad: dict, mentions: str, glossary_client) -> None:
    with pytest.raises(ValidationError):
        LearningRateParams.model_validate(bad)
    response = glossary_client.post("/api/demos/learning-rate/run", json=bad)  # validated before any worker
    assert response.status_code == 422
    assert mentions in response.json()["message"]


def test_catalog_points_at_the_kernel() -> None:
    spec = CATALOG["learning-rate"]
    assert load_kernel(spec) is run and spec.params_model is LearningRateParams
    assert spec.order == 6


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_runs_the_same_on_cpu_and_cuda() -> None:
    params = LearningRateParams(schedule="cosine", warmup_steps=5)
    assert run(params, torch.device("cuda")) == run(params, CPU)
