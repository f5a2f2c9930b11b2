"""The overfitting demo: the hand-written net and AdamW against nn.Linear, autograd and torch.optim.AdamW, the
dropout masks, the lesson itself (a wide net's training loss ends far below its validation loss, a narrow net's
does not; weight decay shrinks ‖θ‖), the early-stopping step and weights, the response format and the bounds."""

import base64
import json
import struct

import pytest
import torch
import torch.nn.functional as F
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.overfitting import backward, draw_masks, forward, make_problem, run, train, unpack
from demos.specs.overfitting import VAL_POINTS, OverfittingParams

CPU = torch.device("cpu")
F64 = torch.float64


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """These tensors are tiny: on a small shared machine, intra-op threads only add waiting. Restored after."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def floats(text: str) -> list[float]:
    raw = base64.b64decode(text)
    return list(struct.unpack(f"<{len(raw) // 4}f", raw))


def torch_net(theta: torch.Tensor, width: int) -> torch.nn.Sequential:
    """nn.Linear layers holding a copy of the flat θ (float64)."""
    net = torch.nn.Sequential(
        torch.nn.Linear(1, width), torch.nn.Tanh(), torch.nn.Linear(width, width), torch.nn.Tanh(),
        torch.nn.Linear(width, 1),
    ).double()
    with torch.no_grad():
        for parameter, value in zip(net.parameters(), unpack(theta, width)):
            parameter.copy_(value)
    return net


def masked_forward(net: torch.nn.Sequential, x: torch.Tensor, masks: torch.Tensor | None) -> torch.Tensor:
    """The net with inverted-dropout masks on both hidden layers (what nn.Dropout does with a given mask)."""
    h = torch.tanh(net[0](x))
    h = h if masks is None else h * masks[0]
    h = torch.tanh(net[2](h))
    h = h if masks is None else h * masks[1]
    return net[4](h)


@pytest.mark.parametrize("p", [0.0, 0.4])
def test_hand_written_backward_matches_autograd_through_nn_linear(p: float) -> None:
    params = OverfittingParams(width=7, n_train=11, dropout=p)
    problem = make_problem(params)
    theta, x, y = problem.weights, problem.x_train, problem.y_train
    masks = draw_masks(problem.generator, 11, 7, p) if p else None
    out, cache = forward(unpack(theta, 7), x, masks)
    grad = torch.empty_like(theta)
    backward(unpack(theta, 7), cache, (out - y) * (2 / 11), unpack(grad, 7))

    net = torch_net(theta, 7)
    reference = masked_forward(net, x, masks)
    F.mse_loss(reference, y).backward()
    assert torch.allclose(out, reference, rtol=0, atol=1e-14)
    assert torch.allclose(grad, torch.cat([q.grad.flatten() for q in net.parameters()]), rtol=0, atol=1e-13)


def test_dropout_masks_are_inverted_bernoulli() -> None:
    masks = draw_masks(torch.Generator().manual_seed(0), 500, 64, 0.3)
    assert set(masks.unique().tolist()) == {0.0, 1 / 0.7}
    kept = float((masks > 0).double().mean())
    assert abs(kept - 0.7) < 3 * (0.7 * 0.3 / masks.numel()) ** 0.5 + 1e-9  # within three standard errors
    assert float(masks.mean()) == pytest.approx(1.0, abs=0.01)  # E[m] = 1: eval mode needs no rescaling


def torch_reference(params: OverfittingParams, steps: int) -> tuple[list[float], list[float], torch.Tensor]:
    """Train nn.Linear layers with torch.optim.AdamW and autograd from the demo's data, initial θ and masks."""
    problem = make_problem(params)
    net = torch_net(problem.weights, params.width)
    optimizer = torch.optim.AdamW(net.parameters(), lr=params.lr, weight_decay=params.weight_decay)
    train_curve, val_curve = [], []
    for t in range(steps + 1):
        with torch.no_grad():
            train_curve.append(float(F.mse_loss(net(problem.x_train), problem.y_train)))
            val_curve.append(float(F.mse_loss(net(problem.x_val), problem.y_val)))
        if t == steps:
            break
        masks = draw_masks(problem.generator, params.n_train, params.width, params.dropout) if params.dropout else None
        optimizer.zero_grad()
        F.mse_loss(masked_forward(net, problem.x_train, masks), problem.y_train).backward()
        optimizer.step()
    return train_curve, val_curve, torch.cat([q.detach().flatten() for q in net.parameters()])


@pytest.mark.parametrize("extra", [{}, {"weight_decay": 0.3}, {"dropout": 0.25}])
def test_training_equals_nn_modules_with_torch_optim_adamw(extra: dict) -> None:
    params = OverfittingParams(width=16, n_train=20, steps=150, **extra)
    _, history = train(params, CPU, dtype=F64)
    train_curve, val_curve, theta = torch_reference(params, 150)
    assert history.train.tolist() == pytest.approx(train_curve, rel=1e-9, abs=1e-12)
    assert history.val.tolist() == pytest.approx(val_curve, rel=1e-9, abs=1e-12)
    assert torch.allclose(history.final, theta, rtol=1e-8, atol=1e-10)


