"""The activations demo: every hand-written slope against autograd (also at the kinks), the slope maxima against
closed forms, the drawn arrays against PyTorch's functions, and the parameter bounds."""

import base64
import json
import math
import struct

import pytest
import torch
from pydantic import ValidationError

from demos.activations import NAMES, forward, run, slope
from demos.catalog import CATALOG, load_kernel
from demos.specs.activations import ActivationParams

CPU = torch.device("cpu")
SETTINGS = [
    ActivationParams(),
    ActivationParams(x_max=10, x0=-3, leaky_slope=0.01, prelu_a=-0.5, softplus_beta=5, gelu_approximate="tanh"),
    ActivationParams(x_max=2, x0=0, leaky_slope=1, prelu_a=2, softplus_beta=0.25),
]
SMOOTH_OR_KINKED = [name for name in NAMES if name != "step"]  # heaviside has no autograd formula


def autograd_slope(name: str, x: torch.Tensor, params: ActivationParams) -> torch.Tensor:
    """df/dx of PyTorch's own function, elementwise, by autograd."""
    x = x.clone().requires_grad_()
    forward(name, x, params).sum().backward()
    return x.grad


def sample_points() -> torch.Tensor:
    """0 exactly, points around it, a dense sweep and far tails (softplus's linear branch, saturation), in float64."""
    generator = torch.Generator().manual_seed(0)
    return torch.cat([
        torch.tensor([0.0, 1e-9, -1e-9, 1e-4, -1e-4, math.sqrt(2), -0.75, 20.0, -20.0, 80.0, -80.0],
                     dtype=torch.float64),
        torch.linspace(-12, 12, 2401, dtype=torch.float64),
        12 * torch.randn(500, generator=generator, dtype=torch.float64),
    ])


def decode(text: str) -> list[float]:
    raw = base64.b64decode(text)
    return list(struct.unpack(f"<{len(raw) // 4}f", raw))


@pytest.mark.parametrize("params", SETTINGS, ids=["defaults", "wide", "narrow"])
@pytest.mark.parametrize("name", SMOOTH_OR_KINKED)
def test_hand_written_slope_equals_autograd(name: str, params: ActivationParams) -> None:
    x = sample_points()
    ours, theirs = slope(name, x, params), autograd_slope(name, x, params)
    assert ours.dtype == torch.float64
    assert torch.allclose(ours, theirs, rtol=0, atol=1e-12), float((ours - theirs).abs().max())


def test_step_slope_is_zero_away_from_its_jump() -> None:
    x = sample_points()
    x = x[x.abs() > 1e-3]
    h = 1e-6
    params = ActivationParams()
    finite_difference = (forward("step", x + h, params) - forward("step", x - h, params)) / (2 * h)
    assert torch.equal(slope("step", x, params), torch.zeros_like(x))
    assert torch.equal(finite_difference, torch.zeros_like(x))
    assert forward("step", torch.tensor([-1e-9, 0.0, 1e-9]), params).tolist() == [0.0, 1.0, 1.0]  # H(0) = 1


@pytest.mark.parametrize("params", SETTINGS, ids=["defaults", "wide", "narrow"])
def test_drawn_arrays_are_torchs_functions_and_autograds_slopes(params: ActivationParams) -> None:
    result = run(params, CPU)
    json.dumps(result, allow_nan=False)
    x = torch.tensor(decode(result["x"]), dtype=torch.float64)
    assert len(x) == 401 and x[200] == 0  # x = 0 is a grid point exactly
    assert x[0] == pytest.approx(-params.x_max) and x[-1] == pytest.approx(params.x_max)
    for name in NAMES:
        f = torch.tensor(decode(result["functions"][name]["f"]), dtype=torch.float64)
        df = torch.tensor(decode(result["functions"][name]["df"]), dtype=torch.float64)
        assert torch.allclose(f, forward(name, x, params), rtol=1e-6, atol=1e-6), name
        expected = torch.zeros_like(x) if name == "step" else autograd_slope(name, x, params)
        assert torch.allclose(df, expected, rtol=1e-5, atol=1e-6), name


def test_largest_slopes_match_their_closed_forms() -> None:
    params = ActivationParams()  # x_max = 6, grid step h = 0.03
    h = params.x_max / 200
    maxima = {name: info["max_slope"] for name, info in run(params, CPU)["functions"].items()}
    assert maxima["sigmoid"] == {"value": 0.25, "from": 0.0, "to": 0.0, "after": -0.03}  # σ′(0) = 1/4
    assert maxima["tanh"]["value"] == 1.0 and maxima["tanh"]["from"] == maxima["tanh"]["to"] == 0.0
    for name in ("relu", "leaky_relu", "prelu"):  # slope 1 on the whole positive side (α, a < 1 here)
        assert maxima[name] == {"value": 1.0, "from": 0.03, "to": 6.0, "after": 0.0}
    # softplus: σ(βx) rises towards 1 without reaching it, so on the drawn range it peaks at the right edge
    assert maxima["softplus"]["value"] == pytest.approx(1 / (1 + math.exp(-6)), rel=1e-3)
    assert maxima["softplus"]["from"] == maxima["softplus"]["to"] == 6.0
    # GELU: (Φ + xφ)′ = φ(x)(2 − x²) vanishes at √2, so the peak is Φ(√2) + √2 φ(√2) ≈ 1.1289
    root2 = math.sqrt(2)
    exact = 0.5 * (1 + math.erf(1)) + root2 * math.exp(-1) / math.sqrt(2 * math.pi)
    assert maxima["gelu"]["from"] == maxima["gelu"]["to"] and abs(maxima["gelu"]["from"] - root2) <= h / 2 + 1e-3
    assert maxima["gelu"]["value"] == pytest.approx(exact, abs=1e-3)
    assert maxima["step"]["value"] == 0.0


