"""`python -m course_tui` runs the same command line as `course-tui`."""

from course_tui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
