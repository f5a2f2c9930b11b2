"""Weight initialization and activation histograms: the catalogue entry and its parameters.

The kernel is demos/weight_init.py.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from demos.demo_spec import DemoSpec

Activation = Literal["sigmoid", "tanh", "relu"]


class WeightInitParams(BaseModel):
    """The textbook experiment: a batch of N(0, 1) inputs through `layers` layers of `units` units, no biases,
    with weights drawn four ways (std 1, std 0.01, Xavier, He); histograms of every layer's activations.

    The defaults (sigmoid, 5 × 100, 1000 inputs) reproduce the textbook figures: std 1 piles the outputs
    at 0 and 1, std 0.01 squeezes them around 0.5, Xavier keeps a spread in every layer.
    """

    model_config = ConfigDict(extra="forbid")

    activation: Activation = Field("sigmoid", description="Activation of every layer.")
    layers: int = Field(5, ge=1, le=10, description="Number of layers (one histogram each).")
    units: int = Field(
        100, ge=10, le=200, description="Units per layer, also the inputs' dimension (so fan-in = fan-out)."
    )
    samples: int = Field(1000, ge=100, le=2000, description="Inputs in the batch, each drawn from N(0, I).")
    seed: int = Field(
        0, ge=0, le=2**31 - 1, description="Seed of the inputs and of the one weight draw the four rows share."
    )


LABELS = {
    "activation": {"ko": "활성화 함수", "en": "Activation"},
    "layers": {"ko": "층 수", "en": "Layers"},
    "units": {"ko": "층마다 유닛 수 n", "en": "Units per layer n"},
    "samples": {"ko": "입력 수", "en": "Inputs"},
    "sigmoid": {"ko": "시그모이드", "en": "sigmoid"},
    "tanh": {"ko": "tanh", "en": "tanh"},
    "relu": {"ko": "ReLU", "en": "ReLU"},
    "layer": {"ko": "층", "en": "layer"},
    "std_1": {"ko": "표준편차 1", "en": "std 1"},
    "std_0_01": {"ko": "표준편차 0.01", "en": "std 0.01"},
    "xavier": {"ko": "Xavier", "en": "Xavier"},
    "he": {"ko": "He", "en": "He"},
    "recommended": {"ko": "권장 초기화", "en": "recommended"},
    "saturated": {"ko": "포화", "en": "saturated"},
    "collapsed": {"ko": "f(0) 근처", "en": "near f(0)"},
    "zero": {"ko": "정확히 0", "en": "exactly 0"},
    "beyond": {"ko": "눈금 밖", "en": "off scale"},
    "figure": {
        "ko": "층마다 활성값의 히스토그램. 네 행은 같은 무작위 가중치를 표준편차만 다르게 조정한 것이고, "
              "막대 높이는 구간에 든 값의 비율이다(행 안에서 같은 눈금).",
        "en": "Histograms of each layer's activations. The four rows scale one and the same random draw of weights "
              "to different standard deviations; a bar's height is the share of values in its bin (one scale per row).",
    },
    "legend": {
        "ko": "포화: 기울기 f′(z)가 최댓값의 10%에 못 미치는 값의 비율(시그모이드는 a < 0.026 또는 a > 0.974, "
              "tanh는 |a| > 0.949). f(0) 근처: 사전 활성값이 |z| < 0.1이라 출력이 f(0)에 붙어 있는 값의 비율. "
              "ReLU에서는 정확히 0인 값(z ≤ 0, 약 절반)을 막대에서 빼고 비율만 적었다.",
        "en": "Saturated: share of values whose slope f′(z) is under 10% of its peak (sigmoid a < 0.026 or a > 0.974, "
              "tanh |a| > 0.949). Near f(0): share whose pre-activation has |z| < 0.1, so the output sits at f(0). "
              "For ReLU the values that are exactly 0 (z ≤ 0, about half) are left out of the bars; "
              "their share is printed.",
    },
}

SPEC = DemoSpec(
    id="weight-init",
    title_en="Weight initialization: activations layer by layer",
    title_ko="가중치 초기화: 층마다 달라지는 활성값 분포",
    caption_en=(
        "With std 1 the sigmoid outputs pile up at 0 and 1, where the slope and so the gradient is almost zero; "
        "with std 0.01 they all huddle at 0.5 and every unit says the same thing; Xavier's 1/√n keeps a spread "
        "in every layer. Switch to ReLU: only He's √(2/n) keeps the spread the same from layer to layer, while "
        "Xavier's shrinks by about 1/√2 per layer and std 1 blows up."
    ),
    caption_ko=(
        "표준편차 1로 뽑으면 시그모이드 출력이 기울기가 거의 0인 0과 1 양 끝에 몰리고, "
        "0.01로 뽑으면 모두 0.5 근처에 모여 모든 뉴런이 같은 값을 낸다. Xavier의 1/√n은 모든 층에서 고르게 퍼진 "
        "분포를 지킨다. ReLU로 바꾸면 층마다 분포의 폭을 그대로 지키는 것은 He의 √(2/n)뿐이다. Xavier는 층마다 "
        "약 1/√2씩 좁아지고, 표준편차 1은 폭발한다."
    ),
    terms=(
        "weight-initialization", "xavier-initialization", "he-initialization", "activation-function",
        "sigmoid-function", "hyperbolic-tangent", "relu", "vanishing-gradient",
    ),
    params_model=WeightInitParams,
    kernel="demos.weight_init:run",
    order=9,
    warmup={"layers": 2, "units": 10, "samples": 100},
    labels=LABELS,
)