def test_the_float32_run_follows_the_float64_training() -> None:
    params = OverfittingParams(steps=60)
    result = run(params, CPU)
    _, exact = train(params, CPU, dtype=F64)
    assert floats(result["val_loss"]) == pytest.approx(exact.val.tolist(), rel=2e-3)
    assert floats(result["train_loss"]) == pytest.approx(exact.train.tolist(), rel=2e-3)
    assert floats(result["weight_norm"]) == pytest.approx(exact.norm.tolist(), rel=1e-4)


def _ratio(result: dict) -> float:
    assert result["final"]["ratio"] == pytest.approx(result["final"]["val"] / result["final"]["train"])
    return result["final"]["ratio"]


def test_a_wide_net_ends_far_below_its_validation_loss_and_a_narrow_one_does_not() -> None:
    seeds = range(5)
    wide = [run(OverfittingParams(seed=s), CPU) for s in seeds]  # width 64 (the default)
    narrow = [run(OverfittingParams(seed=s, width=2), CPU) for s in seeds]
    wide_ratios, narrow_ratios = [_ratio(r) for r in wide], [_ratio(r) for r in narrow]
    assert min(wide_ratios) > max(narrow_ratios), (wide_ratios, narrow_ratios)
    assert sum(wide_ratios) / 5 > 3 and sum(narrow_ratios) / 5 < 2
    # the wide net fits the noise: below the true function's own training loss, with validation loss climbing
    for result in wide:
        assert result["final"]["train"] < result["truth_loss"]["train"]
        assert result["final"]["val"] > 1.3 * result["best"]["val"]


def test_weight_decay_lowers_the_weight_norm_and_the_gap() -> None:
    results = [run(OverfittingParams(weight_decay=wd, seed=1), CPU) for wd in (0.0, 0.2, 1.0)]
    norms = [r["final"]["norm"] for r in results]
    assert norms[0] > norms[1] > norms[2] and norms[2] < 0.6 * norms[0]
    assert _ratio(results[2]) < _ratio(results[0]) / 2


def test_early_stopping_step_is_the_argmin_of_the_validation_curve_and_keeps_those_weights() -> None:
    for params in (OverfittingParams(), OverfittingParams(dropout=0.3, seed=2, steps=300)):
        result = run(params, CPU)
        val = floats(result["val_loss"])
        assert len(val) == params.steps + 1
        best = result["best_step"]
        assert best == min(range(len(val)), key=val.__getitem__)  # the first minimum
        assert result["best"]["val"] == val[best] and 0 < best < params.steps
        # the kept weights are the ones a run stopped at that step ends with
        _, full = train(params, CPU)
        _, stopped = train(params.model_copy(update={"steps": best}), CPU)
        assert torch.equal(full.best, stopped.final)


def test_response_is_strict_json_with_the_stated_sizes() -> None:
    params = OverfittingParams(n_train=12, steps=40)
    result = run(params, CPU)
    json.dumps(result, allow_nan=False)
    assert len(result["train_points"]["x"]) == 12 and len(result["val_points"]["y"]) == VAL_POINTS
    assert len(result["grid"]) == len(result["truth"]) == len(result["fit_final"]) == len(result["fit_best"])
    for key in ("train_loss", "val_loss", "weight_norm"):
        assert len(floats(result[key])) == 41
    problem = make_problem(params)
    truth_val = float(((torch.sin(3 * problem.x_val) - problem.y_val) ** 2).mean())
    assert result["truth_loss"]["val"] == pytest.approx(truth_val)


def test_progress_is_reported_every_hundred_steps() -> None:
    events: list[dict] = []
    run(OverfittingParams(steps=250, width=4), CPU, progress=events.append)
    assert events == [{"step": 0}, {"step": 100}, {"step": 200}]


@pytest.mark.parametrize(
    ("bad", "mentions"),
    [
        ({"width": 0}, "width"),
        ({"width": 129}, "width"),
        ({"dropout": 0.95}, "dropout"),
        ({"weight_decay": -0.1}, "weight_decay"),
        ({"steps": 3001}, "steps"),
        ({"lr": 0}, "lr"),
        ({"n_train": 3}, "n_train"),
        ({"optimizer": "sgd"}, "optimizer"),
    ],
)
def test_bad_parameters_are_rejected_with_the_reason(bad: dict, mentions: str, glossary_client) -> None:
    with pytest.raises(ValidationError):
        OverfittingParams.model_validate(bad)
    response = glossary_client.post("/api/demos/overfitting/run", json=bad)
    assert response.status_code == 422
    assert mentions in response.json()["message"]


def test_catalog_points_at_the_kernel() -> None:
    spec = CATALOG["overfitting"]
    assert load_kernel(spec) is run and spec.params_model is OverfittingParams and spec.order == 12


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_tells_the_same_story() -> None:
    on_cpu, on_gpu = run(OverfittingParams(), CPU), run(OverfittingParams(), torch.device("cuda"))
    assert on_gpu["train_points"] == on_cpu["train_points"]  # the same data from the CPU generator
    assert floats(on_gpu["val_loss"])[:50] == pytest.approx(floats(on_cpu["val_loss"])[:50], rel=1e-3)
    assert abs(on_gpu["best_step"] - on_cpu["best_step"]) <= 20
