"""Overfitting and its remedies: the catalogue entry and parameters (kernel in demos/overfitting.py)."""

from pydantic import BaseModel, ConfigDict, Field

from demos.demo_spec import DemoSpec

VAL_POINTS = 100  # validation points: enough for a smooth validation curve


class OverfittingParams(BaseModel):
    """A 1 → width → width → 1 tanh net fitted by full-batch AdamW to noisy samples of sin(3x) on [−1, 1]."""

    model_config = ConfigDict(extra="forbid")

    width: int = Field(64, ge=1, le=128, description="Hidden units in each of the two hidden layers: the capacity.")
    weight_decay: float = Field(
        0.0, ge=0, le=1, description="AdamW's decoupled weight decay λ: every step multiplies θ by 1 − lr·λ."
    )
    dropout: float = Field(
        0.0, ge=0, le=0.9,
        description="Probability of zeroing each hidden unit at each training step (inverted dropout).",
    )
    noise: float = Field(0.3, ge=0, le=1, description="Standard deviation σ of the Gaussian noise on every target.")
    n_train: int = Field(40, ge=4, le=200, description="Training points; the validation set has 100 more.")
    steps: int = Field(800, ge=10, le=3000, description="Full-batch AdamW steps.")
    lr: float = Field(0.03, gt=0, le=0.1, description="AdamW learning rate.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of the data, the initial weights and the dropout masks.")


SPEC = DemoSpec(
    id="overfitting",
    title_en="Overfitting: train loss falls, validation loss turns",
    title_ko="과적합: 훈련 손실은 내려가고 검증 손실은 돌아선다",
    caption_en=(
        "A wide net keeps lowering its training loss by bending through the noise, while its loss on held-out "
        "points bottoms out and climbs: the gap is overfitting, and the bottom is where early stopping keeps "
        "the weights. Shrink the width, or add weight decay or dropout, and the two curves stay close."
    ),
    caption_ko=(
        "넓은 신경망은 잡음까지 따라 휘면서 훈련 손실을 계속 낮추지만, 따로 떼어 둔 검증 데이터의 손실은 바닥을 "
        "찍고 다시 오른다. 두 곡선이 벌어지는 것이 과적합이고 검증 손실의 바닥이 조기 종료가 가중치를 고르는 "
        "지점이며, 폭을 줄이거나 가중치 감쇠나 드롭아웃을 더하면 두 곡선이 가까이 붙어 간다."
    ),
    terms=(
        "overfitting", "early-stopping", "regularization", "weight-decay", "dropout", "generalization",
        "underfitting",
    ),
    params_model=OverfittingParams,
    kernel="demos.overfitting:run",
    order=12,
    warmup={"steps": 10, "width": 4},
    labels={
        "width": {"ko": "은닉층 폭 (2층)", "en": "Hidden width (2 layers)"},
        "weight_decay": {"ko": "가중치 감쇠 λ", "en": "Weight decay λ"},
        "dropout": {"ko": "드롭아웃 확률 p", "en": "Dropout p"},
        "noise": {"ko": "잡음 σ", "en": "Noise σ"},
        "n_train": {"ko": "훈련 데이터 수", "en": "Training points"},
        "fit": {
            "ko": "데이터와 학습된 함수: ● 훈련, ○ 검증, 점선 = 참 함수 sin 3x",
            "en": "Data and fitted function: ● training, ○ validation, dotted = true function sin 3x",
        },
        "curves": {
            "ko": "훈련 손실과 검증 손실 (평균 제곱 오차, 로그 눈금). 세로 파선 = 조기 종료 지점, 가로 점선 = 참 함수의 검증 손실",
            "en": (
                "Training and validation loss (mean squared error, log scale). Dashed line: the early-stopping "
                "point; dotted line: the true function's validation loss"
            ),
        },
        "norm": {"ko": "가중치 크기 ‖θ‖₂", "en": "Weight norm ‖θ‖₂"},
    },
)
