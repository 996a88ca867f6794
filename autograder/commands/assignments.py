"""``assignments``: list the assignments this copy knows, with their functions and points."""

HELP = "list the assignments (name, title, functions, points, the default one)"


def add_arguments(parser):
    pass


def run(args):
    from .. import assignment as assignments

    try:
        default = assignments.default().name
    except LookupError:
        default = None
    for assignment in assignments.all_assignments():
        points = assignment.points
        mark = "  (default)" if assignment.name == default else ""
        print(f"{assignment.name}{mark}: {assignment.title}")
        print(f"  {len(points)} functions, {sum(points.values()):g} points, {len(assignment.scenarios)} checks, "
              f"{len(assignment.mistakes)} declared mistakes; folder {assignment.folder}")
    return 0
