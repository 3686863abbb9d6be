"""What the OpenAPI schema says of every operation beyond its success: the refusals it can answer.

drf-spectacular documents the 2xx answer of each view; the refusals are the same everywhere (the
kit's viewsets, serializers and exception handler give them), so they are added here once, by a
postprocessing hook, rather than on each of a hundred operations:
- 400: field errors (`{"field": ["message"]}`) or a parse error, on writes and on lists' filters;
- 401: no or an invalid token (`WWW-Authenticate: Token`); 403: the role may not do this;
- 404: a record that is not there or not the caller's station's, or a list's page past the last;
- 405: a method the endpoint does not offer (DELETE where no service decides what it means);
- 409: an edit based on a version someone else already replaced;
- 503: the database is not answering for a moment (`Retry-After`).
"""

ERROR_SCHEMAS = {
    "Problem": {
        "type": "object",
        "description": "A refusal that names no field.",
        "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
        "required": ["detail"],
    },
    "FieldErrors": {
        "type": "object",
        "description": "Bad input: each field named with its messages (`non_field_errors` for the whole).",
        "additionalProperties": {
            "oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "object"},
                {"type": "string"},
            ]
        },
    },
}


def _content(name: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


REFUSALS = {
    "400": {"description": "Bad input: field errors.", "content": _content("FieldErrors")},
    "401": {"description": "Not signed in: no token, or it is invalid or expired.", "content": _content("Problem")},
    "403": {"description": "Signed in, but the role may not do this.", "content": _content("Problem")},
    "404": {"description": "Not there, or not of a station the caller may see.", "content": _content("Problem")},
    "405": {"description": "This endpoint does not offer the method.", "content": _content("Problem")},
    "409": {"description": "Someone else changed the record since this version.", "content": _content("Problem")},
    "503": {"description": "The database is not answering for a moment: retry.", "content": _content("Problem")},
}


def document_refusals(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: add the refusals every operation can answer."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            codes = ["400", "401", "403", "405", "503"]
            if "{" in path or method == "get":  # a list's page past the last is a 404 too
                codes.append("404")
            if method in {"put", "patch", "post"} and "{" in path:
                codes.append("409")
            for code in codes:
                responses.setdefault(code, REFUSALS[code])
    return result
