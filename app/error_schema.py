"""The OpenAPI schema tells the truth about errors: every 4xx/5xx it lists has the body app.errors really sends
({"error", "message", "detail"?}), and the errors every operation of a kind can answer are listed for it.

FastAPI documents 422 as its own {"detail": [...]} shape and leaves the rest without a body; a client generator or a
fuzzer (tests/test_fuzz.py) reading that schema would expect the wrong thing.
"""

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

SCHEMA_REF = "#/components/schemas/{model}"


class ErrorDetail(BaseModel):
    loc: list[str | int] = Field(description="Where the problem is, e.g. [\"query\", \"q\"] or [\"body\", \"slug\"]")
    msg: str
    type: str = Field(description="A short machine-readable kind, e.g. missing, value_error")


class ErrorBody(BaseModel):
    error: str = Field(description="A short kind, e.g. 'invalid request', 'not found', 'rate limited'")
    message: str = Field(description="What was wrong, for a person")
    detail: list[ErrorDetail] | None = Field(None, description="Each invalid parameter (422 only)")


# Answers that depend on the kind of operation, not on what one handler does.
WITH_PARAMETERS = {"422": "A parameter is invalid; detail lists each one"}
WITH_PATH_PARAMETERS = {"404": "Nothing with this identifier"}
WITH_BODY = {
    "400": "The body cannot be parsed (not JSON, or not UTF-8)",
    "413": "The body is larger than GLOSSARY_MAX_BODY_BYTES",
    "422": "The body or a parameter is invalid; detail lists each problem",
}


def _document_errors(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorBody.model_json_schema(ref_template=SCHEMA_REF)
    components.update(error_schema.pop("$defs", {}))
    components["ErrorBody"] = error_schema
    error_content = {"application/json": {"schema": {"$ref": SCHEMA_REF.format(model="ErrorBody")}}}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            parameters = operation.get("parameters", [])
            responses = operation.setdefault("responses", {})
            added: dict[str, str] = {}
            if parameters:
                added |= WITH_PARAMETERS
            if any(parameter.get("in") == "path" for parameter in parameters):
                added |= WITH_PATH_PARAMETERS
            if "requestBody" in operation:
                added |= WITH_BODY
            for status, description in added.items():
                responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if status[:1] in "45":
                    response["content"] = error_content
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)


def install_error_schema(app: FastAPI) -> None:
    """Make `app.openapi()` (and /openapi.json, /docs) describe the real error responses."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _document_errors(generate())  # FastAPI caches the schema it returns; corrected once, in place
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
