"""Property-based requests generated from the OpenAPI spec (schemathesis): no request
the spec allows may make the server fail (5xx), and every refusal is a coded JSON error."""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402

MAX_EXAMPLES = 30        # per operation: bounded, so the run takes seconds


@pytest.fixture(scope="module")
def api_schema(example_db, tmp_path_factory):
    import shutil
    from eventwire.web import create_app
    db = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    shutil.copyfile(example_db, db)          # writes (with the token) land in a copy
    app = create_app(str(db), write_token="fuzz-token", max_batch=2, max_body=20_000)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def operations(schema) -> list:
    return [r.ok() for r in schema.get_all_operations()]


def test_no_request_makes_the_server_fail(api_schema):
    ops = operations(api_schema)
    assert len(ops) >= 16                     # every endpoint of the spec is exercised
    statuses: dict[str, set[int]] = {}
    for op in ops:
        @given(case=op.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            headers = {"Authorization": "Bearer fuzz-token"} if case.method == "POST" else None
            response = case.call(headers=headers)
            statuses.setdefault(f"{case.method} {op.path}", set()).add(response.status_code)
            assert response.status_code < 500, (case.method, case.path, case.query,
                                                response.text)
            if response.status_code >= 400:
                error = response.json()["error"]
                assert error["code"].startswith("EW") and "Traceback" not in response.text
        check()
    # the generated requests reach the endpoints' work, not only their refusals
    answered = [k for k, v in statuses.items() if any(200 <= x < 300 for x in v)]
    assert len(answered) >= len(ops) - 2, statuses
