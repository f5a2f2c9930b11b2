"""The batch-norm kernel: batch norm against nn.BatchNorm1d in train and eval mode, whole training runs against
nn.Sequential + torch.optim.SGD, the lesson, the bounds."""

import pytest
import torch
from pydantic import ValidationError
from torch import nn

from demos.batch_norm import (
    CLASSES, batch_norm, batch_norm_backward, batch_order, cross_entropy, initial_weights, run, spiral, train,
)
from demos.specs.batch_norm import BatchNormParams

CPU = torch.device("cpu")
MODULES = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}


def test_batch_norm_equals_nn_batchnorm1d_in_train_and_eval_mode() -> None:
    gen = torch.Generator().manual_seed(0)
    features = 7
    reference = nn.BatchNorm1d(features).double()
    with torch.no_grad():  # a learned-looking γ and β, not the initial 1 and 0
        reference.weight.copy_(torch.rand(features, generator=gen, dtype=torch.float64) + 0.5)
        reference.bias.copy_(torch.randn(features, generator=gen, dtype=torch.float64))
    gamma, beta = reference.weight.detach().clone(), reference.bias.detach().clone()
    running_mean, running_var = torch.zeros(features, dtype=torch.float64), torch.ones(features, dtype=torch.float64)
    reference.train()
    for _ in range(5):  # training mode: batch statistics, and the running estimates follow them
        z = torch.randn(16, features, generator=gen, dtype=torch.float64) * 3 + 2
        ours, _, _ = batch_norm(z, gamma, beta, running_mean, running_var, training=True)
        assert torch.allclose(ours, reference(z), rtol=0, atol=1e-12)
        assert torch.allclose(running_mean, reference.running_mean, rtol=0, atol=1e-12)
        assert torch.allclose(running_var, reference.running_var, rtol=0, atol=1e-12)
    reference.eval()
    z = torch.randn(5, features, generator=gen, dtype=torch.float64) * 3 + 2
    before = running_mean.clone(), running_var.clone()
    ours, _, _ = batch_norm(z, gamma, beta, running_mean, running_var, training=False)
    assert torch.allclose(ours, reference(z), rtol=0, atol=1e-12)  # evaluation: the running estimates
    assert torch.equal(running_mean, before[0]) and torch.equal(running_var, before[1])  # and leaves them alone
    assert not torch.allclose(ours, batch_norm(z, gamma, beta, *before, training=True)[0], atol=1e-3)


def test_batch_norm_backward_equals_autograd_through_nn_batchnorm1d() -> None:
    gen = torch.Generator().manual_seed(1)
    reference = nn.BatchNorm1d(5).double().train()
    with torch.no_grad():
        reference.weight.copy_(torch.rand(5, generator=gen, dtype=torch.float64) + 0.5)
    z = (torch.randn(12, 5, generator=gen, dtype=torch.float64) * 2 - 1).requires_grad_()
    upstream = torch.randn(12, 5, generator=gen, dtype=torch.float64)
    (reference(z) * upstream).sum().backward()
    stats = torch.zeros(5, dtype=torch.float64), torch.ones(5, dtype=torch.float64)
    gamma, beta = reference.weight.detach(), reference.bias.detach()
    _, x_hat, inv_std = batch_norm(z.detach(), gamma, beta, *stats, training=True)
    dz, d_gamma, d_beta = batch_norm_backward(upstream, x_hat, inv_std, gamma)
    assert torch.allclose(dz, z.grad, rtol=0, atol=1e-12)
    assert torch.allclose(d_gamma, reference.weight.grad, rtol=0, atol=1e-12)
    assert torch.allclose(d_beta, reference.bias.grad, rtol=0, atol=1e-12)


