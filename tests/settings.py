"""Test settings: the project's settings, with what a test run needs on top.

DATABASE_URL and REDIS_URL still apply, so the same suite runs on SQLite with the local-memory
cache and on PostgreSQL with Redis.
"""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_PLAIN_STATIC", "1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")

from troubleshooter.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests edit the KB and read the result at once; each test also starts with an empty cache.
KB_VERSION_RECHECK_SECONDS = 0
# Jobs run where they are called; nothing waits for a consumer.
HUEY = {**HUEY, "immediate": True}  # noqa: F405
