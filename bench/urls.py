from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


# Exempt like /api/classify, so that a POST to it is the same request with none of the work.
@csrf_exempt
def trivial(request: HttpRequest) -> JsonResponse:
    """The ceiling: Django's full middleware stack and a fixed JSON body, no work at all."""
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/trivial", trivial),
    path("", include("troubleshooter.urls")),
]
