"""The store's schema, as an ordered list of migrations.

``MIGRATIONS[i]`` takes a database from ``PRAGMA user_version`` ``i`` to
``i + 1``; :data:`SCHEMA_VERSION` is ``len(MIGRATIONS)``. A migration is a
script of SQL statements run inside one transaction together with the
``user_version`` bump, so a database is always at exactly one version.
Append new migrations at the end; never edit a released one.

Every layer table is keyed by ``(article_id, id)``: ``article_id`` is the
article's content-derived id, ``id`` the record-local id (``a1``, ``e3``,
...). Every layer row has a foreign key back to ``articles(id)`` with ``ON
DELETE CASCADE``, so deleting an article deletes all it produced; references
inside an article (event -> actor, quote -> speaker actor, event -> time and
place) are composite foreign keys on ``(article_id, ...)``.

The full-text indexes are external-content FTS5 tables kept in step by
triggers, so plain-SQL inserts and deletes keep them right too.
"""
from __future__ import annotations

V1 = """
CREATE TABLE articles (
    n        INTEGER PRIMARY KEY,          -- stable rowid for the FTS index
    id       TEXT NOT NULL UNIQUE,         -- records.Article.id (SHA-1 of the text when missing)
    title    TEXT,
    date     TEXT,                         -- ISO 8601 publication date (or datetime)
    day      TEXT,                         -- date[:10], for range filters
    url      TEXT,
    source   TEXT,
    path     TEXT,                         -- where it was read from
    text     TEXT NOT NULL,
    digest   TEXT NOT NULL                 -- SHA-1 of the record's JSON: unchanged -> skipped
);
CREATE INDEX articles_day ON articles(day);

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    i          INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    PRIMARY KEY (article_id, i)
) WITHOUT ROWID;

CREATE TABLE actors (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    text       TEXT NOT NULL,
    start      INTEGER,
    "end"      INTEGER,
    country    TEXT,                       -- ISO 3166-1 alpha-3
    sector     TEXT,
    code       TEXT,                       -- CAMEO-style actor code, e.g. RUSGOV
    kind       TEXT,                       -- person | organization | state | group
    ord        INTEGER NOT NULL,           -- position in the record's list
    PRIMARY KEY (article_id, id)
) WITHOUT ROWID;
CREATE INDEX actors_country ON actors(country);
CREATE INDEX actors_code ON actors(code);

CREATE TABLE actor_mentions (
    article_id TEXT NOT NULL,
    actor_id   TEXT NOT NULL,
    i          INTEGER NOT NULL,           -- position in the actor's mention list
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    PRIMARY KEY (article_id, actor_id, i),
    FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE,
    FOREIGN KEY (article_id, actor_id) REFERENCES actors(article_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    text       TEXT NOT NULL,
    start      INTEGER,
    "end"      INTEGER,
    name       TEXT,
    geonameid  INTEGER,
    lat        REAL,
    lon        REAL,
    country    TEXT,
    admin1     TEXT,
    feature    TEXT,
    population INTEGER,
    literal    INTEGER NOT NULL DEFAULT 1,  -- 0: the name stands for an actor ("Moscow said")
    ord        INTEGER NOT NULL,           -- position in the record's list
    PRIMARY KEY (article_id, id)
) WITHOUT ROWID;
CREATE INDEX places_country ON places(country);

CREATE TABLE times (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    text       TEXT NOT NULL,
    start      INTEGER,
    "end"      INTEGER,
    type       TEXT,                       -- DATE | TIME | DURATION | SET
    value      TEXT,                       -- TIMEX3 value
    mod        TEXT,
    start_date TEXT,                       -- calendar interval, when there is one
    end_date   TEXT,
    rule       TEXT,
    ord        INTEGER NOT NULL,           -- position in the record's list
    PRIMARY KEY (article_id, id)
) WITHOUT ROWID;

CREATE TABLE events (
    article_id      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    sentence        INTEGER,
    trigger_text    TEXT,
    trigger_start   INTEGER,
    trigger_end     INTEGER,
    plover_type     TEXT NOT NULL,
    plover_mode     TEXT,
    plover_context  TEXT NOT NULL DEFAULT '[]',   -- JSON list
    cameo_code      TEXT NOT NULL,
    cameo_root      TEXT,
    quad_class      INTEGER,
    goldstein       REAL,
    negated         INTEGER NOT NULL DEFAULT 0,
    modality        TEXT,
    reported_by     TEXT,                  -- actor id
    date_value      TEXT,                  -- TIMEX3 value of the event date
    date_time       TEXT,                  -- time id
    date_defaulted  INTEGER NOT NULL DEFAULT 0,
    day             TEXT,                  -- first calendar day of the event date (filters)
    place_id        TEXT,
    place_defaulted INTEGER NOT NULL DEFAULT 0,
    rule            TEXT,
    confidence      REAL,
    ord        INTEGER NOT NULL,           -- position in the record's list
    PRIMARY KEY (article_id, id),
    FOREIGN KEY (article_id, reported_by) REFERENCES actors(article_id, id),
    FOREIGN KEY (article_id, date_time) REFERENCES times(article_id, id),
    FOREIGN KEY (article_id, place_id) REFERENCES places(article_id, id)
) WITHOUT ROWID;
CREATE INDEX events_type ON events(plover_type);
CREATE INDEX events_cameo ON events(cameo_code);
CREATE INDEX events_day ON events(day);

-- the source/target link table: one row per (event, role, actor)
CREATE TABLE event_actors (
    article_id TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('source', 'target')),
    i          INTEGER NOT NULL,           -- position in the event's source or target list
    actor_id   TEXT NOT NULL,
    PRIMARY KEY (article_id, event_id, role, i),
    FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE,
    FOREIGN KEY (article_id, event_id) REFERENCES events(article_id, id) ON DELETE CASCADE,
    FOREIGN KEY (article_id, actor_id) REFERENCES actors(article_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX event_actors_actor ON event_actors(article_id, actor_id);

CREATE TABLE quotes (
    n             INTEGER PRIMARY KEY,     -- stable rowid for the FTS index
    article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    kind          TEXT,                    -- direct | indirect | mixed
    content_text  TEXT NOT NULL,
    content_start INTEGER,
    content_end   INTEGER,
    cue_text      TEXT,
    cue_start     INTEGER,
    cue_end       INTEGER,
    speaker_text  TEXT,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    speaker_actor TEXT,                    -- actor id
    UNIQUE (article_id, id),
    FOREIGN KEY (article_id, speaker_actor) REFERENCES actors(article_id, id)
);
CREATE INDEX quotes_speaker ON quotes(article_id, speaker_actor);

-- errors of an article (article_id set) or of an input that yielded no article
CREATE TABLE errors (
    id         TEXT PRIMARY KEY,           -- SHA-1 of what the row says: the same error, one row
    article_id TEXT REFERENCES articles(id) ON DELETE CASCADE,
    i          INTEGER NOT NULL DEFAULT 0, -- position in the record's error list
    path       TEXT,                       -- input file (or 'item N')
    line       INTEGER,                    -- JSON Lines line, when known
    code       TEXT NOT NULL,              -- EWnnn, see docs/errors.md
    message    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX errors_code ON errors(code);
CREATE INDEX errors_article ON errors(article_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='n',
    tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.n, new.title, new.text);
END;
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.n, old.title, old.text);
END;
CREATE TRIGGER articles_fts_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.n, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.n, new.title, new.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    content_text, content='quotes', content_rowid='n',
    tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, content_text) VALUES (new.n, new.content_text);
END;
CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, content_text) VALUES ('delete', old.n, old.content_text);
END;
CREATE TRIGGER quotes_fts_au AFTER UPDATE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, content_text) VALUES ('delete', old.n, old.content_text);
    INSERT INTO quotes_fts(rowid, content_text) VALUES (new.n, new.content_text);
END;
"""

