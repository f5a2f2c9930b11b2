"""The self-attention demo: per-head attention against F.scaled_dot_product_attention, the whole layer against
nn.MultiheadAttention, the mask, the positional encoding, the returned numbers, and the parameter bounds."""

import json
import math

import pytest
import torch
import torch.nn.functional as F
from pydantic import ValidationError

from demos.catalog import CATALOG, load_kernel
from demos.self_attention import (
    attention,
    embed,
    multi_head,
    projections,
    run,
    sinusoidal_encoding,
    softmax_rows,
)
from demos.specs.self_attention import SelfAttentionParams

CPU = torch.device("cpu")
F64 = torch.float64


def layer(tokens: list[str], heads: int, d_head: int, seed: int = 0, positional: bool = True):
    """The kernel's input and weights, in float64 so the comparisons can be tight."""
    d_model = heads * d_head
    x = embed(tokens, d_model, seed, positional).to(F64)
    return x, [w.to(F64) for w in projections(d_model, seed)]


TOKENS = "the cat sat on the mat and then slept".split()


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("heads, d_head", [(1, 8), (3, 4), (4, 1)])
def test_each_head_equals_scaled_dot_product_attention(causal: bool, scaled: bool, heads: int, d_head: int) -> None:
    x, (w_q, w_k, w_v, _) = layer(TOKENS, heads, d_head)
    parts = attention(x, w_q, w_k, w_v, heads, causal, scaled)
    scale = 1 / math.sqrt(d_head) if scaled else 1.0
    expected = F.scaled_dot_product_attention(parts["q"], parts["k"], parts["v"], is_causal=causal, scale=scale)
    assert torch.allclose(parts["outputs"], expected, rtol=0, atol=1e-12)
    # and the weights are torch.softmax of the masked, scaled scores
    scores = parts["q"] @ parts["k"].transpose(-2, -1) * scale
    if causal:
        scores = scores + torch.full((len(TOKENS),) * 2, float("-inf"), dtype=F64).triu(1)
    assert torch.allclose(parts["weights"], torch.softmax(scores, dim=-1), rtol=0, atol=1e-12)


@pytest.mark.parametrize("causal", [False, True])
def test_layer_equals_nn_multihead_attention(causal: bool) -> None:
    heads, d_head = 4, 3
    x, (w_q, w_k, w_v, w_o) = layer(TOKENS, heads, d_head, seed=5)
    parts = attention(x, w_q, w_k, w_v, heads, causal, scaled=True)
    ours = multi_head(parts["outputs"], w_o)

    d_model = heads * d_head
    reference = torch.nn.MultiheadAttention(d_model, heads, bias=False, batch_first=True, dtype=F64)
    with torch.no_grad():  # torch computes x @ W.T: our (in, out) matrices are the transposes of its weights
        reference.in_proj_weight.copy_(torch.cat([w_q.T, w_k.T, w_v.T]))
        reference.out_proj.weight.copy_(w_o.T)
    mask = torch.ones(len(TOKENS), len(TOKENS), dtype=torch.bool).triu(1) if causal else None
    output, weights = reference(x[None], x[None], x[None], attn_mask=mask, average_attn_weights=False)
    assert torch.allclose(ours, output[0], rtol=0, atol=1e-12)
    assert torch.allclose(parts["weights"], weights[0], rtol=0, atol=1e-12)


def test_run_returns_what_sdpa_computes_from_the_same_inputs() -> None:
    params = SelfAttentionParams(causal=True, heads=3, d_head=4, seed=7)
    result = run(params, CPU)
    json.dumps(result, allow_nan=False)
    x = embed(params.tokens, 12, 7, True)
    w_q, w_k, w_v, w_o = projections(12, 7)
    n = len(params.tokens)
    q, k, v = ((x @ w).view(n, 3, 4).transpose(0, 1) for w in (w_q, w_k, w_v))
    expected = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    for h, head in enumerate(result["heads"]):
        # 3 significant digits on the page: within 5e-3 relative, with a small absolute floor
        assert torch.allclose(torch.tensor(head["outputs"]), expected[h], rtol=5e-3, atol=1e-4)
        assert torch.allclose(torch.tensor(head["q"]), q[h], rtol=5e-3, atol=1e-4)
    final = expected.transpose(0, 1).reshape(n, 12) @ w_o
    assert torch.allclose(torch.tensor(result["output"]), final, rtol=5e-3, atol=1e-4)


def test_causal_mask_hides_the_future_and_rows_sum_to_one() -> None:
    result = run(SelfAttentionParams(causal=True), CPU)
    n = len(result["tokens"])
    for head in result["heads"]:
        for i in range(n):
            assert head["scores"][i][i + 1:] == [None] * (n - i - 1)  # −∞, sent as null
            assert all(s is not None for s in head["scores"][i][: i + 1])
            assert head["weights"][i][i + 1:] == [0.0] * (n - i - 1)
            assert sum(head["weights"][i]) == pytest.approx(1.0, abs=3e-3)
        assert head["weights"][0][0] == 1.0  # the first token can only attend to itself


