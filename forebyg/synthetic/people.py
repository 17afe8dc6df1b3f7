# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Synthetic people: a name from the fixed lists marked "(syntetisk)", a CPR number of valid
form (a real date, the 7th digit matching the century, parity matching the gender) and a
pseudonym. Everything comes from the seeded random generator, so the same seed gives the same
people; the encrypted fields and the blind index are filled through the project's own classes."""

import datetime
import random
from typing import Any

from forebyg.cases.models import Gender
from forebyg.cases.references import ALPHABET
from forebyg.core import crypto
from forebyg.synthetic.catalogue import FIRST_NAMES, LAST_NAMES, SYNTHETIC_MARK

# Age at the concern in years: (youngest, oldest) -> weight. Most concerns are about young people.
AGE_BANDS = {(12, 17): 40, (18, 25): 35, (26, 40): 20, (41, 70): 5}
WITHOUT_CPR = 0.04  # a share of concerns name someone whose CPR number is not known


class Codes:
    """Random, unique, human-friendly codes (references.random_code's format) from the seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self, prefix: str, *groups: int) -> str:
        while True:
            parts = ["".join(self.rng.choices(ALPHABET, k=size)) for size in groups]
            code = "-".join([prefix, *parts])
            if code not in self.used:
                self.used.add(code)
                return code


def birth_date(rng: random.Random, on: datetime.date) -> datetime.date:
    youngest, oldest = rng.choices(list(AGE_BANDS), weights=list(AGE_BANDS.values()))[0]
    days = rng.randint(youngest * 365 + 1, oldest * 365 + 364)
    return on - datetime.timedelta(days=days)


def cpr_digits(born: datetime.date, female: bool, rng: random.Random) -> str:
    """Ten digits that parse_cpr reads back as `born`: 7th digit 0-3 for the 1900s, 4-9 (all
    meaning 2000-2036 for years up to 36) for this century; an even last digit for a woman."""
    seventh = rng.randint(0, 3) if born.year < 2000 else rng.randint(4, 9)
    last = rng.randrange(0, 10, 2) if female else rng.randrange(1, 10, 2)
    middle = rng.randint(0, 99)
    return f"{born:%d%m%y}{seventh}{middle:02d}{last}"


def make_person(
    municipality_id: int, on: datetime.date, rng: random.Random, codes: Codes
) -> dict[str, Any]:
    """The fields of one synthetic person of `municipality_id`, met at a concern on `on`."""
    female = rng.random() < 0.35
    born = birth_date(rng, on)
    digits = "" if rng.random() < WITHOUT_CPR else cpr_digits(born, female, rng)
    while digits in codes.used:  # one person per CPR number (a municipality may not hold two)
        digits = cpr_digits(born, female, rng)
    if digits:
        codes.used.add(digits)
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {SYNTHETIC_MARK}"
    return {
        "municipality_id": municipality_id,
        "name": name,
        "cpr": digits,
        "cpr_index": crypto.blind_index(digits, purpose="cpr") if digits else "",
        "birth_date": born,
        "gender": Gender.FEMALE if female else Gender.MALE,
        "pseudonym": codes.new("P", 6),
    }
