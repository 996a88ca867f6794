"""The student contract of the gradient-descent assignment: names, signatures and the names of returned values.

Plain data (standard library only): the grader sends it to the sandboxed worker, which checks each call
against it.
"""

#: function name -> (parameter names, names of the returned values in order)
FUNCTIONS = {
    "model": (("t_u", "w", "b"), ("t_p",)),
    "loss_fn": (("t_p", "t_c"), ("loss",)),
    "grad_fn": (("t_u", "t_c", "t_p", "w", "b"), ("grad",)),
    "gd_step": (("params", "grad", "learning_rate"), ("params",)),
    "training_loop": (("n_epochs", "learning_rate", "params", "t_u", "t_c"), ("params", "losses")),
    "inverse_sqrt_decay": (("learning_rate", "t"), ("learning_rate",)),
    "step_decay": (("learning_rate", "t", "drop", "every"), ("learning_rate",)),
    "adagrad_step": (("params", "grad", "sum_sq_grad", "learning_rate", "eps"), ("params", "sum_sq_grad")),
    "standardize": (("X",), ("X_scaled", "mean", "std")),
    "apply_standardization": (("X", "mean", "std"), ("X_scaled",)),
    "critical_learning_rate": (("t_u",), ("critical_learning_rate",)),
    "sgd_epoch": (("params", "t_u", "t_c", "learning_rate", "rng"), ("params",)),
}

#: (function, parameter) -> its default as written: parameters that callers may leave out
DEFAULTS = {("adagrad_step", "eps"): "1e-8"}
