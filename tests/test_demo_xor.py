"""The XOR demo kernel: hand-written backward and updates against torch, the XOR lesson, sweep mode, result format."""

import base64
import json

import pytest
import torch
import torch.nn.functional as F
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.device import DeviceUnavailable, resolve_device
from demos.params import XorParams
from demos.xor import LEAKY_SLOPE, POINTS, TARGETS, Mlp, init_weights, make_update, run, split, with_bias_column

CPU = torch.device("cpu")
ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda x: F.leaky_relu(x, LEAKY_SLOPE),
}


def reference_loss(flat: torch.Tensor, nets: int, hidden: int, activation: str, points: torch.Tensor) -> torch.Tensor:
    """Sum over nets of each net's mean BCE, net by net with F.linear: the autograd reference."""
    targets = torch.tensor(TARGETS, dtype=flat.dtype)
    hidden_w, output_w = split(flat, nets, hidden)
    total = flat.new_zeros(())
    for n in range(nets):
        features = points
        if hidden_w is not None:
            features = ACTIVATIONS[activation](F.linear(points, hidden_w[:2, n].T, hidden_w[2, n]))
        logits = F.linear(features, output_w[n, :-1][None], output_w[n, -1:])[:, 0]
        total = total + F.binary_cross_entropy_with_logits(logits, targets)
    return total


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("hidden", [0, 3])
def test_hand_written_backward_matches_autograd(activation: str, hidden: int) -> None:
    nets = 5
    flat = init_weights(hidden, list(range(nets)), CPU, torch.float64) * 3  # larger weights: saturate a little
    points = torch.tensor(POINTS, dtype=torch.float64)
    mlp = Mlp(flat, nets, hidden, activation, with_bias_column(points))
    logits = mlp.forward()
    grad = mlp.backward(logits, torch.tensor(TARGETS, dtype=torch.float64).view(4, 1))

    weights = flat.clone().requires_grad_()
    reference_loss(weights, nets, hidden, activation, points).backward()
    assert torch.allclose(grad, weights.grad, rtol=0, atol=1e-12)
    assert grad.abs().max() > 1e-3  # a real gradient, not two zeros agreeing


def torch_twin(name: str, weights: torch.Tensor, lr: float) -> torch.optim.Optimizer:
    if name == "sgd":
        return torch.optim.SGD([weights], lr=lr)
    if name == "momentum":
        return torch.optim.SGD([weights], lr=lr, momentum=0.9)
    return torch.optim.Adam([weights], lr=lr)


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_hand_written_updates_match_torch_optim(name: str) -> None:
    gen = torch.Generator().manual_seed(1)
    ours = torch.randn(13, generator=gen, dtype=torch.float64)
    theirs = ours.clone()
    update = make_update(name, 0.05, ours)
    optimizer = torch_twin(name, theirs, 0.05)
    for _ in range(6):
        grad = torch.randn(13, generator=gen, dtype=torch.float64)
        update(ours, grad)
        theirs.grad = grad.clone()
        optimizer.step()
    assert torch.allclose(ours, theirs, rtol=0, atol=1e-12)


def test_default_params_converge_for_seeds_0_to_9() -> None:
    defaults = XorParams()
    for seed in range(10):
        result = run(XorParams(seed=seed), CPU)
        assert result["converged_step"] is not None, f"seed {seed}"
        assert result["converged_step"] < defaults.steps / 2, f"seed {seed} took {result['converged_step']}"
        assert result["accuracy"][-1] == 1.0
        assert [p > 0.5 for p in result["predictions"]] == [t == 1 for t in TARGETS]


def test_perceptron_never_classifies_all_four_points() -> None:
    # No line separates XOR: a single-layer perceptron gets at most three of the four points right.
    single = run(XorParams(hidden=0, steps=400), CPU)
    assert single["converged_step"] is None
    assert max(single["accuracy"]) <= 0.75
    assert "hidden" not in single["weights"]
    sweep = run(XorParams(hidden=0, steps=400, mode="sweep", nets=64), CPU)
    assert sweep["never_converged"] == 1.0


