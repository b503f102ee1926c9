"""Asset keys: the ``namespace.name`` grammar the server accepts (manifest reference, "Asset keys").

A key has a namespace (one segment) and a name (one or more segments joined by ``.``); every segment
matches ``[a-z][a-z0-9_]*``. A string key is split at its first ``/`` if it has one, else at its
first ``.``, so ``a.b.c`` is namespace ``a`` and name ``b.c``. The messages are the server's, so a
key refused here would have been refused by a deploy too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEGMENT = re.compile(r"[a-z][a-z0-9_]*")
"""One segment of a namespace or name."""


@dataclass(frozen=True, order=True)
class AssetKey:
    """A canonical asset key; ``str(key)`` is its canonical ``namespace.name`` form."""

    namespace: str
    name: str

    def __post_init__(self) -> None:
        problem = key_problem(self.namespace, self.name)
        if problem is not None:
            raise ValueError(problem)

    @classmethod
    def parse(cls, text: str) -> AssetKey:
        """Reads ``namespace.name`` or ``namespace/name``.

        Raises:
            ValueError: with the server's message, e.g. ``invalid asset key 'Users': expected
                'namespace.name' or 'namespace/name'``.
        """
        if text == "":
            raise ValueError("asset key cannot be empty")
        if any(c.isspace() for c in text):
            raise ValueError("asset key cannot contain whitespace")
        separator = "/" if "/" in text else "."
        namespace, found, name = text.partition(separator)
        if not found or namespace == "" or name == "":
            raise ValueError(f"invalid asset key '{text}': expected 'namespace.name' or 'namespace/name'")
        if not SEGMENT.fullmatch(namespace):
            raise ValueError(f"invalid asset key '{text}': invalid namespace '{namespace}'")
        if not all(SEGMENT.fullmatch(s) for s in name.split(".")):
            raise ValueError(f"invalid asset key '{text}': invalid name '{name}'")
        return cls(namespace, name)

    def to_json(self) -> dict[str, str]:
        """The manifest's ``{namespace, name}`` object."""
        return {"namespace": self.namespace, "name": self.name}

    def __str__(self) -> str:
        return f"{self.namespace}.{self.name}"


def key_problem(namespace: str, name: str) -> str | None:
    """Why ``namespace`` and ``name`` do not make a key, or None when they do."""
    if not SEGMENT.fullmatch(namespace):
        return f"namespace '{namespace}' must match [a-z][a-z0-9_]*"
    if not all(SEGMENT.fullmatch(s) for s in name.split(".")):
        return f"name '{name}' must be segments matching [a-z][a-z0-9_]* joined by '.'"
    return None
