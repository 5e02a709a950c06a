"""GET /api/status: the verdicts, incidents and feed health as JSON (described in status/openapi.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from web.json_response import JsonResponse

from .presenters import status_json, status_page


# Read-only and cookie-free: any other method gets a 405 from require_GET, not a CSRF 403.
@csrf_exempt
@require_GET
def status_api(request: HttpRequest) -> JsonResponse:
    return JsonResponse(status_json(status_page()))
