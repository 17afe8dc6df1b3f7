"""The real app for the browser tests: its own database, migrated and filled, served by gunicorn.

Not pytest-django's live_server: the audit table's triggers refuse DELETE, which breaks its flush,
and Playwright's sync API marks an event loop as running in the test thread, which Django's
async-safety checks refuse. So the app runs in a subprocess, like in production.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

PROJECT_DIR = Path(__file__).resolve().parents[3]
# The test settings, like the rest of the suite; FOREBYG_BROWSER_SETTINGS chooses others (on the
# PYTHONPATH), e.g. to try a settings change against the browser tests before making it.
SETTINGS_MODULE = os.environ.get("FOREBYG_BROWSER_SETTINGS", "forebyg.test_settings")
STARTUP_TIMEOUT = 30.0  # seconds for gunicorn to answer /healthz
COMMAND_TIMEOUT = 300.0  # seconds for one management command (migrate on PostgreSQL is the slowest)
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "postgis")


class ServerError(RuntimeError):
    """The app could not be prepared or started; the message carries the output that says why."""


@dataclass
class AppServer:
    """A running app: where it answers, its database and the directory that holds its files."""

    base_url: str
    database_url: str
    var_dir: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def log_path(self) -> Path:
        return self.var_dir / "gunicorn.log"

    @property
    def demo_passwords_file(self) -> Path:
        """settings.FOREBYG_DEMO_PASSWORDS_FILE, as the server sees it."""
        return self.var_dir / "demo-passwords.txt"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    def manage(self, *args: str, timeout: float = COMMAND_TIMEOUT) -> str:
        """Run `manage.py ARGS` against the server's database; fail with its output."""
        return run_manage(self.env, *args, timeout=timeout)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # SIGINT is gunicorn's quick shutdown: the tests are done, no request is worth waiting for.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def prepare_database(var_dir: Path, worker: str = "") -> str:
    """Return the DATABASE_URL of a fresh, empty database for the server.

    SQLite (the default): a file in VAR_DIR. PostgreSQL, when DATABASE_URL points at it: a separate
    database `<name>_browser`, dropped and created again, so the test database is never touched.
    WORKER (pytest-xdist's worker id) keeps parallel workers apart.
    """
    suffix = f"_browser_{worker}" if worker else "_browser"
    configured = os.environ.get("DATABASE_URL", "")
    scheme = urlsplit(configured).scheme.split("+")[0] if configured else "sqlite"
    if scheme == "sqlite":
        return f"sqlite:///{var_dir / f'forebyg{suffix}.sqlite3'}"
    if scheme not in POSTGRES_SCHEMES:
        raise ServerError(f"The browser tests run on SQLite or PostgreSQL, not {scheme!r}.")
    parts = urlsplit(configured)
    name = parts.path.lstrip("/") or "forebyg"
    browser_name = f"{name}{suffix}"
    target = sql.Identifier(browser_name)
    errors = []
    # Connect to the maintenance database, or else to the configured one, to drop and create ours.
    for maintenance_name in dict.fromkeys(("postgres", name)):
        maintenance = urlunsplit(parts._replace(path=f"/{maintenance_name}"))
        try:
            with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as connection:
                drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(target)
                connection.execute(drop)
                _create_database(connection, target)
        except psycopg.OperationalError as error:
            errors.append(f"{maintenance_name}: {error}")
            continue
        except psycopg.Error as error:
            raise ServerError(f"Could not create the database {browser_name!r}: {error}") from error
        return urlunsplit(parts._replace(path=f"/{browser_name}"))
    raise ServerError(f"Could not create the database {browser_name!r}: " + "; ".join(errors))


def _create_database(connection: psycopg.Connection, name: sql.Identifier) -> None:
    # The test run may be creating its own database from template1 at this very moment.
    for attempt in range(10):
        try:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
            return
        except psycopg.errors.ObjectInUse:
            if attempt == 9:
                raise
            time.sleep(0.5)


def server_env(database_url: str, var_dir: Path) -> dict[str, str]:
    """The environment of a local, plain-HTTP server with its own files and database."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "DATABASE_URL": database_url,
            "FOREBYG_VAR_DIR": str(var_dir),
            "DEBUG": "false",
            "HTTPS": "false",
            "STATIC_FROM_SOURCES": "true",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "MFA_ENFORCED": "true",  # login() completes the TOTP step (support/actions.py)
        }
    )
    # A developer's own settings must not leak in: the secret key is generated into VAR_DIR.
    for name in ("SECRET_KEY", "SECRET_KEY_FILE", "SECURE_SSL_REDIRECT", "BEHIND_PROXY"):
        env.pop(name, None)
    return env


def run_manage(env: dict[str, str], *args: str, timeout: float = COMMAND_TIMEOUT) -> str:
    command = [sys.executable, "manage.py", *args]
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            command,
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ServerError(f"`manage.py {' '.join(args)}` took over {timeout:.0f} s.") from error
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise ServerError(
            f"`manage.py {' '.join(args)}` failed (exit {result.returncode}):\n{output[-4000:]}"
        )
    return result.stdout


_RUN_COMMANDS = """
import json, sys
import django
from django.core.management import call_command
django.setup()
for args in json.loads(sys.argv[1]):
    print("== manage.py", *args, flush=True)
    call_command(*args)
"""


def run_commands(
    env: dict[str, str], commands: list[list[str]], *, timeout: float = COMMAND_TIMEOUT
) -> str:
    """Run several management commands in one process (Django starts once: faster)."""
    if not commands:
        return ""
    names = "; ".join(" ".join(args) for args in commands)
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter and our own script
            [sys.executable, "-c", _RUN_COMMANDS, json.dumps(commands)],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ServerError(f"`manage.py {names}` took over {timeout:.0f} s.") from error
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise ServerError(
            f"`manage.py {names}` failed (exit {result.returncode}):\n{output[-6000:]}"
        )
    return result.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    var_dir: Path,
    *,
    setup_commands: list[list[str]],
    worker: str = "",
    workers: int = 2,
    threads: int = 4,
) -> AppServer:
    """Prepare a database, run SETUP_COMMANDS (manage.py argument lists), serve it and wait."""
    var_dir.mkdir(parents=True, exist_ok=True)
    database_url = prepare_database(var_dir, worker)
    env = server_env(database_url, var_dir)
    run_commands(env, setup_commands)

    last_error = ""
    for _attempt in range(3):  # another process may take the free port before gunicorn binds it
        port = free_port()
        server = AppServer(f"http://127.0.0.1:{port}", database_url, var_dir, env)
        with server.log_path.open("ab") as log:
            server.process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "forebyg.wsgi",
                    "--preload",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--threads",
                    str(threads),
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "5",
                    "--access-logfile",
                    str(var_dir / "access.log"),
                    "--error-logfile",
                    "-",
                ],
                cwd=PROJECT_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_healthy(server)
        except ServerError as error:
            server.stop()
            last_error = str(error)
            if "Address already in use" in server.log_tail():
                continue
            raise
        return server
    raise ServerError(last_error)


def wait_until_healthy(server: AppServer, timeout: float = STARTUP_TIMEOUT) -> None:
    assert server.process is not None
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(
                f"gunicorn exited with {server.process.returncode} before answering /healthz.\n"
                f"--- server log ---\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(server.url("/healthz"), timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        time.sleep(0.1)
    raise ServerError(
        f"{server.base_url}/healthz did not answer 200 within {timeout:.0f} s (last: {last}).\n"
        f"--- server log ---\n{server.log_tail()}"
    )
