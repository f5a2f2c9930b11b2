"""The gradient-check demo: its backward pass and batched loss against torch's modules and autograd, its finite
differences against a one-parameter-at-a-time loop, the V shape (slopes 1, 2 and −1, bottoms near √ε and ∛ε),
the planted bugs, and the parameter bounds."""

import json
import math

import pytest
import torch
import torch.nn.functional as F
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.gradient_check import backprop, batched_loss, finite_differences, make_problem, run, unflatten
from demos.specs.gradient_check import H_EXPONENTS, GradientCheckParams

CPU = torch.device("cpu")
F64 = torch.float64
TORCH_ACTIVATIONS = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": F.relu}


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """These tensors are tiny: on a small shared machine, intra-op threads only add waiting. Restored after."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def torch_loss(theta: torch.Tensor, x: torch.Tensor, y: torch.Tensor, hidden: int, activation: str) -> torch.Tensor:
    """The same net with F.linear and F.mse_loss: the independent reference."""
    w1, b1, w2, b2 = unflatten(theta, hidden)
    out = F.linear(TORCH_ACTIVATIONS[activation](F.linear(x, w1, b1)), w2[None], b2[None])
    return F.mse_loss(out[:, 0], y)


@pytest.mark.parametrize("activation", sorted(TORCH_ACTIVATIONS))
@pytest.mark.parametrize(("dtype", "tolerance"), [(torch.float64, 1e-13), (torch.float32, 1e-5)])
def test_hand_written_backward_matches_autograd(activation: str, dtype: torch.dtype, tolerance: float) -> None:
    x, y, theta = (t.to(dtype) for t in make_problem(hidden=5, seed=3))
    ours = backprop(theta, x, y, 5, activation)
    leaf = theta.clone().requires_grad_()
    torch_loss(leaf, x, y, 5, activation).backward()
    assert torch.allclose(ours, leaf.grad, rtol=tolerance, atol=tolerance * leaf.grad.abs().max())
    assert leaf.grad.abs().max() > 1e-2  # a real gradient


def test_batched_loss_matches_f_mse_loss_row_by_row() -> None:
    x, y, theta = make_problem(hidden=6, seed=1)
    gen = torch.Generator().manual_seed(0)
    thetas = theta + 0.3 * torch.randn(9, theta.shape[0], generator=gen, dtype=F64)
    ours = batched_loss(thetas, x, y, 6, "sigmoid")
    theirs = torch.stack([torch_loss(row, x, y, 6, "sigmoid") for row in thetas])
    assert torch.allclose(ours, theirs, rtol=1e-14, atol=0)


@pytest.mark.parametrize("h", [1e-2, 1e-5])
def test_finite_differences_match_a_loop_over_parameters(h: float) -> None:
    x, y, theta = make_problem(hidden=4, seed=0)
    ours = finite_differences(theta, torch.tensor([h], dtype=F64), x, y, 4, "tanh")
    base = torch_loss(theta, x, y, 4, "tanh")
    for i in range(theta.shape[0]):
        up, down = theta.clone(), theta.clone()
        up[i] += h
        down[i] -= h
        plus, minus = torch_loss(up, x, y, 4, "tanh"), torch_loss(down, x, y, 4, "tanh")
        # two evaluations of L differ by rounding, about ε·|L| ≈ 1e-16, magnified by 1/h
        assert float(ours["forward"][0, i]) == pytest.approx(float((plus - base) / h), abs=1e-14 / h)
        assert float(ours["central"][0, i]) == pytest.approx(float((plus - minus) / (2 * h)), abs=1e-14 / h)


def test_central_differences_in_float64_agree_with_autograd_to_ten_digits() -> None:
    x, y, theta = make_problem(hidden=8, seed=5)
    central = finite_differences(theta, torch.tensor([1e-5], dtype=F64), x, y, 8, "tanh")["central"][0]
    leaf = theta.clone().requires_grad_()
    torch_loss(leaf, x, y, 8, "tanh").backward()
    assert (central - leaf.grad).norm() / leaf.grad.norm() < 1e-9


def _slope(result: dict, key: str, low: float, high: float) -> float:
    """Least-squares slope of log10(error) against log10(h) over h in [low, high]."""
    pairs = [(math.log10(h), math.log10(e)) for h, e in zip(result["h"], result["curves"][key]) if low <= h <= high]
    mx = sum(p for p, _ in pairs) / len(pairs)
    my = sum(q for _, q in pairs) / len(pairs)
    return sum((p - mx) * (q - my) for p, q in pairs) / sum((p - mx) ** 2 for p, _ in pairs)


@pytest.fixture(scope="module")
def default_run() -> dict:
    return run(GradientCheckParams(), CPU)


def test_error_curves_form_the_textbook_v(default_run: dict) -> None:
    result = default_run
    # truncation branches: error ∝ h (forward) and ∝ h² (central)
    assert _slope(result, "forward-float64", 1e-4, 1e-2) == pytest.approx(1, abs=0.1)
    assert _slope(result, "central-float64", 1e-3, 1e-1) == pytest.approx(2, abs=0.15)
    # round-off branch: error ∝ ε/h (noisy, so a fit over four decades)
    assert _slope(result, "forward-float64", 1e-14, 1e-10) == pytest.approx(-1, abs=0.25)
    assert _slope(result, "central-float64", 1e-14, 1e-10) == pytest.approx(-1, abs=0.25)
    # each bottom lies within a decade of where the two terms balance: √ε (forward), ∛ε (central)
    for key, theory in result["theory_h"].items():
        assert abs(math.log10(result["best"][key]["h"] / theory)) <= 1, key
    assert result["theory_h"]["forward-float64"] == pytest.approx(math.sqrt(torch.finfo(F64).eps))
    assert result["theory_h"]["central-float32"] == pytest.approx(torch.finfo(torch.float32).eps ** (1 / 3))
    # only float64 gets low enough to certify a backward pass
    assert result["best"]["central-float64"]["error"] < 1e-9
    assert result["best"]["forward-float64"]["error"] < 1e-6
    assert 1e-6 < result["best"]["central-float32"]["error"] < 1e-3
    assert 1e-5 < result["best"]["forward-float32"]["error"] < 1e-2


def test_float32_steps_below_the_rounding_of_theta_give_exactly_zero_differences(default_run: dict) -> None:
    _, _, theta = make_problem(GradientCheckParams().hidden, GradientCheckParams().seed)
    theta32 = theta.float()
    steps = torch.tensor(default_run["h"], dtype=torch.float32)
    lost = [i for i, h in enumerate(steps) if bool((theta32 + h == theta32).all())]
    assert len(lost) >= 10  # h up to about 10⁻¹⁰ vanishes against every weight
    for key in ("forward-float32", "central-float32"):
        assert all(default_run["curves"][key][i] == 1.0 for i in lost), key  # g_num = 0 exactly, so r = 1


def test_planted_bugs_raise_the_floor_and_show_in_their_own_parameters() -> None:
    for bug, floor in (("activation_derivative", 0.1), ("output_bias", 1e-3)):
        result = run(GradientCheckParams(bug=bug, log10_h=-5), CPU)
        assert result["best"]["central-float64"]["error"] > floor, bug
    groups = dict(run(GradientCheckParams(), CPU)["groups"])
    w1, b1, w2 = groups["W1"], groups["b1"], groups["W2"]
    # the output bias bug touches b2 only (the last parameter); at h = 1e-5 everything else is right to 1e-7
    per = run(GradientCheckParams(bug="output_bias", log10_h=-5), CPU)["selected"]["per_parameter"]["central-float64"]
    assert per[-1] > 0.5 and max(per[:-1]) < 1e-7
    # forgetting σ' breaks the first layer only: W2 and b2 sit above the activation
    result = run(GradientCheckParams(bug="activation_derivative", log10_h=-5), CPU)
    per = result["selected"]["per_parameter"]["central-float64"]
    assert min(per[: w1 + b1]) > 1e-3 and max(per[w1 + b1 :]) < 1e-7
    assert len(per) == w1 + b1 + w2 + 1


def test_result_shapes_and_strict_json(default_run: dict) -> None:
    json.dumps(default_run, allow_nan=False)
    assert len(default_run["h"]) == len(H_EXPONENTS) == 57
    assert default_run["h"][0] == pytest.approx(1e-14) and default_run["h"][-1] == 1.0
    assert set(default_run["curves"]) == {"forward-float32", "central-float32", "forward-float64", "central-float64"}
    assert all(len(curve) == 57 for curve in default_run["curves"].values())
    size = sum(n for _, n in default_run["groups"])
    assert len(default_run["selected"]["backprop"]) == size == 4 * 3 + 4 + 4 + 1
    assert default_run["selected"]["h"] == pytest.approx(1e-6)


@pytest.mark.parametrize(
    ("bad", "mentions"),
    [
        ({"hidden": 0}, "hidden"),
        ({"hidden": 17}, "hidden"),
        ({"activation": "gelu"}, "activation"),
        ({"bug": "typo"}, "bug"),
        ({"log10_h": -15}, "log10_h"),
        ({"log10_h": 0.5}, "log10_h"),
        ({"h": 1e-5}, "h"),
    ],
)
def test_bad_parameters_are_rejected_with_the_reason(bad: dict, mentions: str, glossary_client) -> None:
    with pytest.raises(ValidationError):
        GradientCheckParams.model_validate(bad)
    response = glossary_client.post("/api/demos/gradient-check/run", json=bad)
    assert response.status_code == 422
    assert mentions in response.json()["message"]


def test_catalog_points_at_the_kernel() -> None:
    spec = CATALOG["gradient-check"]
    assert load_kernel(spec) is run and spec.params_model is GradientCheckParams and spec.order == 7


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_draws_the_same_v() -> None:
    on_cpu, on_gpu = run(GradientCheckParams(), CPU), run(GradientCheckParams(), torch.device("cuda"))
    for key in on_cpu["best"]:  # libm and CUDA round tanh differently; the bottoms must agree to a factor of 3
        assert abs(math.log10(on_gpu["best"][key]["error"] / on_cpu["best"][key]["error"])) < 0.5
