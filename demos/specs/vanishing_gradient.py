"""Vanishing gradients in a deep MLP: the catalogue entry and its parameters (kernel in demos/vanishing_gradient.py)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from demos.demo_spec import DemoSpec

Init = Literal["matched", "xavier", "he", "pytorch"]
BranchScale = Literal["inv_sqrt_depth", "one"]


class VanishingGradientParams(BaseModel):
    """One random batch through a deep MLP, six ways: sigmoid, tanh and ReLU, each plain and residual.

    The defaults (30 layers of 64 units, each activation with its matched initialization) show the
    plain sigmoid net's first layer getting about 3·10⁻¹⁹ of the last layer's weight gradient, while
    each of the other five curves stays within a factor of 15 from end to end.
    """

    model_config = ConfigDict(extra="forbid")

    depth: int = Field(30, ge=2, le=50, description="Hidden layers L, each width × width, between input and head.")
    width: int = Field(64, ge=8, le=128, description="Units per hidden layer (also the input's dimension).")
    batch: int = Field(64, ge=8, le=256, description="Random inputs in the batch the loss is averaged over.")
    init: Init = Field(
        "matched",
        description=(
            "Weight initialization: matched = Xavier normal for sigmoid and tanh, He normal for ReLU; "
            "xavier or he = that one for all three; pytorch = nn.Linear's default U(±1/√width)."
        ),
    )
    branch_scale: BranchScale = Field(
        "inv_sqrt_depth",
        description="α in the residual layer h ← h + α·f(W h): 1/√L (keeps a deep stack bounded) or 1.",
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of the inputs, targets and weights.")


LABELS = {
    "depth": {"ko": "깊이 L (은닉층 수)", "en": "Depth L (hidden layers)"},
    "width": {"ko": "층 너비 (유닛 수)", "en": "Width (units per layer)"},
    "batch": {"ko": "배치 크기", "en": "Batch size"},
    "init": {"ko": "가중치 초기화", "en": "Weight initialization"},
    "init_matched": {"ko": "활성화에 맞춤 (시그모이드·tanh: Xavier, ReLU: He)", "en": "Matched (sigmoid, tanh: Xavier; ReLU: He)"},
    "init_xavier": {"ko": "모두 Xavier", "en": "Xavier for all"},
    "init_he": {"ko": "모두 He", "en": "He for all"},
    "init_pytorch": {"ko": "PyTorch 기본값 U(±1/√n)", "en": "PyTorch default U(±1/√n)"},
    "branch_scale": {"ko": "잔차 가지 배율 α", "en": "Residual branch scale α"},
    "scale_inv_sqrt_depth": {"ko": "1/√L", "en": "1/√L"},
    "scale_one": {"ko": "1 (ReLU는 폭발)", "en": "1 (ReLU explodes)"},
    "view": {"ko": "그릴 기울기", "en": "Gradient shown"},
    "view_weight": {"ko": "가중치의 기울기 ‖∂L/∂Wₗ‖", "en": "Weight gradient ‖∂L/∂Wₗ‖"},
    "view_signal": {"ko": "층 출력의 기울기 ‖∂L/∂hₗ‖", "en": "Gradient at the layer's output ‖∂L/∂hₗ‖"},
    "plain": {"ko": "잔차 연결 없음: h ← f(Wh)", "en": "Plain: h ← f(Wh)"},
    "residual": {"ko": "잔차 연결: h ← h + α·f(Wh)", "en": "Residual: h ← h + α·f(Wh)"},
    "plain_short": {"ko": "잔차 없음", "en": "plain"},
    "residual_short": {"ko": "잔차", "en": "residual"},
    "x_axis": {"ko": "층 l (입력 쪽 → 출력 쪽)", "en": "layer l (input side → output side)"},
    "y_axis": {"ko": "노름 (로그 눈금)", "en": "norm (log scale)"},
    "sigmoid": {"ko": "시그모이드", "en": "sigmoid"},
    "tanh": {"ko": "tanh", "en": "tanh"},
    "relu": {"ko": "ReLU", "en": "ReLU"},
    "ratio": {"ko": "첫 층 ÷ 마지막 층", "en": "first layer ÷ last layer"},
    "zero": {"ko": "— (기울기가 0인 층이 있음)", "en": "— (a layer's gradient is 0)"},
    "figure": {
        "ko": "층마다 받는 기울기의 크기. 같은 입력과 같은 무작위 가중치에서 활성화 함수와 잔차 연결만 바꾼 여섯 망이다.",
        "en": "The size of the gradient each layer receives: six nets with the same inputs and the same random draw "
              "of weights, differing only in activation and residual connection.",
    },
    "summary": {
        "ko": "첫 층이 받는 기울기는 마지막 층의 몇 배인가",
        "en": "How the first layer's gradient compares with the last layer's",
    },
}

SPEC = DemoSpec(
    id="vanishing-gradient",
    title_en="Vanishing gradients, layer by layer",
    title_ko="층마다 줄어드는 기울기: 기울기 소실",
    caption_en=(
        "Without residual connections the sigmoid net's gradient shrinks to about a quarter at every layer on its "
        "way down, so the first layers get almost nothing; tanh and ReLU with a matched initialization keep it "
        "level, and a residual connection, whose identity path adds to the product, keeps all three alive."
    ),
    caption_ko=(
        "잔차 연결이 없으면 시그모이드 망의 기울기는 한 층 내려갈 때마다 4분의 1쯤으로 줄어 앞쪽 층에는 거의 닿지 않는다. "
        "초기화를 맞춘 tanh와 ReLU는 기울기 크기를 고르게 유지하고, 잔차 연결은 항등 경로가 곱에 더해지므로 "
        "세 활성화 함수 모두의 기울기를 살려 둔다."
    ),
    terms=(
        "vanishing-gradient", "exploding-gradient", "backpropagation", "chain-rule", "sigmoid-function",
        "hyperbolic-tangent", "relu", "skip-connection", "residual-block", "identity-mapping",
        "xavier-initialization", "he-initialization",
    ),
    params_model=VanishingGradientParams,
    kernel="demos.vanishing_gradient:run",
    order=8,
    warmup={"depth": 3, "width": 8, "batch": 8},
    labels=LABELS,
)
