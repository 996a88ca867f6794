"""nbgrader integration, instructor side only: build the course, configure nbgrader, audit its grades.

Modules here may import nbgrader; nothing on the student's path (``autograder.kernel``, ``student``,
``session``, ``check``, ``run``, ``load``) imports this package. Each assignment's nbgrader id (its folder
under source/, release/, submitted/ ...) is the assignment's name; one course holds all of them.
"""
#: the nbgrader course id written to nbgrader_config.py
COURSE_ID = "gradient-descent"
