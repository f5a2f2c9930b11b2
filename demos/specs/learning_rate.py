"""Learning rate on quadratics, and schedules: the catalogue entry and parameters (kernel in demos/learning_rate.py)."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from demos.demo_spec import DemoSpec

Rate = Annotated[float, Field(gt=0, le=10)]
Schedule = Literal["constant", "step", "exponential", "cosine"]

# The four rates of the default figure, with λmax = 2 (threshold 2/λmax = 1): the per-step factor 1 − ηλmax
# along the steep direction is 0.9 (creeps), 0 (lands in one step), −0.9 (zig-zags) and −1.1 (diverges).
DEFAULT_RATES = (0.05, 0.5, 0.95, 1.05)


class LearningRateParams(BaseModel):
    """Gradient descent with four learning rates on f(x) = ½λmax·x² and on f(x, y) = ½(λmin·x² + λmax·y²)."""

    model_config = ConfigDict(extra="forbid")

    lambda_max: float = Field(
        2.0, ge=0.1, le=10,
        description="Largest curvature λmax: of the 1-D parabola and of the steep (y) axis of the 2-D valley.",
    )
    condition: float = Field(
        10.0, ge=1, le=100, description="Condition number κ = λmax/λmin of the 2-D valley (1 = a round bowl)."
    )
    rates: tuple[Rate, Rate, Rate, Rate] = Field(
        DEFAULT_RATES, description="Four base learning rates η, each run on both functions."
    )
    steps: int = Field(50, ge=1, le=500, description="Gradient-descent steps per run.")
    schedule: Schedule = Field(
        "constant", description="How η changes after the warmup: constant, step, exponential or cosine decay."
    )
    warmup_steps: int = Field(
        0, ge=0, le=499, description="Steps of linear warmup from η/W up to η before the schedule starts (0 = none)."
    )
    step_size: int = Field(10, ge=1, le=500, description="Step decay: multiply η by step_gamma every step_size steps.")
    step_gamma: float = Field(0.5, gt=0, le=1, description="Step decay: the factor applied at each drop.")
    exp_gamma: float = Field(0.95, ge=0.5, le=1, description="Exponential decay: the factor applied every step.")

    @model_validator(mode="after")
    def _warmup_leaves_room(self) -> "LearningRateParams":
        if self.warmup_steps >= self.steps:
            raise ValueError(
                f"warmup_steps ({self.warmup_steps}) must be smaller than steps ({self.steps}) so that the "
                f"schedule has steps left after the warmup"
            )
        return self


def _page_config() -> dict:
    # The per-rate regimes as the kernel names them, in both languages, for the page's legend.
    return {
        "regimes": {
            "monotone": {"ko": "한쪽에서 다가감", "en": "approaches from one side"},
            "one_step": {"ko": "한 걸음에 도착", "en": "lands in one step"},
            "oscillating": {"ko": "좌우로 튀며 수렴", "en": "zig-zags inwards"},
            "bouncing": {"ko": "같은 폭으로 영원히 튐", "en": "bounces forever"},
            "divergent": {"ko": "발산", "en": "diverges"},
        },
    }


SPEC = DemoSpec(
    id="learning-rate",
    title_en="Learning rate: creep, converge, zig-zag, diverge",
    title_ko="학습률: 기어가기, 수렴, 지그재그, 발산",
    caption_en=(
        "Each gradient step multiplies the distance to the minimum along a direction of curvature λ by 1 − ηλ, "
        "so a small η creeps, an η past 1/λ overshoots and zig-zags, and any η above 2/λmax diverges along the "
        "steepest direction however gentle the others are. A schedule changes η step by step: the zig-zag grows "
        "only while η sits above the dashed 2/λmax line."
    ),
    caption_ko=(
        "경사 하강법은 한 걸음마다 곡률이 λ인 방향으로 최솟값까지 남은 거리에 1 − ηλ를 곱하므로, η가 작으면 "
        "느리게 기어가고 1/λ를 넘으면 지나쳐서 지그재그로 움직이며 2/λmax를 넘으면 다른 방향이 아무리 완만해도 "
        "가장 가파른 방향에서 발산한다. 스케줄이 η를 단계마다 바꾸면, 지그재그는 η가 점선 2/λmax 위에 있는 "
        "동안에만 커진다."
    ),
    terms=(
        "learning-rate", "gradient-descent", "learning-rate-decay", "learning-rate-warmup", "cosine-annealing",
        "convergence-rate",
    ),
    params_model=LearningRateParams,
    kernel="demos.learning_rate:run",
    order=6,
    warmup={"steps": 3},
    labels={
        "lambda_max": {"ko": "최대 곡률 λmax", "en": "Largest curvature λmax"},
        "condition": {"ko": "조건수 κ = λmax/λmin", "en": "Condition number κ = λmax/λmin"},
        "rates": {"ko": "학습률 η 네 개", "en": "Four learning rates η"},
        "schedule": {"ko": "스케줄", "en": "Schedule"},
        "constant": {"ko": "고정", "en": "constant"},
        "step": {"ko": "계단식 감소", "en": "step decay"},
        "exponential": {"ko": "지수 감소", "en": "exponential decay"},
        "cosine": {"ko": "코사인 감소", "en": "cosine decay"},
        "warmup_steps": {"ko": "워밍업 단계 수", "en": "Warmup steps"},
        "step_size": {"ko": "계단 간격", "en": "Step every"},
        "step_gamma": {"ko": "계단마다 곱할 값 γ", "en": "Step factor γ"},
        "exp_gamma": {"ko": "단계마다 곱할 값 γ", "en": "Per-step factor γ"},
        "one_d": {
            "ko": "1차원 f(x) = ½λmax·x²: 학습률별 반복점 (점 = 단계, 처음 몇 단계는 진하게)",
            "en": "1-D f(x) = ½λmax·x²: the iterates of each rate (dots = steps, early steps darker)",
        },
        "two_d": {
            "ko": "2차원 골짜기 f(x, y) = ½(λmin·x² + λmax·y²): 경로와 등고선 (+ = 최솟값)",
            "en": "2-D valley f(x, y) = ½(λmin·x² + λmax·y²): paths over the contours (+ = minimum)",
        },
        "loss": {
            "ko": "손실 (로그 눈금): 실선 = 2차원 골짜기, 점선 = 1차원",
            "en": "Loss (log scale): solid = 2-D valley, dashed = 1-D",
        },
        "schedule_chart": {
            "ko": "단계별 학습률 ηₜ와 발산 임계값 2/λmax (점선)",
            "en": "Learning rate ηₜ per step, with the divergence threshold 2/λmax (dashed)",
        },
    },
    page_config=_page_config,
)
