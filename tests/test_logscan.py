"""The log scan: its scanner, the JSON formatter and redaction, and that a leak fails a run."""

import json
import logging
import os
import sys
from pathlib import Path

import pytest

from forebyg.core.logging import REDACTED, JsonFormatter, cpr_numbers, redact_cpr
from forebyg.core.request_context import current_request_id
from tests.logscan import findings_in

PROJECT_DIR = Path(__file__).resolve().parent.parent
VALID_CPRS = ["0101901234", "010190-1234", "01 01 90 1234", "01.01.90-1234", "010190 – 1234"]
ORDINARY = [
    "12 34 56 78",  # a Danish phone number
    "+4512345678",  # a phone number with a country code
    "12345678901234",  # a longer number (account, EAN)
    "3213901234",  # ten digits that start with no real date
    "request 9f0101901234ab",  # ten digits inside a hex request id
    "2026-11-26T05:41:45.338+00:00 took 1234 ms",
    "GET /cases/1234/ HTTP/1.1 200 5678",
]


def _record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("forebyg.test", logging.WARNING, __file__, 1, message, args, None)


@pytest.mark.parametrize("text", VALID_CPRS)
def test_a_line_with_a_valid_cpr_number_is_caught(text):
    assert findings_in(f"person {text} looked up") == ["010190-xxxx"]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_not_cpr_numbers(text):
    assert findings_in(text) == []


def test_a_cpr_number_behind_an_escaped_line_break_in_a_json_line_is_caught():
    line = JsonFormatter().format(_record("name:\n0101901234"))

    assert "\\n0101901234" in line
    assert findings_in(line) == ["010190-xxxx"]


def test_a_future_birth_date_counts_as_a_cpr_number():
    assert cpr_numbers("0101994000") == ["010199-xxxx"]  # 2099 by the 7th digit


def test_the_formatter_writes_one_json_object_per_line_with_the_request_id():
    token = current_request_id.set("req-1")
    try:
        line = JsonFormatter().format(_record('a %s\nforged {"level": "INFO"} \u2028 æ', "b"))
    finally:
        current_request_id.reset(token)

    assert "\n" not in line and "\u2028" not in line
    entry = json.loads(line)
    assert entry["message"] == 'a b\nforged {"level": "INFO"} \u2028 æ'
    assert (entry["level"], entry["logger"], entry["request_id"]) == (
        "WARNING",
        "forebyg.test",
        "req-1",
    )
    assert entry["time"].startswith("20")


def test_the_redacting_formatter_removes_cpr_numbers_from_message_and_arguments():
    line = JsonFormatter(redact=True).format(_record("found %s for %s", "0101901234", "12345678"))

    assert json.loads(line)["message"] == f"found {REDACTED} for 12345678"
    assert redact_cpr("nothing here 1234") == "nothing here 1234"


def test_redaction_leaves_the_record_as_it_was_for_other_handlers():
    record = _record("found %s", "0101901234")
    JsonFormatter(redact=True).format(record)

    assert findings_in(JsonFormatter().format(record)) == ["010190-xxxx"]


def test_the_redacting_formatter_removes_cpr_numbers_from_an_exception():
    try:
        raise ValueError("bad 010190-1234")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, sys.exc_info())

    assert "010190-1234" not in JsonFormatter(redact=True).format(record)
    assert "010190-1234" in JsonFormatter().format(record)


# The plugin in a run of its own ----------------------------------------------------------------

LEAKING_TEST = """
import logging

def test_leaks():
    logging.getLogger("forebyg.leaky").warning("looked up %s", "010190-1234")

def test_clean():
    logging.getLogger("forebyg.clean").info("looked up case 1234")
"""
CLEAN_TEST = """
import logging

def test_clean():
    logging.getLogger("forebyg.clean").warning("looked up case 1234 for 12 34 56 78")
"""


@pytest.fixture
def inner(pytester, monkeypatch):
    """A pytest run in a scratch directory with the log scan plugin and the project's settings."""
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(PROJECT_DIR), os.environ.get("PYTHONPATH", "")])
    )
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "forebyg.test_settings")
    pytester.makeconftest('pytest_plugins = ["tests.logscan"]\n')
    return pytester


def test_a_run_whose_code_logs_a_cpr_number_fails_and_names_the_test(inner):
    inner.makepyfile(test_inner=LEAKING_TEST)

    result = inner.runpytest_subprocess("-p", "no:cacheprovider")

    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*log scan: 1 log line(s) with a CPR number*"])
    result.stdout.fnmatch_lines(["*test_inner.py::test_leaks:*looked up [[]CPR redacted[]]*"])
    assert "010190-1234" not in result.stdout.str()
    result.assert_outcomes(passed=2)


def test_a_leak_in_an_xdist_worker_fails_the_run(inner):
    inner.makepyfile(test_inner=LEAKING_TEST)

    result = inner.runpytest_subprocess("-p", "no:cacheprovider", "-n", "1")

    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*test_inner.py::test_leaks:*"])


def test_a_clean_run_passes(inner):
    inner.makepyfile(test_inner=CLEAN_TEST)

    result = inner.runpytest_subprocess("-p", "no:cacheprovider")

    assert result.ret == pytest.ExitCode.OK
    assert "log scan" not in result.stdout.str()


def test_a_url_with_a_cpr_number_is_refused_and_no_log_line_holds_it(client, caplog, db):
    caplog.set_level(logging.DEBUG)

    response = client.get("/sager/010190-1234/?q=0101901234")

    assert response.status_code == 400
    lines = [JsonFormatter().format(record) for record in caplog.records]
    assert any("looks like it holds a CPR number" in line for line in lines)
    assert not [line for line in lines if findings_in(line)]
