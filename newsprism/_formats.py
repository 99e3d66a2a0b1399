"""What the brief and verification reports share in how they are written: the JSON Schema
of their dataclasses, and the Jinja environment of their HTML templates."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from pydantic import TypeAdapter

SCHEMA_BASE = "https://github.com/newsprism/newsprism/blob/main/docs/"


def versioned_schema(
    model: type, *, name: str, title: str, subject: str, contents: str
) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the dataclass ``model``, written by pydantic from the
    same dataclasses the renderers use, so ``docs/{name}`` cannot drift from the code. The
    description reads "{subject}, schema version {version}: {contents}"."""
    schema = TypeAdapter(model).json_schema(mode="serialization")
    version = model.__dataclass_fields__["schema_version"].default  # type: ignore[attr-defined]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + name,
        "title": title,
        "description": f"{subject}, schema version {version}: {contents}",
        **{k: v for k, v in schema.items() if k not in {"title", "description"}},
    }


@functools.cache
def template_environment(directory: Path) -> jinja2.Environment:
    """Templates that escape every value (article text is never trusted) and fail loudly
    on a missing name."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
