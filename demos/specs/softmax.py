"""Softmax with temperature, cross-entropy and its gradient p − y: the catalogue entry and parameters
(kernel in demos/softmax.py)."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from demos.demo_spec import DemoSpec

MAX_CLASSES = 8
LOGIT_LIMIT = 1000.0  # each logit and the common shift; their sum stays far inside float32's range
SWEEP_TEMPERATURES = (0.05, 20.0)  # the probabilities-against-temperature plot spans these, log-spaced

Logit = Annotated[float, Field(ge=-LOGIT_LIMIT, le=LOGIT_LIMIT)]


class SoftmaxParams(BaseModel):
    """Logits, a common shift added to all of them, a temperature, the target class and the float format.

    The defaults (five logits, T = 1, target 0) give a confident but not certain prediction; shift = 1000 then
    shows the naive formula overflowing while the max-subtracted one gives the very same probabilities.
    """

    model_config = ConfigDict(extra="forbid")

    logits: list[Logit] = Field(
        [2.0, 1.0, 0.5, -0.5, -1.5], min_length=2, max_length=MAX_CLASSES,
        description=f"The scores z, one per class (2 to {MAX_CLASSES} classes), each within ±{LOGIT_LIMIT:g}.",
    )
    shift: float = Field(
        0.0, ge=-LOGIT_LIMIT, le=LOGIT_LIMIT,
        description="A constant c added to every logit: softmax(z + c) = softmax(z), but exp(z + c) may overflow.",
    )
    temperature: float = Field(1.0, ge=0.05, le=100, description="T: the softmax is taken of (z + c) / T.")
    target: int = Field(0, ge=0, lt=MAX_CLASSES, description="Index of the correct class (the one-hot y).")
    precision: Literal["float32", "float64"] = Field(
        "float32", description="Float format of the computation: exp overflows past 88.7 in float32, 709.8 in float64."
    )

    @model_validator(mode="after")
    def _target_is_a_class(self) -> "SoftmaxParams":
        if self.target >= len(self.logits):
            raise ValueError(
                f"target {self.target} is not a class: with {len(self.logits)} logits the target must be 0 to "
                f"{len(self.logits) - 1}"
            )
        return self


SPEC = DemoSpec(
    id="softmax",
    title_en="Softmax, temperature and cross-entropy",
    title_ko="소프트맥스, 온도, 교차 엔트로피",
    caption_en=(
        "Lowering the temperature pushes the probabilities towards the largest logit and raising it flattens them "
        "towards uniform; the cross-entropy's gradient is just p − y, and subtracting the largest logit before exp "
        "keeps everything exact at logits of 1000, where the textbook formula overflows to NaN."
    ),
    caption_ko=(
        "온도를 낮추면 확률이 가장 큰 로짓 쪽으로 쏠리고, 높이면 균등 분포로 평평해진다. 교차 엔트로피의 기울기는 "
        "그저 p − y이며, exp 전에 가장 큰 로짓을 빼 두면 교과서 식이 넘쳐 NaN이 되는 로짓 1000에서도 값이 정확하다."
    ),
    terms=(
        "softmax-function", "logit", "sampling-temperature", "cross-entropy-error", "categorical-cross-entropy",
        "negative-log-likelihood", "one-hot-encoding", "entropy", "numerical-precision",
    ),
    params_model=SoftmaxParams,
    kernel="demos.softmax:run",
    order=5,
    warmup={"logits": [0.0, 1.0]},
    labels={
        "logits": {"ko": "로짓 z", "en": "Logits z"},
        "class": {"ko": "클래스", "en": "class"},
        "temperature": {"ko": "온도 T", "en": "Temperature T"},
        "shift": {"ko": "모든 로짓에 더할 값 c", "en": "Add c to every logit"},
        "target": {"ko": "정답 클래스", "en": "Target class"},
        "precision": {"ko": "부동소수점 형식", "en": "Float format"},
        "probabilities_caption": {
            "ko": "확률 p = softmax((z + c)/T): 막대 위 숫자가 확률, 테두리 친 막대가 정답 클래스",
            "en": "Probabilities p = softmax((z + c)/T): the number on each bar is p, the outlined bar is the target",
        },
        "gradient_caption": {
            "ko": "교차 엔트로피의 기울기 ∂L/∂u = p − y (u = (z + c)/T): 정답만 음수이고 합은 0. z에 대한 기울기는 이것을 T로 나눈 값",
            "en": "Gradient of the cross-entropy, ∂L/∂u = p − y with u = (z + c)/T: negative only at the target, "
                  "summing to 0; the gradient with respect to z is this divided by T",
        },
        "sweep_caption": {
            "ko": "온도에 따른 확률 (가로축은 로그 눈금, 세로선은 지금 온도)",
            "en": "Probabilities against temperature (log scale; the vertical line is the current T)",
        },
        "overflow_heading": {"ko": "넘치지 않는 계산", "en": "The overflow-safe form"},
        "overflow_text": {
            "ko": "교과서 식 e^u / Σ e^u는 u가 float32에서 약 88.7, float64에서 약 709.8을 넘으면 e^u가 무한대가 되어 "
                  "∞/∞ = NaN을 낸다. 가장 큰 값 m을 먼저 빼면 지수의 최댓값이 e⁰ = 1이라 넘치지 않고, 분자와 분모에 같은 "
                  "e^(−m)이 곱해질 뿐이라 결과는 같다. log p도 u − m − log Σ e^(u−m)으로 바로 구한다.",
            "en": "The textbook e^u / Σ e^u turns e^u into infinity once u passes about 88.7 in float32 (709.8 in "
                  "float64), and ∞/∞ is NaN. Subtracting the largest value m first makes the largest exponential "
                  "e⁰ = 1, so nothing overflows, and since numerator and denominator are both multiplied by e^(−m) "
                  "the result is unchanged. log p comes straight from u − m − log Σ e^(u−m).",
        },
        "col_class": {"ko": "클래스", "en": "Class"},
        "col_naive": {"ko": "교과서 식 e^u / Σ e^u", "en": "Textbook e^u / Σ e^u"},
        "col_stable": {"ko": "최댓값 m을 뺀 식", "en": "Largest value m subtracted"},
    },
)
