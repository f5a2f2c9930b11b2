"""Normalization: one sample of correlated 2-D data, min–max normalized, standardized and whitened.

Min–max and standardization treat each feature on its own: they rescale the axes but leave the
correlation alone. Whitening uses the whole covariance Σ = UΛUᵀ: z = W(x − μ) with W = Λ^(-1/2)Uᵀ (PCA)
or UΛ^(-1/2)Uᵀ (ZCA), so the covariance of z is WΣWᵀ = I. Covariances divide by n (the population
form that StandardScaler and batch normalization use). Everything is float64: the point is that
the whitened covariance is the identity to rounding error, and 2×2 matrices cost nothing.
"""

import math
from collections.abc import Callable

import torch
from torch import Tensor

from demos.specs.normalization import NormalizationParams

MEAN = (5.0, 2.0)  # the raw data sits away from the origin, as raw features do
OUTLIER_SIGMAS = 8.0  # the outlier lies this many σx out along x
ELLIPSE_SIGMAS = 2.0  # the drawn ellipse: two standard deviations along each principal axis
ELLIPSE_POINTS = 73  # 72 segments, first point repeated at the end
DTYPE = torch.float64


# ---------------------------------------------------------------------------------------------
# The three transforms, each on an (n, 2) tensor
# ---------------------------------------------------------------------------------------------


def min_max(x: Tensor) -> Tensor:
    """Each feature onto [0, 1]: (x − min) / (max − min)."""
    low, high = x.amin(dim=0), x.amax(dim=0)
    return (x - low) / (high - low)


def standardize(x: Tensor) -> Tensor:
    """Each feature to mean 0 and standard deviation 1 (population σ, divided by n)."""
    return (x - x.mean(dim=0)) / x.std(dim=0, correction=0)


def covariance(x: Tensor) -> Tensor:
    """The (d, d) covariance of the rows of x, divided by n."""
    centred = x - x.mean(dim=0)
    return centred.T @ centred / len(x)


def principal_axes(cov: Tensor) -> tuple[Tensor, Tensor]:
    """Eigenvalues, largest first, and unit eigenvectors as the columns of U (cov = U diag(λ) Uᵀ).

    eigh returns each eigenvector up to sign; we make its largest component positive, so the
    PCA-whitened picture does not flip between runs or devices.
    """
    eigenvalues, vectors = torch.linalg.eigh(cov)  # ascending
    eigenvalues, vectors = eigenvalues.flip(0), vectors.flip(1)
    largest = vectors.abs().argmax(dim=0, keepdim=True)
    signs = torch.sign(vectors.gather(0, largest))
    return eigenvalues, vectors * signs


def whitening_matrix(cov: Tensor, method: str, eps: float = 0.0) -> Tensor:
    """W with W Σ Wᵀ = I (exactly when eps = 0): Λ^(-1/2)Uᵀ for "pca", UΛ^(-1/2)Uᵀ = Σ^(-1/2) for "zca"."""
    eigenvalues, vectors = principal_axes(cov)
    pca = (eigenvalues + eps).rsqrt()[:, None] * vectors.T
    return vectors @ pca if method == "zca" else pca


def whiten(x: Tensor, method: str, eps: float = 0.0) -> tuple[Tensor, Tensor]:
    """(z, W): z = W(x − μ) row by row, with W from the covariance of x itself."""
    w = whitening_matrix(covariance(x), method, eps)
    return (x - x.mean(dim=0)) @ w.T, w


# ---------------------------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------------------------


def sample(params: NormalizationParams, device: torch.device) -> Tensor:
    """(points, 2) draws from N(MEAN, Σ) with σx, σy and correlation ρ: x = μ + Lz, L the Cholesky factor of Σ."""
    generator = torch.Generator().manual_seed(params.seed)  # on the CPU: same numbers on every device
    z = torch.randn(params.points, 2, generator=generator, dtype=DTYPE).to(device)
    sx, sy, rho = params.std_x, params.std_y, params.correlation
    cholesky = torch.tensor([[sx, 0.0], [rho * sy, sy * math.sqrt(1 - rho * rho)]], dtype=DTYPE, device=device)
    x = z @ cholesky.T + torch.tensor(MEAN, dtype=DTYPE, device=device)
    if params.outlier:
        x[-1] = torch.tensor((MEAN[0] + OUTLIER_SIGMAS * sx, MEAN[1]), dtype=DTYPE, device=device)
    return x


