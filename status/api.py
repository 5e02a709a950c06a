from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from .presenters import status_json, status_page


@require_GET
def status_api(request: HttpRequest) -> JsonResponse:
    return JsonResponse(status_json(status_page()))
