"""The perceptron learning rule on AND, OR and XOR: catalogue entry and parameters (kernel: demos/perceptron.py)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from demos.demo_spec import DemoSpec

MAX_EPOCHS = 200  # 800 single-example steps: the sequential loop stays well under 100 ms


class PerceptronParams(BaseModel):
    """One run of Rosenblatt's rule from w = 0 on the four corners of a Boolean gate, for AND, OR and XOR at once.

    The defaults (0/1 inputs, the corners in a fixed order, 20 passes) let AND and OR converge inside the budget
    while XOR has already gone round its cycle many times.
    """

    model_config = ConfigDict(extra="forbid")

    encoding: Literal["binary", "bipolar"] = Field(
        "binary",
        description="Input values: binary uses 0 and 1, bipolar uses -1 and +1 (this changes R, γ and the bound).",
    )
    order: Literal["cyclic", "shuffled"] = Field(
        "cyclic",
        description="cyclic visits the four corners in the same order every pass; shuffled reshuffles each pass.",
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of the shuffles (used only when order is shuffled).")
    epochs: int = Field(
        20, ge=1, le=MAX_EPOCHS, description="Passes over the four corners; the step budget is 4 × epochs."
    )


SPEC = DemoSpec(
    id="perceptron",
    title_en="The perceptron rule on AND, OR and XOR",
    title_ko="AND, OR, XOR에서 본 퍼셉트론 학습 규칙",
    caption_en=(
        "On AND and OR the rule stops after finitely many updates, never more than Novikoff's bound (R/γ)²; "
        "on XOR no line separates the classes, so the updates never stop and the weights keep returning to "
        "values they have held before."
    ),
    caption_ko=(
        "AND와 OR에서는 유한 번 고친 뒤 멈추며, 그 횟수는 노비코프 상한 (R/γ)²을 넘지 않는다. "
        "XOR은 어떤 직선으로도 두 부류를 가를 수 없어 갱신이 끝나지 않고, 가중치는 이미 지나온 값으로 거듭 되돌아온다."
    ),
    terms=("perceptron", "perceptron-convergence-theorem", "linear-separability", "exclusive-or", "decision-boundary"),
    params_model=PerceptronParams,
    kernel="demos.perceptron:run",
    order=3,
    warmup={"epochs": 2},
    labels={
        "encoding": {"ko": "입력값", "en": "Inputs"},
        "binary": {"ko": "0과 1", "en": "0 and 1"},
        "bipolar": {"ko": "−1과 +1", "en": "−1 and +1"},
        "order": {"ko": "예제 순서", "en": "Order of the examples"},
        "cyclic": {"ko": "매번 같은 순서", "en": "Same order every pass"},
        "shuffled": {"ko": "매 바퀴 섞기", "en": "Reshuffled every pass"},
        "epochs": {"ko": "바퀴 수 (에포크)", "en": "Passes (epochs)"},
        "seed_shuffle": {"ko": "섞기 시드", "en": "Shuffle seed"},
        "step": {"ko": "보여 줄 단계 t", "en": "Show step t"},
        "play": {"ko": "재생", "en": "Play"},
        "rule": {
            "ko": "규칙: 레이블 y ∈ {−1, +1}, 편향을 위해 입력 끝에 1을 붙인 x̃ = (x₁, x₂, 1), w = 0에서 시작. "
                  "y w·x̃ ≤ 0이면(점수 0도 실수로 센다) w ← w + y x̃. 0에서 출발하면 학습률은 w의 크기만 바꾸므로 1로 둔다.",
            "en": "Rule: labels y ∈ {−1, +1}, inputs extended with a constant 1 for the bias, x̃ = (x₁, x₂, 1), "
                  "start at w = 0. If y w·x̃ ≤ 0 (a score of 0 counts as a mistake), w ← w + y x̃. "
                  "From w = 0 a learning rate only rescales w, so it is 1 here.",
        },
        "gates_caption": {
            "ko": "각 게이트의 단계 t 결정 경계 w₁x₁ + w₂x₂ + b = 0 (주황 = +1, 파랑 = −1; 음영은 +1로 판정하는 쪽, "
                  "점선은 여백 γ를 이루는 분리 평면 u, 고리는 단계 t에 본 예제이며 빨간 고리는 그 단계에서 갱신했다는 뜻)",
            "en": "Each gate's decision boundary w₁x₁ + w₂x₂ + b = 0 at step t (orange = +1, blue = −1; the shaded "
                  "side is classified +1, the dashed line is the separator u that attains the margin γ, the ring marks "
                  "the example seen at step t, red when that step made an update)",
        },
        "updates_caption": {
            "ko": "누적 갱신(실수) 횟수와 노비코프 상한 (R/γ)² (점선)",
            "en": "Cumulative updates (mistakes) against Novikoff's bound (R/γ)² (dashed)",
        },
        "weights_caption": {
            "ko": "XOR의 가중치 w₁, w₂, b: 유계에 머물며 같은 값을 되풀이한다",
            "en": "XOR's weights w₁, w₂, b: they stay bounded and repeat the same values",
        },
    },
)