def test_without_positions_equal_tokens_get_equal_rows() -> None:
    # "the" at positions 0 and 4: with no positional encoding, attention cannot tell them apart
    plain = run(SelfAttentionParams(positional=False), CPU)
    placed = run(SelfAttentionParams(positional=True), CPU)
    assert plain["tokens"][0] == plain["tokens"][4] == "the"
    for name in ("q", "k", "v", "weights", "outputs"):
        assert plain["heads"][0][name][0] == plain["heads"][0][name][4], name
        assert placed["heads"][0][name][0] != placed["heads"][0][name][4], name


def test_without_positions_attention_is_permutation_equivariant() -> None:
    x, (w_q, w_k, w_v, _) = layer(TOKENS, 2, 4, positional=False)
    order = torch.tensor([3, 0, 7, 1, 8, 2, 6, 4, 5])
    out = attention(x, w_q, w_k, w_v, 2, causal=False, scaled=True)["outputs"]
    shuffled = attention(x[order], w_q, w_k, w_v, 2, causal=False, scaled=True)["outputs"]
    assert torch.allclose(shuffled, out[:, order], rtol=0, atol=1e-12)


def test_sinusoidal_encoding_matches_the_papers_formula() -> None:
    pe = sinusoidal_encoding(50, 16).to(F64)
    for pos in (0, 1, 17, 49):
        for i in range(8):
            angle = pos / 10000 ** (2 * i / 16)
            assert pe[pos, 2 * i].item() == pytest.approx(math.sin(angle), abs=1e-6)
            assert pe[pos, 2 * i + 1].item() == pytest.approx(math.cos(angle), abs=1e-6)
    assert sinusoidal_encoding(3, 5).shape == (3, 5)  # odd widths end on a sine column


def test_equal_tokens_share_an_embedding_across_sentences() -> None:
    a = embed(["a", "cat", "here"], 8, 3, positional=False)
    b = embed(["cat", "there"], 8, 3, positional=False)
    assert torch.equal(a[1], b[0])
    assert not torch.equal(a[1], embed(["cat"], 8, 4, positional=False)[0])  # another seed, another vector


def test_softmax_rows_is_stable_and_zero_on_minus_infinity() -> None:
    scores = torch.tensor([[1000.0, 999.0, float("-inf")], [-5.0, 0.0, 5.0]], dtype=F64)
    assert torch.allclose(softmax_rows(scores), torch.softmax(scores, dim=-1), rtol=0, atol=1e-15)
    assert softmax_rows(scores)[0, 2] == 0


def test_dividing_by_root_dk_keeps_the_softmax_equally_sharp_for_any_head_size() -> None:
    # q·k sums d_k products, so its spread grows like √d_k: unscaled, wider heads give peakier rows;
    # divided by √d_k, the rows stay about as soft at d_k = 32 as at d_k = 8. Averaged over 8 seeds.
    def peak(d_head: int, scaled: bool) -> float:
        total = 0.0
        for seed in range(8):
            x, (w_q, w_k, w_v, _) = layer(TOKENS, 1, d_head, seed=seed)
            weights = attention(x, w_q, w_k, w_v, 1, causal=False, scaled=scaled)["weights"]
            total += weights.amax(dim=-1).mean().item()  # mean largest weight per row: 1/9 uniform … 1 one-hot
        return total / 8

    assert peak(32, scaled=False) > 0.6 > 0.4 > peak(32, scaled=True)
    assert peak(32, scaled=False) > peak(8, scaled=False) + 0.1
    assert abs(peak(32, scaled=True) - peak(8, scaled=True)) < 0.1


@pytest.mark.parametrize(
    "bad, reason",
    [
        ({"text": "   "}, "at least one token"),
        ({"text": " ".join("abcdefghijklm")}, "13 tokens is too many; use at most 12"),
        ({"text": "x" * 25}, "at most 24 characters"),
        ({"heads": 0}, "greater than or equal to 1"),
        ({"heads": 5}, "less than or equal to 4"),
        ({"d_head": 33}, "less than or equal to 32"),
        ({"dropout": 0.1}, "Extra inputs are not permitted"),
    ],
)
def test_params_reject_bad_values_with_a_reason(bad: dict, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        SelfAttentionParams(**bad)


def test_catalog_points_at_the_kernel() -> None:
    spec = CATALOG["self-attention"]
    assert load_kernel(spec) is run and spec.params_model is SelfAttentionParams


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_same_result_on_cpu_and_cuda() -> None:
    params = SelfAttentionParams(causal=True, heads=4, d_head=16)
    on_cpu, on_gpu = run(params, CPU), run(params, torch.device("cuda"))
    for a, b in zip(on_cpu["heads"], on_gpu["heads"]):
        assert torch.allclose(torch.tensor(b["outputs"]), torch.tensor(a["outputs"]), rtol=1e-2, atol=1e-3)
