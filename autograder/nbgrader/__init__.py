"""nbgrader integration, instructor side only: build the course, configure nbgrader, audit its grades.

Modules here may import nbgrader; nothing on the student's path (``autograder.kernel``, ``student``,
``session``, ``check``, ``run``, ``load``) imports this package.
"""
#: the nbgrader course id written to nbgrader_config.py
COURSE_ID = "gradient-descent"
#: the nbgrader assignment id (folder under source/, release/, submitted/ ...)
ASSIGNMENT_ID = "gradient_descent"
