"""Check request and response bodies against X's OpenAPI document (a small subset of JSON Schema:
$ref, type, required, properties, additionalProperties, enum, pattern, maxLength, minItems/maxItems, anyOf,
oneOf). Enough to keep the fake X honest about the shapes it accepts and returns."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

OPENAPI = Path("/work/shared/apis/x-api-v2-openapi.json")
_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "number": (int, float),
}


@lru_cache
def document() -> dict:
    return json.loads(OPENAPI.read_text())


def request_schema(path: str, method: str, content_type: str = "application/json") -> dict:
    operation = document()["paths"][path][method]
    return operation["requestBody"]["content"][content_type]["schema"]


def response_schema(path: str, method: str, status: str) -> dict:
    operation = document()["paths"][path][method]
    return operation["responses"][status]["content"]["application/json"]["schema"]


def problems(value: object, schema: dict, where: str = "$") -> list[str]:
    """Every way `value` breaks `schema` (empty when it fits)."""
    if "$ref" in schema:
        node: dict = document()
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        return problems(value, node, where)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            if any(not problems(value, option, where) for option in schema[key]):
                return []
            return [f"{where}: matches none of {key}"]
    found: list[str] = []
    expected = schema.get("type")
    if expected and not isinstance(value, _TYPES[expected]):
        return [f"{where}: expected {expected}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{where}: {value!r} does not match {schema['pattern']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            found.append(f"{where}: longer than {schema['maxLength']}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", 10**9):
            found.append(f"{where}: {len(value)} items is outside the allowed count")
        for index, item in enumerate(value):
            found += problems(item, schema.get("items", {}), f"{where}[{index}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += [f"{where}: missing {name}" for name in schema.get("required", []) if name not in value]
        for name, item in value.items():
            if name in properties:
                found += problems(item, properties[name], f"{where}.{name}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}: unexpected property {name}")
    return found
