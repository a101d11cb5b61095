"""The package is typed (PEP 561) and CI runs mypy against a baseline that may only shrink."""
from __future__ import annotations

import tomllib
from pathlib import Path

import eventwire

ROOT = Path(__file__).resolve().parents[1]


def test_py_typed_is_shipped():
    assert (Path(eventwire.__file__).parent / "py.typed").is_file()
    with open(ROOT / "pyproject.toml", "rb") as f:
        cfg = tomllib.load(f)
    assert "py.typed" in cfg["tool"]["setuptools"]["package-data"]["eventwire"]
    assert cfg["tool"]["mypy"]["files"] == ["src"]


def test_ci_runs_the_type_check_against_its_baseline():
    run = (ROOT / ".ci" / "run").read_text()
    assert ".ci/check_types.py" in run.split("make test", 1)[1]
    import importlib.util
    spec = importlib.util.spec_from_file_location("check_types", ROOT / ".ci" / "check_types.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    base = mod.read_baseline()
    assert base and all(k.startswith("src/eventwire/") and n > 0 for k, n in base.items())
    # every baseline entry parses back from a mypy line of the same shape
    m = mod._LINE.match('src/eventwire/x.py:12: error: Bad thing  [arg-type]')
    assert (m["path"], m["code"], m["msg"]) == ("src/eventwire/x.py", "arg-type", "Bad thing")
