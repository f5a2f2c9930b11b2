"""Eight activation functions and their derivatives: catalogue entry and parameters (kernel: demos/activations.py)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from demos.demo_spec import DemoSpec

# The functions in the order the page lists them: id, Korean name, English name, f(x), f′(x) (notation only, so
# one text serves both languages; f′ at x = 0 has its own column on the page).
FUNCTIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("step", "계단 함수", "step", "H(x) = 1 (x ≥ 0), 0 (x < 0)", "0 (x ≠ 0)"),
    ("sigmoid", "시그모이드", "sigmoid", "σ(x) = 1 / (1 + e⁻ˣ)", "σ(x)(1 − σ(x))"),
    ("tanh", "tanh", "tanh", "tanh x", "1 − tanh² x"),
    ("relu", "ReLU", "ReLU", "max(0, x)", "1 (x > 0), 0 (x < 0)"),
    ("leaky_relu", "리키 ReLU", "leaky ReLU", "x (x > 0), αx (x ≤ 0)", "1 (x > 0), α (x < 0)"),
    ("prelu", "PReLU", "PReLU", "x (x > 0), ax (x ≤ 0)", "1 (x > 0), a (x < 0)"),
    ("softplus", "소프트플러스", "softplus", "(1/β) log(1 + e^(βx))", "σ(βx)"),
    ("gelu", "GELU", "GELU", "x Φ(x)", "Φ(x) + x φ(x)"),
)
GELU_TANH = ("½x (1 + tanh u), u = √(2/π) (x + 0.044715x³)", "½(1 + tanh u) + ½x (1 − tanh² u) √(2/π) (1 + 0.134145x²)")


class ActivationParams(BaseModel):
    """Where to draw the eight functions, the slope parameters of the three that have one, and the tangent point.

    The defaults draw [−6, 6], wide enough to see sigmoid and tanh flatten out, with the tangent at x₀ = 1.5.
    """

    model_config = ConfigDict(extra="forbid")

    x_max: float = Field(6.0, ge=1, le=10, description="The functions are drawn on [−x_max, x_max].")
    x0: float = Field(1.5, ge=-10, le=10, description="Point of the tangent line: f(x₀) and f′(x₀) are reported.")
    leaky_slope: float = Field(
        0.1, ge=0, le=1, description="Leaky ReLU's slope α for x < 0 (PyTorch's default is 0.01; 0.1 is easier to see)."
    )
    prelu_a: float = Field(
        0.25, ge=-1, le=2,
        description="PReLU's slope a for x < 0; learned in a network, where 0.25 is PyTorch's initial value.",
    )
    softplus_beta: float = Field(1.0, ge=0.25, le=5, description="Softplus sharpness β: (1/β) log(1 + e^(βx)).")
    gelu_approximate: Literal["none", "tanh"] = Field(
        "none", description="GELU as x Φ(x) exactly (none) or by the tanh formula of Hendrycks and Gimpel (tanh)."
    )

    @model_validator(mode="after")
    def _tangent_point_in_range(self) -> "ActivationParams":
        if abs(self.x0) > self.x_max:
            raise ValueError(
                f"x0 = {self.x0:g} lies outside the drawn range [−{self.x_max:g}, {self.x_max:g}]; "
                f"pick x0 between −{self.x_max:g} and {self.x_max:g} or raise x_max"
            )
        return self


def _page_config() -> dict:
    return {
        "functions": [
            {"id": id_, "name_ko": ko, "name_en": en, "formula": f, "derivative": d}
            for id_, ko, en, f, d in FUNCTIONS
        ],
        "gelu_tanh": {"formula": GELU_TANH[0], "derivative": GELU_TANH[1]},
    }


SPEC = DemoSpec(
    id="activations",
    title_en="Activation functions and their slopes",
    title_ko="활성화 함수와 그 기울기",
    caption_en=(
        "Each function's slope f′(x) is drawn beside it: sigmoid's never exceeds 1/4 and tanh's never exceeds 1, "
        "and both fade to 0 as |x| grows, while ReLU passes a slope of exactly 1 for every positive input and 0 "
        "for every negative one, the zero that leaky ReLU and PReLU replace with a small slope."
    ),
    caption_ko=(
        "함수 옆에 기울기 f′(x)를 나란히 그렸다. 시그모이드의 기울기는 1/4을, tanh의 기울기는 1을 넘지 못하고 "
        "|x|가 커지면 0으로 사그라든다. ReLU는 양수 입력에서 기울기가 정확히 1, 음수 입력에서 0이며, "
        "리키 ReLU와 PReLU는 그 0을 작은 기울기로 바꾼다."
    ),
    terms=(
        "activation-function", "sigmoid-function", "hyperbolic-tangent", "relu", "leaky-relu", "parametric-relu",
        "softplus", "gelu", "step-function", "derivative", "vanishing-gradient", "dying-relu",
    ),
    params_model=ActivationParams,
    kernel="demos.activations:run",
    order=4,
    warmup={"x_max": 2.0, "x0": 0.0},
    labels={
        "x_max": {"ko": "x 범위 ±", "en": "x range ±"},
        "x0": {"ko": "접선을 그을 점 x₀", "en": "Tangent at x₀"},
        "leaky_slope": {"ko": "리키 ReLU 기울기 α", "en": "Leaky ReLU slope α"},
        "prelu_a": {"ko": "PReLU 기울기 a", "en": "PReLU slope a"},
        "softplus_beta": {"ko": "소프트플러스 β", "en": "Softplus β"},
        "gelu_approximate": {"ko": "GELU 식", "en": "GELU formula"},
        "gelu_none": {"ko": "정확한 식 xΦ(x)", "en": "exact, xΦ(x)"},
        "gelu_tanh": {"ko": "tanh 근사", "en": "tanh approximation"},
        "function": {"ko": "강조할 함수", "en": "Highlight"},
        "f_caption": {
            "ko": "f(x): 강조한 함수와 x₀에서의 접선 (나머지 함수는 옅게)",
            "en": "f(x): the highlighted function and its tangent at x₀ (the others faint)",
        },
        "df_caption": {
            "ko": "f′(x): 기울기. 점선은 그린 범위에서의 최댓값, 점은 x₀에서의 기울기 (접선의 기울기와 같다)",
            "en": "f′(x), the slope: the dashed line is its maximum on the range drawn, the dot is the slope at x₀ "
                  "(the tangent's slope)",
        },
        "table_caption": {
            "ko": "여덟 함수 한눈에 보기: 최대 기울기는 그린 범위 안에서 구한 값, x = 0 열은 꺾인 점에서 PyTorch 자동 미분이 쓰는 값",
            "en": "All eight at a glance: the largest slope is taken over the range drawn; the x = 0 column is the "
                  "value PyTorch's autograd uses at the kink",
        },
        "col_function": {"ko": "함수", "en": "Function"},
        "col_formula": {"ko": "f(x)", "en": "f(x)"},
        "col_derivative": {"ko": "f′(x)", "en": "f′(x)"},
        "col_max": {"ko": "최대 기울기 (위치)", "en": "Largest slope (where)"},
        "col_at_x0": {"ko": "f′(x₀)", "en": "f′(x₀)"},
        "col_at_zero": {"ko": "x = 0에서 f′", "en": "f′ at x = 0"},
    },
    page_config=_page_config,
)