# magnitudes: the counts (PLOVER size) of each event, one row per count
V_SIZES = """
CREATE TABLE event_sizes (
    article_id TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    i          INTEGER NOT NULL,           -- position in the event's size list
    field      TEXT NOT NULL CHECK (field IN ('dead', 'injured', 'arrested', 'participants')),
    value      INTEGER NOT NULL,
    mod        TEXT,                       -- AT_LEAST | MORE_THAN | LESS_THAN | APPROX | AT_MOST
    text       TEXT,
    start      INTEGER,
    "end"      INTEGER,
    PRIMARY KEY (article_id, event_id, i),
    FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE,
    FOREIGN KEY (article_id, event_id) REFERENCES events(article_id, id) ON DELETE CASCADE
);
CREATE INDEX event_sizes_field ON event_sizes(field, value);
"""

# happenings (issue 10): one row per real-world happening, one mention row per event
# that reports it. Portable SQL (no WITHOUT ROWID, no triggers): PostgreSQL runs it too.
V_HAPPENINGS = """
CREATE TABLE happenings (
    id           TEXT PRIMARY KEY,         -- 'h' + SHA-1 of its founding mention: stable
    plover_type  TEXT NOT NULL,
    cameo_code   TEXT,
    cameo_root   TEXT,
    quad_class   INTEGER,
    source_code  TEXT,                     -- first coded source actor
    target_code  TEXT,
    source_codes TEXT NOT NULL DEFAULT '[]',  -- JSON list of every source code seen
    target_codes TEXT NOT NULL DEFAULT '[]',
    symmetric    INTEGER NOT NULL DEFAULT 0,
    date_value   TEXT,                     -- the most precise date of its mentions (TIMEX3)
    date_precision TEXT,                   -- day | week | article | month | quarter | year | none
    day          TEXT,                     -- first day of that date (filters, ordering)
    day_lo       TEXT,                     -- the interval it matches on (ISO days)
    day_hi       TEXT,
    place_name   TEXT,                     -- the most precise place of its mentions
    geonameid    INTEGER,
    lat          REAL,
    lon          REAL,
    country      TEXT,
    feature      TEXT,
    sentence     TEXT,                     -- the founding mention's sentence
    mentions     INTEGER NOT NULL DEFAULT 0,   -- report mentions
    articles     INTEGER NOT NULL DEFAULT 0,   -- articles reporting it
    sources      INTEGER NOT NULL DEFAULT 0,   -- distinct outlets (source, else web domain)
    recalls      INTEGER NOT NULL DEFAULT 0,   -- background mentions in later articles
    first_seen   TEXT,                     -- earliest / latest article date of its reports
    last_seen    TEXT,
    confidence   REAL,
    size         TEXT                      -- JSON: counts (dead, injured, ...) when events carry them
);
CREATE INDEX happenings_type_day ON happenings(plover_type, day_lo);
CREATE INDEX happenings_root_day ON happenings(cameo_root, day_lo);
CREATE INDEX happenings_day ON happenings(day);

CREATE TABLE happening_mentions (
    happening_id TEXT NOT NULL REFERENCES happenings(id) ON DELETE CASCADE,
    article_id   TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('report', 'recall')),
    outlet       TEXT,
    rule         TEXT NOT NULL,            -- 'opened', or the rules that matched it
    score        REAL,
    PRIMARY KEY (article_id, event_id),
    FOREIGN KEY (article_id, event_id) REFERENCES events(article_id, id) ON DELETE CASCADE
);
CREATE INDEX happening_mentions_happening ON happening_mentions(happening_id);
"""

