"""The vector-quantization demo: assignments against torch.cdist, updates against per-cell means, the distortion
that never rises, the Voronoi polygons against nearest codes, dead codes and their reset, and the bounds."""

import base64
import json

import pytest
import torch
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.specs.vector_quantization import VectorQuantizationParams
from demos.vector_quantization import assign, blobs, fit, initial_codes, plot_box, run, update, voronoi_cells

CPU = torch.device("cpu")
F64 = torch.float64


def data(seed: int = 1, points: int = 300, clusters: int = 4) -> torch.Tensor:
    return blobs(points, clusters, torch.Generator().manual_seed(seed)).to(F64)


def nearest_by_cdist(x: torch.Tensor, codes: torch.Tensor) -> torch.Tensor:
    # the direct (not matrix-product) Euclidean distance, so exact ties are the only ambiguity
    return torch.cdist(x, codes, compute_mode="donot_use_mm_for_euclid_dist").argmin(dim=1)


@pytest.mark.parametrize("init", ["box", "data", "corner"])
@pytest.mark.parametrize("decay", [0.0, 0.7])
def test_every_assignment_is_the_nearest_code_by_cdist(init: str, decay: float) -> None:
    x = data()
    codes = initial_codes(x, 9, init, plot_box(x), torch.Generator().manual_seed(2)).to(F64)
    history = fit(x, codes, iterations=8, decay=decay)
    for t in range(9):
        expected = nearest_by_cdist(x, history["codes"][t])
        assert torch.equal(history["index"][t], expected), t
        distances = torch.cdist(x, history["codes"][t]).amin(dim=1) ** 2
        assert torch.allclose(history["distortion"][t], distances.mean(), rtol=1e-12, atol=0)


def test_run_frames_agree_with_cdist_on_the_returned_numbers() -> None:
    # the page's own numbers (3 decimals): a point may flip only if it is within rounding of a cell border
    result = run(VectorQuantizationParams(), CPU)
    json.dumps(result, allow_nan=False)
    x = torch.tensor([result["xs"], result["ys"]], dtype=F64).T
    for frame in result["frames"]:
        codes = torch.tensor(frame["codes"], dtype=F64)
        index = torch.tensor(list(base64.b64decode(frame["index"])))
        distances = torch.cdist(x, codes)
        nearest = distances.argmin(dim=1)
        differ = index != nearest
        gap = distances.gather(1, index[:, None])[:, 0] - distances.gather(1, nearest[:, None])[:, 0]
        assert (gap[differ] < 2e-3).all()
        assert differ.sum() <= 2
        assert sum(frame["counts"]) == 400
        assert frame["counts"] == torch.bincount(index, minlength=len(codes)).tolist()
        assert frame["dead"] == frame["counts"].count(0)


def test_update_moves_each_code_to_the_mean_of_its_cell() -> None:
    x = data()
    codes = initial_codes(x, 6, "box", plot_box(x), torch.Generator().manual_seed(0)).to(F64)
    index, _ = assign(x, codes)
    for decay in (0.0, 0.9):
        new, counts = update(x, codes, index, decay)
        for k in range(6):
            members = x[index == k]  # boolean indexing, independent of the kernel's index_add
            assert counts[k] == len(members)
            if len(members):
                expected = decay * codes[k] + (1 - decay) * members.mean(dim=0)
            else:
                expected = codes[k]  # a dead code has no mean and stays put
            assert torch.allclose(new[k], expected, rtol=0, atol=1e-12), (decay, k)


@pytest.mark.parametrize("params", [
    {}, {"init": "corner"}, {"ema_decay": 0.8}, {"reset_dead": True, "init": "corner"}, {"codes": 24, "clusters": 8},
])
def test_distortion_never_rises(params: dict) -> None:
    # Both steps can only lower the mean squared distance (the reset moves a code that held no point).
    frames = run(VectorQuantizationParams(**params, iterations=20), CPU)["frames"]
    values = [frame["distortion"] for frame in frames]
    assert all(b <= a * (1 + 1e-3) for a, b in zip(values, values[1:])), values
    assert values[-1] < values[0] / 2


