"""Batch normalization, with and without: the catalogue entry and its parameters (kernel in demos/batch_norm.py)."""

from statistics import NormalDist
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from demos.demo_spec import DemoSpec

Activation = Literal["sigmoid", "tanh", "relu"]
Init = Literal["xavier", "he", "std_0_01", "std_1"]
POINTS = 300  # the spiral data set: three arms of 100 points
PERCENTILES = (0.15, 0.5, 0.85)  # recorded for each layer's activation input, as in Ioffe & Szegedy (2015), Fig. 1


class BatchNormParams(BaseModel):
    """Two copies of one deep MLP, the second with batch normalization before every activation, trained
    side by side with mini-batch SGD on the same batches of a three-arm spiral.

    The defaults (6 sigmoid layers of 48 units, Xavier, lr 2, batches of 60, 200 steps) leave the plain
    net at chance while the batch-normalized one classifies over 90% of the spiral.
    """

    model_config = ConfigDict(extra="forbid")

    activation: Activation = Field("sigmoid", description="Activation of every hidden layer.")
    depth: int = Field(6, ge=1, le=10, description="Hidden layers.")
    width: int = Field(48, ge=8, le=128, description="Units per hidden layer.")
    init: Init = Field(
        "xavier",
        description="Initial weights: Xavier √(2/(n_in+n_out)), He √(2/n_in), or a fixed std of 0.01 or 1 (normal).",
    )
    lr: float = Field(2.0, gt=0, le=5, description="Learning rate of plain SGD, the same for both nets.")
    batch: int = Field(60, ge=4, le=POINTS, description="Mini-batch size (the data set has 300 points).")
    steps: int = Field(200, ge=10, le=1000, description="SGD steps, one mini-batch each.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of the data, the initial weights and the batch order.")

    @model_validator(mode="after")
    def _bounded_work(self) -> "BatchNormParams":
        # the cost of a run grows with steps × depth; this keeps the largest run near a second on one core
        if self.steps * self.depth > 4000:
            raise ValueError(
                f"steps × depth = {self.steps * self.depth} is over 4000; use at most {4000 // self.depth} steps "
                f"with depth {self.depth}"
            )
        return self


LABELS = {
    "activation": {"ko": "활성화 함수", "en": "Activation"},
    "depth": {"ko": "은닉층 수", "en": "Hidden layers"},
    "width": {"ko": "층 너비", "en": "Width"},
    "init": {"ko": "가중치 초기화", "en": "Weight initialization"},
    "init_xavier": {"ko": "Xavier", "en": "Xavier"},
    "init_he": {"ko": "He", "en": "He"},
    "init_std_0_01": {"ko": "표준편차 0.01", "en": "std 0.01"},
    "init_std_1": {"ko": "표준편차 1", "en": "std 1"},
    "batch": {"ko": "미니배치 크기", "en": "Mini-batch size"},
    "sigmoid": {"ko": "시그모이드", "en": "sigmoid"},
    "tanh": {"ko": "tanh", "en": "tanh"},
    "relu": {"ko": "ReLU", "en": "ReLU"},
    "plain": {"ko": "배치 정규화 없음", "en": "without batch norm"},
    "batch_norm": {"ko": "배치 정규화", "en": "with batch norm"},
    "loss": {"ko": "손실 (전체 데이터, 평가 모드)", "en": "Loss (whole data set, eval mode)"},
    "batch_loss": {"ko": "옅은 선: 미니배치 손실", "en": "faint: mini-batch loss"},
    "accuracy": {"ko": "정확도 (전체 데이터, 평가 모드)", "en": "Accuracy (whole data set, eval mode)"},
    "chance": {"ko": "찍기 (1/3)", "en": "chance (1/3)"},
    "step": {"ko": "단계", "en": "step"},
    "layer": {"ko": "층", "en": "layer"},
    "normal_band": {
        "ko": "점선: N(0, 1)의 15·85번째 백분위수 ±1.04",
        "en": "dotted: N(0, 1)'s 15th and 85th percentiles, ±1.04",
    },
    "stats_title": {
        "ko": "층마다 활성화 함수가 받는 입력의 분포: 15·50·85번째 백분위수, 학습 단계에 따라",
        "en": "What each layer's activation function receives: 15th, 50th and 85th percentiles over training",
    },
    "curves_caption": {
        "ko": "두 망은 같은 초기 가중치에서 출발해 같은 미니배치를 같은 순서로 본다. 손실과 정확도는 300개 점 "
              "전체에서 평가 모드(배치 정규화는 이동 평균 통계)로 잰다.",
        "en": "Both nets start from the same weights and see the same mini-batches in the same order. Loss and "
              "accuracy are measured on all 300 points in eval mode (batch norm uses its running statistics).",
    },
    "stats_caption": {
        "ko": "띠는 학습 중 미니배치에서 잰 15–85번째 백분위수, 가운데 선은 중앙값이다. 배치 정규화가 있으면 입력은 "
              "표준화된 x̂에 학습되는 γ와 β를 적용한 γ·x̂ + β이므로, 층이 아무리 깊어도 띠가 N(0, 1)의 ±1.04에서 "
              "출발한다.",
        "en": "Bands span the 15th to 85th percentile on the training mini-batch; the line is the median. With batch "
              "norm each input is γ·x̂ + β, a standardized x̂ scaled and shifted by learned parameters, so in every "
              "layer, however deep, the band starts at N(0, 1)'s ±1.04.",
    },
}


def page_config() -> dict:
    """The same percentiles of N(0, 1), ±1.04 and 0: where a freshly standardized input's band sits."""
    return {"normal_percentiles": [round(NormalDist().inv_cdf(q), 4) for q in PERCENTILES]}


SPEC = DemoSpec(
    id="batch-norm",
    title_en="Batch normalization: the same deep net with and without it",
    title_ko="배치 정규화: 같은 깊은 망, 있을 때와 없을 때",
    caption_en=(
        "Six sigmoid layers, same start, same mini-batches. Without batch normalization the activations' inputs sit "
        "in narrow bands that drift as training goes on (watch the last layer), and accuracy never leaves chance; "
        "with it, each layer's input is re-standardized over every mini-batch, its band keeps the width of the "
        "dotted ±1 lines, moved only by the learned γ and β, and the net learns the spiral within 200 steps."
    ),
    caption_ko=(
        "같은 초깃값, 같은 미니배치로 학습하는 시그모이드 6층 망이다. 배치 정규화가 없으면 활성화 함수의 입력이 좁은 띠에 "
        "머물다가 학습이 진행되면서 떠밀리고(마지막 층을 보라) 정확도는 찍기 수준을 벗어나지 못한다. 배치 정규화가 "
        "있으면 층마다 입력을 미니배치 통계로 다시 표준화하므로 띠가 점선 ±1의 폭을 지키며 학습된 γ와 β만큼만 "
        "움직이고, 망은 200단계 안에 나선을 배운다."
    ),
    terms=("batch-normalization", "internal-covariate-shift", "standardization", "mini-batch", "vanishing-gradient"),
    params_model=BatchNormParams,
    kernel="demos.batch_norm:run",
    order=10,
    warmup={"depth": 2, "width": 8, "steps": 10, "batch": 20},
    labels=LABELS,
    page_config=page_config,
)
