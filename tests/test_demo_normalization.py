"""The normalization demo: whitening against the identity, standardization against nn.BatchNorm1d, the entries'
worked examples as closed forms, the sampler against its requested moments, and the parameter bounds."""

import json

import pytest
import torch
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.normalization import (
    covariance,
    min_max,
    principal_axes,
    run,
    sample,
    standardize,
    whiten,
    whitening_matrix,
)
from demos.specs.normalization import NormalizationParams

CPU = torch.device("cpu")
F64 = torch.float64


def correlated(n: int = 500, seed: int = 3) -> torch.Tensor:
    return sample(NormalizationParams(points=n, std_x=4.0, std_y=0.5, correlation=-0.7, seed=seed), CPU)


@pytest.mark.parametrize("method", ["zca", "pca"])
def test_whitened_covariance_is_the_identity(method: str) -> None:
    x = correlated()
    z, _ = whiten(x, method)
    # torch.cov is computed independently of the kernel's covariance(); correction=0 divides by n
    assert torch.allclose(torch.cov(z.T, correction=0), torch.eye(2, dtype=F64), rtol=0, atol=1e-12)
    assert torch.allclose(z.mean(dim=0), torch.zeros(2, dtype=F64), rtol=0, atol=1e-12)
    # the data were far from white: a test that could fail
    assert torch.cov(x.T, correction=0)[0, 1].abs() > 0.5


def test_run_reports_identity_covariance_and_unit_eigenvalues() -> None:
    result = run(NormalizationParams(), CPU)
    json.dumps(result, allow_nan=False)
    assert result["panels"]["whitened"]["covariance"] == [[1.0, 0.0], [0.0, 1.0]]  # rounded to 4 places
    assert result["whitened_eigenvalues"] == pytest.approx([1.0, 1.0], abs=1e-6)
    # the returned (4-significant-digit) points are white too, within what the rounding allows
    xs, ys = result["panels"]["whitened"]["xs"], result["panels"]["whitened"]["ys"]
    cov = torch.cov(torch.tensor([xs, ys], dtype=F64), correction=0)
    assert torch.allclose(cov, torch.eye(2, dtype=F64), rtol=0, atol=2e-3)
    standardized = result["panels"]["standardized"]["covariance"]
    assert standardized[0][0] == standardized[1][1] == 1.0
    assert standardized[0][1] == pytest.approx(0.8, abs=0.1)  # standardizing keeps the correlation


def test_zca_matrix_matches_the_whitening_entrys_worked_example() -> None:
    # glossary/entries/whitening.md: Σ = [[2, 1], [1, 2]] has Σ^(-1/2) ≈ [[0.789, -0.211], [-0.211, 0.789]];
    # ZCA maps the centred point (1, 1) to (0.577, 0.577) and PCA whitening maps it to (0.816, 0).
    sigma = torch.tensor([[2.0, 1.0], [1.0, 2.0]], dtype=F64)
    zca = whitening_matrix(sigma, "zca")
    expected = torch.tensor([[0.78868, -0.21132], [-0.21132, 0.78868]], dtype=F64)  # (1/√3 ± 1)/2
    assert torch.allclose(zca, expected, rtol=0, atol=1e-5)
    assert torch.allclose(zca @ zca, torch.linalg.inv(sigma), rtol=0, atol=1e-12)  # Σ^(-1/2) squared is Σ^(-1)
    point = torch.tensor([1.0, 1.0], dtype=F64)
    assert torch.allclose(zca @ point, torch.full((2,), 3**-0.5, dtype=F64), rtol=0, atol=1e-12)
    pca = whitening_matrix(sigma, "pca")
    assert torch.allclose(pca @ point, torch.tensor([(2 / 3) ** 0.5, 0.0], dtype=F64), rtol=0, atol=1e-12)


def test_pca_whitening_is_zca_rotated_onto_the_principal_axes() -> None:
    x = correlated()
    pca, _ = whiten(x, "pca")
    zca, _ = whiten(x, "zca")
    _, vectors = principal_axes(covariance(x))
    assert torch.allclose(pca @ vectors.T, zca, rtol=0, atol=1e-12)
    assert torch.allclose(vectors.T @ vectors, torch.eye(2, dtype=F64), rtol=0, atol=1e-12)


def test_epsilon_shrinks_each_eigenvalue_to_lambda_over_lambda_plus_eps() -> None:
    x, eps = correlated(), 0.3
    eigenvalues = torch.linalg.eigvalsh(torch.cov(x.T, correction=0)).flip(0)  # independent of principal_axes
    z, _ = whiten(x, "zca", eps)
    whitened = torch.linalg.eigvalsh(torch.cov(z.T, correction=0)).flip(0)
    assert torch.allclose(whitened, eigenvalues / (eigenvalues + eps), rtol=0, atol=1e-12)
    assert whitened[1] < 0.5  # the small direction (λ ≈ 0.13) is no longer blown up to 1


