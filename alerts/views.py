"""The alert pages: subscribe (the form on /status/ posts here), check your inbox, confirm, unsubscribe.
Thin: the work is in services. Every page works without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from web.htmx import HtmxHttpRequest, wants_fragment

from . import services
from .forms import SubscribeForm
from .mail import status_page_path
from .services import LinkOutcome, LinkResult

# A link that cannot be used is the client's problem, never a 500: 400 for a forged or broken
# token, 410 for one that was genuine but has expired or whose subscription is gone.
LINK_STATUS = {LinkOutcome.INVALID: 400, LinkOutcome.EXPIRED: 410, LinkOutcome.GONE: 410}


@sensitive_post_parameters("email")  # keeps the address out of error reports
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def subscribe(request: HtmxHttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"alerts_form": form}
    if form.is_valid():
        if services.subscribe_allowed(request):
            services.subscribe(email=form.cleaned_data["email"], watch=form.watch, now=timezone.now())
            if not wants_fragment(request):
                return redirect("errors_kb:alerts-check-inbox")
            # The same answer for every address; the form comes back empty for the next one.
            context = {"alerts_form": SubscribeForm(), "alerts_sent": True}
        else:
            context["alerts_rate_limited"] = services.rate_limited_message()
    # Always 200, as on the other forms: htmx 2 swaps nothing on a 4xx.
    template = "alerts/subscribe.html"
    if request.method == "POST" and wants_fragment(request):
        template = "alerts/_subscribe_form.html#alerts_subscribe_swap"
    return render(request, template, context)


@require_GET
def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/check_inbox.html")


@csrf_exempt  # see unsubscribe: the signed token is the proof
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        result = services.confirm(token, now=timezone.now())
    else:
        result = services.check_confirm_link(token)
    return _link_page(request, "alerts/confirm.html", result)


# Mail apps unsubscribe with a bare POST (RFC 8058: body "List-Unsubscribe=One-Click") and no
# cookie or CSRF token. The signed token in the URL is the proof, which no other site can forge,
# so CSRF protection adds nothing here (or to confirming); and its failure log would hold the token.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    result = services.unsubscribe(token) if request.method == "POST" else services.check_unsubscribe_link(token)
    status = 200 if result.outcome is LinkOutcome.GONE else LINK_STATUS.get(result.outcome, 200)
    return _link_page(request, "alerts/unsubscribe.html", result, status=status)


def _link_page(request: HttpRequest, template: str, result: LinkResult, *, status: int | None = None) -> HttpResponse:
    context = {"outcome": result.outcome.value, "watch": result.watch, "status_url": status_page_path()}
    response = render(request, template, context, status=status or LINK_STATUS.get(result.outcome, 200))
    # The token is in the URL: no cache keeps this page (and the site's same-origin referrer
    # policy shows the URL to no other site).
    response["Cache-Control"] = "no-store"
    return response
