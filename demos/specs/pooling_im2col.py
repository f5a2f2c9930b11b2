"""Pooling and im2col on the convolution demo's image: the catalogue entry and its parameters
(kernel in demos/pooling_im2col.py)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from demos.demo_spec import DemoSpec

PRESETS: tuple[str, ...] = ("edge", "sobel_x", "sobel_y", "blur", "sharpen", "identity")


class PoolingIm2colParams(BaseModel):
    """A small image unrolled twice: into k×k convolution patches (im2col, then one matrix product) and into
    pooling windows (then a max or a mean per window).

    The defaults (16×16 shapes, 3×3 edge kernel, no padding; 2×2 max pooling with stride 2) give a 9 × 196
    patch matrix that is still readable column by column, and a pooled map half the size of the image.
    """

    model_config = ConfigDict(extra="forbid")

    image: Literal["shapes", "glyph"] = Field("shapes", description="The convolution demo's shapes or glyph 합.")
    size: int = Field(16, ge=8, le=16, description="Side of the (square) image in pixels.")
    kernel: Literal["edge", "sobel_x", "sobel_y", "blur", "sharpen", "identity"] = Field(
        "edge", description="Convolution weights, as in the convolution demo."
    )
    kernel_size: Literal[3, 5] = Field(3, description="Side k of the convolution kernel.")
    padding: int = Field(0, ge=0, le=2, description="Zeros added on every side before unrolling.")
    stride: int = Field(1, ge=1, le=3, description="Step between convolution windows.")
    pool: Literal["max", "avg"] = Field("max", description="Keep the largest value of each window, or the mean.")
    pool_size: int = Field(2, ge=2, le=4, description="Side of the square pooling window.")
    pool_stride: int = Field(2, ge=1, le=4, description="Step between pooling windows (= pool_size: no overlap).")


def _page_config() -> dict:
    return {"presets": list(PRESETS)}


SPEC = DemoSpec(
    id="pooling-im2col",
    title_en="Pooling and im2col: patches as matrix columns",
    title_ko="풀링과 im2col: 패치를 행렬의 열로",
    caption_en=(
        "im2col copies the pixels under every kernel position into one column of a matrix, so a whole convolution "
        "is a single product of the weight row with that matrix, at the price of about k² copies of each pixel. "
        "Pooling unrolls its windows the same way, then keeps each column's maximum or mean instead."
    ),
    caption_ko=(
        "im2col은 커널이 놓이는 자리마다 그 아래 픽셀을 행렬의 한 열로 복사한다. 그러면 합성곱 전체가 가중치 행 하나와 "
        "이 행렬의 곱셈 한 번이 되지만, 픽셀마다 약 k²개의 사본을 치른다. 풀링도 창을 같은 방식으로 펼친 뒤 "
        "곱하는 대신 열마다 최댓값이나 평균을 남긴다."
    ),
    terms=("im2col", "pooling", "max-pooling", "average-pooling", "downsampling", "convolution", "stride"),
    params_model=PoolingIm2colParams,
    kernel="demos.pooling_im2col:run",
    order=14,
    warmup={"size": 8},
    labels={
        "image": {"ko": "입력 이미지", "en": "Input image"},
        "image_shapes": {"ko": "도형 네 개", "en": "four shapes"},
        "image_glyph": {"ko": "글자 '합'", "en": "the glyph 합"},
        "size": {"ko": "이미지 크기 H = W", "en": "Image size H = W"},
        "kernel": {"ko": "합성곱 커널", "en": "Convolution kernel"},
        "kernel_edge": {"ko": "윤곽 (라플라시안)", "en": "edge (Laplacian)"},
        "kernel_sobel_x": {"ko": "세로 윤곽 (소벨 x)", "en": "vertical edges (Sobel x)"},
        "kernel_sobel_y": {"ko": "가로 윤곽 (소벨 y)", "en": "horizontal edges (Sobel y)"},
        "kernel_blur": {"ko": "흐리기 (가우시안 근사)", "en": "blur (≈ Gaussian)"},
        "kernel_sharpen": {"ko": "선명하게", "en": "sharpen"},
        "kernel_identity": {"ko": "항등", "en": "identity"},
        "kernel_size": {"ko": "커널 크기 k", "en": "Kernel size k"},
        "padding": {"ko": "패딩 p", "en": "Padding p"},
        "stride": {"ko": "스트라이드 s", "en": "Stride s"},
        "pool": {"ko": "풀링", "en": "Pooling"},
        "pool_max": {"ko": "최대 풀링", "en": "max pooling"},
        "pool_avg": {"ko": "평균 풀링", "en": "average pooling"},
        "pool_size": {"ko": "풀링 창 크기", "en": "Pooling window"},
        "pool_stride": {"ko": "풀링 스트라이드", "en": "Pooling stride"},
        "im2col_heading": {"ko": "im2col: 합성곱을 행렬 곱 한 번으로", "en": "im2col: a convolution as one matrix product"},
        "pool_heading": {"ko": "풀링: 같은 펼치기, 곱 대신 최댓값이나 평균", "en": "Pooling: the same unrolling, then a max or a mean"},
        "input_figure": {
            "ko": "입력 (빗금 = 패딩). 강조 = 선택한 열의 패치",
            "en": "Input (hatched = padding); highlighted = the patch of the selected column",
        },
        "kernel_figure": {"ko": "커널 w (k×k)", "en": "Kernel w (k×k)"},
        "matrix_figure": {
            "ko": "왼쪽: 가중치 w를 한 줄로 편 것. 가운데: X_col, 열 하나 = 출력 위치 하나의 패치, 행 하나 = 커널 탭 하나. "
                  "아래: Y = w·X_col. 열 위에 마우스를 올리면 그 패치가 표시된다.",
            "en": "Left: the weights w, flattened. Middle: X_col, one column per output position (its patch), one row "
                  "per kernel tap. Bottom: Y = w·X_col. Hover over a column to see its patch.",
        },
        "output_figure": {
            "ko": "Y를 H_out × W_out으로 되접은 합성곱 출력", "en": "Y folded back to H_out × W_out: the convolution's output",
        },
        "product": {"ko": "행렬 곱", "en": "Matrix product"},
        "memory": {
            "ko": "X_col에는 {matrix}개 값이 들어 있다. {pixels}픽셀 이미지의 {ratio}배다.",
            "en": "X_col holds {matrix} numbers for a {pixels}-pixel image: {ratio} times as many.",
        },
        "check_unfold": {
            "ko": "검산: 직접 만든 X_col과 F.unfold의 최대 차이", "en": "Check: largest difference between our X_col and F.unfold",
        },
        "check_conv": {
            "ko": "검산: w·X_col과 F.conv2d의 최대 차이", "en": "Check: largest difference between w·X_col and F.conv2d",
        },
        "pool_input_figure": {
            "ko": "입력과 선택한 풀링 창 (점 = 최대 풀링이 남긴 픽셀)",
            "en": "Input with the selected pooling window (dot = the pixel max pooling keeps)",
        },
        "pool_matrix_figure": {
            "ko": "펼친 풀링 창: 열 하나 = 창 하나. 아래 줄 = 열마다 최댓값(테두리 = 뽑힌 칸) 또는 평균",
            "en": "Unrolled pooling windows, one column per window. Bottom row: each column's maximum (outlined = the "
                  "winner) or mean",
        },
        "pool_output_figure": {"ko": "풀링 출력", "en": "Pooled output"},
        "pool_formula": {"ko": "풀링 출력 크기", "en": "Pooled size"},
        "pool_note": {
            "ko": "평균 풀링은 q×q 가중치가 모두 1/q²인 커널로 같은 스트라이드의 합성곱을 한 것과 같다. 최대 풀링은 "
                  "선형이 아니어서 어떤 커널로도 만들 수 없다.",
            "en": "Average pooling is a convolution whose q×q weights are all 1/q², with the same stride. Max pooling "
                  "is not linear, so no kernel can compute it.",
        },
        "check_pool": {"ko": "검산: F.{name}와의 최대 차이", "en": "Check: largest difference from F.{name}"},
        "column": {
            "ko": "열 {l} = 출력 [{row}, {col}] = {value}",
            "en": "column {l} = output [{row}, {col}] = {value}",
        },
    },
    page_config=_page_config,
)
