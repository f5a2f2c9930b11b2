"""Self-attention: one multi-head layer over a handful of tokens, every intermediate kept for the figure.

Each token gets an embedding (random, fixed per token string and seed, so equal tokens share one),
plus the sinusoidal positional encoding of Vaswani et al. (2017). Each head projects the same input
X to queries Q = XW_Q, keys K = XW_K and values V = XW_V, scores every query against every key,
QKᵀ/√d_k, masks the future when causal, turns each row into weights with a softmax, and mixes the
values, AV. The heads' outputs, concatenated and multiplied by W_O, are the layer's output:
MultiHead(X) = Concat(A₁V₁, …, A_hV_h) W_O. The weights are random: the patterns show the mechanism,
not a trained model's attention.
"""

import math
import zlib
from collections.abc import Callable

import torch
from torch import Tensor

from demos.specs.self_attention import SelfAttentionParams

DTYPE = torch.float32


# ---------------------------------------------------------------------------------------------
# Inputs and weights
# ---------------------------------------------------------------------------------------------


def token_embedding(token: str, d_model: int, seed: int) -> Tensor:
    """A N(0, ½) vector that depends only on the token's text and the seed (crc32, unlike hash(), is not salted).

    Variance ½ matches the mean square of a sinusoidal encoding entry (sin² and cos² average ½), so token
    and position weigh alike in X and each entry of X has variance about 1.
    """
    # the CPU generator keeps only 32 bits of its seed, so mix seed and text into one 32-bit checksum
    generator = torch.Generator().manual_seed(zlib.crc32(f"{seed}:{token}".encode("utf-8")))
    return torch.randn(d_model, generator=generator, dtype=DTYPE) * math.sqrt(0.5)


def sinusoidal_encoding(positions: int, d_model: int) -> Tensor:
    """PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)) (Vaswani et al., 2017, §3.5)."""
    position = torch.arange(positions, dtype=DTYPE)[:, None]
    frequency = 10000.0 ** (-torch.arange(0, d_model, 2, dtype=DTYPE) / d_model)
    encoding = torch.zeros(positions, d_model, dtype=DTYPE)
    encoding[:, 0::2] = torch.sin(position * frequency)
    encoding[:, 1::2] = torch.cos(position * frequency[: d_model // 2])
    return encoding


def embed(tokens: list[str], d_model: int, seed: int, positional: bool) -> Tensor:
    """The input X (n, d_model): token embeddings, plus the positional encoding when asked."""
    x = torch.stack([token_embedding(token, d_model, seed) for token in tokens])
    return x + sinusoidal_encoding(len(tokens), d_model) if positional else x


def projections(d_model: int, seed: int) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """W_Q, W_K, W_V (d_model, d_model), all heads side by side, and W_O; entries N(0, 1/d_model) so the
    projected entries keep about the input's scale."""
    generator = torch.Generator().manual_seed(seed)
    weights = torch.randn(4, d_model, d_model, generator=generator, dtype=DTYPE) / math.sqrt(d_model)
    return weights[0], weights[1], weights[2], weights[3]


# ---------------------------------------------------------------------------------------------
# Attention
# ---------------------------------------------------------------------------------------------


def softmax_rows(scores: Tensor) -> Tensor:
    """exp(s − max) / Σ exp(s − max) along the last dimension; a −∞ score gets weight exactly 0."""
    shifted = scores - scores.amax(dim=-1, keepdim=True)  # the diagonal is never masked, so max is finite
    exps = shifted.exp()
    return exps / exps.sum(dim=-1, keepdim=True)


def attention(
    x: Tensor, w_q: Tensor, w_k: Tensor, w_v: Tensor, heads: int, causal: bool, scaled: bool
) -> dict[str, Tensor]:
    """One self-attention step for every head at once. Returns q, k, v, outputs (h, n, d_k) and scores,
    weights (h, n, n); masked scores are −∞ and their weights 0."""
    n, d_model = x.shape
    d_k = d_model // heads
    # project, then split the last dimension into heads: (n, h·d_k) → (h, n, d_k)
    q, k, v = ((x @ w).view(n, heads, d_k).transpose(0, 1) for w in (w_q, w_k, w_v))
    # score every query against every key
    scores = q @ k.transpose(-2, -1)
    if scaled:
        scores = scores / math.sqrt(d_k)
    if causal:
        future = torch.ones(n, n, dtype=torch.bool, device=x.device).triu(diagonal=1)
        scores = scores.masked_fill(future, float("-inf"))
    # each row of scores → weights over the keys, which mix the values
    weights = softmax_rows(scores)
    return {"q": q, "k": k, "v": v, "scores": scores, "weights": weights, "outputs": weights @ v}


def multi_head(outputs: Tensor, w_o: Tensor) -> Tensor:
    """Concat(head₁, …, head_h) W_O: (h, n, d_k) → (n, h·d_k) → (n, d_model)."""
    heads, n, d_k = outputs.shape
    return outputs.transpose(0, 1).reshape(n, heads * d_k) @ w_o


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


def _sig(rows: list, digits: int = 3) -> list:
    """Nested lists of floats rounded to `digits` significant digits; −∞ becomes None (JSON has no infinity)."""
    if isinstance(rows, list):
        return [_sig(row, digits) for row in rows]
    return None if math.isinf(rows) else float(f"{rows:.{digits}g}")


def run(params: SelfAttentionParams, device: torch.device, progress: Callable[[dict], None] | None = None) -> dict:
    """Tokens, the input X, per head Q, K, V, scores (None where masked), weights and AV, and the
    layer's output Concat(AV)·W_O. Matrices are lists of rows, one row per token."""
    tokens = params.tokens
    d_model = params.heads * params.d_head
    # inputs and weights, drawn on the CPU so every device sees the same numbers
    x = embed(tokens, d_model, params.seed, params.positional).to(device)
    w_q, w_k, w_v, w_o = (w.to(device) for w in projections(d_model, params.seed))
    # attention
    parts = attention(x, w_q, w_k, w_v, params.heads, params.causal, params.scaled)
    output = multi_head(parts["outputs"], w_o)

    # read back once
    host = {name: value.cpu().tolist() for name, value in parts.items()}
    return {
        "tokens": tokens,
        "d_model": d_model,
        "d_head": params.d_head,
        "scale": 1 / math.sqrt(params.d_head) if params.scaled else 1.0,
        "input": _sig(x.cpu().tolist()),
        "heads": [
            {
                "q": _sig(host["q"][h]),
                "k": _sig(host["k"][h]),
                "v": _sig(host["v"][h]),
                "scores": _sig(host["scores"][h]),
                "weights": _sig(host["weights"][h]),
                "outputs": _sig(host["outputs"][h]),
            }
            for h in range(params.heads)
        ],
        "output": _sig(output.cpu().tolist()),
    }
