"""A Vision Transformer's input: cut the image into P×P patches, flatten each, project it with one shared matrix.

    (C, H, W)  →  N = (H/P)·(W/P) patches of C·P·P values  →  tokens  z_i = x_i Eᵀ + b          (E: D × C·P·P)
    z_0 = [x_class; z_1; …; z_N] + E_pos

Because the patches do not overlap, the same projection is a convolution with C → D channels and
kernel = stride = P; the kernel computes both and reports how far apart they are.
"""

import math
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import Tensor

from demos.convolution import b64, round_sig, scene
from demos.specs.vit_patches import VitPatchesParams

CHANNELS = 3


def patchify(image: Tensor, patch: int) -> Tensor:
    """(C, H, W) → (N, C·P·P): patch n = row-major grid cell (n // (W/P), n % (W/P)), flattened channel by
    channel, each channel row by row (the order of F.unfold and of a conv2d weight's (C, P, P))."""
    channels, height, width = image.shape
    grid = image.view(channels, height // patch, patch, width // patch, patch)  # c, row, y, col, x
    return grid.permute(1, 3, 0, 2, 4).reshape(-1, channels * patch * patch)  # (row, col), (c, y, x)


def sinusoidal_positions(length: int, dim: int, device: torch.device) -> Tensor:
    """PE[pos, 2i] = sin(pos / 10000^(2i/D)), PE[pos, 2i+1] = cos(pos / 10000^(2i/D))  (Vaswani et al., 2017)."""
    position = torch.arange(length, device=device, dtype=torch.float32)[:, None]
    pair = torch.arange(dim, device=device) // 2  # i, for both the sine and the cosine of pair i
    angle = position / 10000 ** (2 * pair / dim)
    return torch.where(torch.arange(dim, device=device) % 2 == 0, angle.sin(), angle.cos())


def init_projection(fan_in: int, dim: int, seed: int, device: torch.device) -> tuple[Tensor, Tensor]:
    """Weight (D, fan_in) and bias (D,) drawn like nn.Linear's default: uniform in ±1/√fan_in, on the CPU."""
    gen = torch.Generator().manual_seed(seed)
    bound = 1 / math.sqrt(fan_in)
    weight = (torch.rand(dim, fan_in, generator=gen) * 2 - 1) * bound
    bias = (torch.rand(dim, generator=gen) * 2 - 1) * bound
    return weight.to(device), bias.to(device)


def run(params: VitPatchesParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """Patchify and embed the image; returns the image and patches (base64 bytes), the tokens (base64 float32,
    sequence × D), each token's grid position, the token-count numbers and the difference from F.conv2d."""
    h, w, p, d = params.height, params.width, params.patch, params.dim
    pixels = scene(params.image, h, w, device, colour=True)  # (3, H, W) bytes
    image = pixels.float() / 255

    # flatten + linear: one shared matrix for every patch
    patches = patchify(image, p)  # (N, 3·P·P)
    weight, bias = init_projection(CHANNELS * p * p, d, params.seed, device)
    embedded = patches @ weight.T + bias  # (N, D)

    # the same projection as a convolution with kernel = stride = P, read back as a row-major sequence
    conv = F.conv2d(image[None], weight.view(d, CHANNELS, p, p), bias, stride=p)[0]  # (D, H/P, W/P)
    difference = (embedded - conv.flatten(1).T).abs().max()

    # the sequence: [CLS] (a learned vector, zero at initialisation as in the original ViT), then the patches
    tokens = torch.cat([embedded.new_zeros(1, d), embedded]) if params.class_token else embedded
    if params.position == "sinusoidal":
        tokens = tokens + sinusoidal_positions(tokens.shape[0], d, device)

    # read back once
    tokens_cpu, patches_cpu = tokens.cpu(), (patches * 255).round().to(torch.uint8).cpu()
    rows, cols = h // p, w // p
    count = rows * cols
    return {
        "height": h, "width": w, "channels": CHANNELS, "patch": p, "dim": d,
        "image": b64(pixels.permute(1, 2, 0).cpu()),  # (H, W, 3): ready for a canvas
        "patches": b64(patches_cpu),  # (N, 3·P·P), the order the projection reads
        "tokens": b64(tokens_cpu),  # (sequence, D)
        "token_limit": round_sig(float(tokens_cpu.abs().max())),
        "class_token": params.class_token,
        "position": params.position,
        "grid": [rows, cols],
        # each token's patch as [row, col] of the grid, in sequence order; the class token has none
        "positions": ([None] if params.class_token else []) + [[n // cols, n % cols] for n in range(count)],
        "formula": {
            "height": h, "width": w, "patch": p, "rows": rows, "cols": cols, "tokens": count,
            "sequence": count + params.class_token, "patch_length": CHANNELS * p * p,
            "parameters": CHANNELS * p * p * d + d,
        },
        "max_abs_difference": float(difference),
    }
