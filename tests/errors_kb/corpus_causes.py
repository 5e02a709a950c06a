"""The KB entry that names the cause of each text in the labelled corpus (../shared/corpus/).

Chosen by reading each case and its label note, never from the classifier's output: the entry
whose cause is this problem's cause and whose fix, followed, fixes it. Where a generic entry and a
specific one both apply, the specific one is the answer. `None`: not a Gemini API error, nothing
may match. Keep this table in step with the KB when entries are added, split or renamed.
"""

from __future__ import annotations

CAUSES: dict[str, str | None] = {
    # labels.tsv
    "case_001.txt": "api-key-expired",
    "case_002.txt": "api-key-missing",  # API_KEY_INVALID, but the URL shows key=None: the key never loaded
    "case_003.txt": "api-key-missing",  # fell back to ADC because GOOGLE_API_KEY was not picked up
    "case_004.txt": "api-key-invalid",
    "case_005.txt": "api-key-invalid",
    "case_006.txt": "api-key-expired",
    "case_007.txt": "api-key-invalid",
    "case_008.txt": "api-key-missing",
    "case_009.txt": "api-key-invalid",
    "case_010.txt": "token-limit-exceeded",
    "case_011.txt": "token-limit-exceeded",
    "case_012.txt": "unsupported-mime-type",
    "case_013.txt": "schema-unknown-field",
    "case_014.txt": "token-limit-exceeded",
    "case_015.txt": "unsupported-mime-type",
    "case_016.txt": "token-limit-exceeded",
    "case_017.txt": "user-location-not-supported",
    "case_018.txt": "user-location-not-supported",
    "case_019.txt": "user-location-not-supported",
    "case_020.txt": "user-location-not-supported",
    "case_021.txt": "user-location-not-supported",  # "free tier is not available in your country"
    "case_022.txt": "user-location-not-supported",
    "case_023.txt": "user-location-not-supported",
    "case_024.txt": "model-retired",  # gemini-pro: retired, not misspelt
    "case_025.txt": "model-retired",
    "case_026.txt": "model-retired",
    "case_027.txt": "model-retired",
    "case_028.txt": "model-not-found",  # gemini-2.0-pro was never an ID (only -exp versions): a guessed name
    "case_029.txt": "model-retired",
    "case_030.txt": "vertex-model-global-only",  # Gemini 3 preview asked for in us-central1
    "case_031.txt": None,
    "case_032.txt": None,
    "case_033.txt": None,
    "case_034.txt": None,
    "case_035.txt": None,
    "case_036.txt": None,
    "case_037.txt": None,
    "case_038.txt": None,
    "case_039.txt": None,
    "case_040.txt": None,
    "case_041.txt": "consumer-suspended",
    "case_042.txt": "permission-denied",  # tuned model with an API key: the generic 403 entry covers it
    "case_043.txt": "permission-denied",
    "case_044.txt": "consumer-suspended",  # CONSUMER_INVALID
    "case_045.txt": "permission-denied",
    "case_046.txt": "api-key-service-blocked",
    "case_047.txt": "rate-limit-exceeded",
    "case_048.txt": "quota-free-tier-zero",  # quota_limit_value "0": no quota in that region, waiting never helps
    "case_049.txt": "rate-limit-exceeded",
    "case_050.txt": "rate-limit-exceeded",
    "case_051.txt": "rate-limit-exceeded",
    "case_052.txt": "quota-per-minute",  # input tokens per minute (free tier)
    "case_053.txt": "vertex-quota-base-model",
    "case_054.txt": "rate-limit-exceeded",
    "case_055.txt": "quota-per-minute",
    "case_056.txt": "quota-per-day",
    "case_057.txt": "recitation",
    "case_058.txt": "recitation",
    "case_059.txt": "recitation",  # finish_reason 4
    "case_060.txt": "response-blocked-safety",
    "case_061.txt": "prompt-blocked",
    "case_062.txt": "prompt-blocked-other",
    "case_063.txt": "prompt-blocked",
    "case_064.txt": "response-blocked-safety",
    "case_065.txt": "response-blocked-safety",
    "case_066.txt": "internal-error",
    "case_067.txt": "internal-error",
    "case_068.txt": "internal-error",
    "case_069.txt": "service-unavailable",
    "case_070.txt": "service-unavailable",
    "case_071.txt": "internal-error",
    "case_072.txt": "deadline-exceeded",
    "case_073.txt": "internal-error",
    "case_074.txt": "stream-incomplete-iteration",
    "case_075.txt": "stream-broken",
    "case_076.txt": "stream-broken",
    "case_077.txt": "stream-broken",  # chunk.text on the final chunk with no Part (finish reason STOP)
    "case_078.txt": "stream-broken",
    "case_079.txt": "vertex-adc-missing",
    "case_080.txt": "vertex-reauth-required",
    "case_081.txt": "vertex-reauth-required",  # stale ADC reported as UNAVAILABLE
    "case_082.txt": "vertex-adc-missing",
    "case_083.txt": "vertex-adc-missing",
    # labels-longtail.tsv
    "case_084.txt": "thought-signature-missing",
    "case_085.txt": "tool-config-without-functions",
    # The server's "Unknown name" answer (REFERENCE F-06); schema-field-not-supported is the SDK's own check.
    "case_086.txt": "schema-unknown-field",
    "case_087.txt": "thinking-budget-out-of-range",
    "case_088.txt": "thinking-budget-zero-not-allowed",  # "Thinking can't be disabled for this model"
    "case_089.txt": "cached-content-too-small",
    "case_090.txt": "token-limit-exceeded",
    "case_091.txt": "live-close-1007-invalid-setup",  # Live setup's tool schema: enum on a non-STRING type
    "case_092.txt": "live-model-not-supported",
    "case_093.txt": "user-location-not-supported",
    "case_094.txt": "grounding-not-supported",
    "case_095.txt": "builtin-tools-with-functions",
    "case_096.txt": "max-tokens-thinking-empty",
    "case_097.txt": "vertex-only-model-developer-api",
    "case_098.txt": "embed-batch-too-large",
    "case_099.txt": "openai-compat-unknown-field",
    "case_100.txt": "field-not-supported-v1",
    "case_101.txt": "schema-unknown-field",
    "case_102.txt": "model-closed-to-new-users",
    "case_103.txt": None,
    "case_104.txt": None,
    "case_105.txt": None,
    "case_106.txt": None,
    "case_107.txt": None,
    "case_108.txt": None,
    "case_109.txt": "quota-per-minute",
    "case_110.txt": "image-safety-filtered",
    "case_111.txt": "quota-per-minute",
    "case_112.txt": "prepaid-credits-depleted",
    "case_113.txt": "too-many-images",
    "case_114.txt": "internal-error",
    "case_115.txt": "api-key-expired",
    # Gemini Code Assist disabled for the account (ToS): appeal or use another account's key, as for a
    # suspended consumer; no entry is closer.
    "case_116.txt": "consumer-suspended",
    "case_117.txt": "vertex-iam-permission-denied",
    "case_118.txt": "legacy-code-on-google-genai",
    "case_119.txt": "stream-broken",  # Vertex stream read without alt=sse
}