# continuous ingestion (issue 13): what each stored article was made from, which watched
# files are done, and the state of polled feeds and their items. Times are UTC ISO text.
V_INGEST_STATE = """
CREATE TABLE article_inputs (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    input_key  TEXT NOT NULL               -- SHA-1 of the input fields and the pipeline fingerprint
);
CREATE INDEX article_inputs_key ON article_inputs(input_key);

CREATE TABLE watched_files (
    path     TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha1     TEXT NOT NULL,                -- content hash: a file with a done hash is skipped
    articles INTEGER NOT NULL DEFAULT 0,
    problems INTEGER NOT NULL DEFAULT 0,
    done_at  TEXT NOT NULL
);
CREATE INDEX watched_files_sha1 ON watched_files(sha1);

CREATE TABLE feeds (
    url           TEXT PRIMARY KEY,
    etag          TEXT,                    -- for conditional GET
    last_modified TEXT,
    checked_at    TEXT,
    status        INTEGER,                 -- last HTTP status (NULL: no response)
    failures      INTEGER NOT NULL DEFAULT 0,
    next_try      TEXT
);

CREATE TABLE feed_items (
    url        TEXT PRIMARY KEY,           -- the entry's link
    feed       TEXT NOT NULL,
    title      TEXT,
    date       TEXT,                       -- the entry's date, when it has one
    state      TEXT NOT NULL,              -- new | extracted | done | failed | gave_up
    article_id TEXT,                       -- set when the page was extracted
    tries      INTEGER NOT NULL DEFAULT 0,
    next_try   TEXT,
    error      TEXT                        -- code of the last failure
);
CREATE INDEX feed_items_state ON feed_items(state);
"""

