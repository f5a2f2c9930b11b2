"""The ViT patches demo: flatten + linear against a conv2d with kernel = stride = P, patch order against F.unfold,
the token count, sinusoidal positions against their closed form, and the rejection of a P that does not divide."""

import base64
import json
import math
import struct

import pytest
import torch
import torch.nn.functional as F
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.convolution import scene
from demos.specs.vit_patches import VitPatchesParams
from demos.vit_patches import init_projection, patchify, run, sinusoidal_positions

CPU = torch.device("cpu")


def floats(text: str) -> torch.Tensor:
    raw = base64.b64decode(text)
    return torch.tensor(struct.unpack(f"<{len(raw) // 4}f", raw), dtype=torch.float64)


def image_of(params: VitPatchesParams) -> torch.Tensor:
    return scene(params.image, params.height, params.width, CPU, colour=True).double() / 255


@pytest.mark.parametrize(("h", "w", "p"), [(24, 32, 8), (24, 32, 4), (16, 48, 16), (9, 12, 3), (8, 8, 1), (64, 64, 32)])
def test_patches_are_f_unfold_with_kernel_and_stride_p(h: int, w: int, p: int) -> None:
    image = torch.rand(3, h, w, generator=torch.Generator().manual_seed(h * w + p), dtype=torch.float64)
    ours = patchify(image, p)
    theirs = F.unfold(image[None], p, stride=p)[0].T  # (N, C·P·P), N in row-major grid order
    assert ours.shape == ((h // p) * (w // p), 3 * p * p)
    assert torch.equal(ours, theirs)


@pytest.mark.parametrize(("h", "w", "p", "d"), [(24, 32, 8, 16), (32, 32, 4, 64), (16, 48, 16, 5), (8, 8, 2, 2)])
def test_flatten_and_linear_equal_a_conv2d_with_kernel_and_stride_p(h: int, w: int, p: int, d: int) -> None:
    params = VitPatchesParams(height=h, width=w, patch=p, dim=d, seed=7, class_token=False, position="none")
    result = run(params, CPU)
    # the reference: nn.Conv2d(3, D, kernel_size=P, stride=P) holding the same weights, flattened as ViT code does
    weight, bias = init_projection(3 * p * p, d, 7, CPU)
    conv = torch.nn.Conv2d(3, d, kernel_size=p, stride=p).double()
    with torch.no_grad():
        conv.weight.copy_(weight.view(d, 3, p, p))
        conv.bias.copy_(bias)
        expected = conv(image_of(params)[None]).flatten(2).transpose(1, 2)[0]  # (N, D)
    tokens = floats(result["tokens"]).view(-1, d)
    assert tokens.shape == expected.shape
    assert torch.allclose(tokens, expected, rtol=0, atol=1e-5)  # float32 sums of 3·P² products
    assert result["max_abs_difference"] < 1e-5
    assert expected.std() > 0.05  # real, varied tokens, not zeros agreeing


def test_projection_starts_like_nn_linear() -> None:
    weight, bias = init_projection(192, 16, 0, CPU)
    bound = 1 / math.sqrt(192)
    assert weight.shape == (16, 192) and bias.shape == (16,)
    assert weight.abs().max() <= bound and bias.abs().max() <= bound and weight.std() > bound / 3
    assert torch.equal(weight, init_projection(192, 16, 0, CPU)[0])  # the seed fixes it
    assert not torch.equal(weight, init_projection(192, 16, 1, CPU)[0])


@pytest.mark.parametrize(("h", "w", "p"), [(24, 32, 8), (24, 32, 4), (24, 32, 2), (64, 64, 4), (40, 16, 8), (9, 9, 9)])
@pytest.mark.parametrize("class_token", [True, False])
def test_token_count_is_h_over_p_times_w_over_p_plus_the_class_token(h: int, w: int, p: int, class_token: bool) -> None:
    result = run(VitPatchesParams(height=h, width=w, patch=p, dim=4, class_token=class_token), CPU)
    count = (h // p) * (w // p)
    assert result["formula"]["tokens"] == count and result["grid"] == [h // p, w // p]
    assert result["formula"]["sequence"] == count + class_token == len(result["positions"])
    assert floats(result["tokens"]).numel() == (count + class_token) * 4
    assert result["formula"]["patch_length"] == 3 * p * p
    assert result["formula"]["parameters"] == 3 * p * p * 4 + 4


def test_each_token_carries_the_patch_at_its_grid_position() -> None:
    params = VitPatchesParams(image="glyph", patch=4)
    result = run(params, CPU)
    image = (image_of(params) * 255).round()
    p, length = params.patch, 3 * params.patch**2
    patches = torch.tensor(list(base64.b64decode(result["patches"])), dtype=torch.float64).view(-1, length)
    assert result["positions"][0] is None  # the class token comes from no patch
    for n, (row, col) in enumerate(result["positions"][1:]):
        assert torch.equal(patches[n], image[:, row * p:(row + 1) * p, col * p:(col + 1) * p].reshape(-1))
    rows_in_order = [position for position in result["positions"][1:]]
    assert rows_in_order == sorted(rows_in_order)  # row-major: left to right, then the next row down


def test_sinusoidal_positions_match_the_closed_form() -> None:
    length, dim = 13, 16
    ours = sinusoidal_positions(length, dim, CPU).double()
    for pos in range(length):
        for i in range(dim // 2):
            angle = pos / 10000 ** (2 * i / dim)
            assert ours[pos, 2 * i].item() == pytest.approx(math.sin(angle), abs=1e-6)
            assert ours[pos, 2 * i + 1].item() == pytest.approx(math.cos(angle), abs=1e-6)
    assert sinusoidal_positions(5, 7, CPU).shape == (5, 7)  # an odd D ends on a sine


def test_without_positions_identical_patches_are_identical_tokens() -> None:
    plain = run(VitPatchesParams(position="none"), CPU)
    placed = run(VitPatchesParams(position="sinusoidal"), CPU)
    d = plain["dim"]
    tokens, with_positions = floats(plain["tokens"]).view(-1, d), floats(placed["tokens"]).view(-1, d)
    patches = torch.tensor(list(base64.b64decode(plain["patches"]))).view(plain["formula"]["tokens"], -1)
    blank = [n + 1 for n in range(len(patches)) if patches[n].max() == 0]  # +1: after the class token
    assert len(blank) >= 2
    for n in blank[1:]:
        assert torch.equal(tokens[n], tokens[blank[0]])
        assert not torch.allclose(with_positions[n], with_positions[blank[0]], atol=1e-3)
    assert torch.equal(tokens[0], torch.zeros(d, dtype=torch.float64))  # the class token starts at zero
    expected = tokens + sinusoidal_positions(len(tokens), d, CPU).double()
    assert torch.allclose(with_positions, expected, atol=1e-6)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"patch": 5}, "patch size 5 does not divide the 24×32 image"),
        ({"patch": 5}, "choose one of 1, 2, 4, 8"),
        ({"height": 30, "patch": 8}, "30 mod 8 = 6"),
        ({"height": 64, "width": 64, "patch": 2}, "1024 patches, more than the 256"),
        ({"patch": 0}, "patch"),
        ({"patch": 33}, "patch"),
        ({"height": 7}, "height"),
        ({"width": 65}, "width"),
        ({"dim": 1}, "dim"),
        ({"dim": 65}, "dim"),
        ({"position": "learned"}, "position"),
        ({"seed": -1}, "seed"),
        ({"channels": 1}, "channels"),
    ],
)
def test_out_of_bounds_parameters_are_rejected_with_a_reason(glossary_client, params: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        VitPatchesParams(**params)
    response = glossary_client.post("/api/demos/vit-patches/run", json=params)
    assert response.status_code == 422
    assert message in response.json()["message"]


def test_default_response_is_small() -> None:
    result = run(VitPatchesParams(), CPU)
    assert len(json.dumps(result, allow_nan=False)) < 20_000
    largest = run(VitPatchesParams(height=64, width=64, patch=4, dim=64), CPU)
    assert len(json.dumps(largest)) < 200_000


def test_catalog_points_at_this_kernel() -> None:
    spec = CATALOG["vit-patches"]
    assert load_kernel(spec) is run and spec.params_model is VitPatchesParams
