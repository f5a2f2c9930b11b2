"""A tiny MLP learning XOR: the catalogue entry (kernel in demos/xor.py)."""

from demos.demo_spec import DemoSpec
from demos.params import XorParams

SPEC = DemoSpec(
    id="xor",
    title_en="A tiny MLP learns XOR",
    title_ko="작은 다층 퍼셉트론이 XOR을 배운다",
    caption_en=(
        "With no hidden layer the decision boundary stays a straight line and one point is always wrong; "
        "add a few hidden units and backpropagation bends the boundary until all four points are right."
    ),
    caption_ko=(
        "은닉층이 없으면 결정 경계는 직선에 머물러 네 점 중 하나는 늘 틀린다. "
        "은닉 유닛을 몇 개 더하면 역전파가 경계를 휘어 네 점을 모두 맞힌다."
    ),
    terms=(
        "perceptron", "multilayer-perceptron", "exclusive-or", "linear-separability", "decision-boundary",
        "activation-function", "sigmoid-function", "relu", "leaky-relu", "dying-relu", "hyperbolic-tangent",
        "step-function", "linear-function", "nonlinear-function", "forward-propagation", "backpropagation",
        "artificial-neural-network", "feedforward-neural-network", "layer", "weight-initialization",
        "training", "underfitting", "hyperparameter",
    ),
    params_model=XorParams,
    kernel="demos.xor:run",
    order=1,
    warmup={"steps": 5, "snapshot_every": 5, "grid": 8},
)
