"""``eventwire eval``: extraction on a gold file, scored by the evaluation's scorer.

The gold format is that of ``shared/eval/README.md`` (JSON Lines, or one
``.json`` document or list; a document may wrap its article in ``article``).
The scorer is ``score.py`` of the evaluation kit: ``--scorer``,
``EVENTWIRE_SCORER``, or by default ``../shared/eval/score.py`` beside the
source checkout (relative to the repository, not to the current directory).
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


def default_scorer() -> Path:
    """``score.py`` of the evaluation kit beside the source checkout: ``<repo>/../shared/eval``
    (found from this file, never from the current directory)."""
    repo = Path(__file__).resolve().parents[2]          # src/eventwire/evaluate.py -> repo
    return repo.parent / "shared" / "eval" / "score.py"


def find_scorer(explicit: str | None = None) -> Path:
    """``explicit`` (``--scorer`` or ``EVENTWIRE_SCORER``), else :func:`default_scorer`."""
    cand = Path(explicit) if explicit else default_scorer()
    if cand.is_file():
        return cand
    raise InputError("EW112", f"score.py not found at {cand}: pass --scorer or set "
                              "EVENTWIRE_SCORER to the evaluation kit's score.py")


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
