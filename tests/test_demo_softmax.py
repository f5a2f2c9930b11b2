"""The softmax demo against PyTorch: probabilities against torch.softmax, the loss against F.cross_entropy, the
gradient p − y against autograd, stability at logits of 1000 where the textbook formula fails, and the bounds."""

import json
import math

import pytest
import torch
import torch.nn.functional as F
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.softmax import run
from demos.specs.softmax import SoftmaxParams

CPU = torch.device("cpu")
DTYPES = {"float32": torch.float32, "float64": torch.float64}
CASES = [
    SoftmaxParams(),
    SoftmaxParams(logits=[3.0, -2.0], target=1, temperature=0.3),
    SoftmaxParams(logits=[0.1, 0.2, -7.5, 9.9, 4.0, 4.0, -1.0, 0.0], target=6, temperature=4.2, precision="float64"),
    SoftmaxParams(shift=1000),  # every logit near 1000: e^u overflows in both formats
    SoftmaxParams(shift=-1000, target=3),  # every logit near −1000: e^u underflows to 0
    SoftmaxParams(logits=[1000.0, 999.0, -1000.0], shift=1000, temperature=0.05, target=2),  # u up to 40000
]


def scaled(params: SoftmaxParams) -> torch.Tensor:
    """u = (z + c) / T in the demo's float format, computed here the same way a caller of torch would."""
    z = torch.tensor(params.logits, dtype=DTYPES[params.precision])
    return (z + params.shift) / params.temperature


def as_tensor(values: list[float | None]) -> torch.Tensor:
    assert None not in values, values
    return torch.tensor(values, dtype=torch.float64)


@pytest.mark.parametrize("params", CASES, ids=range(len(CASES)))
def test_probabilities_loss_and_entropy_match_torch(params: SoftmaxParams) -> None:
    result = run(params, CPU)
    json.dumps(result, allow_nan=False)
    u = scaled(params)
    p = as_tensor(result["probabilities"])
    assert torch.allclose(p, torch.softmax(u, dim=0).double(), rtol=1e-5, atol=1e-7)
    log_p = as_tensor(result["log_probabilities"])
    assert torch.allclose(log_p, F.log_softmax(u, dim=0).double(), rtol=1e-5, atol=1e-6)
    expected_loss = F.cross_entropy(u[None], torch.tensor([params.target]))
    assert result["cross_entropy"] == pytest.approx(float(expected_loss), rel=1e-5, abs=1e-6)
    assert result["logsumexp"] == pytest.approx(float(torch.logsumexp(u, dim=0)), rel=1e-5)  # 6 digits sent
    entropy = torch.distributions.Categorical(logits=u.double()).entropy()
    assert result["entropy"] == pytest.approx(float(entropy), rel=1e-4, abs=1e-6)
    assert result["max_entropy"] == pytest.approx(math.log(len(params.logits)), rel=1e-5)
    assert sum(result["probabilities"]) == pytest.approx(1, abs=1e-5)


@pytest.mark.parametrize("params", CASES, ids=range(len(CASES)))
def test_gradient_is_p_minus_y_as_autograd_finds(params: SoftmaxParams) -> None:
    result = run(params, CPU)
    z = torch.tensor(params.logits, dtype=torch.float64, requires_grad=True)
    u = (z + params.shift) / params.temperature
    u.retain_grad()
    F.cross_entropy(u[None], torch.tensor([params.target])).backward()
    assert torch.allclose(as_tensor(result["gradient"]), u.grad, rtol=1e-4, atol=1e-6)
    assert torch.allclose(as_tensor(result["gradient_logits"]), z.grad, rtol=1e-4, atol=1e-6)  # (p − y) / T
    assert sum(result["gradient"]) == pytest.approx(0, abs=1e-5)
    assert result["gradient"][params.target] < 0


def test_shifting_every_logit_by_1000_changes_nothing_but_breaks_the_textbook_formula() -> None:
    plain, high, low = (run(SoftmaxParams(shift=c), CPU) for c in (0, 1000, -1000))
    reference = torch.softmax(torch.tensor(SoftmaxParams().logits, dtype=torch.float64), dim=0)
    for result in (plain, high, low):
        assert torch.allclose(as_tensor(result["probabilities"]), reference, rtol=1e-5)
        assert result["cross_entropy"] == pytest.approx(plain["cross_entropy"], rel=1e-5)
        assert max(result["shifted_exp"]) == 1.0  # e^(u − m) peaks at e⁰
    # the textbook formula, in float32: torch itself overflows to inf and then NaN, as the demo reports
    naive_exp = torch.exp(torch.tensor(SoftmaxParams().logits) + 1000)
    assert torch.isinf(naive_exp).all() and torch.isnan(naive_exp / naive_exp.sum()).all()
    assert high["naive"]["overflow"] and high["naive"]["exp"] == [None] * 5  # None: infinite
    assert low["naive"]["underflow"] and low["naive"]["exp"] == [0.0] * 5
    assert high["naive"]["probabilities"] == low["naive"]["probabilities"] == [None] * 5  # None: NaN
    assert not plain["naive"]["overflow"] and not plain["naive"]["underflow"]
    assert plain["naive"]["probabilities"] == pytest.approx(plain["probabilities"], rel=1e-5)


