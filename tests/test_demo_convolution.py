"""The convolution demo: shift-and-add against F.conv2d, the output-size formula, the receptive field against
autograd, the presets against their textbook forms, drawn input, and the parameter bounds."""

import base64
import itertools
import json
import struct

import pytest
import torch
import torch.nn.functional as F
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.convolution import conv2d, preset_kernel, receptive_taps, run, scene
from demos.specs.convolution import IMAGE_SIZE, PRESETS, ConvolutionParams, output_size

CPU = torch.device("cpu")
GEOMETRIES = list(itertools.product((3, 5, 7), (0, 1, 4), (1, 2, 3), (1, 2, 4)))  # k, padding, stride, dilation


def floats(text: str) -> list[float]:
    raw = base64.b64decode(text)
    return list(struct.unpack(f"<{len(raw) // 4}f", raw))


def image_of(result: dict) -> torch.Tensor:
    return torch.tensor(list(base64.b64decode(result["image"])), dtype=torch.float64).view(IMAGE_SIZE, IMAGE_SIZE) / 255


def reference(image: torch.Tensor, weights: list[list[float]], k: int, p: int, s: int, d: int) -> torch.Tensor:
    kernel = torch.tensor(weights, dtype=torch.float64).view(1, 1, k, k)
    return F.conv2d(image.double()[None, None], kernel, padding=p, stride=s, dilation=d)[0, 0]


@pytest.mark.parametrize(("k", "p", "s", "d"), GEOMETRIES)
def test_shift_and_add_equals_f_conv2d_with_an_asymmetric_kernel(k: int, p: int, s: int, d: int) -> None:
    # Random weights have no symmetry, so a flipped kernel or a tap off by one pixel would show at once.
    gen = torch.Generator().manual_seed(k * 1000 + p * 100 + s * 10 + d)
    image = torch.rand(IMAGE_SIZE, IMAGE_SIZE, generator=gen, dtype=torch.float64)
    weights = torch.randn(k, k, generator=gen, dtype=torch.float64).tolist()
    ours = conv2d(image, weights, p, s, d)
    theirs = reference(image, weights, k, p, s, d)
    assert ours.shape == theirs.shape
    assert torch.allclose(ours, theirs, rtol=0, atol=1e-12)


@pytest.mark.parametrize("kernel", [name for name in PRESETS if name != "custom"])
@pytest.mark.parametrize("image", ["shapes", "glyph"])
def test_run_returns_f_conv2d_of_the_shipped_image(kernel: str, image: str) -> None:
    for k, p, s, d in [(3, 1, 1, 1), (5, 2, 2, 1), (7, 0, 1, 3)]:
        result = run(ConvolutionParams(image=image, kernel=kernel, kernel_size=k, padding=p, stride=s, dilation=d), CPU)
        weights = preset_kernel(kernel, k)
        expected = reference(image_of(result), weights, k, p, s, d)
        n = result["output_size"]
        ours = torch.tensor(floats(result["output"]), dtype=torch.float64).view(n, n)
        # float32 arithmetic: each output is a sum of k² products, each at most |w| in size
        scale = sum(abs(w) for row in weights for w in row)
        assert torch.allclose(ours, expected, rtol=0, atol=1e-6 * scale), (kernel, k, p, s, d)
        assert result["max_abs_difference"] <= 1e-6 * scale
        assert expected.abs().max() > 0.1  # the image has content the kernel responds to
        assert result["output_limit"] == pytest.approx(float(expected.abs().max()), rel=1e-3)


@pytest.mark.parametrize(("k", "p", "s", "d"), GEOMETRIES)
def test_output_size_formula_agrees_with_torch_and_the_returned_numbers(k: int, p: int, s: int, d: int) -> None:
    size = output_size(IMAGE_SIZE, k, p, s, d)
    assert size == F.conv2d(torch.zeros(1, 1, IMAGE_SIZE, IMAGE_SIZE), torch.zeros(1, 1, k, k),
                            padding=p, stride=s, dilation=d).shape[-1]
    formula = run(ConvolutionParams(kernel_size=k, padding=p, stride=s, dilation=d), CPU)["formula"]
    assert formula["span"] == d * (k - 1) + 1
    assert formula["numerator"] == IMAGE_SIZE + 2 * p - formula["span"]
    assert formula["output"] == formula["numerator"] // s + 1 == size
    # `unused` counts the trailing rows of the padded input that no kernel position reaches
    last_row_read = (size - 1) * s + formula["span"]
    assert formula["unused"] == IMAGE_SIZE + 2 * p - last_row_read


