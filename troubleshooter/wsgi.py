from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from keycheck import preload_sdks
from troubleshooter.checks import refuse_to_serve_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "troubleshooter.settings")

refuse_to_serve_without_secret_key()
application = get_wsgi_application()
preload_sdks()  # before the first request, so that no key check's budget pays for the import
