"""Pastes written for the tests (not copied from the KB or the corpus), shared by several files."""

from __future__ import annotations

# Written for these tests (not copied from the KB): google-genai on the free tier, requests per minute.
# The error line is one line in the paste; the backslashes only wrap it here.
QUOTA_PER_MINUTE_PASTE = """\
Traceback (most recent call last):
  File "/srv/app/summarise.py", line 41, in summarise
    response = client.models.generate_content(model="gemini-2.5-flash", contents=prompt)
  File "/srv/app/.venv/lib/python3.12/site-packages/google/genai/models.py", line 5987, in generate_content
    response = self._generate_content(
google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': 'You \
exceeded your current quota, please check your plan and billing details. For more information on this \
error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.', 'status': 'RESOURCE_EXHAUSTED', \
'details': [{'@type': 'type.googleapis.com/google.rpc.QuotaFailure', 'violations': [{'quotaMetric': \
'generativelanguage.googleapis.com/generate_content_free_tier_requests', 'quotaId': \
'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', 'quotaDimensions': {'location': 'global', \
'model': 'gemini-2.5-flash'}, 'quotaValue': '10'}]}, {'@type': \
'type.googleapis.com/google.rpc.RetryInfo', 'retryDelay': '26s'}]}}
"""


QUOTA_PASTE = (
    "google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': "
    "'You exceeded your current quota.', 'status': 'RESOURCE_EXHAUSTED', 'details': [{'@type': "
    "'type.googleapis.com/google.rpc.QuotaFailure', 'violations': [{'quotaId': "
    "'GenerateRequestsPerMinutePerProjectPerModel-FreeTier'}]}, {'@type': "
    "'type.googleapis.com/google.rpc.RetryInfo', 'retryDelay': '17s'}]}}"
)
KEY_PASTE = (
    "google.api_core.exceptions.InvalidArgument: 400 POST https://generativelanguage.googleapis.com/v1beta/"
    "models/gemini-3.5-flash:generateContent?key=AIzaSyD-1234567890abcdefghijklmnopqrstu: API key not valid. "
    'Please pass a valid API key. [reason: "API_KEY_INVALID"]'
)
