"""/healthz for load balancers: 200 when the database and the shared cache answer, 503 otherwise.

The shared cache (web.ratelimit.shared_cache) is the one the site cannot work without: rate limits,
key checks in flight and the KB version live there. The default cache may be this process's own
memory, which always answers and so would say nothing."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from web.json_response import JsonResponse
from web.ratelimit import shared_cache

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "not healthy"; the reason goes to the log
        logger.exception("health check: database did not answer")
        return False


def cache_answers() -> bool:
    try:
        cache = shared_cache()
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # a refused connection, a missing table, an unknown alias: all "not healthy"
        logger.exception("health check: the shared cache did not answer")
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_answers(), "cache": cache_answers()}
    healthy = all(checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
