"""One loader with a schema per kind of data file: packaged files pass; a bad key is EW111."""
from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.config import DATA_DIR
from eventwire.datafiles import SCHEMAS, load_data
from eventwire.errors import InputError


# the generated Phoenix files are checked when the lexicon reads them (tests/test_lexicon.py)
@pytest.mark.parametrize("path", sorted(p for p in DATA_DIR.glob("*/*.yml") if p.parent.name in SCHEMAS
                                        and not p.name.startswith("phoenix_")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_packaged_file_passes_its_schema(path: Path):
    assert isinstance(load_data(path, path.parent.name), dict)


@pytest.mark.parametrize("kind,text,line,key", [
    ("quotes", "speech: [say]\nspeach: [tell]\n", 2, "speach"),
    ("quotes", "speech: [say]\nline_speaker_words: many\n", 2, "line_speaker_words"),
    ("actors", "countries:\n  ZBA: {name: Zembla, demonym: [Zemblan]}\n", 2, "countries.ZBA.demonym"),
    ("actors", "leaders:\n  X Y: {terms: [{role: other, from: 2001-01-01, until: 2002}]}\n", 2,
     "leaders.X Y.terms[0].until"),
    ("places", "landmarks:\n  Zembla Tower: {lat: north, lon: 3.0}\n", 2, "landmarks.Zembla Tower.lat"),
    ("events", "triggers:\n  - rule: x\n    code: '010'\n    verb: [say]\n", 4, "triggers[0].verb"),
])
def test_unknown_key_or_wrong_type_is_ew111_naming_file_line_and_key(tmp_path, kind, text, line, key):
    f = tmp_path / f"my-{kind}.yml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_data(f, kind)
    assert exc.value.code == "EW111" and exc.value.where == f"{f}:{line}"
    assert f"'{key}'" in exc.value.message


def test_a_bad_user_cue_file_stops_the_build_with_ew111(tmp_path):
    """quotes.py used to skip a bad file silently."""
    from eventwire.config import Settings
    from eventwire.nlp import load_pipeline
    f = tmp_path / "cues.yml"
    f.write_text("- say\n- tell\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_pipeline(Settings(cues_files=(str(f),)), ("quotes",))
    assert exc.value.code == "EW111" and str(f) in exc.value.where


def test_the_data_files_doc_names_every_schema_key_and_file():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "data-files.md").read_text(encoding="utf-8")
    from eventwire.datafiles import _EVENT_LISTS
    for kind, schema in SCHEMAS.items():
        for key in schema.fields:
            # the events stage's many word lists are named by reference (datafiles._EVENT_LISTS)
            assert f"`{key}`" in doc or key in _EVENT_LISTS, (kind, key)
    for path in DATA_DIR.glob("*/*.yml"):
        assert f"{path.parent.name}/{path.name}" in doc, path.name
