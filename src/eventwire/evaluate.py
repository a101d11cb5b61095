"""``eventwire eval``: extraction on a gold file, scored by the evaluation's scorer.

The gold format is that of ``shared/eval/README.md`` (JSON Lines, or one
``.json`` document or list; a document may wrap its article in ``article``).
The scorer is ``score.py`` of the evaluation kit: ``--scorer``,
``EVENTWIRE_SCORER``, or ``../shared/eval/score.py`` found from the current
directory or the source checkout.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .api import process
from .config import Settings
from .errors import InputError
from .ingest import InputProblem
from .ingest.jsonl import article_from_obj

_ARTICLE_KEYS = ("id", "title", "date", "url", "source", "text")


def find_scorer(explicit: str | None = None) -> Path:
    if explicit:
        cands = [Path(explicit)]
    else:
        here = Path(__file__).resolve()
        cands = [base / "shared" / "eval" / "score.py"
                 for base in [Path.cwd(), *Path.cwd().parents, *here.parents]]
    for c in cands:
        if c.is_file():
            return c
    raise InputError("EW112", "score.py not found: pass --scorer or set EVENTWIRE_SCORER")


def read_gold_articles(path: str) -> list[dict]:
    """The gold documents' articles (id, title, date, url, source, text)."""
    with open(path, encoding="utf-8") as f:
        if path.endswith(".json"):
            data = json.load(f)
            docs = data if isinstance(data, list) else [data]
        else:
            docs = []
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        docs.append(json.loads(line))
                    except json.JSONDecodeError as e:
                        raise InputError("EW104", f"invalid JSON ({e.msg})", f"{path}:{n}") from None
    out = []
    for d in docs:
        if isinstance(d.get("article"), dict):
            d = {**d["article"], **d}
        out.append({k: d[k] for k in _ARTICLE_KEYS if d.get(k) is not None})
    return out


def evaluate(task: str, gold: str, scorer: str | None = None, pred_out: str | None = None,
             as_json: bool = False, workers: int = 1, settings: Settings | None = None) -> str:
    """The scorer's output (table and summary line) for ``task`` on ``gold``."""
    score_py = find_scorer(scorer)
    arts = [article_from_obj(a, f"{gold}:{a.get('id')}") for a in read_gold_articles(gold)]
    fd, tmp = tempfile.mkstemp(suffix=".jsonl", prefix="eventwire-eval-")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        for rec in process(arts, workers=workers, settings=settings):
            if not isinstance(rec, InputProblem):
                out.write(json.dumps(rec.as_dict(), ensure_ascii=False) + "\n")
    try:
        cmd = [sys.executable, str(score_py), task, gold, tmp] + (["--json"] if as_json else [])
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            raise InputError("EW112", f"scorer failed: {res.stderr.strip()}", str(score_py))
        return res.stdout
    finally:
        if pred_out:
            os.replace(tmp, pred_out)
        else:
            os.unlink(tmp)