def test_the_overflow_threshold_depends_on_the_float_format() -> None:
    # u ≈ 100: past float32's log(max) ≈ 88.72, well inside float64's ≈ 709.78
    single = run(SoftmaxParams(shift=100), CPU)["naive"]
    double = run(SoftmaxParams(shift=100, precision="float64"), CPU)["naive"]
    assert single["overflow"] and not double["overflow"]
    assert single["exp_limit"] == pytest.approx(math.log(torch.finfo(torch.float32).max), abs=0.01)  # 88.72
    assert double["exp_limit"] == pytest.approx(math.log(torch.finfo(torch.float64).max), abs=0.01)  # 709.78
    assert double["probabilities"] == pytest.approx(run(SoftmaxParams(), CPU)["probabilities"], rel=1e-5)


def test_the_worked_example_of_the_softmax_entry() -> None:
    # glossary/entries/softmax-function.md: z = (1000, 1001) overflows naively but gives about (0.269, 0.731)
    result = run(SoftmaxParams(logits=[0.0, 1.0], shift=1000, precision="float64"), CPU)
    assert result["naive"]["overflow"]
    assert result["probabilities"] == pytest.approx([1 / (1 + math.e), math.e / (1 + math.e)], rel=1e-5)
    assert [round(p, 3) for p in result["probabilities"]] == [0.269, 0.731]


def test_temperature_sweep_runs_from_argmax_to_uniform() -> None:
    params = SoftmaxParams()
    sweep = run(params, CPU)["sweep"]
    temperatures = torch.tensor(sweep["temperatures"], dtype=torch.float64)
    assert len(temperatures) == 121 and temperatures[0] == pytest.approx(0.05) and temperatures[-1] == pytest.approx(20)
    assert (temperatures[1:] > temperatures[:-1]).all()
    expected = torch.softmax(torch.tensor(params.logits, dtype=torch.float64)[None] / temperatures[:, None], dim=1)
    assert torch.allclose(torch.tensor(sweep["probabilities"], dtype=torch.float64), expected, rtol=1e-3, atol=1e-6)
    assert sweep["probabilities"][0][0] > 0.999999  # T → 0: all mass on the largest logit
    assert max(sweep["probabilities"][-1]) - min(sweep["probabilities"][-1]) < 0.05  # T = 20: nearly uniform


def test_softmax_params_reject_bad_values() -> None:
    for bad in ({"logits": [1.0]}, {"logits": [0.0] * 9}, {"logits": [0.0, 1001.0]}, {"shift": 1000.5},
                {"temperature": 0}, {"temperature": 101}, {"target": -1}, {"precision": "float16"}, {"classes": 3}):
        with pytest.raises(ValidationError):
            SoftmaxParams(**bad)
    with pytest.raises(ValidationError, match="target 5 is not a class: with 5 logits the target must be 0 to 4"):
        SoftmaxParams(target=5)


def test_the_api_rejects_a_target_beyond_the_classes(glossary_client) -> None:
    response = glossary_client.post("/api/demos/softmax/run", json={"logits": [1, 2, 3], "target": 3})
    assert response.status_code == 422
    assert "target 3 is not a class: with 3 logits the target must be 0 to 2" in response.json()["message"]


def test_catalog_points_at_the_softmax_kernel() -> None:
    assert load_kernel(CATALOG["softmax"]) is run
    assert CATALOG["softmax"].params_model is SoftmaxParams


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_softmax_runs_the_same_on_cpu_and_cuda() -> None:
    for params in CASES:
        on_cpu, on_gpu = run(params, CPU), run(params, torch.device("cuda"))
        assert on_gpu["probabilities"] == pytest.approx(on_cpu["probabilities"], rel=1e-4, abs=1e-7)
        assert on_gpu["cross_entropy"] == pytest.approx(on_cpu["cross_entropy"], rel=1e-4, abs=1e-6)
        assert on_gpu["naive"]["overflow"] == on_cpu["naive"]["overflow"]
