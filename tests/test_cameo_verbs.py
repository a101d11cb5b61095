"""The CAMEO verb dictionary: ``scripts/convert_cameo_verbs.py`` on an invented
snippet in PETRARCH's format, and the ``fallback_verbs`` it writes, which the
events stage uses only where our own triggers say nothing."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from eventwire.datafiles import load_data
from eventwire.errors import InputError
from eventwire.pipeline.events import EventsStage

ROOT = Path(__file__).resolve().parents[1]

# invented blocks in the layout of CAMEO.2.0.txt
SNIPPET = """# an invented verb dictionary
####### SYNONYM SETS #######

&GADGET
+WIDGET
+GIZMOS

####### VERB PATTERNS #######

---  GLORB   [112]  ---
GLORB
FLIMPH [111]  # its own code
ZANDER {ZANDERS ZANDERED}
+WHOMP_UP
WIRE_+GLORB
- * &GADGET                                           [163]         # GLORB
- * (FOR RESIGNATION)                                 [0241]        # ZANDER
- * $ WITH FORMING                                    [060]         # GLORB
- SYMBOLICALLY *                                      [120]         # GLORB
- * BOAST                                             [010]         # GLORB

---  SNORK   [---]  ---
SNORK
- * TREATY                                            [057]         # SNORK
- * (TO)                                              [042:043]     # SNORK

---  PLINK   [:110]  ---
PLINK

######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
"""


@pytest.fixture(scope="module")
def conv():
    spec = importlib.util.spec_from_file_location("convert_cameo_verbs",
                                                  ROOT / "scripts" / "convert_cameo_verbs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_converter_reads_verbs_compounds_and_simple_patterns(conv):
    synsets, entries = conv.parse(SNIPPET)
    assert synsets["&GADGET"] == ["widget", "gizmo"]
    got = {e["verbs"][0]: e["code"] for e in entries}
    assert got["glorb"] == "112" and got["zander"] == "112"      # the block's code
    assert got["flimph"] == "111"                                # a verb line's own code
    assert got["whomp up"] == "112"                              # +VERB_PARTICLE
    # a pattern applies to the verb its comment names, synonym sets expanded
    assert got["glorb widget"] == "163" and got["glorb gizmo"] == "163"
    assert got["zander for resignation"] == "0241" and "glorb for resignation" not in got
    assert got["snork treaty"] == "057"
    # left out: a block with no code, a paired code with no first half, actor slots,
    # pre-verb words, a bare "to", verbs compounded before the verb, transformations
    assert "snork" not in got and "plink" not in got and "snork to" not in got
    assert not any(p.startswith(("glorb with", "wire")) or "symbolically" in p for p in got)
    assert not any(e["code"] == "015" for e in entries)
    # statements (CAMEO 01) have no PLOVER type: never triggers
    assert "glorb boast" in got and "glorb boast" not in {
        e["verbs"][0] for e in conv.with_plover(entries)}


def test_the_written_file_passes_the_schema_and_keeps_the_mit_notice(conv, tmp_path):
    _, entries = conv.parse(SNIPPET)
    out = tmp_path / "cameo_verbs.yml"
    conv.write(conv.with_plover(entries), out, "invented test selection.")
    text = out.read_text(encoding="utf-8")
    assert "The MIT License" in text and "Open Event Data Alliance" in text
    data = load_data(out, "events")
    assert "glorb widget" in data["fallback_verbs"]["163"]
    assert "flimph" in data["fallback_verbs"]["111"]


def test_our_triggers_win_where_both_speak(tmp_path):
    f = tmp_path / "fallback.yml"
    f.write_text('fallback_verbs:\n  "190": [accuse, "expand cooperation", "hold talk"]\n'
                 '  "112": [glorb, "glorb widget"]\n', encoding="utf-8")
    stage = EventsStage([str(f)])
    # a verb our triggers list keeps only our entries
    assert all(not t.rule.startswith("cameo.") for t in stage.verbs["accuse"])
    assert all(not t.rule.startswith("cameo.") for t in stage.verbs["hold"])
    # nor may a phrase take one of our event nouns as its object
    assert all(t.extra != ("cooperation",) for t in stage.verbs.get("expand", []))
    # an unlisted verb is the fallback's, the most specific phrase first
    assert [(t.rule, t.code) for t in stage.verbs["glorb"]] == [
        ("cameo.112.glorb_widget", "112"), ("cameo.112.glorb", "112")]


def test_a_bad_code_in_fallback_verbs_is_ew111(tmp_path):
    f = tmp_path / "bad.yml"
    f.write_text('fallback_verbs:\n  "999": [glorb]\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        EventsStage([str(f)])
    assert exc.value.code == "EW111" and str(f) in exc.value.where


def test_an_unknown_frame_in_a_trigger_entry_is_ew111(tmp_path):
    """A typo in ``frame`` must not make the entry fire with no frame check at all."""
    f = tmp_path / "frames.yml"
    f.write_text("triggers:\n  - {rule: request.push, code: '020', verbs: [push], frame: clauze}\n",
                 encoding="utf-8")
    with pytest.raises(InputError) as exc:
        EventsStage([str(f)])
    assert exc.value.code == "EW111" and "clauze" in str(exc.value) and str(f) in exc.value.where


def test_the_packaged_file_is_generated_and_ours_win(conv):
    path = ROOT / "src" / "eventwire" / "data" / "events" / "cameo_verbs.yml"
    head = path.read_text(encoding="utf-8")[:3000]
    assert "GENERATED by scripts/convert_cameo_verbs.py" in head and "The MIT License" in head
    stage = EventsStage([])
    assert any(t.rule.startswith("cameo.") for lst in stage.verbs.values() for t in lst)
    for lemma in ("attack", "accuse", "urge", "warn", "expel"):
        assert all(not t.rule.startswith("cameo.") for t in stage.verbs[lemma]), lemma
