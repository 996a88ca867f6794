"""The student contract: names, signatures and the names of returned values.

Standalone on purpose (standard library only): the sandboxed worker imports this file by path, so it must
not pull in the rest of the package.
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

#: parameters that may be left out because the contract gives them a default
OPTIONAL = {("adagrad_step", "eps")}


def signature_text(function):
    """``name(arg, ...)`` as the README and the notebook write it."""
    params, _ = FUNCTIONS[function]
    shown = [f"{p}=1e-8" if (function, p) in OPTIONAL else p for p in params]
    return f"{function}({', '.join(shown)})"
