"""Stored publications (decision 0013): a suppressed scope's publication for one period, built
once and served to every reader until it is republished. A row holds only what the page shows:
published counts, the marks of hidden cells and the keys of the rows and columns; a hidden
count is never stored."""

from django.db import models


class StoredPublication(models.Model):
    scope_key = models.CharField(max_length=100)  # StatScope.key: "national"
    period_key = models.CharField(max_length=20)  # "2025Q1-2025Q4"
    built_at = models.DateTimeField()
    data = models.JSONField()  # forebyg.stats.store.serialise

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope_key", "period_key"], name="stats_one_publication_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_key} {self.period_key} ({self.built_at:%Y-%m-%d %H:%M})"
