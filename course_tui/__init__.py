"""course-tui: a terminal course player for lessons, quizzes and branching scenarios."""

__version__ = "0.1.0"
