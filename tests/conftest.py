import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _course_cache_in_a_temporary_folder(tmp_path_factory):
    """The parsed-course cache (course_tui.course.cache) of the tests' courses goes to a
    temporary folder, never to the user's cache folder (subprocesses inherit it)."""
    old = os.environ.get("COURSE_TUI_CACHE")
    os.environ["COURSE_TUI_CACHE"] = str(tmp_path_factory.mktemp("course-cache"))
    yield
    if old is None:
        os.environ.pop("COURSE_TUI_CACHE", None)
    else:
        os.environ["COURSE_TUI_CACHE"] = old
