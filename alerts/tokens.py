"""The signed links in every mail: confirm a subscription (expiring) and unsubscribe (for as long as
the subscription lasts). A token carries the subscription's id and nonce, never the address, and
is signed with SECRET_KEY under its own salt, so one kind of link can never stand for the other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


class TokenInvalid(Exception):
    """Tampered with, cut short, or made for something else."""


class TokenExpired(Exception):
    """Genuine, but older than the confirmation may be."""


@dataclass(frozen=True)
class ConfirmToken:
    subscription_id: int
    nonce: str
    # The choice the person made on the form that sent this link; confirming applies it.
    model_ids: tuple[str, ...]
    watch_any: bool


@dataclass(frozen=True)
class UnsubscribeToken:
    subscription_id: int
    nonce: str


def make_confirm_token(*, subscription_id: int, nonce: str, model_ids: tuple[str, ...], watch_any: bool) -> str:
    payload = {"s": subscription_id, "n": nonce, "m": list(model_ids), "a": watch_any}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def make_unsubscribe_token(*, subscription_id: int, nonce: str) -> str:
    return signing.dumps({"s": subscription_id, "n": nonce}, salt=UNSUBSCRIBE_SALT)


def read_confirm_token(token: str, *, max_age_seconds: int) -> ConfirmToken:
    payload = _load(token, salt=CONFIRM_SALT, max_age=max_age_seconds)
    models = payload.get("m")
    if not isinstance(models, list) or not all(isinstance(m, str) for m in models):
        raise TokenInvalid
    return ConfirmToken(
        subscription_id=_int(payload.get("s")),
        nonce=_str(payload.get("n")),
        model_ids=tuple(models),
        watch_any=payload.get("a") is True,
    )


def read_unsubscribe_token(token: str) -> UnsubscribeToken:
    payload = _load(token, salt=UNSUBSCRIBE_SALT, max_age=None)
    return UnsubscribeToken(subscription_id=_int(payload.get("s")), nonce=_str(payload.get("n")))


def _load(token: str, *, salt: str, max_age: int | None) -> dict[str, Any]:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise TokenExpired from error
    except (signing.BadSignature, ValueError, UnicodeError) as error:  # a forged body can fail to decode
        raise TokenInvalid from error
    if not isinstance(payload, dict):
        raise TokenInvalid
    return payload


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TokenInvalid
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TokenInvalid
    return value
