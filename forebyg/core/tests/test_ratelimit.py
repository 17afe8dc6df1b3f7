"""The fixed-window rate limit on the cache."""

import pytest
from django.core.cache import cache, caches
from django.utils import translation

from forebyg.core import ratelimit
from forebyg.core.ratelimit import RateLimited

DAY = 24 * 60 * 60
NOON = 1_750_000_000 - 1_750_000_000 % DAY + 12 * 60 * 60  # some day at 12:00 UTC


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_hits_are_allowed_up_to_the_limit_and_refused_after_it():
    results = [ratelimit.hit("k", limit=3, window_seconds=DAY, now=NOON) for _ in range(5)]

    assert results == [True, True, True, False, False]


def test_each_key_counts_on_its_own():
    for _ in range(2):
        ratelimit.hit("alice", limit=2, window_seconds=DAY, now=NOON)

    assert not ratelimit.hit("alice", limit=2, window_seconds=DAY, now=NOON)
    assert ratelimit.hit("bob", limit=2, window_seconds=DAY, now=NOON)


def test_a_new_window_starts_from_zero():
    ratelimit.hit("k", limit=1, window_seconds=DAY, now=NOON)
    assert not ratelimit.hit("k", limit=1, window_seconds=DAY, now=NOON + 60)

    assert ratelimit.hit("k", limit=1, window_seconds=DAY, now=NOON + DAY)


def test_the_window_is_fixed_not_sliding():
    end_of_day = NOON + 12 * 60 * 60 - 1
    ratelimit.hit("k", limit=1, window_seconds=DAY, now=end_of_day)

    # Two seconds later a new day has begun, although less than a day has passed.
    assert ratelimit.hit("k", limit=1, window_seconds=DAY, now=end_of_day + 2)


def test_a_limit_of_zero_refuses_everything():
    assert not ratelimit.hit("k", limit=0, window_seconds=DAY)


@pytest.mark.parametrize(("limit", "window"), [(-1, DAY), (1, 0), (1, -5)])
def test_nonsense_arguments_fail_loudly(limit, window):
    with pytest.raises(ValueError):
        ratelimit.hit("k", limit=limit, window_seconds=window)


def test_the_count_lives_in_the_cache():
    ratelimit.hit("k", limit=1, window_seconds=DAY)
    assert ratelimit.count("k", window_seconds=DAY) == 1

    cache.clear()

    assert ratelimit.count("k", window_seconds=DAY) == 0
    assert ratelimit.hit("k", limit=1, window_seconds=DAY)


def test_a_count_evicted_between_add_and_incr_starts_again(monkeypatch):
    calls = []

    def evicted(*args, **kwargs):
        calls.append(args)
        raise ValueError("Key not found")

    monkeypatch.setattr(caches["default"], "incr", evicted)

    assert ratelimit.hit("k", limit=1, window_seconds=DAY)
    assert calls
    assert ratelimit.count("k", window_seconds=DAY) == 1


def test_window_start_and_seconds_left():
    assert ratelimit.window_start(DAY, NOON) == NOON - 12 * 60 * 60
    assert ratelimit.seconds_left(DAY, NOON) == 12 * 60 * 60
    assert 1 <= ratelimit.seconds_left(DAY) <= DAY


def test_rate_limited_says_which_limit_and_when_to_retry():
    error = RateLimited("user", retry_after=120)

    assert error.scope == "user"
    assert error.retry_after == 120
    with translation.override("en"):
        assert "Too many requests" in str(error)
