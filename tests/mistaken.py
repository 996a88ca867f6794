"""Submissions with one typical mistake each, stored as edits of ``submissions/correct_vectorized.py``.

A whole file per mistake would repeat the same correct code 27 times; an edit shows the mistake alone.
:func:`write_buggy` writes them as the ``bug_*.py`` files the tests grade.
"""
from pathlib import Path

BASE = Path(__file__).parent / "submissions" / "correct_vectorized.py"

#: file name -> (its docstring, [(text of the base, replacement), ...])
BUGS = {'bug_adagrad_in_place': ('One mistake, in `adagrad_step`: adagrad_step adds to sum_sq_grad in place.',
                          [('    sum_sq_grad = np.asarray(sum_sq_grad, dtype=float) + grad ** 2\n',
                            '    sum_sq_grad += grad ** 2\n')]),
 'bug_adagrad_not_kept': ('One mistake, in `adagrad_step`: adagrad_step replaces the accumulator with grad ** 2.',
                          [('    sum_sq_grad = np.asarray(sum_sq_grad, dtype=float) + grad ** 2\n',
                            '    sum_sq_grad = grad ** 2\n')]),
 'bug_adagrad_not_squared': ('One mistake, in `adagrad_step`: adagrad_step accumulates grad instead of grad ** 2.',
                             [('    sum_sq_grad = np.asarray(sum_sq_grad, dtype=float) + grad ** 2\n',
                               '    sum_sq_grad = np.asarray(sum_sq_grad, dtype=float) + grad\n')]),
 'bug_adagrad_old_accumulator': ('One mistake, in `adagrad_step`: adagrad_step divides by the accumulator before '
                                 'adding grad ** 2.',
                                 [('    sum_sq_grad = np.asarray(sum_sq_grad, dtype=float) + grad ** 2\n', ''),
                                  ('    return new_params, sum_sq_grad\n',
                                   '    return new_params, sum_sq_grad + grad ** 2\n')]),
 'bug_apply_refits_statistics': ('One mistake, in `apply_standardization`: apply_standardization recomputes mean '
                                 'and std on the new data.',
                                 [('    return (np.asarray(X, dtype=float) - mean) / std\n',
                                   '    X_scaled, _, _ = standardize(X)\n    return X_scaled\n')]),
 'bug_critical_no_bias_column': ('One mistake, in `critical_learning_rate`: critical_learning_rate builds X '
                                 'without the column of ones.',
                                 [('    X = np.column_stack([t_u, np.ones_like(t_u)])\n',
                                   '    X = t_u.reshape(-1, 1)\n')]),
 'bug_critical_sum_of_squares': ('One mistake, in `critical_learning_rate`: critical_learning_rate leaves out the '
                                 '1/N of the Hessian.',
                                 [('    H = 2 / len(t_u) * X.T @ X\n', '    H = 2 * X.T @ X\n')]),
 'bug_gd_step_in_place': ('One mistake, in `gd_step`: gd_step updates params in place (params -= ...).',
                          [('    return np.asarray(params, dtype=float) - learning_rate * np.asarray(grad, '
                            'dtype=float)\n',
                            '    params -= learning_rate * np.asarray(grad, dtype=float)\n    return params\n')]),
 'bug_gd_step_plus_sign': ('One mistake, in `gd_step`: gd_step adds the gradient.',
                           [('    return np.asarray(params, dtype=float) - learning_rate * np.asarray(grad, '
                             'dtype=float)\n',
                             '    return np.asarray(params, dtype=float) + learning_rate * np.asarray(grad, '
                             'dtype=float)\n')]),
 'bug_grad_missing_factor_2': ('One mistake, in `grad_fn`: grad_fn drops the 2 of the derivative of the square.',
                               [('    dloss_dtp = 2 * (np.asarray(t_p, dtype=float) - np.asarray(t_c, '
                                 'dtype=float)) / len(t_u)\n',
                                 '    dloss_dtp = (np.asarray(t_p, dtype=float) - np.asarray(t_c, dtype=float)) / '
                                 'len(t_u)\n')]),
 'bug_grad_sign_flipped': ('One mistake, in `grad_fn`: grad_fn uses t_c - t_p.',
                           [('    dloss_dtp = 2 * (np.asarray(t_p, dtype=float) - np.asarray(t_c, dtype=float)) / '
                             'len(t_u)\n',
                             '    dloss_dtp = 2 * (np.asarray(t_c, dtype=float) - np.asarray(t_p, dtype=float)) / '
                             'len(t_u)\n')]),
 'bug_grad_sum_not_mean': ('One mistake, in `grad_fn`: grad_fn forgets to divide by N.',
                           [('    dloss_dtp = 2 * (np.asarray(t_p, dtype=float) - np.asarray(t_c, dtype=float)) / '
                             'len(t_u)\n',
                             '    dloss_dtp = 2 * (np.asarray(t_p, dtype=float) - np.asarray(t_c, '
                             'dtype=float))\n')]),
 'bug_inverse_sqrt_off_by_one': ('One mistake, in `inverse_sqrt_decay`: inverse_sqrt_decay divides by sqrt(t).',
                                 [('    return learning_rate / np.sqrt(t + 1)\n',
                                   '    return learning_rate / np.sqrt(t)\n')]),
 'bug_loop_in_place': ("One mistake, in `training_loop`: training_loop updates the caller's params in place.",
                       [('    params = np.array(params, dtype=float)\n', ''),
                        ('    for epoch in range(1, n_epochs + 1):\n'
                         '        w, b = params\n'
                         '        t_p = model(t_u, w, b)\n'
                         '        loss = loss_fn(t_p, t_c)\n'
                         '        losses.append(loss)\n'
                         '        if not np.isfinite(loss):\n',
                         '    for epoch in range(n_epochs):\n'
                         '        t_p = model(t_u, *params)\n'
                         '        losses.append(loss_fn(t_p, t_c))\n'
                         '        if not np.isfinite(losses[-1]):\n'),
                        ('        grad = grad_fn(t_u, t_c, t_p, w, b)\n'
                         '        params = gd_step(params, grad, learning_rate)\n',
                         '        params -= learning_rate * grad_fn(t_u, t_c, t_p, *params)\n')]),
 'bug_loop_loss_after_update': ('One mistake, in `training_loop`: training_loop records the loss after the '
                                'update.',
                                [('        loss = loss_fn(t_p, t_c)\n'
                                  '        losses.append(loss)\n'
                                  '        if not np.isfinite(loss):\n',
                                  '        if not np.isfinite(loss_fn(t_p, t_c)):\n'
                                  '            losses.append(loss_fn(t_p, t_c))\n'),
                                 ('        grad = grad_fn(t_u, t_c, t_p, w, b)\n'
                                  '        params = gd_step(params, grad, learning_rate)\n',
                                  '        params = gd_step(params, grad_fn(t_u, t_c, t_p, w, b), learning_rate)\n'
                                  '        losses.append(loss_fn(model(t_u, *params), t_c))\n')]),
 'bug_loop_no_stop_on_inf': ('One mistake, in `training_loop`: training_loop keeps going after the loss is inf.',
                             [('        loss = loss_fn(t_p, t_c)\n'
                               '        losses.append(loss)\n'
                               '        if not np.isfinite(loss):\n'
                               '            break\n'
                               '        grad = grad_fn(t_u, t_c, t_p, w, b)\n'
                               '        params = gd_step(params, grad, learning_rate)\n',
                               '        losses.append(loss_fn(t_p, t_c))\n'
                               '        params = gd_step(params, grad_fn(t_u, t_c, t_p, w, b), '
                               'learning_rate)\n')]),
 'bug_loop_one_epoch_short': ('One mistake, in `training_loop`: training_loop runs range(1, n_epochs): one epoch '
                              'short.',
                              [('    for epoch in range(1, n_epochs + 1):\n',
                                '    for epoch in range(1, n_epochs):\n'),
                               ('        grad = grad_fn(t_u, t_c, t_p, w, b)\n'
                                '        params = gd_step(params, grad, learning_rate)\n',
                                '        params = gd_step(params, grad_fn(t_u, t_c, t_p, w, b), '
                                'learning_rate)\n')]),
 'bug_loss_sum_not_mean': ('One mistake, in `loss_fn`: loss_fn sums the squared errors instead of averaging them.',
                           [('    return float(np.mean(diff ** 2))\n', '    return float(np.sum(diff ** 2))\n')]),
 'bug_model_ignores_bias': ('One mistake, in `model`: model forgets the bias: w * t_u.',
                            [('    return w * np.asarray(t_u, dtype=float) + b\n',
                              '    return w * np.asarray(t_u, dtype=float)\n')]),
 'bug_sgd_ignores_permutation': ('One mistake, in `sgd_epoch`: sgd_epoch visits the examples in order 0..N-1.',
                                 [('    for i in rng.permutation(len(t_u)):\n',
                                   '    for i in range(len(t_u)):\n')]),
 'bug_sgd_in_place': ("One mistake, in `sgd_epoch`: sgd_epoch updates the caller's params in place.",
                      [('    w, b = np.asarray(params, dtype=float)\n', ''),
                       ('        error = w * t_u[i] + b - t_c[i]\n'
                        '        w, b = w - learning_rate * 2 * error * t_u[i], b - learning_rate * 2 * error\n'
                        '    return np.array([w, b])\n',
                        '        error = params[0] * t_u[i] + params[1] - t_c[i]\n'
                        '        params -= learning_rate * 2 * error * np.array([t_u[i], 1.0])\n'
                        '    return params\n')]),
 'bug_sgd_sequential_update': ('One mistake, in `sgd_epoch`: sgd_epoch updates b with the already updated w.',
                               [('        error = w * t_u[i] + b - t_c[i]\n'
                                 '        w, b = w - learning_rate * 2 * error * t_u[i], b - learning_rate * 2 * '
                                 'error\n',
                                 '        w = w - learning_rate * 2 * (w * t_u[i] + b - t_c[i]) * t_u[i]\n'
                                 '        b = b - learning_rate * 2 * (w * t_u[i] + b - t_c[i])\n')]),
 'bug_standardize_constant_nan': ('One mistake, in `standardize`: standardize divides by a zero std.',
                                  [('    std = np.where(std == 0, 1.0, std)\n', '')]),
 'bug_standardize_ddof1': ('One mistake, in `standardize`: standardize uses the sample std (ddof=1).',
                           [('    std = X.std(axis=0)\n', '    std = X.std(axis=0, ddof=1)\n')]),
 'bug_standardize_in_place': ("One mistake, in `standardize`: standardize scales the caller's X in place.",
                              [('    X = np.asarray(X, dtype=float)\n', ''),
                               ('    std = np.where(std == 0, 1.0, std)\n    return (X - mean) / std, mean, std\n',
                                '    std[std == 0] = 1\n    X -= mean\n    X /= std\n    return X, mean, std\n')]),
 'bug_standardize_wrong_axis': ('One mistake, in `standardize`: standardize takes statistics along axis 1 (per '
                                'row).',
                                [('    mean = X.mean(axis=0)\n    std = X.std(axis=0)\n',
                                  '    mean = X.mean(axis=1, keepdims=True)\n'
                                  '    std = X.std(axis=1, keepdims=True)\n'),
                                 ('    return (X - mean) / std, mean, std\n',
                                  '    return (X - mean) / std, mean.ravel(), std.ravel()\n')]),
 'bug_step_decay_float_division': ('One mistake, in `step_decay`: step_decay uses t / every.',
                                   [('    return learning_rate * drop ** (t // every)\n',
                                     '    return learning_rate * drop ** (t / every)\n')])}


def buggy_source(name, bugs=None, base=None):
    """The source of one buggy submission: the base with its docstring and edits applied.

    ``bugs`` and ``base``: another assignment's edits and correct file (default :data:`BUGS`, :data:`BASE`).
    """
    doc, edits = (bugs or BUGS)[name]
    lines = (base or BASE).read_text().splitlines(keepends=True)
    assert lines[0].startswith('"""') and lines[0].rstrip().endswith('"""'), "the base's docstring is one line"
    source = f'"""{doc}"""\n' + "".join(lines[1:])
    for old, new in edits:
        assert source.count(old) == 1, (name, old)
        source = source.replace(old, new)
    return source


def write_buggy(folder, names=None, bugs=None, base=None):
    """Write ``bug_*.py`` files into ``folder``; returns their paths (``bugs``, ``base``: as :func:`buggy_source`)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in sorted(names or bugs or BUGS):
        path = folder / f"{name}.py"
        path.write_text(buggy_source(name, bugs, base))
        paths.append(path)
    return paths
