from __future__ import annotations

from django.http import HttpRequest
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from troubleshooter.urls import handler500
from troubleshooter.urls import urlpatterns as site_urlpatterns
from web.json_response import JsonResponse

__all__ = ["handler500", "urlpatterns"]


# Exempt like /api/classify, so that a POST to it is the same request with none of the work.
@csrf_exempt
def trivial(request: HttpRequest) -> JsonResponse:
    """The ceiling: Django's full middleware stack and a fixed JSON body, no work at all."""
    return JsonResponse({"ok": True})


# The site's patterns are spliced in, not included: an include() would put every site URL one
# resolver level deeper than in production, a cost the trivial view at the top would not pay.
urlpatterns = [path("bench/trivial", trivial), *site_urlpatterns]
