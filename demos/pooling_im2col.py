"""im2col and pooling: unroll every window of the image into a column, then reduce each column.

    X_col[t, l] = x_pad[i·s + u,  j·s + v]       t = u·k + v (the tap),  l = i·W_out + j (the output position)

A convolution then reduces each column with a dot product, Y = w · X_col, one matrix product (GEMM) for the whole
image; pooling reduces each column with a max or a mean. The unrolling uses the same k² strided views as the
shift-and-add convolution in demos/convolution.py, stacked as rows instead of summed.
"""

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import Tensor

from demos.convolution import b64, pad, preset_kernel, receptive_taps, round_sig, scene
from demos.specs.convolution import output_size
from demos.specs.pooling_im2col import PoolingIm2colParams


def im2col(image: Tensor, k: int, padding: int, stride: int) -> Tensor:
    """(H, W) → (k², H_out·W_out): column l holds the k×k patch of output position l, row by row, like F.unfold."""
    padded = pad(image, padding)
    rows = output_size(image.shape[0], k, padding, stride, 1)
    cols = output_size(image.shape[1], k, padding, stride, 1)
    reach_r, reach_c = stride * (rows - 1) + 1, stride * (cols - 1) + 1
    taps = [padded[u:u + reach_r:stride, v:v + reach_c:stride].reshape(-1) for u in range(k) for v in range(k)]
    return torch.stack(taps)


def pool(image: Tensor, mode: str, size: int, stride: int) -> tuple[Tensor, Tensor, Tensor]:
    """Max or average pooling through im2col: (windows (q², L), pooled (L,), winning tap per window (L,)).

    The winner is the tap max pooling keeps, or −1 where every value of the window ties (and for "avg").
    """
    windows = im2col(image, size, 0, stride)
    if mode == "avg":
        return windows, windows.mean(dim=0), torch.full_like(windows[0], -1, dtype=torch.int64)
    pooled, winners = windows.max(dim=0)
    tied = pooled == windows.min(dim=0).values  # a flat window has no single winner worth pointing at
    return windows, pooled, torch.where(tied, -1, winners)


def as_bytes(values: Tensor) -> Tensor:
    """Grey levels in [0, 1] back to the 0–255 bytes they came from (exact: the image is 8-bit)."""
    return values.mul(255).round().to(torch.uint8)


def run(params: PoolingIm2colParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """Unroll the image for the convolution and for the pooling; returns both matrices (base64 bytes), both
    reductions, their output sizes and windows, and the largest differences from F.unfold, F.conv2d and
    F.max_pool2d / F.avg_pool2d."""
    h, k, p, s = params.size, params.kernel_size, params.padding, params.stride
    image = scene(params.image, h, h, device)[0].float() / 255
    weights = preset_kernel(params.kernel, k)

    # convolution as one matrix product: (1, k²) · (k², L) = (1, L), folded back to (H_out, W_out)
    columns = im2col(image, k, p, s)
    w_row = torch.tensor(weights, device=device).view(1, k * k)
    product = w_row @ columns
    out_size = output_size(h, k, p, s, 1)
    unfold_difference = (columns - F.unfold(image[None, None], k, padding=p, stride=s)[0]).abs().max()
    conv_difference = (product.view(out_size, out_size) -
                       F.conv2d(image[None, None], w_row.view(1, 1, k, k), padding=p, stride=s)[0, 0]).abs().max()

    # pooling: the same unrolling, reduced by max or mean
    q, ps = params.pool_size, params.pool_stride
    windows, pooled, winners = pool(image, params.pool, q, ps)
    pool_size = output_size(h, q, 0, ps, 1)
    reference = F.max_pool2d if params.pool == "max" else F.avg_pool2d
    pool_difference = (pooled.view(pool_size, pool_size) - reference(image[None, None], q, ps)[0, 0]).abs().max()

    # read back once
    columns_bytes, product_cpu = as_bytes(columns).cpu(), product[0].cpu()
    windows_bytes, pooled_cpu, winners_cpu = as_bytes(windows).cpu(), pooled.cpu(), winners.cpu()
    differences = torch.stack([unfold_difference, conv_difference, pool_difference]).tolist()
    matrix_numbers = k * k * out_size**2
    return {
        "image_size": h,
        "image": b64(as_bytes(image).cpu()),
        "conv": {
            "kernel_size": k, "padding": p, "stride": s,
            "weights": [[round_sig(w) for w in row] for row in weights],
            "weight_limit": round_sig(max(abs(w) for row in weights for w in row)),
            "matrix_shape": [k * k, out_size**2],
            "matrix": b64(columns_bytes),
            "output_size": out_size,
            "output": b64(product_cpu),
            "output_limit": round_sig(float(product_cpu.abs().max())),
            "taps": receptive_taps(out_size, k, p, s, 1),
            "formula": {"size": h, "kernel_size": k, "padding": p, "stride": s, "numerator": h + 2 * p - k,
                        "output": out_size},
            "memory": {"pixels": h * h, "matrix": matrix_numbers, "ratio": round_sig(matrix_numbers / h**2, 3)},
            "unfold_difference": differences[0],
            "conv2d_difference": differences[1],
        },
        "pool": {
            "mode": params.pool, "size": q, "stride": ps,
            "matrix_shape": [q * q, pool_size**2],
            "matrix": b64(windows_bytes),
            "output_size": pool_size,
            "output": b64(pooled_cpu),
            "winners": winners_cpu.tolist(),
            "taps": receptive_taps(pool_size, q, 0, ps, 1),
            "formula": {"size": h, "window": q, "stride": ps, "numerator": h - q, "output": pool_size,
                        "unused": (h - q) % ps},
            "difference": differences[2],
            "reference": "max_pool2d" if params.pool == "max" else "avg_pool2d",
        },
    }
