"""The Textual app: presentation only; it calls into course_tui.course and course_tui.learning."""