def test_standardize_matches_batch_norm_in_training_mode() -> None:
    x = correlated()
    # batch statistics with the biased variance; eps must be > 0 in training, and 1e-30 vanishes beside σ² ≈ 0.25
    norm = torch.nn.BatchNorm1d(2, affine=False, eps=1e-30, dtype=F64).train()
    assert torch.allclose(standardize(x), norm(x), rtol=0, atol=1e-12)


def test_standardize_and_min_max_match_the_entries_worked_examples() -> None:
    # glossary/entries/standardization.md: 2, 4, 4, 4, 5, 5, 7, 9 have μ = 5, σ = 2.
    values = torch.tensor([2.0, 4, 4, 4, 5, 5, 7, 9], dtype=F64)
    x = torch.stack([values, values.flip(0) * 10], dim=1)
    expected = torch.tensor([-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2], dtype=F64)
    assert torch.allclose(standardize(x)[:, 0], expected, rtol=0, atol=1e-12)
    # glossary/entries/normalization.md: 20, 35, 50, 80 become 0, 0.25, 0.5, 1.
    x = torch.tensor([[20.0, -1], [35, 3], [50, 0], [80, 7]], dtype=F64)
    scaled = min_max(x)
    assert torch.allclose(scaled[:, 0], torch.tensor([0, 0.25, 0.5, 1], dtype=F64), rtol=0, atol=1e-12)
    assert torch.allclose(scaled[:, 1], torch.tensor([0, 0.5, 0.125, 1], dtype=F64), rtol=0, atol=1e-12)


def test_sample_has_the_requested_moments() -> None:
    params = NormalizationParams(points=1000, std_x=2.0, std_y=0.5, correlation=0.6, seed=11)
    x = sample(params, CPU)
    std = x.std(dim=0)
    # with n = 1000 the sample σ is within ~2.2% (1 s.e.) and ρ within ~0.02 (1 s.e.): allow 4 s.e.
    assert std[0].item() == pytest.approx(2.0, rel=0.09)
    assert std[1].item() == pytest.approx(0.5, rel=0.09)
    assert torch.corrcoef(x.T)[0, 1].item() == pytest.approx(0.6, abs=0.08)
    assert x.mean(dim=0).tolist() == pytest.approx([5.0, 2.0], abs=0.3)


def test_an_outlier_squeezes_the_min_max_panel_but_not_the_standardized_one() -> None:
    clean = run(NormalizationParams(), CPU)["panels"]
    spoiled = run(NormalizationParams(outlier=True), CPU)
    index = spoiled["outlier_index"]
    assert index == 199
    rest = spoiled["panels"]["min_max"]["xs"][:index]
    assert spoiled["panels"]["min_max"]["xs"][index] == 1.0
    assert max(rest) - min(rest) < 0.6 < max(clean["min_max"]["xs"]) - min(clean["min_max"]["xs"])


def test_tone_is_a_rank_along_the_long_axis() -> None:
    result = run(NormalizationParams(points=50), CPU)
    assert sorted(result["tone"]) == pytest.approx([i / 49 for i in range(50)], abs=1e-3)


def test_ellipse_is_two_standard_deviations_along_each_axis() -> None:
    panel = run(NormalizationParams(), CPU)["panels"]["whitened"]
    radii = [(x * x + y * y) ** 0.5 for x, y in panel["ellipse"]]
    assert radii == pytest.approx([2.0] * len(radii), abs=1e-3)  # identity covariance: a circle of radius 2


@pytest.mark.parametrize(
    "bad, reason",
    [
        ({"points": 9}, "greater than or equal to 10"),
        ({"points": 1001}, "less than or equal to 1000"),
        ({"correlation": 1.0}, "less than or equal to 0.95"),
        ({"std_x": 0}, "greater than or equal to 0.1"),
        ({"eps": -0.1}, "greater than or equal to 0"),
        ({"whitening": "cholesky"}, "'zca' or 'pca'"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
    ],
)
def test_params_reject_out_of_range_values(bad: dict, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        NormalizationParams(**bad)


def test_catalog_points_at_the_kernel() -> None:
    spec = CATALOG["normalization"]
    assert load_kernel(spec) is run and spec.params_model is NormalizationParams


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_same_result_on_cpu_and_cuda() -> None:
    params = NormalizationParams(outlier=True, whitening="pca", eps=0.1)
    on_cpu, on_gpu = run(params, CPU), run(params, torch.device("cuda"))
    for name, panel in on_cpu["panels"].items():
        assert on_gpu["panels"][name]["xs"] == pytest.approx(panel["xs"], rel=1e-3, abs=1e-3), name
        assert on_gpu["panels"][name]["covariance"] == pytest.approx(panel["covariance"], abs=1e-4), name
