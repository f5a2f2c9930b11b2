"""The perceptron demo: its weights against a plain-integer perceptron, its margins against closed forms and a brute
search over the sphere, Novikoff's bound on AND/OR, the never-ending cycle on XOR, and the parameter bounds."""

import json
import math

import pytest
import torch
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.perceptron import TARGETS, extended_inputs, max_margin, run, train
from demos.specs.perceptron import PerceptronParams

CPU = torch.device("cpu")
CONFIGS = [
    PerceptronParams(encoding=encoding, order=order, seed=seed, epochs=epochs)
    for encoding in ("binary", "bipolar")
    for order, seeds, epochs in (("cyclic", [0], 20), ("cyclic", [0], 200), ("shuffled", range(12), 60))
    for seed in seeds
]

# Largest margins worked by hand (u = (a, a, c) by symmetry; the two tight constraints fix a and c):
#   AND on 0/1: v = (2, 2, -3) meets (0,1), (1,0), (1,1) with equality, ‖v‖² = 17  → γ = 1/√17
#   OR  on 0/1: v = (2, 2, -1) meets (0,0), (0,1), (1,0) with equality, ‖v‖² = 9   → γ = 1/3
#   AND, OR on ±1: v = (1, 1, ∓1), every constraint tight or slack by 2, ‖v‖² = 3  → γ = 1/√3
CLOSED_FORM_MARGIN = {
    ("binary", "and"): 1 / math.sqrt(17), ("binary", "or"): 1 / 3,
    ("bipolar", "and"): 1 / math.sqrt(3), ("bipolar", "or"): 1 / math.sqrt(3),
}


Weights = tuple[int, ...]


def reference_perceptron(inputs: list[Weights], targets: tuple[int, ...], order: list[int]) -> list[Weights]:
    """Rosenblatt's rule in plain Python integers from w = 0: the weights before step 1 and after every step."""
    w = [0] * len(inputs[0])
    history = [tuple(w)]
    for i in order:
        x, y = inputs[i], targets[i]
        if y * sum(a * b for a, b in zip(w, x)) <= 0:
            w = [a + y * b for a, b in zip(w, x)]
        history.append(tuple(w))
    return history


def signed(encoding: str, gate: str) -> torch.Tensor:
    rows = [[y * v for v in x] for x, y in zip(extended_inputs(encoding), TARGETS[gate])]
    return torch.tensor(rows, dtype=torch.float64)


def brute_force_margin(z: torch.Tensor) -> float:
    """max over unit u of min_i z_i·u, by a Fibonacci grid on the sphere refined three times around its best point.

    Every candidate is a real unit vector, so the answer never exceeds the true margin; the refinement brings it
    within about 1e-7 of it.
    """
    n = 200_000
    k = torch.arange(n, dtype=torch.float64) + 0.5
    polar, azimuth = torch.acos(1 - 2 * k / n), math.pi * (1 + 5**0.5) * k
    directions = torch.stack([polar.sin() * azimuth.cos(), polar.sin() * azimuth.sin(), polar.cos()], dim=1)
    best = directions[(directions @ z.T).min(dim=1).values.argmax()]
    generator = torch.Generator().manual_seed(0)
    for radius in (0.02, 0.002, 0.0002):
        nearby = best + radius * torch.randn(20_000, 3, generator=generator, dtype=torch.float64)
        nearby = torch.cat([best[None], nearby / nearby.norm(dim=1, keepdim=True)])
        best = nearby[(nearby @ z.T).min(dim=1).values.argmax()]
    return float((z @ best).min())


