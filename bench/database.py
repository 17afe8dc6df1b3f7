"""The benchmark database: created if missing, migrated, and filled with the synthetic dataset of
the requested size and seed. Data already there with that size and seed is kept (the marker event
of forebyg.synthetic); a database holding anything else is dropped and made anew."""

import contextlib
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import django


def _postgres(url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement)


def _create(url: str) -> None:
    if url.startswith("sqlite"):
        Path(urlsplit(url).path).parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with contextlib.suppress(psycopg.errors.DuplicateDatabase):
        _postgres(url, f'CREATE DATABASE "{name}"')


def _drop(url: str) -> None:
    if url.startswith("sqlite"):
        path = urlsplit(url).path
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        return
    name = urlsplit(url).path.lstrip("/")
    _postgres(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _holds(cases: int, seed: int) -> bool | None:
    """True: this dataset is here; None: the database is empty; False: something else is."""
    from forebyg.cases.models import Case
    from forebyg.synthetic.generator import marker

    found = marker()
    if found and found.get("cases") == cases and found.get("seed") == seed:
        return True
    return None if not Case.objects.exists() else False


def prepare(cases: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connections

    url = os.environ["DATABASE_URL"]
    _create(url)
    django.setup()
    call_command("migrate", verbosity=0, stdout=sys.stderr)
    held = _holds(cases, seed)
    if held is False:
        print(f"bench: {url} holds other data; making it anew", file=sys.stderr)
        connections.close_all()
        _drop(url)
        _create(url)
        call_command("migrate", verbosity=0, stdout=sys.stderr)
    if not held:
        call_command("generate_synthetic", cases=cases, seed=seed, verbosity=2, stdout=sys.stderr)
