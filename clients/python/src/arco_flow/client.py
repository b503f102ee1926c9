"""A small JSON-over-HTTP client of the Arco API (``urllib`` only).

User requests (``/api/v1/workspaces/...``) authenticate as the :class:`Connection` says. Task
callbacks (``/api/v1/tasks/...``) go to the envelope's ``callbackBaseUrl`` with exactly one
``Authorization`` header: the attempt's task token (worker protocol, "Task ids and task tokens").
A non-2xx answer raises :class:`ApiError` unless the caller asks for the raw :class:`Response`.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from .connection import Connection
from .errors import ApiError

DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class Response:
    """An HTTP answer: status (0 when the server could not be reached), parsed JSON body (None when
    not JSON), raw text and headers (lower-case names)."""

    status: int
    body: Any
    text: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def error(self) -> ApiError:
        """This answer as an ApiError (``HTTP 409 CONFLICT: ...``)."""
        if self.status == 0:
            return ApiError(0, "", self.text, unavailable=True)
        body = self.body if isinstance(self.body, dict) else {}
        code = str(body.get("code") or body.get("error") or "")
        message = str(body.get("message") or "")
        return ApiError(self.status, code, message, unavailable=self.status in (502, 503, 504), body=self.body)


class ArcoClient:
    """The SDK's HTTP client, bound to one :class:`Connection`."""

    def __init__(self, connection: Connection, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.connection = connection
        self.timeout = timeout

    # ---- user router ----

    def get(self, path: str, query: Mapping[str, str] | None = None) -> Response:
        """GET a workspace-relative or absolute API path; raises ApiError on non-2xx."""
        return self._checked(self.send("GET", self._path(path, query)))

    def post(self, path: str, body: Any, headers: Mapping[str, str] | None = None, *, timeout: float | None = None) -> Response:
        """POST JSON; raises ApiError on non-2xx."""
        return self._checked(self.send("POST", self._path(path), body, headers, timeout=timeout))

    def send(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        *,
        timeout: float | None = None,
    ) -> Response:
        """One user-router request (authenticated by the connection); never raises for a status."""
        all_headers = {**self.connection.headers(), **(headers or {})}
        return self._request(method, self.connection.url + path, body, all_headers, timeout)

    def workspace(self, suffix: str) -> str:
        """``/api/v1/workspaces/{ws}{suffix}``."""
        return self.connection.workspace_path(suffix)

    # ---- task router ----

    def task_call(self, callback_base_url: str, task_id: str, action: str, token: str, body: Any, *, timeout: float | None = None) -> Response:
        """``POST {callbackBaseUrl}/api/v1/tasks/{taskId}/{action}`` with the task token; never raises for a status."""
        url = f"{callback_base_url.rstrip('/')}/api/v1/tasks/{quote(task_id, safe='')}/{action}"
        return self._request("POST", url, body, {"Authorization": f"Bearer {token}"}, timeout)

    # ---- plumbing ----

    def _path(self, path: str, query: Mapping[str, str] | None = None) -> str:
        full = path if path.startswith("/api/") or path.startswith("/health") else self.workspace(path)
        if query:
            full += "?" + urlencode({k: v for k, v in query.items() if v is not None})
        return full

    @staticmethod
    def _checked(response: Response) -> Response:
        if not response.ok:
            raise response.error()
        return response

    def _request(self, method: str, url: str, body: Any, headers: Mapping[str, str], timeout: float | None) -> Response:
        data = None
        request_headers = dict(headers)
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            request_headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=request_headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as r:
                return _response(r.status, r.read(), r.headers)
        except urllib.error.HTTPError as e:
            return _response(e.code, e.read(), e.headers)
        except urllib.error.URLError as e:
            reason = e.reason
            text = "connection refused" if isinstance(reason, ConnectionRefusedError) else str(reason)
            return Response(0, None, f"cannot connect to {_origin(url)}: {text}")
        except (socket.timeout, TimeoutError):
            return Response(0, None, f"request to {_origin(url)} timed out")
        except (ConnectionError, OSError) as e:
            return Response(0, None, f"request to {_origin(url)} failed: {e}")


def _response(status: int, raw: bytes, headers: Any) -> Response:
    text = raw.decode("utf-8", errors="replace")
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    names = {k.lower(): v for k, v in (headers.items() if headers is not None else [])}
    return Response(status, body, text, names)


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"
