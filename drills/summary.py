"""Print a load run's summary from locust's CSV files; exit 1 on any error (or no requests).

python drills/summary.py load_stats.csv load_failures.csv [--allow-errors]"""

import csv
import sys


def main() -> int:
    stats_file, failures_file = sys.argv[1], sys.argv[2]
    allow_errors = "--allow-errors" in sys.argv
    with open(stats_file, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    print(f"{'request':32} {'count':>7} {'errors':>6} {'median ms':>9} {'p99 ms':>7}")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name[:32]:32} {row['Request Count']:>7} {row['Failure Count']:>6} "
            f"{row['Median Response Time']:>9} {row['99%']:>7}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    requests, errors = int(total["Request Count"]), int(total["Failure Count"])
    print(
        f"SUMMARY requests={requests} errors={errors} "
        f"throughput={float(total['Requests/s']):.1f} req/s p99={total['99%']} ms"
    )
    with open(failures_file, encoding="utf-8") as handle:
        for failure in csv.DictReader(handle):
            print(f"  error x{failure['Occurrences']}: {failure['Name']}: {failure['Error']}")
    if requests == 0 or (errors and not allow_errors):
        print("LOAD FAILED: " + ("no requests" if requests == 0 else f"{errors} errors"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
