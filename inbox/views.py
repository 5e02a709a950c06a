"""POST /shared-pastes/: share an unanswered paste; /shared-pastes/<token>/delete/: delete it.

With htmx the offer under the answer is swapped for the outcome; without JavaScript a page says
the same. The delete link shows a confirm button (GET changes nothing: link previews and
prefetchers open links), and the button's POST deletes."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from web.htmx import HtmxHttpRequest, wants_fragment
from web.ratelimit import client_ip

from .forms import SharePasteForm
from .services import DeleteLinkError, delete_shared_paste, paste_for_token, share_outcome

SHARED_PAGE = "inbox/shared.html"
DELETE_PAGE = "inbox/delete.html"


@require_POST
@sensitive_post_parameters("text")  # redacted already, but a paste is never worth an error report
def share(request: HtmxHttpRequest) -> HttpResponse:
    outcome = share_outcome(SharePasteForm(request.POST), client=client_ip(request))
    context = {"outcome": outcome, "retention_days": settings.SHARED_PASTE_RETENTION_DAYS}
    # htmx 2 swaps nothing on a 4xx: the fragment is always 200, the page keeps the real status.
    if wants_fragment(request):
        return render(request, SHARED_PAGE + "#outcome", context)
    return render(request, SHARED_PAGE, context, status=outcome.status)


@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, token: str) -> HttpResponse:
    context: dict[str, object] = {"retention_days": settings.SHARED_PASTE_RETENTION_DAYS}
    try:
        if request.method == "POST":
            delete_shared_paste(token)
            context["deleted"] = True
        else:
            context["paste"] = paste_for_token(token)
    except DeleteLinkError as problem:
        context["problem"] = str(problem)
        return render(request, DELETE_PAGE, context, status=problem.status)
    return render(request, DELETE_PAGE, context)
