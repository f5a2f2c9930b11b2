"""Convolution as shift-and-add: every kernel tap multiplies one shifted, strided view of the padded image.

    out[i, j] = Σ_u Σ_v  w[u, v] · x_pad[i·s + u·d,  j·s + v·d]        (u, v = 0 … k−1)

This is exactly what F.conv2d computes: a cross-correlation, with the kernel not flipped. Looping over the k²
taps instead of the H_out·W_out output cells keeps the loop to at most 49 whole-image tensor operations.

The input images are drawn here, procedurally, so the demos ship no third-party pictures; the pooling/im2col
and ViT demos reuse `scene` so that all three show the same picture.
"""

import base64
import math
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import Tensor

from demos.specs.convolution import IMAGE_SIZE, ConvolutionParams, output_size

# ---------------------------------------------------------------------------------------------
# The shipped images: shapes and a glyph, rasterised with 4×4 supersampling for soft edges
# ---------------------------------------------------------------------------------------------

SUPERSAMPLE = 4
Mask = Callable[[Tensor, Tensor], Tensor]  # (y, x) in the unit square, y downwards → bool


def _box(cy: float, cx: float, half_h: float, half_w: float) -> Mask:
    return lambda y, x: ((y - cy).abs() <= half_h) & ((x - cx).abs() <= half_w)


def _disk(cy: float, cx: float, r: float) -> Mask:
    return lambda y, x: (y - cy) ** 2 + (x - cx) ** 2 <= r * r


def _ring(cy: float, cx: float, r: float, half_width: float) -> Mask:
    return lambda y, x: (((y - cy) ** 2 + (x - cx) ** 2).sqrt() - r).abs() <= half_width


def _triangle(apex_y: float, cx: float, base_y: float, half_base: float) -> Mask:
    slope = half_base / (base_y - apex_y)
    return lambda y, x: (y <= base_y) & ((x - cx).abs() <= (y - apex_y) * slope)


def _union(*masks: Mask) -> Mask:
    def mask(y: Tensor, x: Tensor) -> Tensor:
        inside = masks[0](y, x)
        for other in masks[1:]:
            inside = inside | other(y, x)
        return inside
    return mask


STROKE = 0.045  # half the stroke width of the glyph, as a fraction of the image side

# Each scene is a list of (mask, RGB colour); a grey-level scene draws every part at 1.0.
SCENES: dict[str, list[tuple[Mask, tuple[float, float, float]]]] = {
    "shapes": [
        (_box(0.27, 0.27, 0.17, 0.17), (0.90, 0.30, 0.25)),  # square, top left
        (_disk(0.27, 0.73, 0.17), (0.98, 0.76, 0.20)),  # disk, top right
        (_triangle(0.56, 0.27, 0.90, 0.19), (0.25, 0.50, 0.95)),  # triangle, bottom left
        (_union(_box(0.73, 0.73, 0.17, 0.05), _box(0.73, 0.73, 0.05, 0.17)), (0.30, 0.78, 0.40)),  # plus
    ],
    "glyph": [  # the syllable 합 (convolution is 합성곱), drawn stroke by stroke: ㅎ, ㅏ, then ㅂ below
        (_union(_box(0.11, 0.30, STROKE, 0.07), _box(0.21, 0.30, STROKE, 0.19), _ring(0.39, 0.30, 0.10, STROKE)),
         (0.90, 0.30, 0.25)),
        (_union(_box(0.31, 0.70, 0.25, STROKE), _box(0.31, 0.79, STROKE, 0.09)), (0.30, 0.78, 0.40)),
        (_union(_box(0.77, 0.27, 0.15, STROKE), _box(0.77, 0.73, 0.15, STROKE), _box(0.76, 0.50, STROKE, 0.23),
                _box(0.92, 0.50, STROKE, 0.23)), (0.25, 0.50, 0.95)),
    ],
}


def scene(name: str, height: int, width: int, device: torch.device, colour: bool = False) -> Tensor:
    """The scene `name` as a uint8 tensor (C, height, width), C = 3 if `colour` else 1 (every part at 255).

    The unit square is stretched over the image, and each pixel is the mean of 4×4 samples, rounded to 0–255.
    """
    fine_y = (torch.arange(height * SUPERSAMPLE, device=device) + 0.5) / (height * SUPERSAMPLE)
    fine_x = (torch.arange(width * SUPERSAMPLE, device=device) + 0.5) / (width * SUPERSAMPLE)
    y, x = torch.meshgrid(fine_y, fine_x, indexing="ij")
    channels = 3 if colour else 1
    fine = torch.zeros(channels, *y.shape, device=device)
    for mask, rgb in SCENES[name]:
        value = torch.tensor(rgb if colour else (1.0,), device=device).view(channels, 1, 1)
        fine = torch.maximum(fine, mask(y, x) * value)  # the parts do not overlap; max keeps this exact
    coarse = F.avg_pool2d(fine[None], SUPERSAMPLE)[0]
    return coarse.mul(255).round().to(torch.uint8)


# ---------------------------------------------------------------------------------------------
# Kernel presets, for any odd size k
# ---------------------------------------------------------------------------------------------


def _binomial(n: int) -> list[float]:
    """Row n − 1 of Pascal's triangle: n weights that approximate a Gaussian."""
    return [float(math.comb(n - 1, i)) for i in range(n)]


