"""Min–max normalization, standardization and whitening of the same 2-D data: the catalogue entry and its
parameters (kernel in demos/normalization.py). No torch here."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from demos.demo_spec import DemoSpec

MAX_POINTS = 1000  # four panels of points travel in one response; bound its size


class NormalizationParams(BaseModel):
    """One sample of correlated 2-D Gaussian data and its three rescalings.

    The defaults (σx = 3, σy = 1, ρ = 0.8) draw a long, tilted cloud: min–max and standardization
    change its scale but keep its tilt, whitening makes it round.
    """

    model_config = ConfigDict(extra="forbid")

    points: int = Field(200, ge=10, le=MAX_POINTS, description="Number of 2-D samples drawn.")
    std_x: float = Field(3.0, ge=0.1, le=10, description="Standard deviation of feature x in the data's units.")
    std_y: float = Field(1.0, ge=0.1, le=10, description="Standard deviation of feature y in the data's units.")
    correlation: float = Field(
        0.8, ge=-0.95, le=0.95,
        description="Correlation of x and y. Kept inside ±0.95 so the covariance stays invertible.",
    )
    outlier: bool = Field(
        False, description="Replace the last sample with an outlier 8 standard deviations out along x."
    )
    whitening: Literal["zca", "pca"] = Field(
        "zca",
        description="zca: W = UΛ^(-1/2)Uᵀ, stays closest to the original axes; pca: W = Λ^(-1/2)Uᵀ, "
        "rotates onto the principal axes (largest variance first).",
    )
    eps: float = Field(
        0.0, ge=0, le=1,
        description="ε added to each eigenvalue before the inverse square root, (Λ + εI)^(-1/2); 0 whitens exactly.",
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of the random sample.")


SPEC = DemoSpec(
    id="normalization",
    title_en="Min–max, standardize, whiten",
    title_ko="최소-최대 정규화, 표준화, 백색화",
    caption_en=(
        "Min–max scaling and standardization rescale each feature on its own, so the cloud keeps its tilt "
        "and the covariance keeps its off-diagonal term; only whitening turns the covariance into the identity "
        "and the ellipse into a circle. Turn on the outlier to see one point squeeze the min–max panel."
    ),
    caption_ko=(
        "최소-최대 정규화와 표준화는 특징을 하나씩 따로 늘이고 줄일 뿐이라 점구름의 기울기와 공분산의 비대각 성분이 "
        "그대로 남는다. 백색화만이 공분산을 단위 행렬로, 타원을 원으로 바꾼다. "
        "이상치를 켜면 점 하나가 최소-최대 그림 전체를 한쪽으로 몰아넣는다."
    ),
    terms=("normalization", "standardization", "whitening", "preprocessing", "principal-component-analysis"),
    params_model=NormalizationParams,
    kernel="demos.normalization:run",
    order=11,
    warmup={"points": 10},
    labels={
        "points": {"ko": "점 개수", "en": "Points"},
        "std_x": {"ko": "x의 표준편차 σx", "en": "Std. dev. of x, σx"},
        "std_y": {"ko": "y의 표준편차 σy", "en": "Std. dev. of y, σy"},
        "correlation": {"ko": "상관계수 ρ", "en": "Correlation ρ"},
        "outlier": {"ko": "이상치 하나 넣기", "en": "Add an outlier"},
        "whitening": {"ko": "백색화 방식", "en": "Whitening"},
        "zca": {"ko": "ZCA (원래 축 유지)", "en": "ZCA (keeps the axes)"},
        "pca": {"ko": "PCA (주성분 축으로 회전)", "en": "PCA (rotates to principal axes)"},
        "eps": {"ko": "ε (고윳값에 더하는 값)", "en": "ε (added to eigenvalues)"},
        "original": {"ko": "원래 데이터", "en": "Original data"},
        "min_max": {"ko": "최소-최대 정규화", "en": "Min–max normalized"},
        "standardized": {"ko": "표준화", "en": "Standardized"},
        "whitened": {"ko": "백색화", "en": "Whitened"},
        "legend": {
            "ko": "점의 색은 원래 데이터에서 가장 긴 축(제1 주성분) 위의 순서다. 같은 점은 네 그림에서 같은 색이다. "
                  "실선 타원은 공분산 Σ의 2σ 타원(주축 방향으로 표준편차의 두 배), 안의 선분은 주축, 흰 점은 평균 μ다. "
                  "표준화와 백색화 그림의 점선 원은 반지름 2인 원으로, 공분산이 단위 행렬이면 타원이 이 원과 겹친다. "
                  "최소-최대 그림의 점선 사각형은 [0, 1]² 범위다. Σ는 n으로 나눈 표본 공분산, W는 백색화 행렬이다.",
            "en": "Point colour is each point's rank along the original data's longest axis (first principal component), "
                  "so a point has the same colour in all four panels. The solid ellipse is the 2σ ellipse of the "
                  "covariance Σ (two standard deviations along each principal axis), with its axes inside and the mean μ as a white dot. The "
                  "dashed circle in the standardized and whitened panels has radius 2, where the ellipse lands when Σ "
                  "is the identity; the dashed square in the min–max panel is [0, 1]². Σ divides by n; W is the whitening matrix.",
        },
        "outlier_mark": {"ko": "이상치", "en": "outlier"},
    },
)
