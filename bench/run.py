"""`make bench`: the benchmark suite of issue 9 (README "Performance").

For each database (sqlite, postgresql) and size (10,000 and 250,000 cases) this script runs one
worker process (bench/worker.py) with DATABASE_URL pointing at that database's benchmark copy:

    SQLite      var/bench_sqlite_<cases>.sqlite3
    PostgreSQL  database bench_<cases> on BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432)

The worker migrates, generates the synthetic data unless the database already holds it (same size
and seed), and measures every operation. This script collects the rows into bench/results.json,
prints the table with each target's pass/miss, and keeps the rows of sizes and databases it did
not run (so a subset run updates only its own rows).

    python bench/run.py [--sizes 10000,250000] [--databases sqlite,postgresql] [--iterations N]
"""

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.targets import judge, table  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
DATABASES = ("sqlite", "postgresql")
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def database_url(database: str, cases: int, prefix: str, directory: Path = ROOT / "var") -> str:
    if database == "sqlite":
        return f"sqlite:///{directory / f'{prefix}_sqlite_{cases}.sqlite3'}"
    return f"{POSTGRES}/{prefix}_{cases}"


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.node()}: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, load average {load} (shared machine)"
    )


def run_worker(database: str, cases: int, args: argparse.Namespace) -> list[dict]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(database, cases, args.prefix, args.directory),
        "BENCH_DATABASE": database,
    }
    command = [
        sys.executable,
        str(ROOT / "bench" / "worker.py"),
        "--cases",
        str(cases),
        "--seed",
        str(args.seed),
        "--iterations",
        str(args.iterations),
        "--json",
        "-",
    ]
    print(f"== {database}, {cases} cases", flush=True)
    # Our own worker script with our own arguments (S603 is about untrusted input).
    done = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, check=True)  # noqa: S603
    return json.loads(done.stdout)["rows"]


def merge(old: list[dict], new: list[dict]) -> list[dict]:
    fresh = {(row["database"], row["cases"]) for row in new}
    kept = [row for row in old if (row["database"], row["cases"]) not in fresh]
    return sorted(kept + new, key=lambda row: (row["database"], row["cases"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "10000,250000"))
    parser.add_argument(
        "--databases", default=os.environ.get("BENCH_DATABASES", ",".join(DATABASES))
    )
    parser.add_argument(
        "--iterations", type=int, default=int(os.environ.get("BENCH_ITERATIONS", 30))
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prefix", default="bench", help="database name prefix")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--directory", type=Path, default=ROOT / "var", help="for SQLite files")
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    unknown = set(databases) - set(DATABASES)
    if unknown:
        parser.error(f"unknown database(s): {', '.join(sorted(unknown))}")
    rows: list[dict] = []
    for database in databases:
        for cases in sizes:
            rows += run_worker(database, cases, args)
    old = json.loads(args.results.read_text())["rows"] if args.results.exists() else []
    result = {"machine": machine(), "rows": merge(old, rows)}
    args.results.write_text(json.dumps(result, indent=2) + "\n")
    print(table(result["rows"], judge(result["rows"])))
    print(f"Written to {args.results}. {result['machine']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
