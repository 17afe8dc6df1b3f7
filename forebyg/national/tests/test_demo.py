"""The demo data: a short status history, created once."""

import pytest

from forebyg.national import demo
from forebyg.national.models import StatusUpdate

pytestmark = pytest.mark.django_db


def test_the_demo_history_is_loaded_once():
    first = demo.load()
    count = StatusUpdate.objects.count()

    assert len(first) == 2
    assert count == 3
    assert demo.load() == []
    assert StatusUpdate.objects.count() == count
