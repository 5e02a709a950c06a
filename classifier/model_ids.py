"""What a Gemini model ID looks like, in one place: the facts, the key check and its form use it."""

from __future__ import annotations

# A model ID as Google writes it (gemini-3.5-flash, gemini-2.5-flash-image, text-embedding-004),
# without the `models/` prefix the REST resource name adds.
MODEL_ID = r"[A-Za-z0-9][A-Za-z0-9._\-]*"
# The same, as the API's resource name or bare.
MODEL_NAME = r"(?:models/)?" + MODEL_ID
