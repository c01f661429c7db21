"""Where things live: the progress store folder and the default learner name."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

STORE_ENV = "COURSE_TUI_STORE"


def store_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--store``, else ``$COURSE_TUI_STORE``, else the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("course-tui", appauthor=False) / "store"


def login_name() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises several kinds when no name is known
        name = ""
    return name.strip() or "learner"


def language_from_env(environ: dict[str, str] | None = None) -> str:
    """zh for a Chinese locale (LC_ALL, LC_MESSAGES, LANG), otherwise en."""
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
