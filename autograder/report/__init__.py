"""Stage 4: formats. Each module turns :mod:`autograder.result` objects into one kind of file or text."""
