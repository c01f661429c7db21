"""The app's screens; each presents state computed by course_tui.learning."""