def test_prelu_with_a_steeper_negative_side_peaks_there() -> None:
    maxima = run(ActivationParams(prelu_a=1.5, x_max=4), CPU)["functions"]["prelu"]["max_slope"]
    assert maxima == {"value": 1.5, "from": -4.0, "to": 0.0, "after": None}


def test_gelu_tanh_peak_matches_a_dense_autograd_search() -> None:
    params = ActivationParams(gelu_approximate="tanh")
    dense = torch.linspace(0, 3, 300_001, dtype=torch.float64)
    slopes = autograd_slope("gelu", dense, params)
    reported = run(params, CPU)["functions"]["gelu"]["max_slope"]
    assert reported["value"] == pytest.approx(float(slopes.max()), abs=2e-4)
    assert reported["from"] == pytest.approx(float(dense[slopes.argmax()]), abs=0.03)


@pytest.mark.parametrize("params", SETTINGS, ids=["defaults", "wide", "narrow"])
def test_values_at_x0_and_at_zero_follow_torch(params: ActivationParams) -> None:
    functions = run(params, CPU)["functions"]
    x0, zero = torch.tensor([params.x0], dtype=torch.float64), torch.zeros(1, dtype=torch.float64)
    for name in NAMES:
        at_x0, at_zero = functions[name]["at_x0"], functions[name]["at_zero"]
        assert at_x0["f"] == pytest.approx(float(forward(name, x0, params)), rel=1e-3, abs=1e-6)
        if name == "step":
            assert at_zero["jump"] and not at_zero["kink"]
            continue
        assert at_x0["slope"] == pytest.approx(float(autograd_slope(name, x0, params)), rel=1e-3, abs=1e-6)
        assert at_zero["value"] == pytest.approx(float(autograd_slope(name, zero, params)), rel=1e-3, abs=1e-6)
        assert not at_zero["jump"]
        assert at_zero["kink"] == (name in ("relu", "leaky_relu", "prelu") and
                                   {"relu": 0, "leaky_relu": params.leaky_slope, "prelu": params.prelu_a}[name] != 1)
    relu = functions["relu"]["at_zero"]
    assert (relu["left"], relu["value"], relu["right"]) == (0.0, 0.0, 1.0)  # autograd takes ReLU′(0) = 0


def test_values_quoted_in_the_glossary_entries() -> None:
    # sigmoid-function.md: σ′(2) ≈ 0.105, σ′(5) ≈ 0.0066; gelu.md: GELU(1) ≈ 0.841, minimum ≈ −0.170 near x = −0.75
    params = ActivationParams()
    points = torch.tensor([2.0, 5.0], dtype=torch.float64)
    assert slope("sigmoid", points, params).tolist() == pytest.approx([0.105, 0.0066], abs=5e-4)
    assert float(forward("gelu", torch.tensor(1.0, dtype=torch.float64), params)) == pytest.approx(0.841, abs=5e-4)
    assert run(params, CPU)["functions"]["gelu"]["range"][0] == pytest.approx(-0.170, abs=5e-4)


def test_activation_params_reject_out_of_range_values() -> None:
    for bad in ({"x_max": 0.5}, {"x_max": 11}, {"leaky_slope": -0.1}, {"prelu_a": 3}, {"softplus_beta": 0},
                {"gelu_approximate": "sigmoid"}, {"activation": "relu"}):
        with pytest.raises(ValidationError):
            ActivationParams(**bad)
    with pytest.raises(ValidationError, match=r"x0 = 7 lies outside the drawn range \[−6, 6\]"):
        ActivationParams(x0=7)


def test_the_api_rejects_a_tangent_point_outside_the_range(glossary_client) -> None:
    response = glossary_client.post("/api/demos/activations/run", json={"x_max": 2, "x0": 3})
    assert response.status_code == 422
    message = response.json()["message"]
    assert "x0 = 3 lies outside the drawn range [−2, 2]; pick x0 between −2 and 2 or raise x_max" in message


def test_catalog_points_at_the_activations_kernel() -> None:
    assert load_kernel(CATALOG["activations"]) is run
    assert CATALOG["activations"].params_model is ActivationParams


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_activations_run_the_same_on_cpu_and_cuda() -> None:
    for params in SETTINGS:
        on_cpu, on_gpu = run(params, CPU), run(params, torch.device("cuda"))
        for name in NAMES:
            for key in ("f", "df"):
                a, b = decode(on_cpu["functions"][name][key]), decode(on_gpu["functions"][name][key])
                assert max(abs(u - v) for u, v in zip(a, b)) < 1e-5, (name, key)
            assert on_gpu["functions"][name]["max_slope"]["value"] == pytest.approx(
                on_cpu["functions"][name]["max_slope"]["value"], rel=1e-3)
