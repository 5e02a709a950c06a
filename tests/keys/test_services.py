"""keys.services: a key check run against the emulator, and its failure classified against the KB."""

from __future__ import annotations

from keycheck import KEY_ACCEPTED, MODELS_REACHABLE, ONE_TOKEN_CALL
from keys.services import key_check_json, key_check_request, run_key_check


def test_quota_key_still_lists_models_before_the_one_token_call_fails(site_uses_emulator) -> None:
    # The advice on a quota failure (which quota, when to retry) is the KB entry's, not the step's.
    report = run_key_check(key_check_request(api_key="AQ.fake-quota", model="gemini-3.5-flash"))
    steps = {step.id: step for step in report.result.steps}
    assert steps[KEY_ACCEPTED.id].ok and steps[MODELS_REACHABLE.id].ok
    assert steps[ONE_TOKEN_CALL.id].ok is False
    assert "RESOURCE_EXHAUSTED" in report.result.error_text
    assert report.classification is not None and report.classification.best is not None
    assert report.classification.best.slug == "quota-per-minute"
    assert key_check_json(report)["facts"]["retry_delay_seconds"] == 17.0
