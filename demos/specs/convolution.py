"""2-D convolution on a small image: the catalogue entry and its parameters (kernel in demos/convolution.py)."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from demos.demo_spec import DemoSpec

IMAGE_SIZE = 28  # side of the input image in pixels, shipped or drawn
MAX_WEIGHT = 100.0  # the largest preset weight (7×7 Sobel: 20 · 5); custom weights stay within ±this

Scene = Literal["shapes", "glyph", "drawn"]
Preset = Literal["edge", "sobel_x", "sobel_y", "blur", "sharpen", "identity", "custom"]
PRESETS: tuple[str, ...] = ("edge", "sobel_x", "sobel_y", "blur", "sharpen", "identity", "custom")
Pixel = Annotated[int, Field(ge=0, le=255)]
Weight = Annotated[float, Field(ge=-MAX_WEIGHT, le=MAX_WEIGHT)]


def output_size(size: int, kernel_size: int, padding: int, stride: int, dilation: int) -> int:
    """⌊(H + 2p − d(k − 1) − 1) / s⌋ + 1, the length of a convolution's output along one axis."""
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


class ConvolutionParams(BaseModel):
    """One single-channel convolution (strictly, the cross-correlation that F.conv2d computes) of a 28×28 image.

    The defaults (Laplacian edge kernel, 3×3, padding 1, stride 1) keep the output 28×28 and light up the
    outline of every shape, so one look shows what the kernel detects.
    """

    model_config = ConfigDict(extra="forbid")

    image: Scene = Field(
        "shapes", description="Input: four simple shapes, a hand-made glyph (합), or your own drawing (see pixels)."
    )
    pixels: list[Pixel] | None = Field(
        None, max_length=IMAGE_SIZE**2,
        description=f"The drawn image, {IMAGE_SIZE}×{IMAGE_SIZE} grey levels 0–255 row by row (image='drawn' only).",
    )
    kernel: Preset = Field(
        "edge",
        description="Weights: edge (Laplacian), sobel_x / sobel_y (horizontal / vertical gradient), blur "
        "(binomial ≈ Gaussian), sharpen (2·identity − blur), identity, or custom (see weights).",
    )
    kernel_size: Literal[3, 5, 7] = Field(3, description="Side k of the square kernel.")
    weights: list[Weight] | None = Field(
        None, max_length=49, description="Custom weights, k×k row by row (kernel='custom' only)."
    )
    padding: int = Field(1, ge=0, le=4, description="Rows and columns of zeros added on every side.")
    stride: int = Field(1, ge=1, le=4, description="Step between neighbouring kernel positions.")
    dilation: int = Field(1, ge=1, le=4, description="Spacing between kernel taps (1 = adjacent pixels).")

    @model_validator(mode="after")
    def _consistent(self) -> "ConvolutionParams":
        if self.image == "drawn":
            if self.pixels is None or len(self.pixels) != IMAGE_SIZE**2:
                got = "none" if self.pixels is None else str(len(self.pixels))
                raise ValueError(
                    f"a drawn image needs {IMAGE_SIZE**2} pixel values ({IMAGE_SIZE}×{IMAGE_SIZE}, row by row), "
                    f"got {got}"
                )
        elif self.pixels is not None:
            raise ValueError("pixels are only used with image='drawn'; drop them or choose the drawn image")
        k2 = self.kernel_size**2
        if self.kernel == "custom":
            if self.weights is None or len(self.weights) != k2:
                got = "none" if self.weights is None else str(len(self.weights))
                raise ValueError(
                    f"a custom {self.kernel_size}×{self.kernel_size} kernel needs {k2} weights (row by row), got {got}"
                )
        elif self.weights is not None:
            raise ValueError("weights are only used with kernel='custom'; drop them or choose the custom kernel")
        # No rule is needed for the output size: the widest kernel spans d(k−1)+1 = 4·6+1 = 25 < 28 pixels,
        # so every setting within the bounds leaves at least one output cell.
        return self


def _page_config() -> dict:
    return {"image_size": IMAGE_SIZE, "presets": list(PRESETS), "max_weight": MAX_WEIGHT}


