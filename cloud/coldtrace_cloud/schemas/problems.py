"""OpenAPI description of the problem+json error responses, so clients and tests see them."""

from typing import Any, Final

from pydantic import BaseModel, ConfigDict


class Problem(BaseModel):
    """RFC 9457 problem details; extension members (``ai``, ``field``, ...) may follow."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str


_SCHEMA: Final = Problem.model_json_schema()


def problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": _SCHEMA}},
    }


AUTHED: Final[dict[int | str, dict[str, Any]]] = {
    400: problem_response("the body is not parseable (not JSON)"),
    401: problem_response("missing, unknown, expired or revoked bearer token"),
    403: problem_response("the role or the site / category grants do not allow this"),
    404: problem_response("no such entity, or not visible to the caller"),
    409: problem_response("the entity's state does not allow the change"),
    422: problem_response("the request or its content is not valid"),
}
