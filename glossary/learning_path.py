"""The guided path: the usual deep-learning curriculum from the perceptron to the vision Transformer.

Defined here and nowhere else; /path, /api/path, the flashcards and the exports read it. Within the path every term
comes after those of its prerequisites that are on the path (tests/test_learning_path.py checks it against the
entries), so reading top to bottom never meets a term before what it builds on.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    id: str
    name_ko: str
    name_en: str
    goal_ko: str
    goal_en: str
    slugs: tuple[str, ...]


@dataclass(frozen=True)
class LearningPath:
    id: str
    name_ko: str
    name_en: str
    stages: tuple[Stage, ...]

    @property
    def slugs(self) -> list[str]:
        """Every term of the path, in order."""
        return [slug for stage in self.stages for slug in stage.slugs]

    def stage(self, stage_id: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.id == stage_id), None)


CURRICULUM = LearningPath(
    id="curriculum",
    name_ko="퍼셉트론에서 비전 트랜스포머까지",
    name_en="From the perceptron to the vision Transformer",
    stages=(
        Stage(
            "perceptron", "퍼셉트론", "The perceptron",
            "인공 뉴런 하나가 무엇을 계산하고, 왜 XOR을 풀지 못하는지 이해합니다.",
            "What one artificial neuron computes, and why it cannot solve XOR.",
            ("weight", "bias", "perceptron", "linear-separability", "exclusive-or"),
        ),
        Stage(
            "activations", "활성화 함수와 다층 퍼셉트론", "Activation functions and multilayer networks",
            "비선형 활성화 함수로 층을 쌓아 다층 퍼셉트론이 출력을 계산하는 과정을 봅니다.",
            "Stack layers with nonlinear activations and follow how a multilayer network computes its output.",
            (
                "activation-function", "sigmoid-function", "hyperbolic-tangent", "relu", "softmax-function",
                "fully-connected-layer", "multilayer-perceptron", "forward-propagation",
            ),
        ),
        Stage(
            "losses", "손실 함수", "Loss functions",
            "예측이 얼마나 틀렸는지를 숫자 하나로 재는 방법을 배웁니다.",
            "Score how wrong a prediction is with a single number.",
            ("loss-function", "mean-squared-error", "one-hot-encoding", "cross-entropy-error"),
        ),
        Stage(
            "gradient-descent", "경사 하강법", "Gradient descent",
            "미분과 기울기로 손실을 줄이는 방향을 찾고, 데이터를 미니배치로 나눠 학습합니다.",
            "Use derivatives and the gradient to find the downhill direction, and train on mini-batches.",
            (
                "derivative", "partial-derivative", "gradient", "gradient-descent", "learning-rate",
                "stochastic-gradient-descent", "mini-batch", "epoch",
            ),
        ),
        Stage(
            "backpropagation", "오차역전파법", "Backpropagation",
            "연쇄 법칙으로 모든 가중치의 기울기를 한 번에 구하고, 기울기가 사라지거나 폭발하는 이유를 봅니다.",
            "Get every weight's gradient in one backward sweep, and see why gradients vanish or explode.",
            ("chain-rule", "computational-graph", "backpropagation", "vanishing-gradient", "exploding-gradient"),
        ),
        Stage(
            "optimizers", "옵티마이저", "Optimizers",
            "SGD에서 모멘텀, AdaGrad, RMSProp을 거쳐 Adam까지 갱신 규칙이 발전한 과정을 따라갑니다.",
            "Follow the update rules from SGD through momentum, AdaGrad and RMSProp to Adam.",
            ("optimizer", "momentum", "adagrad", "rmsprop", "adam"),
        ),
        Stage(
            "regularization", "과적합과 규제", "Overfitting and regularization",
            "학습 데이터만 외우지 않고 새 데이터에서도 잘 맞히도록 모델을 제어합니다.",
            "Keep a model from memorising its training data so that it does well on new data.",
            ("generalization", "overfitting", "regularization", "weight-decay", "dropout"),
        ),
        Stage(
            "stable-training", "초기화와 정규화", "Initialization and normalization",
            "깊은 신경망이 안정적으로 학습되도록 초깃값과 활성값의 크기를 맞춥니다.",
            "Scale initial weights and activations so that deep networks train stably.",
            ("weight-initialization", "he-initialization", "standardization", "batch-normalization", "layer-normalization"),
        ),
        Stage(
            "cnn", "합성곱 신경망", "Convolutional networks",
            "필터를 밀며 특징 맵을 만들고, 풀링으로 줄여 가며 이미지를 읽는 신경망을 만듭니다.",
            "Slide filters to make feature maps, pool them down, and build a network that reads images.",
            (
                "convolution", "filter", "convolutional-layer", "feature-map", "padding", "stride", "pooling",
                "max-pooling", "receptive-field", "convolutional-neural-network",
            ),
        ),
        Stage(
            "resnet", "깊은 CNN과 ResNet", "Deep CNNs and ResNet",
            "AlexNet과 VGG에서 성능 저하 문제를 만나고, 잔차 학습으로 수백 층을 학습합니다.",
            "Meet the degradation problem after AlexNet and VGG, and train hundreds of layers with residual learning.",
            (
                "alexnet", "vgg", "degradation-problem", "skip-connection", "residual-learning", "residual-block",
                "resnet",
            ),
        ),
        Stage(
            "rnn", "순환 신경망과 LSTM", "Recurrent networks and LSTM",
            "은닉 상태로 시퀀스를 읽고, 게이트로 긴 의존성을 잇고, 시퀀스를 시퀀스로 옮깁니다.",
            "Read sequences with a hidden state, bridge long gaps with gates, and map sequences to sequences.",
            (
                "recurrent-neural-network", "hidden-state", "backpropagation-through-time", "long-short-term-memory",
                "gated-recurrent-unit", "embedding", "encoder-decoder", "sequence-to-sequence",
            ),
        ),
        Stage(
            "attention", "어텐션", "Attention",
            "질의와 키의 내적으로 어디를 볼지 정하고, 한 시퀀스 안에서 모든 위치가 서로를 보게 합니다.",
            "Decide where to look from query–key dot products, and let every position attend to every other.",
            (
                "inner-product", "attention-mechanism", "scaled-dot-product-attention", "self-attention",
                "multi-head-attention", "positional-encoding",
            ),
        ),
        Stage(
            "transformer", "트랜스포머와 비전 트랜스포머", "The Transformer and the vision Transformer",
            "어텐션만으로 만든 트랜스포머를 조립하고, 이미지를 패치로 잘라 같은 모델로 분류합니다.",
            "Assemble the attention-only Transformer, then cut images into patches and classify them with it.",
            ("transformer", "patch", "vision-transformer"),
        ),
    ),
)

PATHS: dict[str, LearningPath] = {CURRICULUM.id: CURRICULUM}