def test_sweep_matches_single_runs_with_the_derived_seeds() -> None:
    params = XorParams(mode="sweep", nets=24, seed=40, steps=200)
    result = run(params, CPU)
    converged = result["converged_steps"]
    assert len(converged) == 24
    never = sum(step is None for step in converged) / 24
    assert 0 <= result["never_converged"] <= 1
    assert result["never_converged"] == pytest.approx(never)
    assert sum(result["histogram"]["counts"]) == 24 - converged.count(None)
    assert len(result["histogram"]["edges"]) == len(result["histogram"]["counts"]) + 1
    quantiles = result["final_loss"]
    assert quantiles["min"] <= quantiles["q25"] <= quantiles["median"] <= quantiles["q75"] <= quantiles["max"]
    for i in (0, 9, 23):
        single = run(XorParams(seed=40 + i, steps=200), CPU)["converged_step"]
        if single is None or converged[i] is None:
            assert single == converged[i], f"net {i}"
        else:
            assert abs(single - converged[i]) <= 2, f"net {i}"


def test_sweep_of_the_default_net_is_mostly_converged() -> None:
    # Not every random init of a 2-4-1 net solves XOR, but the default lesson needs most to.
    result = run(XorParams(mode="sweep", nets=128), CPU)
    assert 0 <= result["never_converged"] < 0.25


def test_result_arrays_decode_to_the_right_sizes() -> None:
    params = XorParams(hidden=3, steps=30, grid=12, snapshot_every=10)
    result = run(params, CPU)
    json.dumps(result, allow_nan=False)  # JSON-ready: plain numbers, no NaN
    assert len(result["loss"]) == len(result["accuracy"]) == 30
    assert [snap["step"] for snap in result["boundary"]] == [0, 10, 20, 30]
    for snap in result["boundary"]:
        assert len(base64.b64decode(snap["grid"])) == 12 * 12
    assert result["grid_size"] == 12 and result["extent"] == [-0.5, 1.5, -0.5, 1.5]
    assert len(result["predictions"]) == 4
    hidden, output = result["weights"]["hidden"], result["weights"]["output"]
    assert [len(row) for row in hidden["weight"]] == [2, 2, 2] and len(hidden["bias"]) == 3
    assert len(output["weight"]) == 1 and len(output["weight"][0]) == 3 and len(output["bias"]) == 1


def test_final_boundary_image_agrees_with_the_predictions() -> None:
    result = run(XorParams(grid=41), CPU)  # spacing 0.05: the four points fall on grid nodes
    image = base64.b64decode(result["boundary"][-1]["grid"])
    for (x, y), p in zip(POINTS, result["predictions"]):
        row, col = round((y + 0.5) / 0.05), round((x + 0.5) / 0.05)
        assert image[row * 41 + col] == round(255 * p)


def test_progress_reports_every_snapshot_interval_with_that_steps_values() -> None:
    events: list[dict] = []
    result = run(XorParams(steps=45, snapshot_every=10, grid=8), CPU, progress=events.append)
    assert [e["step"] for e in events] == [10, 20, 30, 40]
    assert [snap["step"] for snap in result["boundary"]] == [0, 10, 20, 30, 40, 45]
    for k, event in enumerate(events, start=1):
        assert event["loss"] == pytest.approx(result["loss"][event["step"] - 1], rel=1e-5)
        assert event["accuracy"] == result["accuracy"][event["step"] - 1]
        assert event["boundary"] == result["boundary"][k]["grid"]


def test_xor_params_reject_out_of_range_values() -> None:
    for bad in ({"hidden": 65}, {"hidden": -1}, {"lr": 0}, {"steps": 5001}, {"grid": 7}, {"nets": 1025},
                {"activation": "gelu"}, {"optimizer": "rmsprop"}, {"device": "cuda"}):
        with pytest.raises(ValidationError):
            XorParams(**bad)
    with pytest.raises(ValidationError, match="snapshot_every >= 20"):
        XorParams(steps=5000, snapshot_every=1)


def test_catalog_points_at_the_xor_kernel() -> None:
    assert load_kernel(CATALOG["xor"]) is run
    assert CATALOG["xor"].params_model is XorParams


def test_resolve_device() -> None:
    assert resolve_device("cpu") == CPU
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    if not torch.cuda.is_available():
        with pytest.raises(DeviceUnavailable, match="CUDA was requested"):
            resolve_device("cuda")


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_xor_runs_the_same_on_cpu_and_cuda() -> None:
    cuda = torch.device("cuda")
    for params in (XorParams(steps=200), XorParams(mode="sweep", nets=32, steps=200)):
        on_cpu, on_gpu = run(params, CPU), run(params, cuda)
        if params.mode == "single":
            assert on_gpu["loss"] == pytest.approx(on_cpu["loss"], rel=1e-3, abs=1e-5)
            assert on_gpu["converged_step"] == on_cpu["converged_step"]
        else:
            diffs = [abs((a or 0) - (b or 0)) for a, b in zip(on_cpu["converged_steps"], on_gpu["converged_steps"])]
            assert max(diffs) <= 2
