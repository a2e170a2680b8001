# ruff: noqa: INP001 - loaded by path from mkdocs.yml, not imported as a package
"""Griffe extension: give attrs classes the `__init__` signature attrs generates.

Griffe reads slacore statically, and attrs writes `__init__` at import time, so the
reference pages would show `BusinessCalendar` without its constructor. This
extension imports each attrs class, reads the generated `__init__` signature (with
the converters' argument types, which is what callers pass) and adds it to the
class, so `merge_init_into_class` renders `BusinessCalendar(hours, tz, *, ...)`.
"""

from __future__ import annotations

import ast
import inspect
from typing import Any

import attrs
from griffe import (
    Class,
    Extension,
    Function,
    ObjectNode,
    Parameter,
    ParameterKind,
    Parameters,
    dynamic_import,
    safe_get_annotation,
)

_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: ParameterKind.positional_only,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: ParameterKind.positional_or_keyword,
    inspect.Parameter.VAR_POSITIONAL: ParameterKind.var_positional,
    inspect.Parameter.KEYWORD_ONLY: ParameterKind.keyword_only,
    inspect.Parameter.VAR_KEYWORD: ParameterKind.var_keyword,
}


def _annotation(value: Any, parent: Class) -> Any:
    if value is inspect.Parameter.empty:
        return None
    text = value if isinstance(value, str) else inspect.formatannotation(value)
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return text
    return safe_get_annotation(node, parent=parent) or text


class AttrsInit(Extension):
    """Add the attrs-generated `__init__` to attrs classes that lack one."""

    def on_class_members(self, *, node: Any, cls: Class, **_: Any) -> None:
        """Attach `__init__` once the class's own members are known."""
        if isinstance(node, ObjectNode) or "__init__" in cls.members:
            return
        try:
            runtime = dynamic_import(cls.path)
        except ImportError:
            return
        if not (inspect.isclass(runtime) and attrs.has(runtime)):
            return
        signature = inspect.signature(runtime.__init__)
        parameters = [
            Parameter(
                name,
                annotation=_annotation(param.annotation, cls),
                kind=_KINDS[param.kind],
                default=None
                if param.default is inspect.Parameter.empty
                else repr(param.default),
            )
            for name, param in signature.parameters.items()
        ]
        init = Function("__init__", parameters=Parameters(*parameters), returns="None")
        init.labels.add("attrs")
        cls.set_member("__init__", init)
