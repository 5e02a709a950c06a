"""Secrets in every shape and encoding a paste brings them in, and look-alikes that are no secret.

Shared by the redaction unit tests (tests/classifier) and the tests of every output (tests/paste).
The tokens are made up: random-looking, with digits spread through them as real keys have.
"""

from __future__ import annotations

import base64
import json
import random
import string
from dataclasses import dataclass

_TOKEN_CHARS = string.ascii_letters + string.digits + "-_"


def token(seed: str, length: int, alphabet: str = _TOKEN_CHARS) -> str:
    """`length` made-up token characters, the same for the same seed, a digit every seventh."""
    chars = random.Random(seed).choices(alphabet, k=length)
    for place in range(3, length, 7):
        chars[place] = random.Random(seed + str(place)).choice(string.digits)
    return "".join(chars)


@dataclass(frozen=True)
class SecretCase:
    label: str
    text: str  # the secret as a paste holds it, with what stands around it
    secret: str  # its characters: no eight of them in a row may be shown


def leaked(case: SecretCase, shown: str) -> str | None:
    """The first eight characters in a row of the secret's middle that `shown` holds, if any."""
    margin = len(case.secret) // 5
    middle = case.secret[margin : len(case.secret) - margin]
    return next((middle[i : i + 8] for i in range(len(middle) - 7) if middle[i : i + 8] in shown), None)


GOOGLE_KEY = "AIza" + token("google", 35)
AUTH_KEY = "AQ." + token("auth", 40)
ACCESS_TOKEN = "ya29.a0" + token("access", 60)
REFRESH_TOKEN = "1//0g" + token("refresh", 60)
JWT = (
    ".".join(
        base64.urlsafe_b64encode(json.dumps(part).encode()).decode().rstrip("=")
        for part in ({"alg": "RS256", "typ": "JWT"}, {"iss": "someone@example.iam.gserviceaccount.com", "n": 12345})
    )
    + "."
    + token("signature", 43)
)
PEM_BODY_LINES = [token(f"pem{line}", 64, string.ascii_letters + string.digits + "+/") for line in range(6)]
PEM_BODY = "".join(PEM_BODY_LINES)
OPAQUE = token("opaque", 40)
BASIC = base64.b64encode(f"admin:{token('password', 18)}".encode()).decode()


def _wrapped(prefix: str, key: str, at: int) -> str:
    """`key` after `prefix` as a terminal that wraps at that place shows it: on two lines."""
    return f"{prefix}{key[:at]}\n{key[at:]}"


