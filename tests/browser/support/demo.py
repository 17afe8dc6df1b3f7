"""The demo personas' passwords, as load_demo writes them (settings.FOREBYG_DEMO_PASSWORDS_FILE)."""

import re
from pathlib import Path


def read_demo_passwords(path: Path) -> dict[str, str]:
    """Parse load_demo's file (forebyg.accounts.demo.write_passwords_file): tables of
    `Persona  Username  Password  Organisation` under a line of dashes, one per run that created
    users; cells may hold single spaces, so the dashes give the columns. Later tables win."""
    if not path.exists():
        raise AssertionError(f"load_demo wrote no {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    passwords: dict[str, str] = {}
    for number, line in enumerate(lines):
        if number == 0 or not re.fullmatch(r"-+(  -+)+", line):
            continue
        starts = [match.start() for match in re.finditer(r"-+", line)]
        spans = list(zip(starts, [*starts[1:], None], strict=True))
        header = [lines[number - 1][a:b].strip() for a, b in spans]
        if "Username" not in header or "Password" not in header:
            continue
        user_column, password_column = header.index("Username"), header.index("Password")
        for row in lines[number + 1 :]:
            if not row.strip():
                break
            cells = [row[a:b].strip() for a, b in spans]
            passwords[cells[user_column]] = cells[password_column]
    if not passwords:
        raise AssertionError(f"Found no demo accounts in {path}")
    return passwords
