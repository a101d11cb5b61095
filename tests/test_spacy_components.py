"""eventwire's stages as spaCy components in a user's own pipeline (docs/spacy.md)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from importlib import import_module
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import eventwire
from eventwire.components import FACTORIES

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(eventwire.__file__).resolve().parents[1]


def _declared() -> dict[str, str]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["entry-points"]["spacy_factories"]


def test_pyproject_declares_a_factory_for_every_stage():
    declared = _declared()
    assert sorted(declared) == sorted(FACTORIES)
    nlp = spacy.blank("en")
    for name, target in declared.items():
        module, attr = target.split(":")
        factory = getattr(import_module(module), attr)
        meta = Language.get_factory_meta(name)          # registered under that name
        component = factory(nlp, name, **(meta.default_config or {}))
        assert callable(component), name


def test_add_pipe_after_import_eventwire():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in FACTORIES:
        nlp.add_pipe(name)                               # no E002
    assert nlp.pipe_names[1:] == list(FACTORIES)


SCRIPT = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
nlp.add_pipe("ew_paragraphs", before="parser")
for name in ("ew_actors", "ew_events", "ew_magnitudes", "ew_quotes", "ew_times", "ew_places",
             "ew_link"):
    nlp.add_pipe(name)
doc = nlp("Rebels attacked Kidal in Mali on Monday, the army said.")
names = {a.id: a.name for a in doc._.ew_actors}
print(json.dumps({"imported": "eventwire" in sys.modules and "eventwire.nlp" in sys.modules,
                  "events": [(e.plover_type, [names[s] for s in e.source]) for e in doc._.ew_events],
                  "places": [p.name for p in doc._.ew_places]}))
"""


def test_entry_points_give_the_stages_to_a_fresh_process(tmp_path):
    """The package metadata setuptools makes from pyproject.toml (what ``pip install``
    writes) lets a fresh process add the stages without importing eventwire first."""
    meta = tmp_path / "meta"
    meta.mkdir()
    res = subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q",
                          "egg_info", "--egg-base", str(meta)], cwd=ROOT, capture_output=True,
                         text=True)
    if res.returncode != 0:
        pytest.skip(f"setuptools could not write the package metadata: {res.stderr[-300:]}")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(meta), str(SRC)])}
    from eventwire.config import Settings
    out = subprocess.run([sys.executable, "-c", SCRIPT, Settings().model], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["imported"]                     # spaCy imported eventwire through the entry points
    assert ["ASSAULT", ["Rebels"]] in got["events"]
    assert "Kidal" in got["places"]
