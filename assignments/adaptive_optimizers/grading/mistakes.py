"""Typical mistakes of the adaptive-optimizers assignment, and the advice for each.

Their wrong implementations live in ``solutions/adaptive_optimizers/mistakes.py`` under the same
``(function, name)`` keys; a test proves the two lists match and that every one fails a check. Hints point at
the mistake; they do not spell out the reference.
"""
from autograder.check.scenario import Mistake

MISTAKES = (
    Mistake("quadratic_grad", "keeps_one_half",
            "The 1/2 of `a / 2 * theta ** 2` cancels against the 2 from differentiating the square; yours kept it."),
    Mistake("quadratic_grad", "squares_theta",
            "The derivative of `theta ** 2` is linear in `theta`; yours still squares it."),
    Mistake("thermometer_grad", "missing_factor_2",
            "The factor 2 is missing: the derivative of `(t_p - t_c) ** 2` is `2 * (t_p - t_c)`."),
    Mistake("thermometer_grad", "sum_not_mean",
            "The gradient is N times too large: the loss is a mean, so divide by N."),
    Mistake("thermometer_grad", "sign_flipped",
            "The sign is flipped: use prediction minus target (`t_p - t_c`), not `t_c - t_p`."),
    Mistake("thermometer_grad", "swapped_components",
            "The two components are swapped: return `[dL/dw, dL/db]`, the derivative for `w` first."),
    Mistake("momentum_step", "dampened",
            "The new gradient is scaled by `1 - momentum`: that is a moving average, another method. torch's "
            "momentum adds the whole gradient to the decayed velocity."),
    Mistake("momentum_step", "velocity_not_kept",
            "The velocity you return is not the updated one, so every step is a plain gradient step: return the "
            "new velocity."),
    Mistake("momentum_step", "steps_with_old_velocity",
            "The step uses the velocity from before this update: update the velocity with the current gradient "
            "first, then step with it."),
    Mistake("momentum_step", "plus_sign",
            "Your parameters move uphill, with the gradient: a momentum step goes downhill. Check the sign of the "
            "step against the sign of your velocity (one that accumulates gradients is subtracted; one that "
            "already holds minus the learning rate times them is added)."),
    Mistake("momentum_step", "learning_rate_on_gradient_only",
            "The learning rate scales only the new gradient; it must scale the whole velocity, the part carried "
            "over from earlier steps too."),
    Mistake("momentum_critical_learning_rate", "plain_gd_limit",
            "That is the limit of plain GD; momentum raises it by the factor `1 + momentum`."),
    Mistake("momentum_critical_learning_rate", "one_minus_momentum",
            "Momentum raises the limit: the factor is `1 + momentum`, not `1 - momentum`."),
    Mistake("momentum_critical_learning_rate", "missing_factor_2",
            "Your limit is half the true one: along curvature `a` the bound on `learning_rate * a` has a factor 2."),
    Mistake("momentum_critical_learning_rate", "smallest_curvature",
            "Use the largest curvature: the stiffest direction is the first to blow up."),
    Mistake("rmsprop_step", "no_sqrt", "Divide by the square root of the average, not by the average itself."),
    Mistake("rmsprop_step", "weights_swapped",
            "`alpha` weights the old average and `1 - alpha` the new squared gradient; yours are the other way round."),
    Mistake("rmsprop_step", "missing_one_minus_alpha",
            "The new squared gradient is added without its weight `1 - alpha`: the average then grows like a sum."),
    Mistake("rmsprop_step", "average_not_kept",
            "The average forgets the `sq_avg` you were given: decay it and add to it, do not replace it."),
    Mistake("rmsprop_step", "default_alpha_0_9",
            "The default `alpha` is 0.99 (torch's); 0.9 is the value of Hinton's lecture."),
    Mistake("rmsprop_step", "step_before_averaging",
            "The step uses the old average: add the current squared gradient first, then divide by the root."),
    Mistake("adam_step", "no_bias_correction",
            "The averages are not corrected for starting at zero: at t = 1 your step is about 3.16 times the "
            "learning rate instead of about the learning rate."),
    Mistake("adam_step", "t_off_by_one",
            "The bias correction uses the wrong power of the betas: `t` is already counted from 1."),
    Mistake("adam_step", "betas_swapped",
            "`beta1` (0.9) belongs to the average of the gradient and `beta2` (0.999) to that of its square."),
    Mistake("adam_step", "no_sqrt", "Divide by the square root of the corrected second moment, not by the moment."),
    Mistake("adam_step", "returns_corrected_moments",
            "Return the running averages `m` and `v` themselves; the corrected ones are only for this step's "
            "update (correcting them again next time compounds the correction)."),
    Mistake("adam_step", "plus_sign", "You stepped uphill: Adam's step goes against the (averaged) gradient."),
)
