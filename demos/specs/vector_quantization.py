"""Vector quantization / k-means on 2-D points: the catalogue entry and its parameters (kernel in
demos/vector_quantization.py). No torch here."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from demos.demo_spec import DemoSpec


class VectorQuantizationParams(BaseModel):
    """A codebook of K vectors fitted to clustered 2-D points by Lloyd iterations (k-means), or, when
    ema_decay > 0, by partial steps like VQ-VAE's moving-average codebook update.

    The defaults start the codes uniformly over the plot box: most settle on the blobs, and the ones that
    start far from every point never win a point, so they never move (dead codes).
    """

    model_config = ConfigDict(extra="forbid")

    points: int = Field(400, ge=50, le=1000, description="Number of 2-D data points.")
    clusters: int = Field(5, ge=1, le=8, description="Number of Gaussian blobs the points are drawn from.")
    codes: int = Field(8, ge=1, le=24, description="Codebook size K.")
    iterations: int = Field(12, ge=0, le=30, description="Assign-then-update iterations.")
    init: Literal["box", "data", "corner"] = Field(
        "box",
        description="Where the codes start: box = uniform over the plot box; data = K distinct data points "
        "(Forgy); corner = a tight bunch in the lower-left corner, where only the nearest codes ever win.",
    )
    ema_decay: float = Field(
        0.0, ge=0, le=0.99,
        description="γ in c ← γ·c + (1 − γ)·mean(cell): 0 is Lloyd's k-means step; above 0 each code moves part "
        "of the way, like VQ-VAE's moving-average codebook update.",
    )
    reset_dead: bool = Field(
        False, description="After each update, move every code that won no point to a random data point."
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of the data, the initial codes and the resets.")


SPEC = DemoSpec(
    id="vector-quantization",
    title_en="Vector quantization and k-means",
    title_ko="벡터 양자화와 k-평균",
    caption_en=(
        "Each iteration gives every point to its nearest code (the coloured Voronoi cells) and then moves each "
        "code to the mean of its points, so the distortion can only fall. A code whose cell holds no point is "
        "never updated: it is dead, and the codebook works with fewer vectors than it has; tick “reset dead "
        "codes” to revive them."
    ),
    caption_ko=(
        "반복마다 각 점을 가장 가까운 코드(색칠된 보로노이 영역)에 배정한 뒤, 코드를 배정받은 점들의 평균으로 옮긴다. "
        "그래서 왜곡은 줄어들기만 한다. 점을 하나도 받지 못한 코드는 갱신되지 않는 죽은 코드가 되어, 코드북은 가진 것보다 "
        "적은 벡터로 일한다. ‘죽은 코드 되살리기’를 켜서 살려 보라."
    ),
    terms=("vector-quantization", "k-means-clustering", "codebook", "clustering", "vq-vae"),
    params_model=VectorQuantizationParams,
    kernel="demos.vector_quantization:run",
    order=17,
    warmup={"points": 50, "codes": 2, "iterations": 1},
    labels={
        "points": {"ko": "점 개수", "en": "Points"},
        "clusters": {"ko": "데이터 덩어리 수", "en": "Blobs in the data"},
        "codes": {"ko": "코드북 크기 K", "en": "Codebook size K"},
        "iterations": {"ko": "반복 횟수", "en": "Iterations"},
        "init": {"ko": "초기 코드 위치", "en": "Initial codes"},
        "init_box": {"ko": "상자 안 균등 무작위", "en": "uniform over the box"},
        "init_data": {"ko": "데이터 점 K개", "en": "K data points"},
        "init_corner": {"ko": "한 구석에 몰아서", "en": "bunched in a corner"},
        "ema_decay": {"ko": "EMA 감쇠 γ (0 = k-평균)", "en": "EMA decay γ (0 = k-means)"},
        "reset_dead": {"ko": "죽은 코드 되살리기", "en": "Reset dead codes"},
        "iteration": {"ko": "반복", "en": "Iteration"},
        "play": {"ko": "재생", "en": "Play"},
        "pause": {"ko": "멈춤", "en": "Pause"},
        "plane": {
            "ko": "점은 배정된 코드의 색, 큰 원은 코드 벡터, 선은 지금까지 코드가 움직인 길, 색칠된 영역은 보로노이 영역"
                  "(그 코드가 가장 가까운 곳)이다. ✕ 표시는 점을 하나도 받지 못한 죽은 코드다.",
            "en": "Points take the colour of their code; large discs are the code vectors, lines the paths they have "
                  "taken, tinted regions their Voronoi cells (where that code is the nearest). A ✕ marks a dead code, "
                  "one that won no point.",
        },
        "usage": {
            "ko": "코드북 사용량은 코드마다 배정된 점의 수이고, 점선은 모든 코드가 고르게 쓰일 때의 높이 n/K다. "
                  "퍼플렉서티 exp(H)는 사용 분포의 엔트로피 H로 센, 실제로 쓰이는 코드의 유효 개수다.",
            "en": "Codebook usage counts the points per code; the dashed line is n/K, where every bar would be if all "
                  "codes were used evenly. The perplexity exp(H), from the entropy H of the usage, is the effective "
                  "number of codes in use.",
        },
        "distortion": {
            "ko": "왜곡은 점과 그 코드 사이 거리 제곱의 평균이다.",
            "en": "The distortion is the mean squared distance from each point to its code.",
        },
        "plane_title": {"ko": "코드, 점, 보로노이 영역", "en": "Codes, points and Voronoi cells"},
        "usage_title": {"ko": "코드북 사용량", "en": "Codebook usage"},
        "distortion_title": {"ko": "반복에 따른 왜곡", "en": "Distortion per iteration"},
        "dead": {"ko": "죽음", "en": "dead"},
        "dead_codes": {"ko": "죽은 코드", "en": "dead codes"},
        "perplexity": {"ko": "퍼플렉서티", "en": "perplexity"},
    },
)
