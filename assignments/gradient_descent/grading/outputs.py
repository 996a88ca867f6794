"""How the gradient-descent assignment's outputs are named, so a diagnosis can say which part is right.

Data only (see :class:`autograder.check.components.Output`).
"""
from autograder.check.components import Output

W_B = ("w", "b")

OUTPUTS = {
    "t_p": Output(axis="example"),
    "loss": Output(),
    "grad": Output(parts=("dL/dw", "dL/db")),
    "params": Output(parts=W_B),
    "sum_sq_grad": Output(parts=("the accumulator of w", "the accumulator of b")),
    "losses": Output(axis="epoch", first=1),
    "learning_rate": Output(axis="t"),
    "X_scaled": Output(axis="example", standardized=True),
    "mean": Output(axis="column"),
    "std": Output(axis="column"),
    "critical_learning_rate": Output(reciprocal="the largest eigenvalue of the Hessian"),
    "params_history": Output(parts=W_B, axis="epoch"),
    "params_at_checkpoints": Output(parts=W_B, axis="checkpoint"),
    "diverged": Output(flag=True),
}

#: (function, output) -> the argument it updates: the diagnosis looks at the change (the step), not the value
CHANGES = {
    ("gd_step", "params"): "params",
    ("adagrad_step", "params"): "params",
    ("adagrad_step", "sum_sq_grad"): "sum_sq_grad",
    ("sgd_epoch", "params"): "params",
    ("training_loop", "params"): "params",
}

#: how the change of an output, and of one of its parts, is named in hints
CHANGE_NAMES = {"params": "the step of `params`", "sum_sq_grad": "what was added to `sum_sq_grad`"}
CHANGE_PARTS = {"params": "the step of {}", "sum_sq_grad": "what was added to {}"}
