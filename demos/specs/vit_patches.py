"""An image as a sequence of patch tokens, as a Vision Transformer sees it: the catalogue entry and its parameters
(kernel in demos/vit_patches.py)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from demos.demo_spec import DemoSpec

MAX_TOKENS = 256  # patch tokens the page draws; more would be thinner than a pixel on the sequence strip


def divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


class VitPatchesParams(BaseModel):
    """An H×W colour image cut into P×P patches, each flattened and projected to a D-dimensional token.

    The defaults (a 24×32 image, P = 4) give a 6 × 8 grid: 48 patch tokens plus the class token, each a
    projection of 4²·3 = 48 values to D = 16. The grid is fine enough that some patches are blank, and with no
    position embedding at first those show up as identical tokens until one is switched on.
    """

    model_config = ConfigDict(extra="forbid")

    image: Literal["shapes", "glyph"] = Field(
        "shapes", description="The convolution demo's shapes or glyph 합, in colour."
    )
    height: int = Field(24, ge=8, le=64, description="Image height H in pixels.")
    width: int = Field(32, ge=8, le=64, description="Image width W in pixels.")
    patch: int = Field(4, ge=1, le=32, description="Patch side P; it must divide both H and W.")
    dim: int = Field(16, ge=2, le=64, description="Token width D: the patch embedding maps P²·3 values to D.")
    class_token: bool = Field(True, description="Prepend a class token ([CLS]) at position 0, as ViT does.")
    position: Literal["none", "sinusoidal"] = Field(
        "none", description="Position embedding added to every token: none, or fixed sinusoids (Vaswani et al.)."
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of the projection's initial weights.")

    @model_validator(mode="after")
    def _patches_tile_the_image(self) -> "VitPatchesParams":
        if self.height % self.patch or self.width % self.patch:
            common = [d for d in divisors(self.height) if self.width % d == 0]
            raise ValueError(
                f"patch size {self.patch} does not divide the {self.height}×{self.width} image "
                f"({self.height} mod {self.patch} = {self.height % self.patch}, {self.width} mod {self.patch} = "
                f"{self.width % self.patch}); patches must tile it exactly: choose one of "
                f"{', '.join(map(str, common))}"
            )
        tokens = (self.height // self.patch) * (self.width // self.patch)
        if tokens > MAX_TOKENS:
            raise ValueError(
                f"P = {self.patch} cuts the {self.height}×{self.width} image into {tokens} patches, more than the "
                f"{MAX_TOKENS} this demo draws; use a larger patch"
            )
        return self


SPEC = DemoSpec(
    id="vit-patches",
    title_en="Vision Transformer: an image as a sequence of patch tokens",
    title_ko="비전 트랜스포머: 패치 토큰의 시퀀스가 된 이미지",
    caption_en=(
        "The image is cut into (H/P)·(W/P) patches, read row by row into a sequence; each patch is flattened and "
        "multiplied by one shared matrix, which is exactly a convolution with kernel = stride = P. Halve P and the "
        "sequence gets four times longer. With no position embedding the blank patches all become the same token; "
        "add one and every position differs."
    ),
    caption_ko=(
        "이미지를 (H/P)·(W/P)개의 패치로 잘라 행 순서대로 시퀀스를 만든다. 패치마다 펼쳐서 같은 행렬 하나를 곱하는데, "
        "이는 커널 크기와 스트라이드가 P인 합성곱과 정확히 같다. P를 절반으로 줄이면 시퀀스는 네 배로 길어진다. "
        "위치 임베딩이 없으면 빈 패치들은 모두 같은 토큰이 되고, 위치 임베딩을 더하면 위치마다 토큰이 달라진다."
    ),
    terms=("vision-transformer", "patch", "positional-encoding", "flatten"),
    params_model=VitPatchesParams,
    kernel="demos.vit_patches:run",
    order=16,
    warmup={"height": 8, "width": 8, "patch": 4, "dim": 4},
    labels={
        "image": {"ko": "입력 이미지", "en": "Input image"},
        "image_shapes": {"ko": "도형 네 개", "en": "four shapes"},
        "image_glyph": {"ko": "글자 '합'", "en": "the glyph 합"},
        "height": {"ko": "높이 H", "en": "Height H"},
        "width": {"ko": "너비 W", "en": "Width W"},
        "patch": {"ko": "패치 크기 P", "en": "Patch size P"},
        "dim": {"ko": "토큰 차원 D", "en": "Token width D"},
        "class_token": {"ko": "클래스 토큰 [CLS]", "en": "Class token [CLS]"},
        "position": {"ko": "위치 임베딩", "en": "Position embedding"},
        "position_sinusoidal": {"ko": "사인파 (고정)", "en": "sinusoidal (fixed)"},
        "position_none": {"ko": "없음", "en": "none"},
        "seed": {"ko": "가중치 시드", "en": "Weight seed"},
        "image_figure": {
            "ko": "P×P 패치로 자른 이미지. 숫자 = 시퀀스 안의 위치",
            "en": "The image cut into P×P patches; numbers = position in the sequence",
        },
        "sequence_figure": {
            "ko": "토큰 시퀀스: 위 = 위치 순서대로 늘어선 패치, 아래 = 각 토큰의 D개 값 (주황 = 양수, 파랑 = 음수).",
            "en": "The token sequence: top, the patches in position order; below, each token's D values "
                  "(orange = positive, blue = negative).",
        },
        "flatten_figure": {
            "ko": "선택한 패치 하나: P×P×3 값을 한 줄로 펴서(채널 R, G, B 순) 행렬 E를 곱하고 b를 더한다. "
                  "위치 임베딩을 고르면 그것도 더한다.",
            "en": "One patch: its P×P×3 values flattened (channel R, then G, then B), times the matrix E, plus b, "
                  "plus the position embedding when one is chosen.",
        },
        "word_patches": {"ko": "패치", "en": "patches"},
        "word_position": {"ko": "위치", "en": "position"},
        "word_flatten": {"ko": "펴기", "en": "flatten"},
        "class_note": {"ko": "패치 없음: 학습되는 벡터 (초깃값 0)", "en": "no patch: a learned vector (initially 0)"},
        "hover": {"ko": "패치나 토큰 위에 마우스를 올리면 선택된다.", "en": "Hover over a patch or a token to select it."},
        "count": {"ko": "토큰 수", "en": "Token count"},
        "with_class": {"ko": "클래스 토큰까지 {n}개", "en": "{n} with the class token"},
        "patch_length": {"ko": "패치 하나의 값: P²·C = {p}²·3 = {n}", "en": "Values per patch: P²·C = {p}²·3 = {n}"},
        "projection": {
            "ko": "패치 임베딩 E: {n} × {d} 행렬과 편향 b, 매개변수 {params}개 (모든 패치가 공유)",
            "en": "Patch embedding E: a {n} × {d} matrix and a bias b, {params} parameters shared by every patch",
        },
        "check": {
            "ko": "검산: '펼치기 + 선형'과 F.conv2d(커널 = 스트라이드 = P)의 최대 차이",
            "en": "Check: largest difference between flatten + linear and F.conv2d (kernel = stride = P)",
        },
        "selected": {"ko": "위치 {pos}: 격자 [{row}, {col}]의 패치", "en": "position {pos}: the patch at grid [{row}, {col}]"},
        "selected_class": {
            "ko": "위치 0: 클래스 토큰. 어느 패치에서도 오지 않은 학습용 벡터로, 여기서는 초깃값 0이다.",
            "en": "position 0: the class token, a learned vector that comes from no patch (here at its initial "
                  "value, zero).",
        },
    },
)
