#!/usr/bin/env python3
"""mypy over src/ with a baseline: no new type errors, and the listed ones only shrink.

    python .ci/check_types.py            # CI: fail on any error not in the baseline
    python .ci/check_types.py --shrink   # rewrite the baseline after fixing errors (never adds)
    python .ci/check_types.py --write    # rewrite it from scratch (a deliberate, reviewed step)

The baseline (.ci/mypy-baseline.txt) lists each existing error as
``path: [code] message`` with how many times it occurs, without line numbers, so
that edits elsewhere in a file do not disturb it. An error whose count grows, or
that is not listed, fails the check; fixed errors are reported so that the
baseline can be shrunk.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / ".ci" / "mypy-baseline.txt"
_LINE = re.compile(r"^(?P<path>[^:]+):\d+(?::\d+)?: error: (?P<msg>.*?)(?:\s+\[(?P<code>[\w-]+)\])?$")


def run_mypy() -> Counter:
    res = subprocess.run([sys.executable, "-m", "mypy", "src/", "--no-error-summary",
                          "--hide-error-context", "--no-pretty", "--show-error-codes"],
                         cwd=ROOT, capture_output=True, text=True)
    if res.returncode not in (0, 1):
        sys.exit(f"mypy did not run: {res.stderr.strip() or res.stdout.strip()}")
    errors: Counter = Counter()
    for line in res.stdout.splitlines():
        m = _LINE.match(line.strip())
        if m:
            errors[f"{m['path']}: [{m['code'] or 'misc'}] {m['msg']}"] += 1
    return errors


def read_baseline() -> Counter:
    out: Counter = Counter()
    if BASELINE.is_file():
        for line in BASELINE.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                n, _, key = line.partition(" ")
                out[key] = int(n)
    return out


def write_baseline(errors: Counter) -> None:
    lines = ["# mypy errors that predate the type check (count, then path: [code] message).",
             "# May only shrink: python .ci/check_types.py --shrink after fixing some."]
    lines += [f"{n} {key}" for key, n in sorted(errors.items())]
    BASELINE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shrink", action="store_true", help="drop fixed errors from the baseline")
    ap.add_argument("--write", action="store_true", help="rewrite the baseline from scratch")
    a = ap.parse_args(argv)
    now, base = run_mypy(), read_baseline()
    if a.write:
        write_baseline(now)
        print(f"baseline written: {sum(now.values())} errors")
        return 0
    new = {k: n - base.get(k, 0) for k, n in now.items() if n > base.get(k, 0)}
    fixed = {k: n - now.get(k, 0) for k, n in base.items() if n > now.get(k, 0)}
    if new:
        print(f"{sum(new.values())} new mypy error(s) (not in .ci/mypy-baseline.txt):")
        for k, n in sorted(new.items()):
            print(f"  {k}" + (f"  (x{n})" if n > 1 else ""))
        return 1
    if a.shrink and fixed:
        write_baseline(Counter({k: min(n, now.get(k, 0)) for k, n in base.items()
                                if now.get(k, 0)}))
    elif fixed:
        print(f"{sum(fixed.values())} baseline error(s) fixed: run "
              "python .ci/check_types.py --shrink to shrink the baseline")
    print(f"mypy: {sum(now.values())} known errors, none new (baseline "
          f"{sum(base.values())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
