"""The options of a recovery run as keywords of `arrears.recover`, made from the library's
option table (``_core.options``, the table the command line's options are made from too):
each keyword's type, default and documentation, and its value turned into the text its
option's parser reads, as typed after the option on the command line (recovery-rules §12).

A function takes the table's keywords as ``**options`` and is given `signature` and
`document` below, so ``help()``, Jupyter and ``inspect.signature`` show every keyword."""

from __future__ import annotations

import inspect
import re
import textwrap
from typing import Any, Callable, Dict, List, Mapping, Sequence, Tuple

from . import _core, _values

#: The table's options that are Python keywords, by keyword, in the table's order.
OPTIONS: Dict[str, _core.Option] = {o.keyword: o for o in _core.options if o.keyword is not None}

_BY_CLI: Dict[str, str] = {o.cli: o.keyword for o in OPTIONS.values() if o.cli is not None}


def _money(value: Any, what: str) -> str:
    return _values.to_text(value, what) if isinstance(value, str) else _values.money_text(value, what)


def _date_range(value: Any, what: str) -> str:
    first, last = _values.date_range(value, what)
    return f"{_values.from_days(first).isoformat()}..{_values.from_days(last).isoformat()}"


# Each form of value (the table's `form`): how a keyword's value becomes its parser's text
# (TypeError or InputError naming the keyword otherwise), its annotation, and its type as the
# docstring says it.
_TEXT: Dict[str, Callable[[Any, str], str]] = {
    "text": _values.to_text,
    "date": lambda value, what: _values.to_date(value, what).isoformat(),
    "date-range": _date_range,
    "money": _money,
    "count": lambda value, what: str(_values.to_int(value, what)),
    "yes-no": lambda value, what: "yes" if _values.to_bool(value, what) else "no",
}
# (Annotations as text, as the package's own are: the names are those of _types.py.)
_ANNOTATION: Dict[str, str] = {"text": "str", "date": "DateLike", "date-range": "Union[Tuple[DateLike, DateLike], str]",
                               "money": "MoneyLike", "count": "int", "yes-no": "bool"}
_DOC_TYPE: Dict[str, str] = {"text": "str", "date": "date", "date-range": '(date, date) or "FROM..TO"',
                             "money": "Decimal, str or int", "count": "int", "yes-no": "bool"}


def default(option: _core.Option) -> Any:
    """The keyword's default: the table's default text as the keyword's type, None when the
    option has none, `inspect.Parameter.empty` when it is required."""
    if option.required:
        return inspect.Parameter.empty
    if option.default is None:
        return None
    if option.form == "count":
        return int(option.default)
    if option.form == "yes-no":
        return option.default == "yes"
    return option.default


def _annotation(option: _core.Option) -> str:
    kind = f"Literal[{', '.join(repr(c) for c in option.choices)}]" if option.choices else _ANNOTATION[option.form]
    return f"Optional[{kind}]" if default(option) is None else kind


def parameters(group: str) -> List[inspect.Parameter]:
    """The keywords of the table's options of `group`, in the table's order."""
    return [inspect.Parameter(keyword, inspect.Parameter.KEYWORD_ONLY, default=default(option),
                              annotation=_annotation(option))
            for keyword, option in OPTIONS.items() if option.group == group]


def _description(option: _core.Option) -> str:
    """The numpydoc entry of one keyword: its name and type, then the table's help with the
    command line's option names as keywords."""
    if option.choices:
        kind = "{" + ", ".join(f'"{c}"' for c in option.choices) + "}"
    else:
        kind = _DOC_TYPE[option.form]
    if default(option) is None:
        kind += ", optional"
    text = re.sub(r"--[a-z][a-z-]*", lambda m: f"``{_BY_CLI[m.group(0)]}``" if m.group(0) in _BY_CLI
                  else m.group(0), option.help)
    if option.kind in ("flag", "negated-flag"):
        text = f"``{option.kind == 'flag'}`` (``{option.cli}``): {text[0].lower()}{text[1:]}"
    body = textwrap.fill(text + ("" if text.endswith(".") else "."), width=88, initial_indent="    ",
                         subsequent_indent="    ", break_on_hyphens=False)
    return f"{option.keyword} : {kind}\n{body}"


def signature(function: Callable[..., Any], own: Mapping[str, Sequence[str]]) -> inspect.Signature:
    """`function`'s signature with the table's keywords in place of its ``**options``: each
    group of the table (in the table's order) followed by the function's own keywords that
    `own` lists for it; the function's other keywords after every group, in their order."""
    given = inspect.signature(function)
    mine = {name: p for name, p in given.parameters.items() if p.kind is not inspect.Parameter.VAR_KEYWORD}
    placed = {name for names in own.values() for name in names}
    out = [p for p in mine.values() if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    for group in _core.option_groups:
        out += parameters(group) + [mine[name] for name in own.get(group, ())]
    out += [p for name, p in mine.items() if p.kind is inspect.Parameter.KEYWORD_ONLY and name not in placed]
    return given.replace(parameters=out)


def document(doc: str) -> str:
    """`doc` with each line ``<options: GROUP>`` replaced by the entries of that group's
    keywords (its indentation kept)."""
    def entries(match: "re.Match[str]") -> str:
        indent, group = match.group(1), match.group(2)
        return "\n".join(textwrap.indent(_description(o), indent) for o in OPTIONS.values() if o.group == group)
    return re.sub(r"^( *)<options: ([^>]+)>$", entries, doc, flags=re.MULTILINE)


def texts(keywords: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """(keyword, text) for each of the table's keywords in `keywords`, in the table's order,
    as ``_core.Recovery`` takes them. Give only the keywords the caller gave: one not given
    keeps the library's default (``Options{}``, which the table's default texts describe), as
    an option not typed does on the command line; so ``no_double_payment`` left at its
    default True is the promise of strategy spread, and only one given is refused with
    strategy single (§8). A keyword given as None, the default of an option that has none,
    is left out too."""
    out = []
    for keyword, option in OPTIONS.items():
        if keyword not in keywords:
            continue
        value = keywords[keyword]
        if value is None and default(option) is None:
            continue
        out.append((keyword, _TEXT[option.form](value, keyword)))
    return out
