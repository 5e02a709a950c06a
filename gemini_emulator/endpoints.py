"""The endpoints the emulator serves, and what a request to one of them carries."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Endpoint(enum.Enum):
    LIST_MODELS = "ListModels"
    GET_MODEL = "GetModel"
    GENERATE = "GenerateContent"
    STREAM = "StreamGenerateContent"
    COUNT_TOKENS = "CountTokens"

    @property
    def service(self) -> str:
        return "ModelService" if self in (Endpoint.LIST_MODELS, Endpoint.GET_MODEL) else "GenerativeService"

    def rpc_method(self, api_version: str) -> str:
        """The fully qualified RPC name Google puts in ErrorInfo metadata and some messages."""
        return f"google.ai.generativelanguage.{api_version}.{self.service}.{self.value}"


ALL_ENDPOINTS = frozenset(Endpoint)
GENERATION_ENDPOINTS = frozenset({Endpoint.GENERATE, Endpoint.STREAM})


@dataclass(frozen=True)
class RequestContext:
    """One request, as far as a scenario's answer depends on it."""

    api_version: str
    endpoint: Endpoint
    api_key: str
    model_id: str | None  # None on models.list
