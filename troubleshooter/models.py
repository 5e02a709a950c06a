"""The table behind the "shared" cache (settings.CACHES) when there is no Redis.

Django's database cache expects this table; declaring it as a model lets `migrate` create it on
every deployment, test database and benchmark, so no separate createcachetable step can be
forgotten. Only the cache reads and writes it.
"""

from __future__ import annotations

from django.db import models


class SharedCacheEntry(models.Model):
    """The columns are the ones `createcachetable` would make for django.core.cache.backends.db."""

    cache_key = models.CharField(max_length=255, unique=True, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "shared_cache"

    def __str__(self) -> str:
        return self.cache_key
