"""The verification report's JSON schema, derived from the :class:`~newsprism.models.Verification`
dataclasses (pydantic writes it), so ``docs/verify-schema.json`` cannot drift from the code.

    python -m newsprism.verification.schema > docs/verify-schema.json
"""

from __future__ import annotations

import json
from typing import Any

from newsprism._formats import versioned_schema
from newsprism.models import Verification


def verify_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of ``newsprism verify -f json``, with its version."""
    return versioned_schema(
        Verification,
        name="verify-schema.json",
        title="newsprism verification",
        subject="A draft checked against its sources",
        contents=(
            "each atomic "
            "claim of the draft with its status (supported, contradicted, not found), "
            "confidence, what differs, the evidence sentences with their outlets and "
            "independence groups; an overall score; the sources; notes on odd input."
        ),
    )


def main() -> None:
    print(json.dumps(verify_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
