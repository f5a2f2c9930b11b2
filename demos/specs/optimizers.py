"""Optimizer race on 2-D surfaces: the catalogue entry (kernel in demos/optimizer_race.py)."""

from demos.demo_spec import DemoSpec
from demos.params import OptimizerRaceParams

SPEC = DemoSpec(
    id="optimizers",
    title_en="Optimizer race",
    title_ko="옵티마이저 경주",
    caption_en=(
        "From the same start, plain gradient descent crawls along the curved valley while momentum "
        "overshoots and the adaptive methods scale each coordinate's step; change the learning rate to see "
        "who diverges first."
    ),
    caption_ko=(
        "같은 출발점에서 경사 하강법은 휘어진 골짜기를 따라 느리게 기어가고, "
        "모멘텀은 지나쳤다가 되돌아오며, 적응형 방법은 좌표마다 보폭을 따로 맞춘다. "
        "학습률을 바꿔 누가 먼저 발산하는지 보라."
    ),
    terms=(
        "optimizer", "gradient-descent", "stochastic-gradient-descent", "learning-rate", "momentum",
        "nesterov-momentum", "adagrad", "rmsprop", "adam", "adamw", "adadelta", "cost-function",
        "convergence-rate", "pre-conditioning", "weight-decay", "hyperparameter",
    ),
    params_model=OptimizerRaceParams,
    kernel="demos.optimizer_race:run",
    order=2,
    warmup={"steps": 2, "grid": 16},
)
