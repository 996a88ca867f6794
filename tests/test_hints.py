"""Hints point, they do not solve: no hint text contains a line of the reference solution."""
import pytest

from hints import declared_hints, reference_lines, solving_lines


def test_the_reference_has_lines_to_look_for():
    lines = reference_lines()
    assert len(lines) >= 20
    assert "if not np.isfinite(loss):" in lines and "learning_rate * drop ** (t // every)" in lines
    assert "t_u = np.asarray(t_u, dtype=float)" not in lines and "return new_params, new_sum_sq_grad" not in lines


def test_the_check_catches_a_hint_that_solves():
    assert solving_lines("Return `learning_rate * drop ** (t // every)`.")
    assert solving_lines("stop (`if not np.isfinite(loss): break`)")
    assert solving_lines("X = np.column_stack([t_u,np.ones_like(t_u)])")  # spacing does not matter
    assert not solving_lines("Use integer division so that the rate drops only every `every` steps.")


@pytest.mark.parametrize("hint", declared_hints())
def test_no_declared_hint_contains_a_reference_line(hint):
    assert solving_lines(hint) == [], hint