def preset_kernel(name: str, k: int) -> list[list[float]]:
    """The k×k weights of a preset. Sobel x is (binomial smoothing down) ⊗ (binomial derivative across):
    for k = 3 the classic [[−1, 0, 1], [−2, 0, 2], [−1, 0, 1]], larger for larger k."""
    centre = k // 2
    identity = [[1.0 if (u, v) == (centre, centre) else 0.0 for v in range(k)] for u in range(k)]
    smooth = _binomial(k)
    total = sum(smooth) ** 2
    blur = [[a * b / total for b in smooth] for a in smooth]
    if name == "identity":
        return identity
    if name == "blur":
        return blur
    if name == "sharpen":  # unsharp masking: the image plus (image − blurred image)
        return [[2 * identity[u][v] - blur[u][v] for v in range(k)] for u in range(k)]
    if name == "edge":  # discrete Laplacian over the whole window: the centre against all its neighbours
        return [[k * k - 1.0 if (u, v) == (centre, centre) else -1.0 for v in range(k)] for u in range(k)]
    inner = _binomial(k - 1)
    derivative = [b - a for a, b in zip(inner + [0.0], [0.0] + inner)]  # right minus left: −1, 0, 1 for k = 3
    sobel_x = [[a * b for b in derivative] for a in smooth]
    if name == "sobel_x":
        return sobel_x
    if name == "sobel_y":
        return [list(row) for row in zip(*sobel_x)]
    raise ValueError(f"unknown kernel preset {name!r}")


# ---------------------------------------------------------------------------------------------
# The convolution
# ---------------------------------------------------------------------------------------------


def pad(image: Tensor, padding: int) -> Tensor:
    """(H, W) → (H + 2p, W + 2p), with zeros around."""
    height, width = image.shape
    padded = image.new_zeros(height + 2 * padding, width + 2 * padding)
    padded[padding:padding + height, padding:padding + width] = image
    return padded


def conv2d(image: Tensor, weights: list[list[float]], padding: int, stride: int, dilation: int) -> Tensor:
    """Single-channel cross-correlation of `image` (H, W) with the k×k `weights`, as F.conv2d computes it."""
    k = len(weights)
    padded = pad(image, padding)
    rows = output_size(image.shape[0], k, padding, stride, dilation)
    cols = output_size(image.shape[1], k, padding, stride, dilation)
    out = image.new_zeros(rows, cols)
    for u in range(k):
        for v in range(k):
            # tap (u, v) sees the pixel u·d below and v·d right of each window's top-left corner i·s, j·s
            top, left = u * dilation, v * dilation
            view = padded[top:top + stride * (rows - 1) + 1:stride, left:left + stride * (cols - 1) + 1:stride]
            out.add_(view, alpha=weights[u][v])  # the weight is a Python float: no device round trip
    return out


def receptive_taps(out_size: int, kernel_size: int, padding: int, stride: int, dilation: int) -> list[list[int]]:
    """For each output row i, the input rows its taps read: i·s − p + u·d (negative or ≥ H = padding).

    Rows and columns follow the same rule, so one list serves both axes of a square image.
    """
    return [[i * stride - padding + u * dilation for u in range(kernel_size)] for i in range(out_size)]


def b64(tensor: Tensor) -> str:
    """Raw bytes of a tensor (uint8, or little-endian float32), base64-encoded for the browser."""
    return base64.b64encode(bytes(tensor.contiguous().view(-1).view(torch.uint8).tolist())).decode("ascii")


def round_sig(value: float, digits: int = 4) -> float:
    return float(f"{value:.{digits}g}")


def run(params: ConvolutionParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """Convolve the chosen image with the chosen kernel; returns the image and output (base64), the weights,
    the output-size formula's numbers, the receptive-field taps and the largest difference from F.conv2d."""
    k, p, s, d = params.kernel_size, params.padding, params.stride, params.dilation
    # input
    if params.image == "drawn":
        pixels = torch.tensor(params.pixels, dtype=torch.uint8, device=device).view(IMAGE_SIZE, IMAGE_SIZE)
    else:
        pixels = scene(params.image, IMAGE_SIZE, IMAGE_SIZE, device)[0]
    image = pixels.float() / 255
    if params.kernel == "custom":
        weights = [params.weights[row * k:(row + 1) * k] for row in range(k)]
    else:
        weights = preset_kernel(params.kernel, k)

    # convolution, and torch's own as a check shown on the page
    out = conv2d(image, weights, p, s, d)
    reference = F.conv2d(image[None, None], torch.tensor(weights, device=device)[None, None],
                         padding=p, stride=s, dilation=d)[0, 0]
    difference = (out - reference).abs().max()

    # read back once
    out_cpu, pixels_cpu = out.cpu(), pixels.cpu()
    size = out_cpu.shape[0]
    span = d * (k - 1) + 1
    numerator = IMAGE_SIZE + 2 * p - span
    return {
        "image_size": IMAGE_SIZE,
        "image": b64(pixels_cpu),
        "weights": [[round_sig(w) for w in row] for row in weights],
        "output": b64(out_cpu),
        "output_size": size,
        "output_range": [round_sig(float(out_cpu.min())), round_sig(float(out_cpu.max()))],
        "output_limit": round_sig(float(out_cpu.abs().max())),  # the colour scale runs from −limit to +limit
        "weight_limit": round_sig(max(abs(w) for row in weights for w in row)),
        "formula": {
            "size": IMAGE_SIZE, "kernel_size": k, "padding": p, "stride": s, "dilation": d,
            "span": span, "numerator": numerator, "output": size, "unused": numerator % s,
        },
        "taps": receptive_taps(size, k, p, s, d),
        "max_abs_difference": float(difference),
    }
