"""What a secret looks like in a paste: one RE2 pattern per shape, whatever the vendor or encoding.

Each shape is the secret and what must stand around it (a name such as `api_key=`, a scheme such
as `Bearer `, a PEM header), which stays readable. The shapes allow for the ways a secret reaches
a paste: JSON-escaped once or twice (`\\"api_key\\": ...`), URL-encoded (`AQ%2E...`,
`Bearer%20...`), HTML-escaped, and cut over two lines by a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SecretShape:
    """A secret (RE2), with what must stand before it (a name, a scheme, a PEM header: it stays
    readable) and after it (where a value ends). No capturing groups: RE2 finds group-less
    matches with its DFA alone, several times faster on a paste full of keys."""

    name: str
    secret: str
    before: str = ""
    after: str = ""

    @property
    def pattern(self) -> str:
        if not self.before and not self.after:
            return self.secret
        return f"{self.before}(?:{self.secret}){self.after}"


# A line break, or one escaped in JSON or a Python repr: where a terminal cut a key in two.
_LINE_BREAK = r"(?:\r?\n|\\r?\\n)"
# The characters of URL-safe base64 tokens.
_B64URL = r"[0-9A-Za-z_\-]"
_B64 = r"[A-Za-z0-9+/]"
# A value as code, configs and headers write it: anything up to a quote, space or separator.
# Neither `:` nor an opening bracket may follow a value (see _END), so `key=doc:12` and
# `api_key=os.getenv(...)` are not values but a prefix and code.
_VALUE_CHAR = r"[^\s\"'`,;:&<>()\[\]{}\\|#]"
_END = r"(?:[\s\"'`,;&<>)}\]\\|#]|$)"
# A header's value starts with anything but `$`: `$GEMINI_API_KEY` names a variable in a shell.
_HEADER_VALUE_START = r"[^\s\"'`,;:&<>()\[\]{}\\|#$]"
# A quote, also escaped once or twice (\" or \\\"), URL-encoded or HTML-escaped.
_QUOTE = r"(?:\\*[\"'`]|%2[27]|&quot;|&#x?0*(?:22|27|34|39);)"
_SEPARATOR = _QUOTE + r"?[ \t]*(?:[:=]{1,2}>?|%3[AaDd])[ \t]*(?:" + _QUOTE + r"|%20)*"
_SCHEME_GAP = r"(?:[ \t]+|%20|\+)"


def _with_digit(char: str, length: int) -> str:
    """At least `length` of `char` with a digit among them: how a random token differs from a
    name such as GEMINI_API_KEY or process.env.KEY. RE2 has no lookahead, so every place the first
    digit may stand before the minimum length is an alternative."""
    places = [f"{char}{{{before}}}[0-9]{char}{{{length - 1 - before},}}" for before in range(length - 1)]
    places.append(f"{char}{{{length - 1},}}[0-9]{char}*")
    return "|".join(places)


# Random enough to be a secret: 8 characters with a digit, or 32 of any kind.
_OPAQUE_VALUE = f"(?:{_with_digit(_VALUE_CHAR, 8)}|{_VALUE_CHAR}{{32,}})"


def _cut_anywhere(prefix: str, body: str, length: int) -> str:
    """A key of a fixed `length` of `body` characters after `prefix`, cut by one line break at
    any place, the prefix included: the length says where the key ends on the second line."""
    cuts = [
        f"{re.escape(prefix[:at])}{_LINE_BREAK}{re.escape(prefix[at:])}{body}{{{length}}}"
        for at in range(1, len(prefix))
    ]
    cuts += [f"{re.escape(prefix)}{body}{{{at}}}{_LINE_BREAK}{body}{{{length - at}}}" for at in range(length)]
    return "|".join(cuts)


# Auth keys have no fixed length: a token that ends a line goes on with the next line's first
# run of token characters when that run holds a digit, as random text does and words rarely do.
_AUTH_KEY_CHAR = r"[0-9A-Za-z_\-.]"
_AUTH_KEY_CUTS = (
    rf"A{_LINE_BREAK}Q\.{_AUTH_KEY_CHAR}{{8,}}",
    rf"AQ{_LINE_BREAK}\.{_AUTH_KEY_CHAR}{{8,}}",
    rf"AQ\.{_AUTH_KEY_CHAR}*{_LINE_BREAK}{_AUTH_KEY_CHAR}*[0-9]{_AUTH_KEY_CHAR}*",
)

# Other providers' keys, by their documented prefixes.
_PROVIDER_KEYS = (
    r"sk-[0-9A-Za-z_\-]{20,}",  # OpenAI (sk-, sk-proj-, sk-svcacct-), Anthropic (sk-ant-), OpenRouter
    r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}",  # Stripe
    r"whsec_[0-9A-Za-z]{20,}",  # Stripe webhook secrets
    r"gh[pousr]_[0-9A-Za-z]{30,}",  # GitHub tokens
    r"github_pat_[0-9A-Za-z_]{30,}",
    r"glpat-[0-9A-Za-z_\-]{20,}",  # GitLab
    r"(?:AKIA|ASIA)[0-9A-Z]{16}",  # AWS access key IDs
    r"xox[abposr]-[0-9A-Za-z\-]{10,}",  # Slack
    r"hf_[0-9A-Za-z]{30,}",  # Hugging Face
    r"gsk_[0-9A-Za-z]{30,}",  # Groq
    r"xai-[0-9A-Za-z]{30,}",  # xAI
    r"pplx-[0-9A-Za-z]{30,}",  # Perplexity
    r"r8_[0-9A-Za-z]{30,}",  # Replicate
    r"npm_[0-9A-Za-z]{30,}",  # npm
    r"GOCSPX-[0-9A-Za-z_\-]{20,}",  # Google OAuth client secrets
    r"SG\.[0-9A-Za-z_\-]{16,}\.[0-9A-Za-z_\-]{16,}",  # SendGrid
)

# Names whose value is a credential: api_key, GEMINI_API_KEY, x-goog-api-key, "API key", token,
# access_token, client_secret, password, ... The value must look random (see _OPAQUE_VALUE).
_SECRET_NAME = r"(?:key|token|secret|password|passwd|passphrase|credentials?|authorization)"

SECRET_SHAPES: tuple[SecretShape, ...] = (
    # Standard Google API keys: "AIza" and 35 more characters, whole or cut over two lines.
    SecretShape("google-api-key", f"{_cut_anywhere('AIza', _B64URL, 35)}|AIza{_B64URL}{{30,}}"),
    # Auth keys bound to a service account: "AQ." and an opaque token, the dot maybe URL-encoded.
    SecretShape("google-auth-key", rf"\b(?:{'|'.join(_AUTH_KEY_CUTS)}|AQ(?:\.|%2[Ee])[0-9A-Za-z_\-.%]{{8,}})"),
    # OAuth 2 access and refresh tokens.
    SecretShape("oauth-access-token", r"\bya29(?:\.|%2[Ee])[0-9A-Za-z_\-.%]{8,}"),
    SecretShape("oauth-refresh-token", r"\b1(?://|%2[Ff]%2[Ff])[0-9A-Za-z_\-]{20,}"),
    SecretShape("jwt", rf"\beyJ{_B64URL}{{8,}}\.eyJ{_B64URL}{{8,}}\.{_B64URL}*"),
    # A private key (a service-account JSON pasted by mistake), also cut short before its END line.
    SecretShape(
        "private-key",
        r"(?:[A-Za-z0-9+/=]|\\+[nrt]|\r?\n[ \t]*)+(?:-----END [A-Z ]*PRIVATE KEY-----)?",
        before=r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
    ),
    SecretShape("provider-key", rf"\b(?:{'|'.join(_PROVIDER_KEYS)})"),
    # Bearer tokens whatever they look like; Basic credentials where they look like base64.
    SecretShape("bearer", r"[0-9A-Za-z_\-.~+/=%]{8,}", before=rf"\b(?i:bearer){_SCHEME_GAP}"),
    SecretShape("basic", rf"(?:{_with_digit(_B64, 8)}|{_B64}{{6,}}=)=?", before=rf"\bBasic{_SCHEME_GAP}"),
    # An authorization header's value after its scheme, and an API-key header's: whatever they look like.
    SecretShape(
        "authorization",
        rf"{_HEADER_VALUE_START}{_VALUE_CHAR}{{5,}}",
        before=rf"\b(?i:(?:proxy-)?authorization{_SEPARATOR}(?:bearer|basic|token|digest|apikey|key)){_SCHEME_GAP}",
        after=_END,
    ),
    SecretShape(
        "api-key-header",
        rf"{_HEADER_VALUE_START}{_VALUE_CHAR}{{3,}}",
        before=rf"\b(?i:x-goog-api-key|x-api-key|api-key){_SEPARATOR}",
        after=_END,
    ),
    # Keys in query strings: ?key=..., &access_token=..., also in a URL written in HTML (&amp;key=).
    SecretShape("query-key", r"[^&\s'\"\\#<>]{4,}", before=r"(?:[?&]|&amp;)(?i:[a-z_]*(?:key|token))="),
    # Any random-looking value after a credential's name, in headers, JSON, reprs, queries and env.
    SecretShape("named-value", _OPAQUE_VALUE, before=f"(?i:{_SECRET_NAME}){_SEPARATOR}", after=_END),
)
