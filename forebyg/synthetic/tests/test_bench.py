"""`make bench` works end to end at a tiny size and writes results.json in the issue's shape.
Not a timing test: the numbers of a tiny run on a busy machine mean nothing."""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings

OPERATIONS = {
    "dashboard",
    "case_list",
    "case_detail",
    "person_search",
    "statistics",
    "statistics_build",  # the cold build of the stored publication (no target)
    "plan_pdf",
    "audit_verify",
    "intake",
}
FIELDS = {"database", "cases", "operation", "median_ms", "p95_ms", "floor_ms", "ratio"}


def test_the_bench_runner_writes_every_operation_in_the_results_shape(tmp_path: Path):
    results = tmp_path / "results.json"
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "bench" / "run.py"),
        "--sizes",
        "100",
        "--databases",
        "sqlite",
        "--iterations",
        "2",
        "--directory",
        str(tmp_path),
        "--results",
        str(results),
    ]

    done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)  # noqa: S603

    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(results.read_text())
    assert isinstance(data["machine"], str) and data["machine"]
    assert {row["operation"] for row in data["rows"]} == OPERATIONS
    for row in data["rows"]:
        assert set(row) == FIELDS
        assert (row["database"], row["cases"]) == ("sqlite", 100)
        assert row["median_ms"] > 0 and row["p95_ms"] >= row["median_ms"] and row["ratio"] > 0
    assert "audit_verify" in done.stdout and "result" in done.stdout  # the terminal table
