"""Named Python checks, for what the condition language cannot say.

A check is a function `(resource, context, **args) -> Outcome` registered under a name with
`@python_check("name")`; controls call it with `{python: name, args: {...}}`. `context` gives
the scan's `index` (resources by type and address) and `graph` (references between them).
Each module here groups the checks of one subject.
"""

from __future__ import annotations

from typing import Callable

from compliance.evaluate.engine import Outcome

PYTHON_CHECKS: dict[str, Callable[..., Outcome]] = {}


def python_check(name: str):
    def register(function: Callable[..., Outcome]) -> Callable[..., Outcome]:
        if name in PYTHON_CHECKS:
            raise ValueError(f"Python check {name!r} registered twice")
        PYTHON_CHECKS[name] = function
        return function

    return register


def _load_all() -> None:
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


_load_all()
