"""Finding the definitions of a module, a package or a ``.py`` file.

``MODULE`` on the command line is a dotted module name importable from the current directory
(``pipelines.shop``), a path to a ``.py`` file (``examples/python/shop.py``) or a path to a package
directory. A package's submodules are imported too. Every module-level attribute holding an asset,
schedule or sensor is a definition, in the order the modules define them (a definition imported
into several modules counts once). Schedules and push sensors without an id take the attribute's
name.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import importlib.util
import pkgutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Generic, TypeVar

from .assets import AssetDefinition
from .errors import LoadError
from .schedules import Schedule
from .sensors import PollSensor, PushSensor

T = TypeVar("T")


@dataclass(frozen=True)
class Located(Generic[T]):
    """A definition and where it was found (``module.attribute``), for messages."""

    definition: T
    origin: str


@dataclass(frozen=True)
class Definitions:
    """Everything a module (or package) defines, before validation."""

    modules: tuple[str, ...]
    assets: tuple[AssetDefinition, ...]
    schedules: tuple[Located[Schedule], ...]
    push_sensors: tuple[Located[PushSensor], ...]
    poll_sensors: tuple[PollSensor, ...]
    source_digest: str
    """SHA-256 (hex) of the source files of ``modules``: the default code version's basis."""


def load_definitions(target: str) -> Definitions:
    """Imports ``target`` (module name, ``.py`` file or package directory) and collects its
    definitions. Raises :class:`LoadError` when it cannot be imported."""
    return collect(import_target(target))


def import_target(target: str) -> list[ModuleType]:
    """The module ``target`` names and, for a package, its submodules, imported."""
    path = Path(target)
    try:
        if target.endswith(".py") or path.is_dir() and (path / "__init__.py").is_file():
            root = _import_path(path)
        else:
            if "" not in sys.path and str(Path.cwd()) not in sys.path:
                sys.path.insert(0, str(Path.cwd()))
            root = importlib.import_module(target)
    except LoadError:
        raise
    except ModuleNotFoundError as e:
        raise LoadError(f"cannot import {target}: {e}") from e
    except Exception as e:  # the module's own code failed while importing
        raise LoadError(f"importing {target} failed: {type(e).__name__}: {e}") from e
    modules = [root]
    if hasattr(root, "__path__"):
        for info in sorted(pkgutil.walk_packages(root.__path__, root.__name__ + "."), key=lambda i: i.name):
            try:
                modules.append(importlib.import_module(info.name))
            except Exception as e:
                raise LoadError(f"importing {info.name} failed: {type(e).__name__}: {e}") from e
    return modules


def _import_path(path: Path) -> ModuleType:
    if not path.exists():
        raise LoadError(f"cannot import {path}: no such file or directory")
    path = path.resolve()
    is_package = path.is_dir()
    name = path.name if is_package else path.stem
    parent = str(path.parent)
    if parent not in sys.path:
        sys.path.insert(0, parent)
    existing = sys.modules.get(name)
    location = path / "__init__.py" if is_package else path
    if existing is not None and Path(getattr(existing, "__file__", "") or "").resolve() == location:
        return existing
    if existing is not None:
        raise LoadError(f"cannot import {path}: a different module named '{name}' is already loaded ({existing.__file__})")
    return importlib.import_module(name)


def collect(modules: Iterable[ModuleType]) -> Definitions:
    """The definitions held by the attributes of ``modules``, in definition order."""
    modules = list(modules)
    seen: set[int] = set()
    assets: list[AssetDefinition] = []
    schedules: list[Located[Schedule]] = []
    push: list[Located[PushSensor]] = []
    poll: list[PollSensor] = []
    for module in modules:
        for attribute, value in list(vars(module).items()):
            if id(value) in seen:
                continue
            origin = f"{module.__name__}.{attribute}"
            if isinstance(value, AssetDefinition):
                assets.append(value)
            elif isinstance(value, Schedule):
                schedules.append(Located(value if value.id is not None else dataclasses.replace(value, id=attribute), origin))
            elif isinstance(value, PushSensor):
                push.append(Located(value if value.id is not None else dataclasses.replace(value, id=attribute), origin))
            elif isinstance(value, PollSensor):
                poll.append(value)
            else:
                continue
            seen.add(id(value))
    digest = hashlib.sha256()
    for module in sorted(modules, key=lambda m: m.__name__):
        digest.update(module.__name__.encode("utf-8") + b"\0")
        file = getattr(module, "__file__", None)
        if file and Path(file).is_file():
            digest.update(Path(file).read_bytes())
    return Definitions(
        modules=tuple(m.__name__ for m in modules),
        assets=tuple(assets),
        schedules=tuple(schedules),
        push_sensors=tuple(push),
        poll_sensors=tuple(poll),
        source_digest=digest.hexdigest(),
    )
