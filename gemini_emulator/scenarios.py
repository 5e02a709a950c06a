"""What the emulator answers for each API key: one scenario per documented Gemini API failure.

The key picks the scenario, so a test or a person trying the troubleshooter chooses a failure by
pasting a key, with no other setting. The keys are a contract shared with the tests and the README,
whose table of keys is checked against SCENARIOS (tests/gemini_emulator/test_readme_table.py).

Which endpoints fail. Google checks the caller before anything else, so a rejected key fails on every
endpoint, models.list included. Quota, billing, region and capacity are checked where a model runs,
so for those keys models.list, models.get and countTokens still answer (countTokens has its own free
quota): that is why listing models proves only that the key is accepted (REFERENCE §4).
Auth failures come first, then an unknown model (404), then the scenario's own failure.

A blocked reply is an HTTP 200 whose body says so: the legacy SDK raises on `response.text`,
google-genai returns None.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .endpoints import ALL_ENDPOINTS, GENERATION_ENDPOINTS, Endpoint, RequestContext
from .errors import (
    ApiError,
    ErrorFactory,
    consumer_suspended,
    fixed_error,
    internal_error,
    key_invalid,
    key_leaked,
    legacy_key_rejected,
    prepay_depleted,
    quota_exhausted,
    service_blocked,
    service_disabled,
    unregistered_caller,
)

# Long enough that any client timeout under test fires first; the server cuts it short at shutdown.
HANG_SECONDS = 120.0

# A byte this often keeps every read timeout from firing, so only a budget on the whole call ends it.
TRICKLE_INTERVAL_SECONDS = 0.25

VALID_KEY = "AQ.fake-valid"
HANG_KEY = "AQ.fake-hang"
TRICKLE_KEY = "AQ.fake-trickle"


class Reply(enum.Enum):
    """What a 200 answer from generateContent or streamGenerateContent holds."""

    TEXT = "text"
    SAFETY = "safety"
    PROMPT_BLOCKED = "prompt_blocked"
    RECITATION = "recitation"
    STREAM_CUT = "stream_cut"


@dataclass(frozen=True)
class Scenario:
    key: str
    summary: str  # the README's line for this key, word for word
    error: ErrorFactory | None = None
    failing_endpoints: frozenset[Endpoint] = field(default_factory=frozenset)
    reply: Reply = Reply.TEXT
    hang: bool = False
    trickle: bool = False

    @property
    def rejects_caller(self) -> bool:
        """True for key failures: Google answers them before looking at the model or the request."""
        return self.error is not None and self.failing_endpoints == ALL_ENDPOINTS

    def error_for(self, context: RequestContext) -> ApiError | None:
        if self.error is None or context.endpoint not in self.failing_endpoints:
            return None
        return self.error(context)


_INVALID_KEY = key_invalid("API key not valid. Please pass a valid API key.")
_MODELS_STILL_LIST = "(listing models still works)"


def _rejected_key(key: str, summary: str, error: ErrorFactory) -> Scenario:
    return Scenario(key, summary, error, ALL_ENDPOINTS)


def _failed_generation(key: str, summary: str, error: ErrorFactory) -> Scenario:
    return Scenario(key, summary, error, GENERATION_ENDPOINTS)


SCENARIOS: dict[str, Scenario] = {
    scenario.key: scenario
    for scenario in (
        Scenario(VALID_KEY, "works"),
        _rejected_key(
            "AQ.fake-invalid", "400 `API_KEY_INVALID` (so does any key it does not know, as Google does)", _INVALID_KEY
        ),
        _rejected_key(
            "AQ.fake-expired", '400 "API key expired"', key_invalid("API key expired. Please renew the API key.")
        ),
        _rejected_key(
            "AQ.fake-legacykey", "401 `ACCESS_TOKEN_TYPE_UNSUPPORTED` (a rejected standard key)", legacy_key_rejected
        ),
        _rejected_key("AQ.fake-denied", "403 `SERVICE_DISABLED`, with the activation URL", service_disabled),
        _rejected_key("AQ.fake-blocked", "403 `API_KEY_SERVICE_BLOCKED`", service_blocked),
        _rejected_key("AQ.fake-leaked", '403 "reported as leaked"', key_leaked),
        _rejected_key(
            "AQ.fake-suspended",
            "403 `CONSUMER_SUSPENDED`; the message names the key, as Google's does",
            consumer_suspended,
        ),
        _failed_generation("AQ.fake-prepaid", f"402, prepaid credits depleted {_MODELS_STILL_LIST}", prepay_depleted),
        _failed_generation(
            "AQ.fake-quota",
            f"429 per-minute free-tier quota, `RetryInfo` 17 s {_MODELS_STILL_LIST}",
            quota_exhausted(
                quota_id="GenerateRequestsPerMinutePerProjectPerModel-FreeTier", limit=5, retry_seconds="17.482137"
            ),
        ),
        _failed_generation(
            "AQ.fake-daily",
            "429 per-day quota",
            quota_exhausted(
                quota_id="GenerateRequestsPerDayPerProjectPerModel-FreeTier", limit=20, retry_seconds="52.104771"
            ),
        ),
        _failed_generation(
            "AQ.fake-location",
            "400 `FAILED_PRECONDITION`, user location not supported",
            fixed_error(400, "FAILED_PRECONDITION", "User location is not supported for the API use."),
        ),
        _failed_generation(
            "AQ.fake-overloaded",
            "503 `UNAVAILABLE`, model overloaded",
            fixed_error(503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
        ),
        _failed_generation("AQ.fake-internal", "500 `INTERNAL`", internal_error),
        _failed_generation(
            "AQ.fake-deadline",
            "504 `DEADLINE_EXCEEDED`",
            fixed_error(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete."),
        ),
        Scenario("AQ.fake-safety", "200, finish reason `SAFETY` with safety ratings", reply=Reply.SAFETY),
        Scenario(
            "AQ.fake-promptblocked", "200, `promptFeedback.blockReason` and no candidates", reply=Reply.PROMPT_BLOCKED
        ),
        Scenario("AQ.fake-recitation", "200, finish reason `RECITATION` with citations", reply=Reply.RECITATION),
        Scenario(
            "AQ.fake-streamcut",
            'one good chunk, then an `INTERNAL` error chunk (tick "Also check a streaming call")',
            reply=Reply.STREAM_CUT,
        ),
        Scenario(HANG_KEY, "never answers in time: each call's timeout fires", hang=True),
        Scenario(
            TRICKLE_KEY,
            f"answers a byte every {TRICKLE_INTERVAL_SECONDS:g} s, so no read times out: "
            "only the key check's whole budget stops it",
            trickle=True,
        ),
    )
}

_UNKNOWN_KEY = _rejected_key("", "any other key: not valid, as Google answers", _INVALID_KEY)
_NO_KEY = _rejected_key("", "no key sent: an unregistered caller", unregistered_caller)


def scenario_for_key(api_key: str | None) -> Scenario:
    if not api_key:
        return _NO_KEY
    return SCENARIOS.get(api_key, _UNKNOWN_KEY)
