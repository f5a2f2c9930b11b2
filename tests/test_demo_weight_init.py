"""The weight-init kernel: histograms against nn.Linear + torch.histogram, the textbook findings, the bounds."""

import math

import pytest
import torch
from pydantic import ValidationError

from demos.specs.weight_init import WeightInitParams
from demos.weight_init import BINS, INITS, RANGES, init_stds, run

CPU = torch.device("cpu")
MODULES = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}


def reference_activations(params: WeightInitParams, init: str) -> list[torch.Tensor]:
    """The same experiment built from nn.Linear layers with the same draws: each layer's activations, flattened."""
    gen = torch.Generator().manual_seed(params.seed)
    x = torch.randn(params.samples, params.units, generator=gen)
    unit_draw = torch.randn(params.layers, params.units, params.units, generator=gen)
    std = {"std_1": 1.0, "std_0_01": 0.01, "xavier": None, "he": None}[init]
    outputs, h = [], x
    for layer in range(params.layers):
        linear = torch.nn.Linear(params.units, params.units, bias=False)
        with torch.no_grad():
            if init == "xavier":  # torch's own rules, scaled from the same unit draw
                std = torch.nn.init.calculate_gain("linear") * math.sqrt(2 / (params.units + params.units))
            elif init == "he":
                std = torch.nn.init.calculate_gain("relu") / math.sqrt(params.units)
            linear.weight.copy_(std * unit_draw[layer])
            h = MODULES[params.activation]()(linear(h))
        outputs.append(h.flatten())
    return outputs


def test_init_stds_are_xavier_and_he_for_square_layers() -> None:
    stds = init_stds(100)
    assert stds["xavier"] == pytest.approx(0.1, rel=1e-12)  # √(2/(100 + 100)) = 1/√100
    assert stds["he"] == pytest.approx(math.sqrt(0.02), rel=1e-12)
    # torch.nn.init's own normal initializers have these standard deviations (checked on a large draw)
    weight = torch.empty(100, 100)
    for name, initialize in (("xavier", torch.nn.init.xavier_normal_), ("he", torch.nn.init.kaiming_normal_)):
        initialize(weight, generator=torch.Generator().manual_seed(1))
        assert weight.std().item() == pytest.approx(stds[name], rel=0.02), name


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_histograms_and_shares_equal_torch_on_an_nn_linear_stack(activation: str) -> None:
    params = WeightInitParams(activation=activation, layers=4, units=40, samples=500, seed=7)
    result = run(params, CPU)
    low, high = RANGES[activation]
    total = params.samples * params.units
    for init, reported in zip(INITS, result["inits"]):
        assert reported["id"] == init
        for layer, (a, ours) in enumerate(zip(reference_activations(params, init), reported["layers"])):
            counted = a[a != 0] if activation == "relu" else a  # ReLU's exact zeros are reported, not binned
            counts, _ = torch.histogram(counted, bins=BINS, range=(low, high))
            # bin shares to 4 decimals; a value on a bin edge may fall either side: allow 2 values per bin
            assert ours["hist"] == pytest.approx((counts / total).tolist(), abs=5.1e-5 + 2 / total), (init, layer)
            assert ours["zero"] == pytest.approx((a == 0).double().mean().item(), abs=5.1e-5)
            assert ours["beyond"] == pytest.approx(((a < low) | (a > high)).double().mean().item(), abs=5.1e-5)
            assert ours["std"] == pytest.approx(a.std().item(), rel=1e-3)
            assert ours["mean"] == pytest.approx(a.mean().item(), rel=1e-3, abs=1e-6)


def shares(result: dict, init: str, key: str) -> list[float]:
    return [layer[key] for layer in next(r for r in result["inits"] if r["id"] == init)["layers"]]


def test_sigmoid_reproduces_the_textbook_figures() -> None:
    result = run(WeightInitParams(), CPU)  # sigmoid, 5 layers × 100 units, 1000 inputs
    # std 1: most outputs saturate at 0 or 1 in every layer
    assert min(shares(result, "std_1", "saturated")) > 0.5
    # std 0.01: from layer 2 on, nearly every output sits at σ(0) = 0.5 (|z| < 0.1 means |a − 0.5| < 0.025)
    assert min(shares(result, "std_0_01", "near_zero")[1:]) > 0.9
    assert max(shares(result, "std_0_01", "std")) < 0.03
    # Xavier: a healthy spread, neither saturated nor collapsed, in every layer
    assert max(shares(result, "xavier", "saturated")) < 0.01
    assert max(shares(result, "xavier", "near_zero")) < 0.2
    assert min(shares(result, "xavier", "std")) > 0.1
    assert result["recommended"] == "xavier"


def test_tanh_saturates_with_std_1_and_collapses_to_zero_with_std_0_01() -> None:
    result = run(WeightInitParams(activation="tanh"), CPU)
    assert min(shares(result, "std_1", "saturated")) > 0.8
    assert min(shares(result, "std_0_01", "near_zero")[1:]) > 0.99
    # each std-0.01 layer multiplies the (nearly linear) signal by 0.01·√100 = 0.1
    stds = shares(result, "std_0_01", "std")
    assert all(0.08 < later / earlier < 0.12 for earlier, later in zip(stds, stds[1:]))
    assert max(shares(result, "xavier", "saturated")) < 0.1 and max(shares(result, "xavier", "near_zero")) < 0.3


def test_relu_keeps_its_spread_only_with_he() -> None:
    result = run(WeightInitParams(activation="relu"), CPU)
    he, xavier = shares(result, "he", "std"), shares(result, "xavier", "std")
    assert 0.75 < he[-1] / he[0] < 1.33  # He: Var(z) preserved layer to layer
    # Xavier: ReLU halves the second moment each layer, so the std shrinks by about 1/√2 per layer
    assert xavier[-1] / xavier[0] == pytest.approx(0.5 ** 2, rel=0.25)
    assert min(shares(result, "std_0_01", "near_zero")[1:]) > 0.99
    assert shares(result, "std_1", "beyond")[-1] > 0.45  # exploded far past the plot
    assert all(0.45 < z < 0.55 for z in shares(result, "he", "zero"))  # half the ReLUs are off
    assert all(s is None for s in shares(result, "he", "saturated"))
    assert result["recommended"] == "he"


@pytest.mark.parametrize(
    "params, mentions",
    [
        ({"layers": 11}, "layers"),
        ({"layers": 0}, "layers"),
        ({"units": 201}, "units"),
        ({"samples": 50}, "samples"),
        ({"activation": "gelu"}, "activation"),
        ({"std": 1}, "std"),
    ],
)
def test_out_of_range_parameters_are_rejected_with_the_reason(glossary_client, params: dict, mentions: str) -> None:
    with pytest.raises(ValidationError):
        WeightInitParams.model_validate(params)
    response = glossary_client.post("/api/demos/weight-init/run", json=params)
    assert response.status_code == 422
    assert mentions in response.json()["message"]
