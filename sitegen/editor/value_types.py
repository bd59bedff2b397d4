"""The types of the values the editor handles: what a content file's YAML holds, what a
submitted form means, and what a form's control shows.

PyYAML is untyped: `parse_yaml` hands back the safe loader's object as it is. The safe
loader builds only the types of `YamlValue` from what `parse_yaml` lets through (it refuses
the tags, like `!!binary` or `!!set`, that would build anything else), so the editor names
that data `YamlValue` where it loads it (`yaml_edit.load`) and narrows it with `isinstance`
where it needs a mapping or a list.
"""

from __future__ import annotations

import datetime
from typing import TypeAlias

# What safe YAML loading can return: a content file's data, a value or a part of it. Keys
# are words (parse_yaml refuses any other name before ':').
YamlValue: TypeAlias = (
    str | int | float | bool | datetime.date | datetime.datetime | list["YamlValue"] | dict[str, "YamlValue"] | None
)
YamlMapping: TypeAlias = dict[str, YamlValue]

# What a submitted form's field means (forms.read): text, a number, a date, a tick, chosen
# values or lines, or "name: label" pairs; None when it was left empty.
FormValue: TypeAlias = str | int | float | bool | datetime.date | list[str] | dict[str, str] | None

# What a form's control shows (forms.shown, forms.submitted): its text, whether a checkbox is
# ticked, or the values chosen in a group of checkboxes.
ControlValue: TypeAlias = str | bool | list[str]


def mappings_in(data: YamlMapping, key: str) -> list[YamlMapping]:
    """The mappings in the list under `key`: a list's items, once it is known to hold nothing else."""
    items = data.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