def reference_net(params: BatchNormParams, weights: list[torch.Tensor], normalized: bool) -> nn.Sequential:
    """The same net from torch modules: Linear (no bias with batch norm) → [BatchNorm1d] → activation, then a head."""
    layers: list[nn.Module] = []
    for weight in weights[:-1]:
        linear = nn.Linear(weight.shape[1], weight.shape[0], bias=not normalized)
        with torch.no_grad():
            linear.weight.copy_(weight)
            if linear.bias is not None:
                linear.bias.zero_()
        layers += [linear, nn.BatchNorm1d(weight.shape[0])] if normalized else [linear]
        layers.append(MODULES[params.activation]())
    head = nn.Linear(params.width, CLASSES)
    with torch.no_grad():
        head.weight.copy_(weights[-1])
        head.bias.zero_()
    return nn.Sequential(*layers, head)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_training_run_equals_nn_modules_trained_with_torch_optim_sgd(activation: str) -> None:
    params = BatchNormParams(activation=activation, depth=4, width=16, lr=0.3, batch=20, steps=40, seed=2)
    result = train(params, CPU)
    gen = torch.Generator().manual_seed(params.seed)  # the kernel's draws, in the kernel's order
    points, labels = spiral(gen)
    weights = initial_weights(params, gen)
    order = batch_order(params, gen)
    for name, normalized in (("plain", False), ("batch_norm", True)):
        model = reference_net(params, weights, normalized)
        optimizer = torch.optim.SGD(model.parameters(), lr=params.lr)
        eval_losses, batch_losses = {}, []

        def evaluate(step: int) -> None:  # eval mode: batch norm uses its running statistics
            model.eval()
            with torch.no_grad():
                eval_losses[step] = nn.functional.cross_entropy(model(points), labels).item()
            model.train()

        for step, batch in enumerate(order):
            if step in result["record_steps"]:
                evaluate(step)
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(points[batch]), labels[batch])
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.item())
        evaluate(params.steps)
        ours = result["nets"][name]
        # float32 on both sides, in a different order of operations: agreement to 1e-5 relative over 40 steps
        assert ours["batch_loss"].tolist() == pytest.approx(batch_losses, rel=1e-5), name
        expected = [eval_losses[s] for s in result["record_steps"]]
        assert ours["eval"][:, 0].tolist() == pytest.approx(expected, rel=1e-5), name


def test_cross_entropy_gradient_equals_autograd() -> None:
    gen = torch.Generator().manual_seed(3)
    logits = torch.randn(9, CLASSES, generator=gen, dtype=torch.float64, requires_grad=True)
    labels = torch.randint(0, CLASSES, (9,), generator=gen)
    loss, d_logits = cross_entropy(logits.detach(), labels, nn.functional.one_hot(labels, CLASSES).double())
    reference = nn.functional.cross_entropy(logits, labels)
    reference.backward()
    assert loss.item() == pytest.approx(reference.item(), rel=1e-12)
    assert torch.allclose(d_logits, logits.grad, rtol=0, atol=1e-12)


def test_default_run_shows_the_lesson() -> None:
    result = run(BatchNormParams(), CPU)
    plain, normalized = result["nets"]["plain"], result["nets"]["batch_norm"]
    assert max(plain["accuracy"]) < 0.4  # six sigmoid layers without batch norm: stuck at chance (1/3)
    # with batch norm: learns the spiral (eval-mode accuracy dips now and then at lr 2, so the median of the last ten)
    assert normalized["accuracy"][-1] > 0.95
    assert sorted(normalized["accuracy"][-10:])[5] > 0.9
    assert normalized["loss"][-1] < plain["loss"][-1] / 5
    # at the start (γ = 1, β = 0) every batch-normalized layer's input has N(0, 1)'s percentiles, ±1.04 and 0;
    # the plain net's are narrower bands, different in every layer
    for (low, median, high), (plain_low, _, plain_high) in zip(normalized["percentiles"], plain["percentiles"]):
        assert low[0] == pytest.approx(-1.036, abs=0.2) and high[0] == pytest.approx(1.036, abs=0.2)
        assert median[0] == pytest.approx(0, abs=0.2)
        assert plain_high[0] - plain_low[0] < 1.5
        # and training only rescales and shifts it through the learned γ and β: the band keeps its width
        assert all(1.5 < h - lo < 3.5 for lo, h in zip(low, high))


def test_records_line_up_with_steps() -> None:
    params = BatchNormParams(depth=3, width=16, steps=37, batch=50)
    result = run(params, CPU)
    recorded = result["record_steps"]
    assert recorded[0] == 0 and recorded[-1] == 37 and recorded == sorted(set(recorded))
    for net in result["nets"].values():
        assert len(net["batch_loss"]) == 37
        assert len(net["loss"]) == len(net["accuracy"]) == len(recorded)
        assert len(net["percentiles"]) == 3
        assert all(len(series) == len(result["percentile_steps"]) for layer in net["percentiles"] for series in layer)
    assert result["percentile_steps"] == recorded[:-1:2]


@pytest.mark.parametrize(
    "params, mentions",
    [
        ({"depth": 11}, "depth"),
        ({"lr": 0}, "lr"),
        ({"batch": 301}, "batch"),
        ({"steps": 5}, "steps"),
        ({"steps": 1000, "depth": 10}, "steps × depth"),
        ({"init": "orthogonal"}, "init"),
        ({"momentum": 0.9}, "momentum"),
    ],
)
def test_out_of_range_parameters_are_rejected_with_the_reason(glossary_client, params: dict, mentions: str) -> None:
    with pytest.raises(ValidationError):
        BatchNormParams.model_validate(params)
    response = glossary_client.post("/api/demos/batch-norm/run", json=params)
    assert response.status_code == 422
    assert mentions in response.json()["message"]
