"""A TokenPool-like gateway for tests: a real HTTP(S) server on 127.0.0.1 (see :mod:`.server`)."""

from __future__ import annotations

from tests.gateway.server import (
    DEFAULT_MODELS,
    GOOD_KEY,
    WEBSITE_TITLE,
    GatewayImitation,
    RecordedRequest,
    default_quota,
)

__all__ = [
    "DEFAULT_MODELS",
    "GOOD_KEY",
    "WEBSITE_TITLE",
    "GatewayImitation",
    "RecordedRequest",
    "default_quota",
]