def test_voronoi_polygons_hold_exactly_the_points_nearest_their_code() -> None:
    x = data(seed=5)
    box = plot_box(x)
    codes = initial_codes(x, 12, "box", box, torch.Generator().manual_seed(3)).to(F64)
    cells = voronoi_cells([tuple(c) for c in codes.tolist()], box)
    # probes all over the box: the cell that contains each one belongs to its nearest code by cdist
    gen = torch.Generator().manual_seed(9)
    probes = torch.stack([box[0] + (box[1] - box[0]) * torch.rand(2000, generator=gen, dtype=F64),
                          box[2] + (box[3] - box[2]) * torch.rand(2000, generator=gen, dtype=F64)], dim=1)
    nearest = nearest_by_cdist(probes, codes)
    for probe, k in zip(probes.tolist(), nearest.tolist()):
        assert inside(probe, cells[k])
    # the cells tile the box: their areas add up to its area
    area = sum(polygon_area(cell) for cell in cells)
    assert area == pytest.approx((box[1] - box[0]) * (box[3] - box[2]), rel=1e-9)


def inside(point: list[float], polygon: list[tuple[float, float]]) -> bool:
    """Inside (or on) a convex polygon given counter-clockwise."""
    px, py = point
    for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1]):
        if (bx - ax) * (py - ay) - (by - ay) * (px - ax) < -1e-9:
            return False
    return True


def polygon_area(polygon: list[tuple[float, float]]) -> float:
    return 0.5 * sum(ax * by - bx * ay for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1]))


def test_twin_codes_leave_the_cell_to_the_lower_index() -> None:
    cells = voronoi_cells([(0.0, 0.0), (1.0, 1.0), (0.0, 0.0)], (-2.0, 2.0, -2.0, 2.0))
    assert cells[2] == [] and cells[0]
    index, _ = assign(torch.tensor([[-1.0, -1.0]]), torch.tensor([[0.0, 0.0], [1.0, 1.0], [0.0, 0.0]]))
    assert index.item() == 0


def test_corner_start_leaves_dead_codes_and_the_reset_revives_them() -> None:
    stuck = run(VectorQuantizationParams(init="corner"), CPU)["frames"]
    assert stuck[-1]["dead"] >= 4  # only the codes nearest the data ever win a point
    dead = [k for k, count in enumerate(stuck[-1]["counts"]) if count == 0]
    assert all(stuck[-1]["codes"][k] == stuck[0]["codes"][k] for k in dead)  # a dead code never moves
    revived = run(VectorQuantizationParams(init="corner", reset_dead=True), CPU)["frames"]
    assert revived[-1]["dead"] == 0
    assert revived[-1]["perplexity"] > stuck[-1]["perplexity"] + 2
    assert revived[-1]["distortion"] < stuck[-1]["distortion"] / 2


def test_the_default_run_shows_a_dead_code() -> None:
    frames = run(VectorQuantizationParams(), CPU)["frames"]
    assert frames[-1]["dead"] >= 1  # the lesson of the defaults
    assert 1 <= frames[-1]["perplexity"] <= 8


def test_perplexity_is_the_exponential_of_the_usage_entropy() -> None:
    frame = run(VectorQuantizationParams(codes=5, clusters=3, seed=4), CPU)["frames"][-1]
    p = torch.tensor(frame["counts"], dtype=F64) / 400
    p = p[p > 0]
    assert frame["perplexity"] == pytest.approx(torch.exp(-(p * p.log()).sum()).item(), abs=1e-3)


@pytest.mark.parametrize(
    "bad, reason",
    [
        ({"codes": 0}, "greater than or equal to 1"),
        ({"codes": 25}, "less than or equal to 24"),
        ({"iterations": 31}, "less than or equal to 30"),
        ({"points": 49}, "greater than or equal to 50"),
        ({"ema_decay": 1.0}, "less than or equal to 0.99"),
        ({"init": "kmeans++"}, "'box', 'data' or 'corner'"),
        ({"k": 8}, "Extra inputs are not permitted"),
    ],
)
def test_params_reject_bad_values_with_a_reason(bad: dict, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        VectorQuantizationParams(**bad)


def test_catalog_points_at_the_kernel() -> None:
    spec = CATALOG["vector-quantization"]
    assert load_kernel(spec) is run and spec.params_model is VectorQuantizationParams


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_same_result_on_cpu_and_cuda() -> None:
    params = VectorQuantizationParams(ema_decay=0.5, reset_dead=True)
    on_cpu, on_gpu = run(params, CPU), run(params, torch.device("cuda"))
    for a, b in zip(on_cpu["frames"], on_gpu["frames"]):
        assert b["counts"] == a["counts"]
        assert b["distortion"] == pytest.approx(a["distortion"], rel=1e-4)
