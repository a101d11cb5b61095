"""Error codes are stable and documented."""
from pathlib import Path

from eventwire.errors import CODES


def test_every_code_is_documented():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "errors.md").read_text()
    missing = [c for c in CODES if f"| {c} |" not in doc]
    assert not missing, f"docs/errors.md lacks {missing}"
