"""The verification report's JSON schema, derived from the :class:`~newsprism.models.Verification`
dataclasses (pydantic writes it), so ``docs/verify-schema.json`` cannot drift from the code.

    python -m newsprism.verification.schema > docs/verify-schema.json
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from newsprism.models import Verification

SCHEMA_ID = "https://github.com/newsprism/newsprism/blob/main/docs/verify-schema.json"


def verify_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of ``newsprism verify -f json``, with its version."""
    schema = TypeAdapter(Verification).json_schema(mode="serialization")
    version = Verification.__dataclass_fields__["schema_version"].default
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "newsprism verification",
        "description": (
            f"A draft checked against its sources, schema version {version}: each atomic "
            "claim of the draft with its status (supported, contradicted, not found), "
            "confidence, what differs, the evidence sentences with their outlets and "
            "independence groups; an overall score; the sources; notes on odd input."
        ),
        **{k: v for k, v in schema.items() if k not in {"title", "description"}},
    }


def main() -> None:
    print(json.dumps(verify_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