SPEC = DemoSpec(
    id="convolution",
    title_en="Convolution: kernel, padding, stride, dilation",
    title_ko="합성곱: 커널, 패딩, 스트라이드, 팽창",
    caption_en=(
        "Each output cell is the weighted sum of the k×k input pixels under the kernel; hover over the output to "
        "see which pixels those are. Padding, stride and dilation change only where the kernel is placed, so the "
        "output size follows from the formula below, and stride 2 halves it."
    ),
    caption_ko=(
        "출력 칸 하나는 커널이 덮은 입력 픽셀 k×k개의 가중합이다. 출력 위에 마우스를 올리면 그 픽셀들이 표시된다. "
        "패딩·스트라이드·팽창은 커널을 놓는 자리만 바꾸므로 출력 크기는 아래 공식대로 정해지고, 스트라이드를 2로 하면 "
        "출력이 절반으로 줄어든다."
    ),
    terms=(
        "convolution", "convolutional-layer", "filter", "feature-map", "padding", "stride", "dilated-convolution",
        "receptive-field", "cross-correlation",
    ),
    params_model=ConvolutionParams,
    kernel="demos.convolution:run",
    order=13,
    warmup={"stride": 2},
    labels={
        "image": {"ko": "입력 이미지", "en": "Input image"},
        "image_shapes": {"ko": "도형 네 개", "en": "four shapes"},
        "image_glyph": {"ko": "글자 '합'", "en": "the glyph 합"},
        "image_drawn": {"ko": "직접 그린 그림", "en": "your drawing"},
        "kernel": {"ko": "커널", "en": "Kernel"},
        "kernel_edge": {"ko": "윤곽 (라플라시안)", "en": "edge (Laplacian)"},
        "kernel_sobel_x": {"ko": "세로 윤곽 (소벨 x)", "en": "vertical edges (Sobel x)"},
        "kernel_sobel_y": {"ko": "가로 윤곽 (소벨 y)", "en": "horizontal edges (Sobel y)"},
        "kernel_blur": {"ko": "흐리기 (가우시안 근사)", "en": "blur (≈ Gaussian)"},
        "kernel_sharpen": {"ko": "선명하게", "en": "sharpen"},
        "kernel_identity": {"ko": "항등", "en": "identity"},
        "kernel_custom": {"ko": "직접 입력", "en": "custom"},
        "kernel_size": {"ko": "커널 크기 k", "en": "Kernel size k"},
        "padding": {"ko": "패딩 p", "en": "Padding p"},
        "stride": {"ko": "스트라이드 s", "en": "Stride s"},
        "dilation": {"ko": "팽창 d", "en": "Dilation d"},
        "weights": {"ko": "커널 가중치 (고치면 '직접 입력'이 된다)", "en": "Kernel weights (editing one makes the kernel custom)"},
        "weight_at": {"ko": "가중치 행 {row}, 열 {col}", "en": "weight row {row}, column {col}"},
        "brush": {"ko": "붓", "en": "Brush"},
        "brush_paint": {"ko": "칠하기", "en": "paint"},
        "brush_erase": {"ko": "지우기", "en": "erase"},
        "clear": {"ko": "모두 지우기", "en": "Clear"},
        "draw_hint": {
            "ko": "입력 그림 위를 끌면 직접 그릴 수 있다. 그리면 입력이 '직접 그린 그림'으로 바뀐다.",
            "en": "Drag on the input to draw on it; the input then becomes your drawing.",
        },
        "input_figure": {
            "ko": "입력과 패딩(빗금). 강조한 칸 = 선택한 출력 칸의 수용 영역",
            "en": "Input with padding (hatched); highlighted = the receptive field of the selected output cell",
        },
        "kernel_figure": {
            "ko": "커널 가중치 (주황 = 양수, 파랑 = 음수)", "en": "Kernel weights (orange = positive, blue = negative)",
        },
        "output_figure": {
            "ko": "출력 특징 맵 (마우스를 올리거나 화살표 키로 칸 선택)",
            "en": "Output feature map (hover, or use the arrow keys, to pick a cell)",
        },
        "formula": {"ko": "출력 크기", "en": "Output size"},
        "formula_same": {"ko": "이미지가 정사각형이라 W_out도 같다.", "en": "The image is square, so W_out is the same."},
        "unused": {
            "ko": "스트라이드 때문에 패딩한 입력의 마지막 {n}줄은 어떤 커널 위치에도 닿지 않는다.",
            "en": "Because of the stride, the last {n} row(s) of the padded input are never reached by the kernel.",
        },
        "cell": {
            "ko": "출력 [{row}, {col}] = Σ 커널 가중치 × 그 자리의 입력 값 = {value}",
            "en": "output [{row}, {col}] = Σ kernel weight × input value under it = {value}",
        },
        "field": {
            "ko": "입력 행 {rows}, 열 {cols}에서 {k}×{k}개 픽셀을 {d}칸 간격으로 읽어 {span}×{span} 넓이를 덮는다 "
                  "(음수이거나 {last}보다 크면 패딩).",
            "en": "It reads {k}×{k} pixels {d} apart, covering {span}×{span}, from input rows {rows} and columns "
                  "{cols} (below 0 or above {last} = padding).",
        },
        "flip": {
            "ko": "F.conv2d처럼 커널을 뒤집지 않고 곱한다(엄밀히는 교차 상관). 그래서 소벨 x는 어두운 곳에서 밝은 곳으로 "
                  "넘어가는 왼쪽 윤곽에서 양수가 된다.",
            "en": "As in F.conv2d, the kernel is not flipped (strictly, this is cross-correlation), so Sobel x comes "
                  "out positive on a left edge, where dark turns to bright.",
        },
        "patch": {"ko": "그 자리의 입력 값", "en": "Input values there"},
        "check": {"ko": "검산: F.conv2d와의 최대 차이", "en": "Check: largest difference from F.conv2d"},
    },
    page_config=_page_config,
)
