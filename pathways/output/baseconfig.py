"""The base MkDocs configuration of every guide (`pathways/mkdocs_base.yml`), read through an allow-list.

The MkDocs configuration is code: `extra.analytics` puts tracking on every page, `extra_javascript` or
`extra_css` with an outside address makes every reader's phone call a third party, `hooks:` and
`plugins:` run Python at build time. So the base configuration may hold only the settings pathways
itself sets, with values from short lists; anything else is refused with `file:line:col` and why.
Partner-facing settings (names, languages, address of the site) live in content (`community.yaml`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from pathways.i18n import N_
from pathways.errors import Problem, Where, problem
from pathways.resources import BASE_CONFIG
from pathways.content.yamlnodes import YamlMap, YamlProblem, build, compose

# Theme features that only change how our own pages look or move: none of them loads anything.
FEATURES = frozenset({"navigation.prune", "navigation.top", "navigation.sections", "navigation.indexes",
                      "navigation.expand", "navigation.path", "toc.follow", "toc.integrate"})
# Markdown extensions the page templates rely on, and the options each may take.
EXTENSIONS: dict[str, dict[str, Callable[[Any], bool]]] = {
    "attr_list": {}, "md_in_html": {}, "tables": {},
    "toc": {"permalink": lambda v: v is False, "toc_depth": lambda v: isinstance(v, int) and not isinstance(v, bool)},
}



@dataclass(frozen=True)
class Rule:
    """What one key accepts: a test of its value and the allowed values, in words."""

    accepts: Callable[[Any], bool]
    allowed: str


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 200


# The whole allow-list: a nested mapping of keys; a Rule where a value ends.
SCHEMA: dict[str, Any] = {
    "site_name": Rule(_is_text, "text"),
    "theme": {
        "name": Rule(lambda v: v == "material", "material"),
        "font": Rule(lambda v: v is False, "false"),
        "features": Rule(lambda v: isinstance(v, list) and all(f in FEATURES for f in v),
                         ", ".join(sorted(FEATURES))),
    },
    "markdown_extensions": Rule(lambda v: _extensions_ok(v), ", ".join(EXTENSIONS)),
    "extra": {"pathways": {"default_community": Rule(_is_text, "text")}},
}


def _extensions_ok(value: Any) -> bool:
    return isinstance(value, list) and all(_extension_ok(item) for item in value)


def _extension_ok(item: Any) -> bool:
    """`name` or `{name: {option: value}}`, with a known name and known options."""
    if isinstance(item, str):
        return item in EXTENSIONS
    if not (isinstance(item, dict) and len(item) == 1):
        return False
    (name, options), = item.items()
    if name not in EXTENSIONS or not isinstance(options or {}, dict):
        return False
    return all(key in EXTENSIONS[name] and EXTENSIONS[name][key](v) for key, v in (options or {}).items())


class BaseConfigRefused(Exception):
    """The base configuration holds something not on the allow-list; `problems` says what and where."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.render() for p in problems))
        self.problems = problems


def load_base_config(path: Path = BASE_CONFIG) -> dict[str, Any]:
    """The base configuration as plain data, or BaseConfigRefused listing every refused setting."""
    name = str(path)
    try:
        data = build(compose(path.read_text(encoding="utf-8")))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = Where(name, mark.line + 1, mark.column + 1) if mark else Where(name)
        raise BaseConfigRefused([problem(where, N_("this is not valid YAML: {error}"),
                                         error=getattr(error, "problem", None) or error)]) from None
    except YamlProblem as error:
        raise BaseConfigRefused([problem(Where(name, error.position[0] + 1, error.position[1] + 1),
                                         error.message, **error.args_)]) from None
    if data is None:
        return {}
    problems = list(_refused(data, SCHEMA, name, ""))
    if problems:
        raise BaseConfigRefused(problems)
    return _plain(data)


def _refused(data: Any, schema: dict[str, Any], name: str, prefix: str):
    if not isinstance(data, YamlMap):
        yield problem(Where(name), N_("{key} must be a mapping of settings"), key=prefix.rstrip(".") or "mkdocs")
        return
    allowed = ", ".join(prefix + key for key in schema)
    for key, value in data.items():
        line, col = data.key_at[key]
        where = Where(name, line + 1, col + 1)
        rule = schema.get(key)
        if rule is None:
            yield problem(where, N_("'{key}' is refused: only the settings pathways sets are allowed here ({allowed}); "
                                     "anything else could add tracking, outside scripts or code run at build "
                                     "time. Partner settings go in community.yaml."),
                          key=prefix + str(key), allowed=allowed)
        elif isinstance(rule, dict):
            yield from _refused(value, rule, name, f"{prefix}{key}.")
        elif not rule.accepts(value):
            yield problem(where, N_("the value of '{key}' is refused; allowed: {values}"),
                          key=prefix + str(key), values=rule.allowed)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
