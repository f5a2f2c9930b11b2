"""Self-attention on editable tokens: the catalogue entry and its parameters (kernel in demos/self_attention.py).
No torch here."""

from pydantic import BaseModel, ConfigDict, Field, field_validator

from demos.demo_spec import DemoSpec

MAX_TOKENS = 12  # an n×n map with a number in every cell stays readable up to about 12 tokens
MAX_TOKEN_CHARS = 24


class SelfAttentionParams(BaseModel):
    """One multi-head self-attention layer with random weights over whitespace-separated tokens.

    d_model = heads × d_head, as in the Transformer. The default sentence repeats "the", so switching
    positional encoding off shows two identical rows.
    """

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        "the cat sat on the mat", min_length=1, max_length=MAX_TOKENS * (MAX_TOKEN_CHARS + 1),
        description=f"The tokens, separated by spaces: 1 to {MAX_TOKENS} tokens of at most {MAX_TOKEN_CHARS} "
        "characters. Equal tokens share one embedding.",
    )
    heads: int = Field(2, ge=1, le=4, description="Number of attention heads h.")
    d_head: int = Field(8, ge=1, le=32, description="Size d_k of each head's queries, keys and values.")
    causal: bool = Field(False, description="Mask every key after the query (scores set to −∞ before the softmax).")
    scaled: bool = Field(True, description="Divide the scores by √d_k, as scaled dot-product attention does.")
    positional: bool = Field(True, description="Add the sinusoidal positional encoding to the token embeddings.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of the embeddings and the projection weights.")

    @field_validator("text")
    @classmethod
    def _token_count(cls, text: str) -> str:
        tokens = text.split()
        if not tokens:
            raise ValueError("type at least one token")
        if len(tokens) > MAX_TOKENS:
            raise ValueError(f"{len(tokens)} tokens is too many; use at most {MAX_TOKENS}")
        long = [token for token in tokens if len(token) > MAX_TOKEN_CHARS]
        if long:
            raise ValueError(f"tokens may have at most {MAX_TOKEN_CHARS} characters; {long[0]!r} is longer")
        return text

    @property
    def tokens(self) -> list[str]:
        return self.text.split()


SPEC = DemoSpec(
    id="self-attention",
    title_en="Self-attention, step by step",
    title_ko="셀프 어텐션 한 단계씩",
    caption_en=(
        "Each row of the softmax map is one token attending: weights over all the keys that add up to 1, "
        "which then mix the value vectors. Tick the causal mask and the upper triangle becomes −∞ before the "
        "softmax, so a token sees only itself and what came before; untick positional encoding and the two "
        "“the”s get identical rows."
    ),
    caption_ko=(
        "소프트맥스 그림의 한 행은 토큰 하나가 모든 키에 나눠 주는 가중치로, 합이 1이며 이 가중치로 값 벡터를 섞는다. "
        "인과 마스크를 켜면 소프트맥스 전에 위 삼각형이 −∞가 되어 각 토큰은 자기 자신과 앞선 토큰만 본다. "
        "위치 인코딩을 끄면 같은 단어 두 개의 행이 똑같아진다."
    ),
    terms=(
        "self-attention", "scaled-dot-product-attention", "multi-head-attention", "attention-mechanism",
        "softmax-function", "positional-encoding",
    ),
    params_model=SelfAttentionParams,
    kernel="demos.self_attention:run",
    order=15,
    warmup={"text": "a b", "heads": 1, "d_head": 2},
    labels={
        "text": {"ko": "토큰 (띄어쓰기로 구분, 최대 12개)", "en": "Tokens (separated by spaces, up to 12)"},
        "example": {"ko": "작은 고양이가 작은 매트에 앉았다", "en": "the cat sat on the mat"},
        "heads": {"ko": "헤드 수 h", "en": "Heads h"},
        "d_head": {"ko": "헤드 차원 d_k", "en": "Head size d_k"},
        "causal": {"ko": "인과 마스크", "en": "Causal mask"},
        "scaled": {"ko": "√d_k로 나누기", "en": "Divide by √d_k"},
        "positional": {"ko": "위치 인코딩 더하기", "en": "Add positional encoding"},
        "head_picker": {"ko": "자세히 볼 헤드", "en": "Head shown in detail"},
        "head": {"ko": "헤드", "en": "head"},
        "scores": {"ko": "점수 QKᵀ/√d_k", "en": "Scores QKᵀ/√d_k"},
        "scores_unscaled": {"ko": "점수 QKᵀ (√d_k로 나누지 않음)", "en": "Scores QKᵀ (not divided by √d_k)"},
        "weights": {"ko": "어텐션 가중치 A = softmax(점수)", "en": "Attention weights A = softmax(scores)"},
        "maps": {
            "ko": "두 그림 모두 행이 쿼리 토큰, 열이 키 토큰이다. 점수는 주황이 양수, 파랑이 음수이고, 가중치는 진할수록 크며 "
                  "각 행의 합이 1이다. 빗금 칸은 인과 마스크가 −∞로 가린 칸으로, 소프트맥스 뒤 가중치가 정확히 0이 된다.",
            "en": "In both maps rows are query tokens and columns are key tokens. Scores are orange when positive and blue "
                  "when negative; weights are darker when larger, and each row adds up to 1. Hatched cells are the ones "
                  "the causal mask set to −∞: after the softmax their weight is exactly 0.",
        },
        "matrices": {
            "ko": "입력 X(임베딩 + 위치 인코딩)에서 이 헤드의 Q = XW_Q, K = XW_K, V = XW_V를 만들고, 가중치 A로 값을 섞어 AV, "
                  "모든 헤드의 AV를 이어 붙여 W_O를 곱하면 출력이다. 한 행이 토큰 하나, 색은 행렬마다 최대 절댓값으로 맞춘 부호와 크기다.",
            "en": "From the input X (embedding + positional encoding) this head makes Q = XW_Q, K = XW_K, V = XW_V; the "
                  "weights A mix the values into AV, and the heads' AV, concatenated and multiplied by W_O, give the output. "
                  "One row per token; colour shows sign and size, scaled to each matrix's largest magnitude.",
        },
        "all_heads": {
            "ko": "모든 헤드의 어텐션 가중치: 헤드마다 다른 W_Q, W_K를 가져 다른 패턴을 본다 (누르면 위에 자세히 보인다)",
            "en": "Attention weights of every head: each has its own W_Q and W_K and finds its own pattern (click one to show it above)",
        },
        "keys": {"ko": "키", "en": "keys"},
        "queries": {"ko": "쿼리", "en": "queries"},
        "input": {"ko": "입력 X", "en": "input X"},
        "output": {"ko": "출력", "en": "output"},
    },
)
