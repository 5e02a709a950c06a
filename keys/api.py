"""POST /api/key-check, for scripts and CI. Thin: parsing and status codes here, the work in services."""

from __future__ import annotations

from django.http import HttpRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from web.bodies import BadRequestBody, api_error, read_json_or_text
from web.json_response import JsonResponse

from .admission import Refusal
from .services import KeyCheckInputError, key_check_json, key_check_request, run_admitted

KEY_CHECK_BODY_LIMIT = 64 * 1024


# Stateless and cookie-free like /api/classify. The key arrives in the JSON body, which Django's
# error reports never include; sensitive_variables keeps it out of tracebacks too.
@csrf_exempt
@require_POST
@sensitive_variables("body", "check")
def key_check_api(request: HttpRequest) -> JsonResponse:
    try:
        body = read_json_or_text(request, body_limit=KEY_CHECK_BODY_LIMIT, text_allowed=False)
    except BadRequestBody as error:
        return api_error(str(error), status=error.status)
    if not isinstance(body, dict):
        return api_error(
            'Send JSON: {"api_key": "...", "sdk": "google-genai", "model": "...", "stream": false}.', status=415
        )
    try:
        check = key_check_request(
            api_key=body.get("api_key"), sdk=body.get("sdk"), model=body.get("model"), stream=body.get("stream", False)
        )
    except KeyCheckInputError as error:
        return api_error(str(error), status=400)
    outcome = run_admitted(request, check)
    if isinstance(outcome, Refusal):
        response = api_error(outcome.message, status=outcome.status)
        if outcome.retry_after is not None:
            response["Retry-After"] = str(outcome.retry_after)
        return response
    return JsonResponse(key_check_json(outcome))
