"""Pieces every part of the /api/v1 OpenAPI document is built from (icv.sync.openapi merges
the parts). Each schema that a code generator turns into a class is a named component with
its own properties; one schema that extends another lists both under allOf, nothing beside."""

from __future__ import annotations

DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
SECURITY = [{"bearerAuth": []}, {"cookieAuth": []}]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(name: str) -> dict:
    """The named schema, or null."""
    return {"oneOf": [{"type": "null"}, ref(name)]}


def enum(codes) -> dict:
    return {"type": "string", "enum": [str(code) for code in codes]}


def answer(description: str, schema: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


def query(name: str, description: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema}  # fmt: skip


def extends(base: str, properties: dict, required) -> dict:
    """A schema that is `base` plus these properties."""
    more = {"type": "object", "properties": properties, "required": list(required)}
    return {"allOf": [ref(base), more]}
