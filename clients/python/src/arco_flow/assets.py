"""The ``@asset`` decorator: a Python function that materialises one asset.

::

    @asset(partitions=DailyPartitions(start="2026-01-01"), retry=RetryPolicy(max_attempts=5))
    def daily_revenue(context: AssetContext, orders: AssetInput, customers: AssetInput) -> MaterializeResult:
        context.log.info("building %s", context.partition_key)
        ...

The key is ``namespace.name``: the namespace defaults to the last component of the function's
module (``pipelines.shop`` gives ``shop``) and the name to the function's name; ``key=`` or
``namespace=``/``name=`` set them. Every parameter other than the context (named ``context`` or
``ctx``, or annotated :class:`AssetContext`) names an upstream asset: by default the asset of the
project (other than itself) whose name is the parameter's name, preferring its own namespace, or the key given for it
in ``ins=``. ``deps=`` adds upstream assets the function does not take as parameters. The
description defaults to the function's docstring.

Nothing is checked when the decorator runs; :func:`arco_flow.load_project` checks the whole project
and reports every problem with the function and field at fault.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union, overload

from .keys import AssetKey
from .partitions import PartitionsDefinition
from .policies import FreshnessPolicy, RetryPolicy

AssetRef = Union[str, "AssetDefinition"]
"""An asset named by its key (``"shop.orders"`` or ``"shop/orders"``) or by its definition."""

CONTEXT_NAMES = ("context", "ctx")


@dataclass(frozen=True, eq=False)
class AssetDefinition:
    """What ``@asset`` made of a function. Calling it calls the function."""

    fn: Callable[..., Any]
    key: str | None = None
    namespace: str | None = None
    name: str | None = None
    id: str | None = None
    description: str | None = None
    deps: tuple[AssetRef, ...] = ()
    ins: Mapping[str, AssetRef] = field(default_factory=dict)
    partitions: PartitionsDefinition | None = None
    retry: RetryPolicy | None = None
    heartbeat_timeout_seconds: int | None = None
    queue: str | None = None
    freshness: FreshnessPolicy | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    owners: tuple[str, ...] = ()
    code_version: str | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **kwargs)

    @property
    def origin(self) -> str:
        """``module.function``: where the asset was defined, for messages."""
        return f"{self.fn.__module__}.{self.fn.__qualname__}"

    def key_text(self) -> str:
        """The key as written or derived, before it is checked (``shop.orders``)."""
        if self.key is not None:
            return str(self.key)
        return f"{self.default_namespace()}.{self.name or self.fn.__name__}"

    def default_namespace(self) -> str:
        """``namespace=``, else the last component of the function's module."""
        if self.namespace is not None:
            return self.namespace
        return self.fn.__module__.rsplit(".", 1)[-1]

    def asset_key(self) -> AssetKey:
        """The canonical key. Raises ValueError when it breaks the key grammar."""
        if self.key is not None:
            return AssetKey.parse(str(self.key))
        return AssetKey(self.default_namespace(), self.name or self.fn.__name__)

    def resolved_description(self) -> str:
        """``description=``, else the function's docstring, else empty."""
        if self.description is not None:
            return self.description
        return inspect.cleandoc(self.fn.__doc__) if self.fn.__doc__ else ""

    def signature(self) -> inspect.Signature:
        """The function's signature."""
        return inspect.signature(self.fn)

    def context_parameter(self) -> str | None:
        """The parameter that receives the :class:`AssetContext`, if any."""
        for p in self.signature().parameters.values():
            if is_context_parameter(p, "AssetContext"):
                return p.name
        return None

    def input_parameters(self) -> list[str]:
        """The parameters that name upstream assets, in signature order."""
        context = self.context_parameter()
        return [p.name for p in self.signature().parameters.values() if p.name != context]


def is_context_parameter(parameter: inspect.Parameter, type_name: str) -> bool:
    """Whether ``parameter`` receives a context: named ``context``/``ctx`` or annotated with
    ``type_name`` (also as a string annotation)."""
    if parameter.name in CONTEXT_NAMES:
        return True
    annotation = parameter.annotation
    if annotation is inspect.Parameter.empty:
        return False
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return text.rsplit(".", 1)[-1] == type_name


@overload
def asset(fn: Callable[..., Any], /) -> AssetDefinition: ...


@overload
def asset(
    *,
    key: str | None = None,
    namespace: str | None = None,
    name: str | None = None,
    id: str | None = None,
    description: str | None = None,
    deps: Sequence[AssetRef] = (),
    ins: Mapping[str, AssetRef] | None = None,
    partitions: PartitionsDefinition | None = None,
    retry: RetryPolicy | None = None,
    heartbeat_timeout_seconds: int | None = None,
    queue: str | None = None,
    freshness: FreshnessPolicy | None = None,
    labels: Mapping[str, str] | None = None,
    owners: Sequence[str] = (),
    code_version: str | None = None,
) -> Callable[[Callable[..., Any]], AssetDefinition]: ...


def asset(fn: Callable[..., Any] | None = None, /, **options: Any) -> Any:
    """Declares a function as the materialisation of one asset (see the module docstring).

    Options: ``key`` (``"namespace.name"``), ``namespace``, ``name``, ``id`` (the manifest's stable
    asset id; default the key), ``description``, ``deps`` (extra upstream assets), ``ins``
    (parameter name to upstream asset), ``partitions``, ``retry`` (:class:`RetryPolicy`),
    ``heartbeat_timeout_seconds`` (30 to 86070; default 300), ``queue`` (the worker queue; default
    ``default-queue``), ``freshness`` (:class:`FreshnessPolicy`), ``labels`` (string pairs stored as
    the asset's ``tags``), ``owners`` and ``code_version`` (the asset's own code version, sent as
    ``transformFingerprint``).
    """
    unknown = set(options) - _OPTIONS
    if unknown:
        raise TypeError(f"asset() got unexpected option(s): {', '.join(sorted(unknown))}")

    def wrap(function: Callable[..., Any]) -> AssetDefinition:
        if isinstance(function, AssetDefinition) or not callable(function):
            raise TypeError(f"@asset decorates a function, got {function!r}")
        values = dict(options)
        values["deps"] = tuple(values.get("deps", ()))
        values["owners"] = tuple(values.get("owners", ()))
        values["ins"] = dict(values.get("ins") or {})
        values["labels"] = dict(values.get("labels") or {})
        return AssetDefinition(fn=function, **values)

    return wrap(fn) if fn is not None else wrap


_OPTIONS = {
    "key", "namespace", "name", "id", "description", "deps", "ins", "partitions", "retry",
    "heartbeat_timeout_seconds", "queue", "freshness", "labels", "owners", "code_version",
}
