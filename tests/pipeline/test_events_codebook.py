"""The CAMEO codebook and the CAMEO -> PLOVER mapping."""
import pytest
import yaml

from eventwire import codebook
from eventwire.config import data_path


def test_lookup_gives_name_root_quad_goldstein_and_plover():
    c = codebook.lookup("190")
    assert (c.root, c.quad_class, c.goldstein, c.plover_type) == ("19", 4, -8.0, "ASSAULT")
    assert c.plover_context == ["military"]
    assert c.name


@pytest.mark.parametrize("code,ptype", [
    ("0332", "AGREE"), ("036", "AGREE"), ("042", "CONSULT"), ("057", "SUPPORT"),
    ("062", "COOPERATE"), ("072", "AID"), ("081", "CONCEDE"), ("0841", "RETREAT"),
    ("0871", "RETREAT"), ("020", "REQUEST"), ("1053", "REQUEST"), ("111", "ACCUSE"),
    ("090", "ACCUSE"), ("129", "REJECT"), ("138", "THREATEN"), ("141", "PROTEST"),
    ("154", "MOBILIZE"), ("166", "SANCTION"), ("163", "COERCE"), ("173", "COERCE"),
    ("1712", "ASSAULT"), ("183", "ASSAULT"), ("192", "COERCE"), ("195", "ASSAULT"),
    ("202", "ASSAULT")])
def test_plover_type_of_codes(code, ptype):
    assert codebook.lookup(code).plover_type == ptype


def test_quad_classes_follow_cameo():
    assert codebook.lookup("036").quad_class == 1
    assert codebook.lookup("072").quad_class == 2
    assert codebook.lookup("111").quad_class == 3
    assert codebook.lookup("193").quad_class == 4


def test_modes_and_contexts():
    assert codebook.lookup("0312").plover_context == ["military"]
    assert codebook.lookup("173").plover_mode == "arrest"
    assert codebook.lookup("042").plover_mode == "visit"


def test_statements_have_no_plover_type():
    assert codebook.lookup("010").plover_type is None


def test_unknown_codes_raise():
    for bad in ("99", "x1", "", "21"):
        with pytest.raises(codebook.UnknownCode):
            codebook.lookup(bad)


def test_every_trigger_code_maps_to_a_plover_type():
    """A refinement to a statement (CAMEO 01, no PLOVER type) is the way to say "no
    event here" ("denied responsibility", "hit a record low"); any other code has a type."""
    data = yaml.safe_load(data_path("events", "triggers.yml").read_text())
    for e in data["triggers"]:
        assert codebook.lookup(str(e["code"])).plover_type, (e["rule"], e["code"])
        for code in map(str, (e.get("refine") or {}).values()):
            assert code.startswith("01") or codebook.lookup(code).plover_type, (e["rule"], code)
