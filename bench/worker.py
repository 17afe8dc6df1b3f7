"""One benchmark run against one database (DATABASE_URL): prepare the synthetic data, then
measure every operation. Started by bench/run.py; prints {"rows": [...]} as JSON.

Server time: each request is built with RequestFactory and handed to Django's own handler
(`get_response`: every middleware and the view), so the client's work is left out. The floor:
the SELECT statements one request ran (captured with CaptureQueriesContext) executed again with
a plain cursor, fetching every row: what the data costs without the application around it."""

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# A benchmark server: plain HTTP on loopback, no rate limits getting in the way of many requests.
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("STATIC_FROM_SOURCES", "true")  # as `make run`: no collectstatic needed
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forebyg.settings")
for _name in ("PERSON_SEARCH", "EXPORT"):
    for _per in ("USER", "ORGANISATION"):
        os.environ[f"FOREBYG_{_name}_LIMIT_PER_{_per}"] = "100000000"

from bench.database import prepare  # noqa: E402

Row = dict[str, object]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(
    name: str, once: Callable[[], object], iterations: int, floor: Callable[[], float]
) -> Row:
    """Median and p95 of `once` (milliseconds) and the median of `floor`, after one warm-up."""
    once()
    times, floors = [], []
    for _ in range(iterations):
        started = time.perf_counter()
        once()
        times.append((time.perf_counter() - started) * 1000)
        floors.append(floor())
    median, base = statistics.median(times), statistics.median(floors)
    return {
        "operation": name,
        "median_ms": round(median, 3),
        "p95_ms": round(_percentile(times, 0.95), 3),
        "floor_ms": round(base, 3),
        "ratio": round(median / base, 3) if base > 0 else 0.0,
    }


def _pages_only(names: list[str], iterations: int) -> list[Row]:
    """Only the named page operations (dashboard, case_list, ...): quicker runs while tuning one."""
    from bench import operations
    from forebyg.synthetic.context import municipality_username

    coordinator = operations.Persona(municipality_username("tovholder", operations.CITY))
    pages = operations._pages(coordinator, operations.Persona("syn-analytiker"))
    unknown = set(names) - set(pages)
    if unknown:
        raise SystemExit(f"--operations: not a page operation: {', '.join(sorted(unknown))}")
    return [
        measure(name, pages[name], iterations, operations.floor_of(pages[name])) for name in names
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--json", default="-")
    parser.add_argument(
        "--operations",
        default="",
        help="comma-separated operations to measure (e.g. dashboard,case_list); default: all",
    )
    args = parser.parse_args()
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the JSON
        prepare(args.cases, args.seed)
    from bench.operations import run_all  # after django.setup() in prepare

    wanted = [name.strip() for name in args.operations.split(",") if name.strip()]
    rows = _pages_only(wanted, args.iterations) if wanted else run_all(args.iterations, measure)
    database = os.environ.get("BENCH_DATABASE", "sqlite")
    for row in rows:
        row.update(database=database, cases=args.cases)
    ordered = [
        {
            key: row[key]
            for key in (
                "database",
                "cases",
                "operation",
                "median_ms",
                "p95_ms",
                "floor_ms",
                "ratio",
            )
        }
        for row in rows
    ]
    text = json.dumps({"rows": ordered})
    if args.json == "-":
        sys.stdout.write(text)
    else:
        Path(args.json).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
