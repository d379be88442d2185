"""Explaining a bad setting: one plain line per problem, naming the variable and never showing its value."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from app.settings.names import ENV_PREFIX, env_name

_PLAIN = {
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "int_type": "should be a whole number",
    "float_parsing": "should be a number",
    "float_type": "should be a number",
    "bool_parsing": "should be true or false",
    "bool_type": "should be true or false",
    "time_parsing": "should be a time like 08:00",
    "time_type": "should be a time like 08:00",
    "string_type": "should be text",
    "list_type": "should be a list of days like mon-fri",
    "missing": "is missing",
}


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _plain_problem(error: Any) -> tuple[str, str]:
    loc = [str(part) for part in error.get("loc", ())]
    field = loc[0] if loc else ""
    name = env_name(field) if field else "A setting"
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        message = str(ctx.get("error", "")) or error.get("msg", "").removeprefix("Value error, ")
    elif kind == "greater_than_equal":
        message = f"must be at least {_number(ctx.get('ge'))}"
    elif kind == "greater_than":
        message = f"must be more than {_number(ctx.get('gt'))}"
    elif kind == "less_than_equal":
        message = f"must be at most {_number(ctx.get('le'))}"
    elif kind == "less_than":
        message = f"must be less than {_number(ctx.get('lt'))}"
    else:
        message = _PLAIN.get(kind) or "is not valid"
    if message.startswith(ENV_PREFIX):
        return field, message
    return field, f"{name}: {message}" if kind == "value_error" else f"{name} {message}"


def settings_problems(exc: ValidationError) -> list[str]:
    """One plain line per bad setting, naming the environment variable and never showing a value."""
    lines: list[str] = []
    seen: set[str] = set()
    for error in exc.errors(include_url=False, include_input=False):
        field, line = _plain_problem(error)
        if field and field in seen:
            continue
        seen.add(field)
        lines.extend(part for part in line.splitlines() if part.strip())
    return lines
