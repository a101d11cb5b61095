"""``eventwire eval`` finds the evaluation kit's scorer from the repository, not the CWD."""
from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluate import default_scorer, find_scorer

REPO = Path(__file__).resolve().parents[1]


def test_default_scorer_is_beside_the_repository_whatever_the_cwd(tmp_path, monkeypatch):
    decoy = tmp_path / "shared" / "eval" / "score.py"     # a folder of the same shape in the CWD
    decoy.parent.mkdir(parents=True)
    decoy.write_text("raise SystemExit('not the kit')\n")
    monkeypatch.chdir(tmp_path)
    assert default_scorer() == REPO.parent / "shared" / "eval" / "score.py"
    if not default_scorer().is_file():
        with pytest.raises(InputError) as e:
            find_scorer()
        assert e.value.code == "EW112" and "--scorer" in e.value.message
    else:
        assert find_scorer() == default_scorer()
    assert find_scorer(str(decoy)) == decoy                # an explicit path wins


def test_a_missing_explicit_scorer_is_a_coded_error(tmp_path):
    with pytest.raises(InputError) as e:
        find_scorer(str(tmp_path / "nope.py"))
    assert e.value.code == "EW112" and "nope.py" in e.value.message
