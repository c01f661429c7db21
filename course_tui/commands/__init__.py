"""The trainer's commands (report, export, import): each module turns parsed arguments into
calls to the core (``course_tui.course`` / ``course_tui.learning``) and never imports the TUI."""
