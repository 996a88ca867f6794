"""The student contract of the adaptive-optimizers assignment: names, parameters, returned values.

Standard library only: the sandboxed worker receives it as data.
"""

#: function name -> (parameter names, names of the returned values in order)
FUNCTIONS = {
    "quadratic_grad": (("theta", "a"), ("grad_theta",)),
    "thermometer_grad": (("params", "t_u", "t_c"), ("grad",)),
    "momentum_step": (("params", "grad", "velocity", "learning_rate", "momentum"), ("params", "velocity")),
    "momentum_critical_learning_rate": (("a", "momentum"), ("critical_learning_rate",)),
    "rmsprop_step": (("params", "grad", "sq_avg", "learning_rate", "alpha", "eps"), ("params", "sq_avg")),
    "adam_step": (("params", "grad", "m", "v", "t", "learning_rate", "beta1", "beta2", "eps"), ("params", "m", "v")),
}

#: (function, parameter) -> its default as written in the notebook; callers may leave these out
DEFAULTS = {
    ("rmsprop_step", "alpha"): "0.99",
    ("rmsprop_step", "eps"): "1e-8",
    ("adam_step", "beta1"): "0.9",
    ("adam_step", "beta2"): "0.999",
    ("adam_step", "eps"): "1e-8",
}
