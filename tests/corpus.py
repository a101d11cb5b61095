"""Invented news articles for the scale tests (no text from any evaluation set)."""
from __future__ import annotations

import json
from pathlib import Path

_TOWNS = ["Northfield", "Port Avel", "Lindholm", "Karsk", "Marova", "Tessaly"]
_COUNTRIES = [("Nigeria", "Abuja"), ("Turkey", "Ankara"), ("Venezuela", "Caracas"),
              ("Iraq", "Baghdad"), ("Kenya", "Nairobi"), ("Peru", "Lima")]


def article(n: int) -> dict:
    """A distinct short article with events, a quote, places and a date (month by n)."""
    town = _TOWNS[n % len(_TOWNS)]
    country, capital = _COUNTRIES[n % len(_COUNTRIES)]
    text = (f"Soldiers of the {n}th brigade attacked rebel positions near {town} on Monday, "
            f"killing at least {3 + n} fighters, officials said. The foreign minister of {country} met envoys in {capital} on "
            f"Tuesday to discuss a ceasefire. \"We will not rest until the {n} villages are "
            f"safe,\" the minister told reporters. Protesters marched in {capital} on Friday.")
    art = {"id": f"art-{n:04d}", "title": f"Fighting near {town}, talks in {capital} ({n})",
           "text": text}
    if n % 7 != 6:                        # a few undated articles
        art["date"] = f"2015-{1 + n % 5:02d}-{1 + n % 27:02d}"
    return art


def write_jsonl(path: Path, numbers) -> Path:
    path.write_text("".join(json.dumps(article(n)) + "\n" for n in numbers), encoding="utf-8")
    return path
