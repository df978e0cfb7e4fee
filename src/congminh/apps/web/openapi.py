"""The published OpenAPI schema says what every operation may answer, errors included.

drf-spectacular documents the responses each view declares; the ones every view can give
(401 without a valid token, 403 outside the caller's role, 400 for a parameter or body
the app refuses, 404 for a path or a referenced record not in the caller's scope) are
added here once, so a client generated from the schema expects them.
"""

from __future__ import annotations

from typing import Any

ERROR_BODY = {
    "type": "object",
    "additionalProperties": True,
    "description": "`detail`, or for a 400 the refused fields, each with its messages in Vietnamese.",
}
ERRORS = {
    "400": "The parameters or the body were refused (each field named with its message).",
    "401": "No valid token (header `Authorization: Token …`).",
    "403": "The caller's role may not do this.",
    "404": "No such record in the caller's scope.",
}
WRITES = {"post", "put", "patch", "delete"}


def _applies(code: str, path: str, method: str, operation: dict[str, Any]) -> bool:
    if code == "400":
        return bool(operation.get("parameters") or operation.get("requestBody"))
    if code == "404":  # a write may name a record (a case) by id; a page past the last is 404
        pages = any(p.get("name") == "page" for p in operation.get("parameters", []))
        return "{" in path or method in WRITES or pages
    return True


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook (settings.SPECTACULAR_SETTINGS)."""
    for path, methods in result.get("paths", {}).items():
        if path.startswith("/api/schema"):
            continue
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                if code not in responses and _applies(code, path, method, operation):
                    responses[code] = {"description": text,
                                       "content": {"application/json": {"schema": ERROR_BODY}}}
    return result
