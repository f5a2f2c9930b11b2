"""The vanishing-gradient kernel: hand-written per-layer gradient norms against autograd, the lesson, the bounds."""

import math

import pytest
import torch
import torch.nn.functional as F
from pydantic import ValidationError

from demos.specs.vanishing_gradient import VanishingGradientParams
from demos.vanishing_gradient import ACTIVATIONS, draw, gradient_norms, layer_weights, run

CPU = torch.device("cpu")
REFERENCE = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu}


def autograd_norms(
    x: torch.Tensor, y: torch.Tensor, layers: torch.Tensor, head: torch.Tensor, activation: str, alpha: float | None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The same net written with F.linear and differentiated by autograd: loss, ‖∂L/∂W_l‖, ‖∂L/∂h_l‖."""
    weights = [w.clone().requires_grad_() for w in layers]
    outputs = []
    h = x
    for w in weights:
        a = REFERENCE[activation](F.linear(h, w))
        h = a if alpha is None else h + alpha * a
        h.retain_grad()
        outputs.append(h)
    loss = F.mse_loss(F.linear(h, head), y)
    loss.backward()
    weight_norms = torch.stack([w.grad.norm() for w in weights])
    signal_norms = torch.stack([h.grad.norm() for h in outputs])
    return loss.detach(), weight_norms, signal_norms


@pytest.mark.parametrize("init", ["matched", "pytorch"])
@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_per_layer_norms_equal_autograds(activation: str, residual: bool, init: str) -> None:
    params = VanishingGradientParams(depth=12, width=16, batch=10, init=init, seed=3)
    drawn = draw(params, CPU)
    layers = layer_weights(drawn["base"], init, activation)
    alpha = 1 / math.sqrt(params.depth) if residual else None
    ours = gradient_norms(drawn["x"], drawn["y"], layers, drawn["head"], activation, alpha)
    theirs = autograd_norms(drawn["x"], drawn["y"], layers, drawn["head"], activation, alpha)
    for name, mine, reference in zip(("loss", "weight", "signal"), ours, theirs):
        # float64 throughout: relative agreement to 1e-10, also for norms as small as 1e-12
        assert torch.allclose(mine, reference, rtol=1e-10, atol=0), name
    assert theirs[2][-1] > 1e-2 and torch.all(theirs[1] > 0)  # real gradients, not zeros agreeing


def test_run_reports_the_same_norms_as_autograd_rounded_to_four_digits() -> None:
    params = VanishingGradientParams(depth=20, width=32, batch=16, branch_scale="one", seed=5)
    result = run(params, CPU)
    drawn = draw(params, CPU)
    for activation in ACTIVATIONS:
        layers = layer_weights(drawn["base"], params.init, activation)
        for mode, alpha in (("plain", None), ("residual", 1.0)):
            _, weight_norms, signal_norms = autograd_norms(
                drawn["x"], drawn["y"], layers, drawn["head"], activation, alpha
            )
            reported = result[mode][activation]  # 4 significant digits: within 5e-4 relative, plus float slack
            assert reported["weight_grad"] == pytest.approx(weight_norms.tolist(), rel=5.1e-4)
            assert reported["signal_grad"] == pytest.approx(signal_norms.tolist(), rel=5.1e-4)


def test_sigmoid_shrinks_the_backward_signal_by_at_most_a_quarter_of_the_weights_spectral_norm() -> None:
    # ∂L/∂h_{l-1} = W_lᵀ (σ'(z_l) ⊙ ∂L/∂h_l) with 0 < σ' ≤ 1/4, so each step down is at most ‖W_l‖₂ / 4.
    params = VanishingGradientParams(depth=25, width=32, batch=32)
    drawn = draw(params, CPU)
    layers = layer_weights(drawn["base"], "matched", "sigmoid")
    _, _, signal = gradient_norms(drawn["x"], drawn["y"], layers, drawn["head"], "sigmoid", None)
    spectral = torch.linalg.matrix_norm(layers, ord=2)  # (L,)
    steps_down = signal[:-1] / signal[1:]  # ‖∂L/∂h_{l-1}‖ / ‖∂L/∂h_l‖ for l = 2..L
    assert torch.all(steps_down <= spectral[1:] / 4 * (1 + 1e-12))


def test_default_run_shows_the_lesson() -> None:
    result = run(VanishingGradientParams(), CPU)
    sigmoid = result["plain"]["sigmoid"]["weight_grad"]
    assert sigmoid[0] / sigmoid[-1] < 1e-15  # 30 layers at about ×1/4 each
    per_layer = (sigmoid[0] / sigmoid[-1]) ** (1 / 29)
    assert 0.1 < per_layer < 0.3
    level = [("plain", "tanh"), ("plain", "relu")] + [("residual", a) for a in ACTIVATIONS]
    for mode, activation in level:
        for quantity in ("weight_grad", "signal_grad"):
            values = result[mode][activation][quantity]
            assert min(values) / max(values) > 1 / 20, (mode, activation, quantity)  # level on a 10¹⁸ axis


def test_without_the_branch_scale_a_deep_residual_relu_stack_explodes() -> None:
    scaled = run(VanishingGradientParams(depth=50), CPU)["residual"]["relu"]["weight_grad"]
    unscaled = run(VanishingGradientParams(depth=50, branch_scale="one"), CPU)["residual"]["relu"]["weight_grad"]
    assert max(scaled) < 1e4 < 1e15 < min(unscaled)


def test_pytorch_default_init_makes_tanh_and_relu_vanish_too() -> None:
    # U(±1/√n) has variance 1/(3n): each plain layer scales the backward signal down by about √3 (tanh) or √6 (ReLU).
    result = run(VanishingGradientParams(init="pytorch"), CPU)
    for activation in ACTIVATIONS:
        signal = result["plain"][activation]["signal_grad"]
        assert signal[0] / signal[-1] < 1e-4, activation
        residual = result["residual"][activation]["signal_grad"]
        assert residual[0] / residual[-1] > 0.3, activation


@pytest.mark.parametrize(
    "params, mentions",
    [
        ({"depth": 51}, "depth"),
        ({"depth": 1}, "depth"),
        ({"width": 4}, "width"),
        ({"batch": 1000}, "batch"),
        ({"init": "orthogonal"}, "init"),
        ({"branch_scale": 2}, "branch_scale"),
        ({"activation": "gelu"}, "activation"),
    ],
)
def test_out_of_range_parameters_are_rejected_with_the_reason(glossary_client, params: dict, mentions: str) -> None:
    with pytest.raises(ValidationError):
        VanishingGradientParams.model_validate(params)
    response = glossary_client.post("/api/demos/vanishing-gradient/run", json=params)
    assert response.status_code == 422
    assert mentions in response.json()["message"]
