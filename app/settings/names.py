"""How a setting is named in the environment: TRIPCAST_ plus the field name in capitals."""

from __future__ import annotations

ENV_PREFIX = "TRIPCAST_"


def env_name(field: str) -> str:
    return ENV_PREFIX + field.upper()
