"""Reading a YAML file of 'name: value' lines and validating it against a model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..parse.safe_yaml import LineMap, parse_yaml
from ..parse.yaml_problems import shape_problem
from ..read.source_text import SourceFile, decode_source
from .validation_messages import explain_validation_error


def validate(model: type[BaseModel], data: Any, source: SourceFile, line_map: LineMap, problems: list[Problem]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems.extend(explain_validation_error(error, source, line_map, model))
        return None


def read_mapping(name: str, data: bytes, problems: list[Problem]) -> tuple[SourceFile, dict[str, Any], LineMap] | None:
    """A YAML file of 'name: value' lines, with its line map."""
    source = decode_source(name, data)
    if isinstance(source, Problem):
        problems.append(source)
        return None
    parsed = parse_yaml(source)
    if isinstance(parsed, list):
        problems.extend(parsed)
        return None
    if not isinstance(parsed.data, dict):
        problems.append(shape_problem(source, parsed.data, 1, "the file"))
        return None
    return source, parsed.data, parsed.line_map
