"""Lazy package exports: a stage package names its public surface without importing it.

``gspgen --help`` must not load torch, chromadb or numpy, so each stage's ``__init__`` maps every public
name to the module that defines it (``_EXPORTS``) and imports that module on first attribute access
(PEP 562). The same ``__init__`` imports those names under ``TYPE_CHECKING`` so type checkers and editors
see the real objects.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_exports(
    package: str, exports: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``package``'s ``__getattr__`` and ``__dir__``: each name in ``exports`` loads its module on use."""

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(exports[name]), name)

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__
