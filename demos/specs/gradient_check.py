"""Gradient check: the catalogue entry and parameters (kernel in demos/gradient_check.py)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from demos.demo_spec import DemoSpec

# The step sizes h of the V plot: 10^-14 … 10^0, four per decade.
H_EXPONENTS = tuple(-14 + k / 4 for k in range(57))


class GradientCheckParams(BaseModel):
    """A 3 → hidden → 1 net with mean-squared error on 8 fixed points, checked by finite differences."""

    model_config = ConfigDict(extra="forbid")

    hidden: int = Field(4, ge=1, le=16, description="Hidden units of the net (3 inputs, 1 output).")
    activation: Literal["tanh", "sigmoid", "relu"] = Field(
        "tanh", description="Hidden activation; relu has a kink at 0 that a finite difference can straddle."
    )
    bug: Literal["none", "activation_derivative", "output_bias"] = Field(
        "none",
        description=(
            "A deliberate mistake in the hand-written backward pass: none; activation_derivative forgets to "
            "multiply by the activation's derivative; output_bias sums the output bias gradient over the batch "
            "instead of averaging it."
        ),
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of the data and of the weights.")
    log10_h: float = Field(
        -6.0, ge=-14, le=0, description="log10 of the step h at which every parameter's gradient is compared."
    )


SPEC = DemoSpec(
    id="gradient-check",
    title_en="Gradient check: the V of finite differences",
    title_ko="기울기 확인: 유한 차분의 V자",
    caption_en=(
        "Shrinking h helps only until round-off takes over: truncation error falls like h (forward) or h² "
        "(central) while round-off grows like ε/h, so each curve is a V with its bottom near √ε or ∛ε. Only "
        "float64 gets low enough (10⁻¹⁰ for central differences) to vouch for a backward pass, and a planted bug "
        "lifts the whole floor."
    ),
    caption_ko=(
        "h를 줄이면 반올림 오차가 앞지르기 전까지만 좋아진다. 절단 오차는 h(전방 차분)나 h²(중심 차분)에 비례해 "
        "줄고 반올림 오차는 ε/h에 비례해 커지므로 곡선마다 바닥이 √ε나 ∛ε 근처인 V자가 되는데, 역전파가 맞다고 "
        "보증할 만큼(중심 차분으로 10⁻¹⁰) 내려가는 것은 float64뿐이고 버그를 심으면 바닥 전체가 올라간다."
    ),
    terms=(
        "gradient-check", "finite-difference", "numerical-differentiation", "numerical-precision",
        "backpropagation", "analytic-differentiation",
    ),
    params_model=GradientCheckParams,
    kernel="demos.gradient_check:run",
    order=7,
    warmup={"hidden": 1},
    labels={
        "hidden": {"ko": "은닉 유닛 수", "en": "Hidden units"},
        "activation": {"ko": "활성화 함수", "en": "Activation"},
        "bug": {"ko": "역전파 버그", "en": "Backward-pass bug"},
        "bug_none": {"ko": "없음", "en": "none"},
        "bug_activation_derivative": {"ko": "활성화 함수의 도함수를 빠뜨림", "en": "activation derivative left out"},
        "bug_output_bias": {"ko": "출력 편향 기울기를 평균 대신 합으로", "en": "output bias gradient summed, not averaged"},
        "log10_h": {"ko": "매개변수별로 비교할 h", "en": "h for the per-parameter view"},
        "v_chart": {
            "ko": (
                "수치 기울기와 역전파 기울기의 상대 오차 ‖g_num − g_bp‖ / max(‖g_num‖, ‖g_bp‖) 대 h (양쪽 로그 눈금). "
                "왼쪽 가지는 반올림 오차(∝ ε/h), 오른쪽 가지는 절단 오차(∝ h, h²)이고, ▼는 이론상 바닥인 √ε와 ∛ε다."
            ),
            "en": (
                "Relative error ‖g_num − g_bp‖ / max(‖g_num‖, ‖g_bp‖) of the numerical gradient against h, log-log. "
                "The left branch is round-off (∝ ε/h), the right one truncation (∝ h, h²); ▼ marks where theory "
                "puts the bottom, √ε and ∛ε."
            ),
        },
        "per_parameter": {
            "ko": "선택한 h에서 매개변수 하나하나의 상대 오차 |g_num − g_bp| / max(|g_num|, |g_bp|)",
            "en": "Each parameter's relative error |g_num − g_bp| / max(|g_num|, |g_bp|) at the chosen h",
        },
    },
)
