"""Build small WARC archives with warcio's own writer (test helper)."""
from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{s}</p>" for s in body.split("\n"))
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{paras}</article></body></html>").encode("utf-8")


def warc_records(records: list[tuple], gz: bool) -> list[bytes]:
    """One byte string per record; ``records`` holds (url, date, status, content type, body)."""
    out = []
    for url, date, status, ctype, body in records:
        buf = io.BytesIO()
        w = WARCWriter(buf, gzip=gz)
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                   warc_headers_dict={"WARC-Date": date})
        w.write_record(rec)
        out.append(buf.getvalue())
    return out


def write_warc(path: Path, records: list[tuple], gz: bool | None = None,
               between: dict[int, bytes] | None = None) -> Path:
    """Write ``records`` to ``path``; ``between[i]`` bytes are put before record ``i``."""
    gz = str(path).endswith(".gz") if gz is None else gz
    parts = warc_records(records, gz)
    between = between or {}
    blob = b"".join(between.get(i, b"") + p for i, p in enumerate(parts)) + between.get(len(parts), b"")
    path.write_bytes(blob)
    return path
