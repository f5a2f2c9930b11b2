"""The pooling/im2col demo: our im2col against F.unfold, w·X_col against F.conv2d, pooling through the same
unrolling against F.max_pool2d / F.avg_pool2d, the winners of max pooling, and the parameter bounds."""

import base64
import itertools
import json
import struct

import pytest
import torch
import torch.nn.functional as F
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.convolution import preset_kernel, scene
from demos.pooling_im2col import im2col, pool, run
from demos.specs.pooling_im2col import PRESETS, PoolingIm2colParams

CPU = torch.device("cpu")


def floats(text: str) -> torch.Tensor:
    raw = base64.b64decode(text)
    return torch.tensor(struct.unpack(f"<{len(raw) // 4}f", raw), dtype=torch.float64)


def byte_tensor(text: str) -> torch.Tensor:
    return torch.tensor(list(base64.b64decode(text)), dtype=torch.float64)


def image_of(params: PoolingIm2colParams) -> torch.Tensor:
    return scene(params.image, params.size, params.size, CPU)[0].double() / 255


@pytest.mark.parametrize(("k", "p", "s"), list(itertools.product((1, 2, 3, 5), (0, 1, 2), (1, 2, 3))))
def test_our_im2col_equals_f_unfold(k: int, p: int, s: int) -> None:
    image = torch.rand(11, 11, generator=torch.Generator().manual_seed(k * 100 + p * 10 + s), dtype=torch.float64)
    ours = im2col(image, k, p, s)
    theirs = F.unfold(image[None, None], k, padding=p, stride=s)[0]
    assert ours.shape == theirs.shape
    assert torch.equal(ours, theirs)  # the same numbers copied to the same places: no tolerance needed


@pytest.mark.parametrize("kernel", PRESETS)
def test_weight_row_times_x_col_equals_f_conv2d(kernel: str) -> None:
    for k, p, s, size in [(3, 0, 1, 16), (5, 2, 2, 13), (3, 1, 3, 8)]:
        params = PoolingIm2colParams(kernel=kernel, kernel_size=k, padding=p, stride=s, size=size, image="glyph")
        conv = run(params, CPU)["conv"]
        image, weights = image_of(params), preset_kernel(kernel, k)
        # the matrix that travels is F.unfold of the image, as the 0–255 bytes it came from
        unfolded = F.unfold(image[None, None], k, padding=p, stride=s)[0]
        assert conv["matrix_shape"] == list(unfolded.shape)
        assert torch.equal(byte_tensor(conv["matrix"]).view(unfolded.shape), (unfolded * 255).round())
        expected = F.conv2d(image[None, None], torch.tensor(weights, dtype=torch.float64)[None, None],
                            padding=p, stride=s)[0, 0]
        n = conv["output_size"]
        assert expected.shape == (n, n)
        scale = sum(abs(w) for row in weights for w in row)  # float32 sums of k² products of size ≤ |w|
        assert torch.allclose(floats(conv["output"]).view(n, n), expected, rtol=0, atol=1e-6 * scale)
        assert conv["unfold_difference"] == 0 and conv["conv2d_difference"] <= 1e-6 * scale
        assert conv["memory"] == {"pixels": size**2, "matrix": k * k * n * n,
                                  "ratio": pytest.approx(k * k * n * n / size**2, rel=1e-2)}


@pytest.mark.parametrize(("q", "s"), list(itertools.product((2, 3, 4), (1, 2, 3, 4))))
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pooling_through_im2col_equals_torch_pooling(mode: str, q: int, s: int) -> None:
    params = PoolingIm2colParams(pool=mode, pool_size=q, pool_stride=s, size=15)
    result = run(params, CPU)["pool"]
    image = image_of(params)[None, None]
    expected = (F.max_pool2d if mode == "max" else F.avg_pool2d)(image, q, s)[0, 0]
    n = result["output_size"]
    assert expected.shape == (n, n) and result["formula"]["output"] == n
    assert torch.allclose(floats(result["output"]).view(n, n), expected, rtol=0, atol=1e-6)
    assert result["difference"] <= 1e-6 and result["reference"] == f"{mode}_pool2d"


def test_max_pooling_winners_are_the_pixels_torch_keeps() -> None:
    params = PoolingIm2colParams(pool_size=3, pool_stride=2, image="glyph")
    result = run(params, CPU)["pool"]
    image = image_of(params)
    windows = im2col(image, 3, 0, 2)
    _, indices = F.max_pool2d(image[None, None], 3, 2, return_indices=True)
    indices = indices.flatten().tolist()
    winners, n = result["winners"], result["output_size"]
    taps = result["taps"]
    assert any(w >= 0 for w in winners) and any(w < 0 for w in winners)
    for column, winner in enumerate(winners):
        values = windows[:, column]
        if winner < 0:  # a flat window: every pixel ties
            assert values.max() == values.min()
            continue
        assert values[winner] == values.max() > values.min()
        if (values == values.max()).sum() == 1:  # a unique maximum: torch must point at the same pixel
            row, col = taps[column // n][winner // 3], taps[column % n][winner % 3]
            assert indices[column] == row * params.size + col


def test_average_pooling_is_a_convolution_with_a_constant_kernel() -> None:
    image = image_of(PoolingIm2colParams())
    _, pooled, winners = pool(image, "avg", 3, 2)
    constant = torch.full((1, 1, 3, 3), 1 / 9, dtype=torch.float64)
    assert torch.allclose(pooled, F.conv2d(image[None, None], constant, stride=2).flatten(), atol=1e-12)
    assert (winners == -1).all()


def test_default_response_is_small() -> None:
    result = run(PoolingIm2colParams(), CPU)
    assert len(json.dumps(result, allow_nan=False)) < 20_000
    assert result["conv"]["matrix_shape"] == [9, 196] and result["pool"]["output_size"] == 8


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"size": 7}, "size"),
        ({"size": 17}, "size"),
        ({"kernel_size": 4}, "kernel_size"),
        ({"kernel": "custom"}, "kernel"),
        ({"padding": 3}, "padding"),
        ({"stride": 4}, "stride"),
        ({"pool": "min"}, "pool"),
        ({"pool_size": 1}, "pool_size"),
        ({"pool_stride": 5}, "pool_stride"),
        ({"image": "drawn"}, "image"),
        ({"dilation": 2}, "dilation"),
    ],
)
def test_out_of_bounds_parameters_are_rejected_with_a_reason(glossary_client, params: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PoolingIm2colParams(**params)
    response = glossary_client.post("/api/demos/pooling-im2col/run", json=params)
    assert response.status_code == 422
    assert message in response.json()["message"]


def test_catalog_points_at_this_kernel() -> None:
    spec = CATALOG["pooling-im2col"]
    assert load_kernel(spec) is run and spec.params_model is PoolingIm2colParams
