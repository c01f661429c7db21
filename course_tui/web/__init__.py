"""course-tui served to web browsers (``course-tui serve``)."""
