"""The targets of issue 9 and the terminal table: each row passes or misses its target.

Time targets apply to p95 (server time, milliseconds). Paged pages (the dashboard and the
filtered case list) must also be at most SCALE_LIMIT times slower (median) at the largest size
than at the smallest one measured on the same database. audit_verify passes when verification
runs at least half as fast as plain SHA-256 over the same bytes (its ratio)."""

P95_LIMIT_MS = {
    "dashboard": 50.0,
    "case_list": 50.0,
    "case_detail": 50.0,
    "person_search": 50.0,
    "statistics": 300.0,
    "plan_pdf": 3000.0,
}
AUDIT_RATIO_MIN = 0.5
# No target (shown as "-"): intake, and statistics_build, the cold build of the national
# statistics (decision 0013) that the nightly publish_statistics does ahead of the readers;
# the 300 ms target is for `statistics`, the page as served from the stored publication.
PAGED = ("dashboard", "case_list")
SCALE_LIMIT = 2.0
Key = tuple[str, int, str]


def _target(operation: str) -> str:
    if operation in P95_LIMIT_MS:
        extra = f", ≤{SCALE_LIMIT:g}× smallest" if operation in PAGED else ""
        return f"p95 ≤ {P95_LIMIT_MS[operation]:g} ms{extra}"
    if operation == "audit_verify":
        return f"ratio ≥ {AUDIT_RATIO_MIN}"
    return "-"


def judge(rows: list[dict]) -> dict[Key, str]:
    """(database, cases, operation) -> "pass", "miss" or "-" (no target)."""
    smallest: dict[tuple[str, str], dict] = {}
    for row in sorted(rows, key=lambda row: row["cases"]):
        smallest.setdefault((row["database"], row["operation"]), row)
    verdicts = {}
    for row in rows:
        operation, ok = row["operation"], None
        if operation in P95_LIMIT_MS:
            ok = row["p95_ms"] <= P95_LIMIT_MS[operation]
            base = smallest[(row["database"], operation)]
            if operation in PAGED and base is not row and base["median_ms"] > 0:
                ok = ok and row["median_ms"] <= SCALE_LIMIT * base["median_ms"]
        elif operation == "audit_verify":
            ok = row["ratio"] >= AUDIT_RATIO_MIN
        verdicts[(row["database"], row["cases"], operation)] = (
            "-" if ok is None else "pass" if ok else "MISS"
        )
    return verdicts


def table(rows: list[dict], verdicts: dict[Key, str]) -> str:
    """The rows as a fixed-width table (also pasted into the README)."""
    head = (
        "database",
        "cases",
        "operation",
        "median ms",
        "p95 ms",
        "floor ms",
        "ratio",
        "target",
        "result",
    )
    lines = [head]
    for row in rows:
        key = (row["database"], row["cases"], row["operation"])
        lines.append(
            (
                row["database"],
                f"{row['cases']:,}",
                row["operation"],
                f"{row['median_ms']:.1f}",
                f"{row['p95_ms']:.1f}",
                f"{row['floor_ms']:.1f}",
                f"{row['ratio']:.2f}",
                _target(row["operation"]),
                verdicts[key],
            )
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    out = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in lines
    ]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(out)
