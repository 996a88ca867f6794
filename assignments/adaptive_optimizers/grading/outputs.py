"""What each compared output of the adaptive-optimizers assignment is made of, for the diagnosis.

Data only. ``params`` is ``[w, b]`` on the thermometer data but a point of the quadratic elsewhere, so it has
no named parts; the runs record it at checkpoints (the update counts listed in the scenario).
"""
from autograder.check.components import Output

OUTPUTS = {
    "grad_theta": Output(),
    "grad": Output(parts=("dL/dw", "dL/db")),
    "params": Output(),
    "velocity": Output(),
    "sq_avg": Output(),
    "m": Output(),
    "v": Output(),
    "critical_learning_rate": Output(),
    "params_at_checkpoints": Output(axis="checkpoint"),
    "diverged": Output(flag=True),
}

#: (function, output) -> the argument it updates: the diagnosis looks at the change (the step), not the value
CHANGES = {
    ("momentum_step", "params"): "params",
    ("rmsprop_step", "params"): "params",
    ("rmsprop_step", "sq_avg"): "sq_avg",
    ("adam_step", "params"): "params",
}

#: how the change of an output, and of one of its parts, is named in hints
CHANGE_NAMES = {"params": "the step of `params`", "sq_avg": "the change of `sq_avg`"}
CHANGE_PARTS = {"params": "the step of {}", "sq_avg": "the change of {}"}
