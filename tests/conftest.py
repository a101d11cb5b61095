"""Shared fixtures: the pipeline is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "examples"


@pytest.fixture(scope="session")
def nlp():
    from eventwire.nlp import load_pipeline
    return load_pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The evaluation kit beside the project; tests that need it skip without it."""
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared/eval is not present")
    return SHARED


@pytest.fixture(scope="session")
def example_records():
    """Records of the bundled example articles, extracted once."""
    from eventwire.api import process
    from eventwire.ingest import read_inputs
    return list(process(read_inputs([str(EXAMPLES)])))


def parse(nlp, text: str, date: str | None = "2015-05-21"):
    """A fully processed Doc of ``text`` (helper for stage tests)."""
    from eventwire.nlp import make_doc
    from eventwire.records import Article
    return next(nlp.pipe([make_doc(nlp, Article(id="t", text=text, date=date), 10**6)]))
