"""The log scan (issue 8, point 5): every log line of the whole test run, checked for CPR numbers.

A handler on the root logger (level NOTSET) takes every record that any logger lets through at
the levels settings.LOGGING gives them, the production levels (django.request, django.security,
axes, forebyg.*, ...); raising them for the run would change what tests reading caplog see. It
formats each record with the app's own JsonFormatter without redaction: the scan must see what
the code logged, not what the last line of defence made of it. A line with a CPR number fails
the run, naming the test and the line with the number masked. Under pytest-xdist each worker
scans its own lines and hands what it found to the controller, which fails the run. At the end
the browser tests' gunicorn logs (server and access log) are scanned too, when that server ran.

Registered from the root conftest.py (`pytest_plugins`)."""

import json
import logging
import sys
from pathlib import Path
from typing import Any

import pytest

from forebyg.core.logging import JsonFormatter, cpr_numbers, redact_cpr

SHOWN_PER_RUN = 20  # findings listed in the failure message; the count names them all
_FINDINGS_KEY = "logscan_findings"


def findings_in(line: str) -> list[str]:
    """The CPR numbers (masked) in one log line: in each value of a JSON line, else in the text.
    Values are scanned decoded, so an escaped "\\n0101901234" is caught as well."""
    try:
        entry = json.loads(line)
    except ValueError:
        return cpr_numbers(line)
    if not isinstance(entry, dict):
        return cpr_numbers(line)
    return [found for value in entry.values() for found in cpr_numbers(str(value))]


def masked(line: str) -> str:
    """The line with its CPR numbers masked, to be shown in the failure message."""
    return redact_cpr(line)


class ScanHandler(logging.Handler):
    """Formats every record as the app does and keeps the lines that hold a CPR number."""

    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.setFormatter(JsonFormatter())
        self.test = "(outside a test)"
        self.findings: list[tuple[str, str]] = []
        self.lines = 0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # a record that cannot be formatted is shown as such
            line = f"(unformattable record from {record.name}: {record.msg!r})"
        self.lines += 1
        for text in line.splitlines() or [line]:
            if findings_in(text):
                self.findings.append((self.test, masked(text)))


class LogScan:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.handler = ScanHandler()
        self.worker_findings: list[tuple[str, str]] = []

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        logging.getLogger().addHandler(self.handler)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Any:
        self.handler.test = item.nodeid
        yield
        self.handler.test = "(between tests)"

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """xdist controller: collect what a worker found."""
        found = getattr(node, "workeroutput", {}).get(_FINDINGS_KEY, [])
        self.worker_findings.extend(tuple(item) for item in found)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        logging.getLogger().removeHandler(self.handler)
        findings = self.handler.findings + self.worker_findings + browser_log_findings()
        workeroutput = getattr(self.config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller reports and fails
            workeroutput[_FINDINGS_KEY] = findings
            return
        if findings:
            report(self.config, findings)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def browser_log_findings() -> list[tuple[str, str]]:
    """Lines with a CPR number in the browser tests' gunicorn logs, if their server ran here."""
    browser = sys.modules.get("tests.browser.conftest")
    var_dir = getattr(getattr(browser, "_server", None), "_var_dir", None)
    if var_dir is None:
        return []
    findings = []
    for path in sorted(Path(var_dir).glob("*.log")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if findings_in(line):
                findings.append((f"(browser server {path.name})", masked(line)))
    return findings


def report(config: pytest.Config, findings: list[tuple[str, str]]) -> None:
    lines = [f"{test}: {line}" for test, line in findings[:SHOWN_PER_RUN]]
    more = len(findings) - SHOWN_PER_RUN
    if more > 0:
        lines.append(f"... and {more} more")
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    title = f"log scan: {len(findings)} log line(s) with a CPR number"
    if terminal is None:
        print(title, *lines, sep="\n", file=sys.stderr)
        return
    terminal.ensure_newline()
    terminal.write_sep("=", title, red=True, bold=True)
    for line in lines:
        terminal.write_line(line)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(LogScan(config), "forebyg-logscan")