# serve: the orders and groupings of the HTTP API's event list and timeline read
# these indexes alone (newest first; per day and type with the Goldstein value)
V_SERVE_INDEXES = """
CREATE INDEX events_day_type ON events(day, plover_type, goldstein);
CREATE INDEX events_type_day ON events(plover_type, day, goldstein);
"""

# happenings keep a few of their reports' sentences after the founding one (JSON list,
# NULL when none), for text similarity with every report, not only the first (issue 10)
V_HAPPENING_TEXTS = """
ALTER TABLE happenings ADD COLUMN texts TEXT;
"""

# serve: the countries of each event's actors (source or target), one row per event and
# country, with the event's day, type and Goldstein value copied beside them, so that a
# country's timeline reads one index range instead of joining actors, event_actors and
# events for every matching event. Derived: written with the event by the write path,
# deleted with it (ON DELETE CASCADE); the INSERT fills it for stores written before.
# Portable SQL (no WITHOUT ROWID, no triggers): PostgreSQL runs it as it is.
V_EVENT_COUNTRIES = """
CREATE TABLE event_countries (
    article_id  TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    country     TEXT NOT NULL,             -- actors.country of a source or target actor
    day         TEXT,                      -- copies of events.day, plover_type, goldstein
    plover_type TEXT NOT NULL,
    goldstein   REAL,
    PRIMARY KEY (article_id, event_id, country),
    FOREIGN KEY (article_id, event_id) REFERENCES events(article_id, id) ON DELETE CASCADE
);
CREATE INDEX event_countries_country ON event_countries(country, day, plover_type, goldstein);
INSERT INTO event_countries (article_id, event_id, country, day, plover_type, goldstein)
SELECT DISTINCT ea.article_id, ea.event_id, a.country, e.day, e.plover_type, e.goldstein
FROM event_actors ea
JOIN actors a ON a.article_id = ea.article_id AND a.id = ea.actor_id
JOIN events e ON e.article_id = ea.article_id AND e.id = ea.event_id
WHERE a.country IS NOT NULL;
"""

# PostgreSQL: the sequence every transaction that writes happenings bumps, so that a
# store knows whether another writer changed them since its own last write (postgres.py).
# Made by the migration (by the database's owner), not by the first writer: a role
# that may only read and write rows cannot create objects in the schema. SQLite needs
# no sequence (it reads PRAGMA data_version): there the migration only moves the version.
V_HAPPENINGS_SEQUENCE = """
-- PostgreSQL only (schema.POSTGRES_MIGRATIONS): CREATE SEQUENCE eventwire_happenings_seq
"""

MIGRATIONS: list[str] = [V1, V_SIZES, V_HAPPENINGS, V_INGEST_STATE, V_SERVE_INDEXES,
                         V_HAPPENING_TEXTS, V_EVENT_COUNTRIES, V_HAPPENINGS_SEQUENCE]

# migrations whose PostgreSQL form is not the rewrite of the SQLite script (dialect.py);
# IF NOT EXISTS: stores written before this migration made the sequence on first write
POSTGRES_MIGRATIONS: dict[int, str] = {
    MIGRATIONS.index(V_HAPPENINGS_SEQUENCE):
        "CREATE SEQUENCE IF NOT EXISTS eventwire_happenings_seq",
}

SCHEMA_VERSION = len(MIGRATIONS)

# the layer tables, in the order rows are written (parents before children)
TABLES = ("articles", "sentences", "actors", "actor_mentions", "places", "times", "events",
          "event_actors", "event_sizes", "quotes", "errors")

# rows derived from each record's layers, written with them (after TABLES) by the write
# path and deleted with them; not layers of their own (not counted by ``stats``)
INDEX_TABLES = ("event_countries",)

# tables derived from the layers (rebuilt by ``eventwire dedup --rebuild``)
DERIVED_TABLES = ("happenings", "happening_mentions")
