"""Random, human-friendly identifiers (references, pseudonyms). Never sequential: a reference
must not reveal how many cases a municipality has."""

import secrets

# No 0/O, 1/I/L: easy to read aloud on the phone and to type back.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def random_code(prefix: str, *groups: int) -> str:
    """prefix-XXXX-XXXX with random characters from ALPHABET, one group per length given."""
    parts = ["".join(secrets.choice(ALPHABET) for _ in range(size)) for size in groups]
    return "-".join([prefix, *parts])


def normalise(reference: str) -> str:
    """A reference as typed (spaces, lower case) in its stored form."""
    return "".join(reference.split()).upper()