@pytest.mark.parametrize("params", CONFIGS, ids=lambda p: f"{p.encoding}-{p.order}-{p.seed}-{p.epochs}")
def test_weights_match_a_plain_integer_perceptron(params: PerceptronParams) -> None:
    result = run(params, CPU)
    assert result["steps"] == 4 * params.epochs == len(result["order"])
    for start in range(0, result["steps"], 4):  # every pass visits each corner once
        assert sorted(result["order"][start:start + 4]) == [0, 1, 2, 3]
    if params.order == "cyclic":
        assert result["order"] == [0, 1, 2, 3] * params.epochs
    for gate, targets in TARGETS.items():
        expected = reference_perceptron(extended_inputs(params.encoding), targets, result["order"])
        got = result["gates"][gate]
        assert [tuple(w) for w in got["weights"]] == expected, gate
        changed = [int(a != b) for a, b in zip(expected, expected[1:])]
        assert got["updated"] == changed  # an update always moves w: the bias entry of y x̃ is ±1
        assert sum(got["updated"]) == got["updates"] == got["updates_so_far"][-1]


def test_shuffled_order_is_reproducible_and_depends_on_the_seed() -> None:
    first = run(PerceptronParams(order="shuffled", seed=3, epochs=30), CPU)["order"]
    assert run(PerceptronParams(order="shuffled", seed=3, epochs=30), CPU)["order"] == first
    assert run(PerceptronParams(order="shuffled", seed=4, epochs=30), CPU)["order"] != first


@pytest.mark.parametrize("encoding", ["binary", "bipolar"])
def test_margins_match_closed_forms_and_a_brute_force_search(encoding: str) -> None:
    result = run(PerceptronParams(encoding=encoding), CPU)
    radius = max(math.dist(x, (0, 0, 0)) for x in extended_inputs(encoding))
    assert result["radius"] == pytest.approx(radius, abs=1e-6)
    for gate in ("and", "or"):
        got, exact = result["gates"][gate], CLOSED_FORM_MARGIN[(encoding, gate)]
        searched = brute_force_margin(signed(encoding, gate))
        assert got["separable"] is True
        assert got["margin"] == pytest.approx(exact, abs=2e-6)
        assert exact - 1e-5 < searched <= exact + 1e-12
        assert got["bound"] == pytest.approx((radius / exact) ** 2, rel=1e-5)
        u = torch.tensor(got["separator"], dtype=torch.float64)  # the separator really has that margin
        assert float(u.norm()) == pytest.approx(1, abs=1e-5)
        assert float((signed(encoding, gate) @ u).min()) == pytest.approx(exact, abs=1e-5)
    xor = result["gates"]["xor"]
    assert xor["separable"] is False and xor["margin"] is None and xor["bound"] is None
    assert brute_force_margin(signed(encoding, "xor")) < -0.1  # every direction gets some XOR corner wrong


def test_max_margin_on_the_worked_example_of_the_convergence_theorem_entry() -> None:
    # glossary/entries/perceptron-convergence-theorem.md: positives (1,2), (2,1), negatives (-1,-1), (-2,1), no bias;
    # R = √5, γ = 3/√5 with u = (2,1)/√5, and the rule makes exactly 2 mistakes, ending at w = (3, 1).
    z = torch.tensor([[1.0, 2.0], [2.0, 1.0], [1.0, 1.0], [2.0, -1.0]], dtype=torch.float64)
    gamma, u = max_margin(z[None])
    assert float(gamma[0]) == pytest.approx(3 / math.sqrt(5), abs=1e-12)
    assert u[0].tolist() == pytest.approx([2 / math.sqrt(5), 1 / math.sqrt(5)], abs=1e-12)
    weights, updated = train(z[None].float(), torch.tensor([0, 1, 2, 3] * 3))
    assert int(updated.sum()) == 2 and weights[-1, 0].tolist() == [3.0, 1.0]


@pytest.mark.parametrize("params", CONFIGS, ids=lambda p: f"{p.encoding}-{p.order}-{p.seed}-{p.epochs}")
def test_and_or_converge_within_novikoffs_bound(params: PerceptronParams) -> None:
    result = run(params, CPU)
    inputs = extended_inputs(params.encoding)
    radius_squared = max(sum(v * v for v in x) for x in inputs)
    for gate in ("and", "or"):
        got = result["gates"][gate]
        bound = radius_squared / CLOSED_FORM_MARGIN[(params.encoding, gate)] ** 2
        assert got["updates"] <= bound, (gate, got["updates"], bound)
        t = got["converged_step"]
        assert t is not None and all(e == 0 for e in got["errors"][t:]) and all(e > 0 for e in got["errors"][:t])
        w = got["weights"][-1]  # the final weights put every corner strictly on its own side
        assert all(y * sum(a * b for a, b in zip(w, x)) > 0 for x, y in zip(inputs, TARGETS[gate]))
        assert sum(got["updated"][t:]) == 0
        assert got["revisit"] is None and got["period"] is None  # u·w rises on every update: no state comes back