@pytest.mark.parametrize(("k", "p", "s", "d"), [(3, 1, 1, 1), (3, 0, 2, 2), (5, 4, 3, 1), (7, 2, 1, 4)])
def test_receptive_taps_are_where_autograd_finds_a_gradient(k: int, p: int, s: int, d: int) -> None:
    size = output_size(IMAGE_SIZE, k, p, s, d)
    taps = receptive_taps(size, k, p, s, d)
    image = torch.zeros(1, 1, IMAGE_SIZE, IMAGE_SIZE, dtype=torch.float64, requires_grad=True)
    out = F.conv2d(image, torch.ones(1, 1, k, k, dtype=torch.float64), padding=p, stride=s, dilation=d)
    for i, j in [(0, 0), (size // 2, size - 1), (size - 1, size // 3)]:
        (grad,) = torch.autograd.grad(out[0, 0, i, j], image, retain_graph=True)
        touched = {tuple(index) for index in grad[0, 0].nonzero().tolist()}
        inside = lambda taps_of_axis: [t for t in taps_of_axis if 0 <= t < IMAGE_SIZE]  # noqa: E731
        assert touched == set(itertools.product(inside(taps[i]), inside(taps[j]))), (i, j)


def test_presets_have_their_textbook_form() -> None:
    assert preset_kernel("sobel_x", 3) == [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
    assert preset_kernel("sobel_y", 3) == [[-1, -2, -1], [0, 0, 0], [1, 2, 1]]
    assert preset_kernel("edge", 3) == [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]
    assert preset_kernel("blur", 3) == [[1 / 16, 2 / 16, 1 / 16], [2 / 16, 4 / 16, 2 / 16], [1 / 16, 2 / 16, 1 / 16]]
    assert preset_kernel("sharpen", 3)[1][1] == 2 - 4 / 16
    for k in (3, 5, 7):
        total = {name: sum(map(sum, preset_kernel(name, k))) for name in PRESETS if name != "custom"}
        # blur, sharpen and identity keep a flat region's level; the edge detectors answer it with zero
        assert total == pytest.approx({"blur": 1, "sharpen": 1, "identity": 1, "edge": 0, "sobel_x": 0, "sobel_y": 0})
        assert max(abs(w) for row in preset_kernel("sobel_x", k) for w in row) <= 100  # within the custom bounds


def test_identity_kernel_returns_the_image_and_sobel_x_finds_vertical_edges() -> None:
    result = run(ConvolutionParams(kernel="identity"), CPU)
    out = torch.tensor(floats(result["output"])).view(IMAGE_SIZE, IMAGE_SIZE)
    assert torch.equal(out.double(), image_of(result).float().double())
    # The square spans columns ~3–12 and rows ~3–12: Sobel x is positive on its left edge, negative on its right.
    sobel = torch.tensor(floats(run(ConvolutionParams(kernel="sobel_x"), CPU)["output"])).view(IMAGE_SIZE, IMAGE_SIZE)
    assert sobel[7, :5].max() > 2 and sobel[7, 11:15].min() < -2 and sobel[7, 6:10].abs().max() < 1e-6


def test_custom_kernel_is_cross_correlation_not_flipped_convolution() -> None:
    weights = [0, 0, 0, 0, 0, 1, 0, 0, 0]  # picks the right-hand neighbour; flipped, it would pick the left one
    result = run(ConvolutionParams(kernel="custom", weights=weights), CPU)
    out = torch.tensor(floats(result["output"]), dtype=torch.float64).view(IMAGE_SIZE, IMAGE_SIZE)
    image = image_of(result)
    assert torch.allclose(out[:, :-1], image[:, 1:], atol=1e-7)
    assert not torch.allclose(out[:, 1:], image[:, :-1], atol=1e-3)
    assert result["weights"] == [[0, 0, 0], [0, 0, 1], [0, 0, 0]]


def test_drawn_pixels_are_the_input() -> None:
    pixels = [0] * IMAGE_SIZE**2
    for i in range(5, 20):  # a diagonal stroke
        pixels[i * IMAGE_SIZE + i] = 255
        pixels[i * IMAGE_SIZE + i + 1] = 128
    result = run(ConvolutionParams(image="drawn", pixels=pixels, kernel="blur", kernel_size=5, stride=2), CPU)
    assert list(base64.b64decode(result["image"])) == pixels
    expected = reference(image_of(result), preset_kernel("blur", 5), 5, 1, 2, 1)
    n = result["output_size"]
    assert torch.allclose(torch.tensor(floats(result["output"]), dtype=torch.float64).view(n, n), expected, atol=1e-6)


def test_scenes_are_grey_or_colour_images_with_content() -> None:
    for name in ("shapes", "glyph"):
        grey, colour = scene(name, 28, 28, CPU), scene(name, 24, 32, CPU, colour=True)
        assert grey.shape == (1, 28, 28) and grey.dtype == torch.uint8 and grey.max() == 255
        assert colour.shape == (3, 24, 32) and 0.1 < (colour.float().amax(0) > 127).float().mean() < 0.6


def test_default_response_is_small() -> None:
    result = run(ConvolutionParams(), CPU)
    assert len(json.dumps(result)) < 20_000


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kernel_size": 4}, "kernel_size"),
        ({"padding": 5}, "padding"),
        ({"stride": 0}, "stride"),
        ({"dilation": 5}, "dilation"),
        ({"kernel": "emboss"}, "kernel"),
        ({"image": "lena"}, "image"),
        ({"kernel": "custom"}, "needs 9 weights"),
        ({"kernel": "custom", "kernel_size": 5, "weights": [1.0] * 9}, "needs 25 weights"),
        ({"kernel": "custom", "weights": [1.0] * 8 + [101.0]}, "less than or equal to 100"),
        ({"weights": [1.0] * 9}, "only used with kernel='custom'"),
        ({"image": "drawn"}, "needs 784 pixel values"),
        ({"image": "drawn", "pixels": [0] * 100}, "got 100"),
        ({"image": "drawn", "pixels": [256] * 784}, "less than or equal to 255"),
        ({"pixels": [0] * 784}, "only used with image='drawn'"),
        ({"pixels": [0] * 785, "image": "drawn"}, "at most 784"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_out_of_bounds_parameters_are_rejected_with_a_reason(glossary_client, params: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ConvolutionParams(**params)
    response = glossary_client.post("/api/demos/convolution/run", json=params)  # checked before any worker runs
    assert response.status_code == 422
    assert message in response.json()["message"]


def test_catalog_points_at_this_kernel() -> None:
    spec = CATALOG["convolution"]
    assert load_kernel(spec) is run and spec.params_model is ConvolutionParams
    extreme = ConvolutionParams(kernel_size=7, dilation=4, padding=0, stride=4)  # the widest span, no padding
    assert run(extreme, CPU)["output_size"] == 1
