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


def json_content(schema: str) -> dict:
    return {"application/json": {"schema": ref(schema)}}


def answer(description: str, schema: str) -> dict:
    return {"description": description, "content": json_content(schema)}


def read_operation(operation_id: str, summary: str, description: str, parameters: list,
                   ok: dict, errors: dict) -> dict:  # fmt: skip
    """A GET that reads with a token or session: `ok` answers 200, `errors` the rest."""
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "description": description,
            "parameters": parameters,
            "security": SECURITY,
            "responses": {"200": ok, **errors},
        }
    }


def closed_object(properties: dict, required=(), **extra) -> dict:
    """An object with only these properties, of which `required` are always there."""
    return {"type": "object", "properties": properties, "required": list(required),
            "additionalProperties": False, **extra}  # fmt: skip


def record(properties: dict) -> dict:
    """An object with exactly these properties, every one always there."""
    return closed_object(properties, properties)


def extends(base: str, properties: dict, required) -> dict:
    """A schema that is `base` plus these properties."""
    more = {"type": "object", "properties": properties, "required": list(required)}
    return {"allOf": [ref(base), more]}
