"""Wheel build hook: the bundled course goes into the wheel already parsed.

See course_tui/course/seed.py. Without the hook's result (an error here, an editable
install) the app parses the course at its first start instead: slower once, same course.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SeedBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._tmp: str | None = None
        if self.target_name != "wheel" or version == "editable":
            return
        root = str(Path(self.root).resolve())
        sys.path.insert(0, root)
        try:
            from course_tui.course import seed

            self._tmp = tempfile.mkdtemp(prefix="course-tui-seed-")
            out = Path(self._tmp) / seed.SEED_NAME
            if seed.build(Path(root), out):
                build_data["force_include"][str(out)] = f"course_tui/bundled/{seed.SEED_NAME}"
            else:
                self.app.display_warning("course-tui: the bundled course has errors; the wheel carries no parsed copy")
        except Exception as exc:  # noqa: BLE001 - the wheel is fine without the seed
            self.app.display_warning(f"course-tui: no parsed copy of the bundled course in the wheel ({exc.__class__.__name__}: {exc})")
        finally:
            sys.path.remove(root)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
