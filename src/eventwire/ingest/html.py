"""HTML pages: main text, title and date extracted with trafilatura."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..records import Article
from . import InputProblem, content_id, normalise_date, read_bytes_text

# fewer words than this is page furniture (menus, cookie notices), not an article
MIN_ARTICLE_WORDS = 10


def article_from_html(html: str, where: str) -> Article | InputProblem:
    import trafilatura
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          favor_precision=True)
    except Exception as e:  # trafilatura raises assorted errors on broken markup
        return InputProblem(where, "EW107", f"HTML could not be parsed ({type(e).__name__})")
    text = getattr(doc, "text", None) if doc is not None else None
    if isinstance(doc, dict):
        text = doc.get("text")
    if not text or len(text.split()) < MIN_ARTICLE_WORDS:
        return InputProblem(where, "EW107", "HTML page has no extractable article text")
    meta = doc if isinstance(doc, dict) else {k: getattr(doc, k, None)
                                              for k in ("title", "date", "url", "sitename")}
    return Article(id=content_id(text), text=text.strip(), title=meta.get("title"),
                   date=normalise_date(meta.get("date")), url=meta.get("url"),
                   source=meta.get("sitename"), path=where)


def read_file(path: Path) -> Iterator[Article | InputProblem]:
    raw, problem = read_bytes_text(path)
    if problem:
        yield problem
        return
    yield article_from_html(raw, str(path))
