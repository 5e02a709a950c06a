"""POST /shared-pastes/: share an unanswered paste; /shared-pastes/<token>/delete/: delete it.

With htmx the offer under the answer is swapped for the outcome; without JavaScript a page says
the same. The delete link shows a confirm button (GET changes nothing: link previews and
prefetchers open links), and the button's POST deletes."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from web.htmx import HtmxHttpRequest, wants_fragment
from web.ratelimit import allow, client_ip

from .forms import SharePasteForm
from .services import DeleteLinkError, ShareRefused, delete_shared_paste, paste_for_token, share_paste

SHARED_PAGE = "inbox/shared.html"
DELETE_PAGE = "inbox/delete.html"
RATE_LIMITED = "Too many pastes shared from your address in the last minute: try again in a minute."


@dataclass(frozen=True)
class ShareOutcome:
    message: str
    status: int
    delete_url: str = ""
    truncated: bool = False


def share_outcome(request: HttpRequest) -> ShareOutcome:
    limit = settings.SHARE_PASTE_RATE_LIMIT_PER_MINUTE
    if not allow(scope="share-paste", client=client_ip(request), limit=limit):
        return ShareOutcome(RATE_LIMITED, status=429)
    form = SharePasteForm(request.POST)
    if not form.is_valid():
        return ShareOutcome(" ".join(str(problem) for problem in form.errors.get("text", [])), status=400)
    try:
        receipt = share_paste(form.cleaned_data["text"], max_bytes=settings.SHARED_PASTE_MAX_BYTES)
    except ShareRefused as refused:
        return ShareOutcome(str(refused), status=409)
    return ShareOutcome(
        "Thank you: your paste is shared, keys and tokens removed, so that we can document this error.",
        status=200,
        delete_url=reverse("errors_kb:shared-paste-delete", args=[receipt.delete_token]),
        truncated=receipt.paste.truncated,
    )


@require_POST
@sensitive_post_parameters("text")  # redacted already, but a paste is never worth an error report
def share(request: HtmxHttpRequest) -> HttpResponse:
    outcome = share_outcome(request)
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