@pytest.mark.parametrize("params", CONFIGS, ids=lambda p: f"{p.encoding}-{p.order}-{p.seed}-{p.epochs}")
def test_xor_never_reaches_zero_errors_and_its_weights_come_back(params: PerceptronParams) -> None:
    result = run(params, CPU)
    xor = result["gates"]["xor"]
    inputs = extended_inputs(params.encoding)
    for w, errors in zip(xor["weights"], xor["errors"]):  # errors counted independently, step by step
        wrong = sum(y * sum(a * b for a, b in zip(w, x)) <= 0 for x, y in zip(inputs, TARGETS["xor"]))
        assert errors == wrong >= 1
    assert xor["converged_step"] is None
    revisit = xor["revisit"]
    assert revisit is not None and revisit["first"] < revisit["again"]
    assert xor["weights"][revisit["first"]] == xor["weights"][revisit["again"]] == revisit["weights"]
    assert sum(xor["updated"][revisit["first"]:revisit["again"]]) >= 1
    assert len({tuple(w) for w in xor["weights"]}) <= 40  # bounded integer weights: a finite set of states


@pytest.mark.parametrize("encoding", ["binary", "bipolar"])
def test_xor_cycle_with_a_fixed_order_repeats_forever(encoding: str) -> None:
    result = run(PerceptronParams(encoding=encoding, epochs=20), CPU)
    period = result["gates"]["xor"]["period"]
    assert period is not None and period["updates"] > 0
    # Run far past the budget with the reference rule: the pass-start weights repeat with that period.
    history = reference_perceptron(extended_inputs(encoding), TARGETS["xor"], [0, 1, 2, 3] * 500)
    starts = history[::4]
    for epoch in range(period["start"], 500 - period["length"]):
        assert starts[epoch] == starts[epoch + period["length"]]
    cycle = history[4 * period["start"]:4 * (period["start"] + period["length"]) + 1]
    assert sum(a != b for a, b in zip(cycle, cycle[1:])) == period["updates"]


def test_the_result_is_plain_json_of_the_right_sizes() -> None:
    result = run(PerceptronParams(epochs=7), CPU)
    json.dumps(result, allow_nan=False)
    assert result["points"] == [[0, 0], [0, 1], [1, 0], [1, 1]]
    for gate in result["gates"].values():
        assert len(gate["weights"]) == len(gate["errors"]) == len(gate["updates_so_far"]) == 29
        assert len(gate["updated"]) == 28


def test_perceptron_params_reject_out_of_range_values() -> None:
    for bad in ({"epochs": 0}, {"epochs": 201}, {"seed": -1}, {"encoding": "ternary"}, {"order": "random"},
                {"lr": 0.5}):
        with pytest.raises(ValidationError):
            PerceptronParams(**bad)


def test_the_api_rejects_a_bad_value_with_a_message(glossary_client) -> None:
    response = glossary_client.post("/api/demos/perceptron/run", json={"epochs": 500})
    assert response.status_code == 422
    assert response.json()["message"] == "epochs: Input should be less than or equal to 200"


def test_catalog_points_at_the_perceptron_kernel() -> None:
    assert load_kernel(CATALOG["perceptron"]) is run
    assert CATALOG["perceptron"].params_model is PerceptronParams


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_perceptron_runs_the_same_on_cpu_and_cuda() -> None:
    for params in (PerceptronParams(), PerceptronParams(encoding="bipolar", order="shuffled", seed=5, epochs=50)):
        assert run(params, torch.device("cuda")) == run(params, CPU)
