"""Where the SDK connects and how it authenticates, resolved like the Java CLI's ``Connection``
(command line reference, "Connection and output"): the flag, else the environment variable
(``ARCO_URL``, ``ARCO_WORKSPACE``, ``ARCO_TENANT``, ``ARCO_TOKEN``; empty counts as unset), else the
config file (``--config``, ``ARCO_CONFIG``, default ``~/.config/arco/config.json``: a JSON object
with ``url``, ``workspace``, ``tenant``, ``token``), else the defaults of ``arco serve``.

With a token every user request carries ``Authorization: Bearer <token>`` (JWT mode); without one
it carries the dev-mode headers ``X-Tenant-Id``, ``X-Workspace-Id`` and ``X-User-Id``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import ArcoError

DEFAULT_URL = "http://127.0.0.1:8080"
DEFAULT_WORKSPACE = "default"
DEFAULT_TENANT = "local"
USER_ID = "arco-python"


class ConfigError(ArcoError):
    """The config file named is missing, unreadable or not a JSON object."""


@dataclass(frozen=True)
class Connection:
    """A server URL (no trailing slash), a workspace, the dev-mode tenant and an optional user JWT."""

    url: str = DEFAULT_URL
    workspace: str = DEFAULT_WORKSPACE
    tenant: str = DEFAULT_TENANT
    token: str | None = None

    def headers(self) -> dict[str, str]:
        """The headers each user request authenticates with."""
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        return {"X-Tenant-Id": self.tenant, "X-Workspace-Id": self.workspace, "X-User-Id": USER_ID}

    def workspace_path(self, suffix: str) -> str:
        """``/api/v1/workspaces/{ws}`` followed by ``suffix``."""
        return f"/api/v1/workspaces/{quote(self.workspace, safe='')}{suffix}"

    @classmethod
    def resolve(
        cls,
        *,
        url: str | None = None,
        workspace: str | None = None,
        tenant: str | None = None,
        token: str | None = None,
        config: str | None = None,
        environ: Mapping[str, str] | None = None,
        home: Path | None = None,
    ) -> Connection:
        """Resolves each setting from the flag, the environment, the config file, then the default.

        Raises ConfigError when a named config file does not exist or any config file is not a
        JSON object.
        """
        env = os.environ if environ is None else environ
        named = config or env.get("ARCO_CONFIG") or None
        file = Path(named) if named else (home or Path.home()) / ".config" / "arco" / "config.json"
        cfg = _read_config(file, named is not None)

        def pick(flag: str | None, var: str, key: str) -> str | None:
            if flag is not None:
                return flag
            if env.get(var):
                return env[var]
            value = cfg.get(key)
            return value if isinstance(value, str) else None

        resolved_url = pick(url, "ARCO_URL", "url") or DEFAULT_URL
        return cls(
            url=resolved_url.rstrip("/"),
            workspace=pick(workspace, "ARCO_WORKSPACE", "workspace") or DEFAULT_WORKSPACE,
            tenant=pick(tenant, "ARCO_TENANT", "tenant") or DEFAULT_TENANT,
            token=pick(token, "ARCO_TOKEN", "token"),
        )


def _read_config(file: Path, named: bool) -> dict[str, object]:
    if not file.exists():
        if named:
            raise ConfigError(f"config file {file} does not exist")
        return {}
    try:
        value = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"cannot read config file {file}: {e}") from e
    if not isinstance(value, dict):
        raise ConfigError(f"config file {file} is not a JSON object")
    return value
