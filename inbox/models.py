"""Shared pastes and the groups they fall into. A shared paste holds its text with keys and tokens
removed, what the classifier said about it, the KB version and the time: nothing about who sent
it (no address, no cookie, no session). Both go once the retention period has passed."""

from __future__ import annotations

import uuid

from django.db import models

from errors_kb.models import KnownError


class Group(models.Model):
    """Every shared paste of one error, by fingerprint (inbox/fingerprint.py), with its stable parts."""

    fingerprint = models.CharField(max_length=32, unique=True)
    http_code = models.PositiveSmallIntegerField(null=True, blank=True)
    api_status = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=100, blank=True)
    message_shape = models.TextField(blank=True, help_text="The message, what varies replaced by placeholders.")
    client = models.CharField(max_length=60, blank=True, help_text="The SDK or client that printed the error.")
    count = models.PositiveIntegerField(default=0, help_text="The shared pastes it holds.")
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)
    sdks = models.JSONField(default=list, blank=True, help_text="Every SDK or client its pastes name.")
    draft = models.ForeignKey(
        KnownError, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="The entry drafted."
    )

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = "group of shared pastes"
        verbose_name_plural = "groups of shared pastes"

    def __str__(self) -> str:
        status = " ".join(part for part in (str(self.http_code or ""), self.api_status or self.reason) if part)
        return f"{status or 'no status'}: {self.message_shape[:80]}"


class SharedPaste(models.Model):
    # The delete link names this, never the row's number, which another paste could take later.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="pastes")
    text = models.TextField(help_text="Redacted on the server, cut at the size cap.")
    truncated = models.BooleanField(default=False)
    classification = models.JSONField(default=list, help_text='What the classifier said: [{"slug", "confidence"}].')
    client = models.CharField(max_length=60, blank=True)
    clients = models.JSONField(default=list, blank=True)
    kb_version = models.CharField(max_length=32)
    shared_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-shared_at"]

    def __str__(self) -> str:
        return self.text[:60]