SECRET_CASES: tuple[SecretCase, ...] = (
    # Google API keys, standard (AIza) and auth keys (AQ.).
    SecretCase("AIza in a query string", f"GET /v1beta/models?key={GOOGLE_KEY} HTTP/1.1", GOOGLE_KEY),
    SecretCase("AIza bare", f"using {GOOGLE_KEY} for the call", GOOGLE_KEY),
    SecretCase("AIza JSON-escaped once", f'{{\\"x-goog-api-key\\": \\"{GOOGLE_KEY}\\"}}', GOOGLE_KEY),
    SecretCase("AIza JSON-escaped twice", f'\\\\\\"x-goog-api-key\\\\\\": \\\\\\"{GOOGLE_KEY}\\\\\\"', GOOGLE_KEY),
    *(SecretCase(f"AIza cut after {at}", _wrapped("key=", GOOGLE_KEY, at), GOOGLE_KEY) for at in range(1, 39)),
    SecretCase("AQ in a header", f"x-goog-api-key: {AUTH_KEY}", AUTH_KEY),
    SecretCase("AQ URL-encoded", f"POST /v1beta/models/x:generateContent?key={AUTH_KEY.replace('.', '%2E')}", AUTH_KEY),
    SecretCase("AQ in a dict repr", f"{{'api_key': '{AUTH_KEY}'}}", AUTH_KEY),
    *(
        SecretCase(f"AQ cut after {at}", _wrapped("GEMINI_API_KEY=", AUTH_KEY, at), AUTH_KEY)
        for at in (1, 2, 3, 4, 10, 21, 33, len(AUTH_KEY) - 3)
    ),
    # OAuth tokens, JWTs, Bearer and Basic credentials.
    SecretCase("access token as Bearer", f"Authorization: Bearer {ACCESS_TOKEN}", ACCESS_TOKEN),
    SecretCase("Bearer URL-encoded", f"Authorization: Bearer%20{ACCESS_TOKEN.replace('.', '%2E')}", ACCESS_TOKEN),
    SecretCase("access token in a query", f"?alt=sse&access_token={ACCESS_TOKEN.replace('.', '%2E')}", ACCESS_TOKEN),
    SecretCase(
        "refresh token in JSON", f'{{"refresh_token": "{REFRESH_TOKEN}", "type": "authorized_user"}}', REFRESH_TOKEN
    ),
    SecretCase("refresh token bare", f"token {REFRESH_TOKEN} expired", REFRESH_TOKEN),
    SecretCase("JWT bare", f"assertion={JWT}", JWT),
    SecretCase("JWT as id_token", f'"id_token": "{JWT}"', JWT),
    SecretCase("Basic credentials", f"-H 'Authorization: Basic {BASIC}'", BASIC),
    SecretCase("Basic credentials bare", f"sent Basic {BASIC} to the proxy", BASIC),
    # Service-account private keys: whole, as one JSON line, and cut before the END line.
    SecretCase(
        "private key",
        "-----BEGIN PRIVATE KEY-----\n" + "\n".join(PEM_BODY_LINES) + "\n-----END PRIVATE KEY-----",
        PEM_BODY,
    ),
    SecretCase(
        "private key in JSON",
        '{"private_key": "-----BEGIN PRIVATE KEY-----\\n'
        + "\\n".join(PEM_BODY_LINES)
        + '\\n-----END PRIVATE KEY-----\\n"}',
        PEM_BODY,
    ),
    SecretCase(
        "private key cut short",
        "-----BEGIN PRIVATE KEY-----\n" + "\n".join(PEM_BODY_LINES[:4]),
        "".join(PEM_BODY_LINES[:4]),
    ),
    SecretCase(
        "private key cut short in JSON",
        '"private_key": "-----BEGIN RSA PRIVATE KEY-----\\n' + "\\n".join(PEM_BODY_LINES[:3]),
        "".join(PEM_BODY_LINES[:3]),
    ),
    # Other vendors' keys, bare and in their headers.
    *(
        SecretCase(f"{label} {where}", text.format(key=key), key)
        for label, key in (
            ("OpenAI", "sk-" + token("openai", 48, string.ascii_letters + string.digits)),
            ("OpenAI project", "sk-proj-" + token("openai-project", 64)),
            ("Anthropic", "sk-ant-api03-" + token("anthropic", 80) + "-AA"),
            ("GitHub", "ghp_" + token("github", 36, string.ascii_letters + string.digits)),
            ("GitHub fine-grained", "github_pat_11A" + token("github-pat", 70, string.ascii_letters + string.digits)),
            ("AWS", "AKIA" + token("aws", 16, string.ascii_uppercase + string.digits)),
            ("Slack", "xoxb-1234567890-" + token("slack", 24, string.ascii_letters + string.digits)),
            ("Stripe", "sk_live_51" + token("stripe", 40, string.ascii_letters + string.digits)),
            ("Hugging Face", "hf_" + token("hf", 34, string.ascii_letters + string.digits)),
            ("Groq", "gsk_" + token("groq", 52, string.ascii_letters + string.digits)),
            ("xAI", "xai-" + token("xai", 80, string.ascii_letters + string.digits)),
        )
        for where, text in (("bare", "client = Client({key})"), ("in x-api-key", "x-api-key: {key}"))
    ),
    # Any long opaque value after a key-like name.
    *(
        SecretCase(f"value of {label}", text.format(value=OPAQUE), OPAQUE)
        for label, text in (
            ("key in JSON", '{{"key": "{value}"}}'),
            ("api_key JSON-escaped", '{{\\"api_key\\": \\"{value}\\"}}'),
            ("api_key JSON-escaped twice", '{{\\\\\\"api_key\\\\\\": \\\\\\"{value}\\\\\\"}}'),
            ("apikey in a dict repr", "{{'apikey': '{value}'}}"),
            ("token in YAML", "token: {value}"),
            ("secret in env", "export CLIENT_SECRET={value}"),
            ("password in a query", "?user=me&password={value}"),
            ("authorization header", "authorization: {value}"),
            ("x-api-key header", "x-api-key: {value}"),
            ("x-goog-api-key header", "x-goog-api-key: {value}"),
            ("api_key keyword", "genai.Client(api_key='{value}')"),
            ("API key in prose", "my API key: {value}"),
            ("api_key URL-encoded", "%22api_key%22%3A%22{value}%22"),
            ("api_key HTML-escaped", "&quot;api_key&quot;: &quot;{value}&quot;"),
        )
    ),
)

# No secret here: each of these comes back from redaction as it went in.
LOOK_ALIKES: tuple[str, ...] = (
    "models/gemini-2.5-flash-preview-05-20 is not found for API version v1beta",
    '"model": "gemini-3.5-flash-lite", "modelVersion": "gemini-3.5-flash-lite-001"',
    "x-request-id: 7f3a2b1c-1234-4abc-9def-0123456789ab",
    '"requestId": "a1B2c3D4e5F6g7H8i9J0", "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"',
    "https://github.com/googleapis/python-genai/blob/3f786850e387550fdab836ed7e6dc881de23001b/google/genai/errors.py",
    "https://storage.googleapis.com/bucket/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.json",
    "'quotaId': 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', 'quotaValue': '10'",
    '"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_input_token_count"',
    "'@type': 'type.googleapis.com/google.rpc.ErrorInfo', 'reason': 'API_KEY_INVALID'",
    "API key not valid. Please pass a valid API key.",
    'metadata { key: "quota_limit_value" value: "15" }',
    '"usageMetadata": {"promptTokenCount": 12, "totalTokenCount": 12345678}, "maxOutputTokens": 8192',
    "cache.redis slow get key=doc:1234 took 51 ms",
    'client = genai.Client(api_key=os.environ["GEMINI_API_KEY"])',
    "api_key=userdata.get('GOOGLE_API_KEY'); genai.configure(api_key=GOOGLE_API_KEY)",
    'curl -H "x-goog-api-key: $GEMINI_API_KEY" -H "Authorization: Bearer $(gcloud auth print-access-token)"',
    "Basic authentication is not supported; use a bearer token instead.",
    '"thoughtSignature": "CtwBAVSoXO4k2Y9dQmJ1xN8vR3fT6hL0pW5sZ7aC2eG4iK"',
)
