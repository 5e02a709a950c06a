from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from troubleshooter.checks import refuse_to_serve_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "troubleshooter.settings")

refuse_to_serve_without_secret_key()
application = get_wsgi_application()
