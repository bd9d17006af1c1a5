"""Typed errors: every failure the store can report, each with an HTTP status.

One Flask error handler turns any :class:`GraphError` into the project's one error
shape, ``{"ok": false, "error": ..., "status": ...}``.
"""


class GraphError(Exception):
    """Base of every error the graph layer raises on purpose."""

    status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict:
        return {"ok": False, "error": self.message, "status": self.status}


class NodeNotFound(GraphError):
    status = 404

    def __init__(self, key: str):
        super().__init__(f"no node with key {key!r}")
        self.key = key


class BadParameter(GraphError):
    """A request or call parameter is malformed or out of range (names the parameter)."""

    status = 400

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


class CypherSyntaxError(GraphError):
    """The engine rejected the query text; ``message`` is the engine's own words."""

    status = 400

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint

    def to_dict(self) -> dict:
        d = super().to_dict()
        if self.hint:
            d["hint"] = self.hint
        return d


class QueryTimeout(GraphError):
    status = 408

    def __init__(self, seconds: float, setting: str = "CYPHER_TIMEOUT_S", cap: float | None = None):
        limit = f"{setting}={seconds:g} seconds"
        if cap is not None:  # the request asked for less than the server's own limit
            limit += f" (the server allows up to CYPHER_TIMEOUT_S={cap:g})"
        super().__init__(f"query took longer than {limit} and was stopped")
        self.seconds = seconds
        self.setting = setting


class WriteNotAllowed(GraphError):
    status = 403

    def __init__(self, message: str = "this query writes to the graph; only read queries run here"):
        super().__init__(message)


class QueryRefused(WriteNotAllowed):
    """The console does not accept this text: something in it is not on the store's
    allow-list (graph/_cypher_guard.py); ``message`` names what."""


class StoreUnavailable(GraphError):
    status = 503

    def __init__(self, uri: str, cause: str):
        super().__init__(f"graph store {uri} is unavailable: {cause}")
        self.uri = uri
        self.cause = cause


class LimitReached(GraphError):
    """A named capacity limit stopped a request (memory, concurrency): 503, try again
    later or ask for less; ``setting`` names the limit, ``retry_after`` is in seconds."""

    status = 503

    def __init__(self, setting: str, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.setting = setting
        self.retry_after = retry_after


class SchemaViolation(GraphError):
    """A record does not fit the declared schema (unknown label, type, pair or property)."""

    status = 400
