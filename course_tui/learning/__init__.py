"""Grading, the progress store and scheduling. Never imports textual."""
