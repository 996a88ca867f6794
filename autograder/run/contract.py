"""A student contract as data: function names, parameters, the names of returned values, defaults.

Standalone on purpose (standard library only): the sandboxed worker imports this file by path and receives
the assignment's contract as plain data from the grader, so it never imports an assignment.
"""
from __future__ import annotations


class Contract:
    """What the student's functions must look like.

    Parameters
    ----------
    functions : mapping
        ``function -> (parameter names, names of the returned values in order)``.
    defaults : mapping
        ``(function, parameter) -> default as written`` for parameters callers may leave out.
    """

    def __init__(self, functions, defaults=None):
        self.functions = {name: (tuple(params), tuple(returns)) for name, (params, returns) in functions.items()}
        self.defaults = dict(defaults or {})

    @classmethod
    def from_plain(cls, plain):
        """The contract sent to the worker (:meth:`to_plain`); anything malformed raises ValueError."""
        try:
            functions = {str(f): ([str(p) for p in params], [str(r) for r in returns])
                         for f, (params, returns) in plain["functions"].items()}
            defaults = {(str(f), str(p)): str(text) for f, p, text in plain.get("defaults", [])}
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"not a contract: {error}") from None
        return cls(functions, defaults)

    def to_plain(self):
        return {"functions": {f: [list(p), list(r)] for f, (p, r) in self.functions.items()},
                "defaults": [[f, p, text] for (f, p), text in self.defaults.items()]}

    def __contains__(self, function):
        return function in self.functions

    def parameters(self, function):
        return self.functions[function][0]

    def returns(self, function):
        return self.functions[function][1]

    def signature_text(self, function):
        """``name(arg, ...)`` as the notebook writes it."""
        shown = [f"{p}={self.defaults[(function, p)]}" if (function, p) in self.defaults else p
                 for p in self.parameters(function)]
        return f"{function}({', '.join(shown)})"
