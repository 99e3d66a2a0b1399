"""The brief's JSON schema, derived from the :class:`~newsprism.models.Brief` dataclasses.

Other tools consume ``newsprism brief -f json``; ``docs/brief-schema.json`` documents that
format. It is generated from the same dataclasses the renderers use (pydantic writes the
schema), so it cannot drift: a test fails when the committed file is out of date.

    python -m newsprism.brief.schema > docs/brief-schema.json
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from newsprism.models import Brief

SCHEMA_ID = "https://github.com/newsprism/newsprism/blob/main/docs/brief-schema.json"


def brief_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a rendered brief, with its version."""
    schema = TypeAdapter(Brief).json_schema(mode="serialization")
    version = Brief.__dataclass_fields__["schema_version"].default
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "newsprism brief",
        "description": (
            f"A newsprism brief, schema version {version}: corroborated facts with their "
            "independent-source counts, verdicts and citations; disputes; single-source "
            "claims; copies; people and organisations; who said what; a lede, a cited "
            "narrative and a timeline; sources and their independence groups."
        ),
        **{k: v for k, v in schema.items() if k != "title"},
    }


def main() -> None:
    print(json.dumps(brief_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
