"""The brief's JSON schema, derived from the :class:`~newsprism.models.Brief` dataclasses.

Other tools consume ``newsprism brief -f json``; ``docs/brief-schema.json`` documents that
format. It is generated from the same dataclasses the renderers use (pydantic writes the
schema), so it cannot drift: a test fails when the committed file is out of date.

    python -m newsprism.brief.schema > docs/brief-schema.json
"""

from __future__ import annotations

import json
from typing import Any

from newsprism._formats import versioned_schema
from newsprism.models import Brief


def brief_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a rendered brief, with its version."""
    return versioned_schema(
        Brief,
        name="brief-schema.json",
        title="newsprism brief",
        subject="A newsprism brief",
        contents=(
            "corroborated facts with their "
            "independent-source counts, verdicts and citations; disputes; single-source "
            "claims; copies; people and organisations; who said what; a lede, a cited "
            "narrative and a timeline; sources and their independence groups."
        ),
    )


def main() -> None:
    print(json.dumps(brief_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