# ---------------------------------------------------------------------------------------------
# What each panel shows
# ---------------------------------------------------------------------------------------------


def _ellipse(mean: Tensor, eigenvalues: Tensor, vectors: Tensor) -> tuple[Tensor, Tensor]:
    """The 2σ ellipse as a closed polyline (ELLIPSE_POINTS, 2) and its two semi-axes as segments (2, 2, 2)."""
    semi_axes = vectors * (ELLIPSE_SIGMAS * eigenvalues.clamp(min=0).sqrt())  # column k: k-th semi-axis
    angles = torch.linspace(0, 2 * math.pi, ELLIPSE_POINTS, dtype=DTYPE, device=mean.device)
    unit = torch.stack([angles.cos(), angles.sin()], dim=1)
    outline = mean + unit @ semi_axes.T
    segments = torch.stack([mean - semi_axes.T, mean + semi_axes.T], dim=1)  # (axis, end, xy)
    return outline, segments


def _panel(x: Tensor) -> dict[str, Tensor]:
    cov = covariance(x)
    mean = x.mean(dim=0)
    outline, segments = _ellipse(mean, *principal_axes(cov))
    return {"x": x, "mean": mean, "covariance": cov, "ellipse": outline, "axes": segments}


def _sig(values: list[float], digits: int = 4) -> list[float]:
    """Round to `digits` significant digits: enough for a figure, a third of the JSON."""
    return [float(f"{v:.{digits}g}") for v in values]


def _fixed(values: list[float], places: int = 4) -> list[float]:
    return [round(v, places) + 0.0 for v in values]  # + 0.0 turns -0.0 into 0.0


def run(params: NormalizationParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """The sample and its three rescalings. Each panel: point coordinates (xs, ys), mean, covariance
    (divided by n), the 2σ covariance ellipse and its semi-axes. Also the whitening matrix W, the
    eigenvalues of the whitened covariance (1, 1 when eps = 0) and each point's tone in [0, 1]: its
    rank along the raw data's first principal axis, so the page can colour a point alike in every panel."""
    # data
    x = sample(params, device)
    # transforms
    whitened, w = whiten(x, params.whitening, params.eps)
    panels = {
        "original": _panel(x),
        "min_max": _panel(min_max(x)),
        "standardized": _panel(standardize(x)),
        "whitened": _panel(whitened),
    }
    _, vectors = principal_axes(panels["original"]["covariance"])
    along = (x - x.mean(dim=0)) @ vectors[:, 0]
    tone = along.argsort().argsort().to(DTYPE) / (len(x) - 1)
    whitened_eigenvalues = torch.linalg.eigvalsh(panels["whitened"]["covariance"]).flip(0)

    # read back once
    host = {name: {key: value.cpu() for key, value in panel.items()} for name, panel in panels.items()}
    result_panels = {}
    for name, panel in host.items():
        result_panels[name] = {
            "xs": _sig(panel["x"][:, 0].tolist()),
            "ys": _sig(panel["x"][:, 1].tolist()),
            "mean": _fixed(panel["mean"].tolist()),
            "covariance": [_fixed(row) for row in panel["covariance"].tolist()],
            "ellipse": [_sig(point) for point in panel["ellipse"].tolist()],
            "axes": [[_sig(end) for end in axis] for axis in panel["axes"].tolist()],
        }
    return {
        "points": params.points,
        "outlier_index": params.points - 1 if params.outlier else None,
        "tone": _fixed(tone.cpu().tolist(), 3),
        "panels": result_panels,
        "whitening_matrix": [_sig(row) for row in w.cpu().tolist()],
        "whitened_eigenvalues": _fixed(whitened_eigenvalues.cpu().tolist(), 6),
    }
