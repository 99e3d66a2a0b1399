"""Tables flattened to text: "District | Households | Without power" then one line per row.

A parser sees "Zelenodar | 96,000 | 31,000" as a string of numbers with nothing to count.
Read as a table, each number counts its column's noun for its row's label: 31,000
"households without power" in Zelenodar. A column headed by a predicate ("Evacuated",
"Without power") counts the noun of the column before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from newsprism.extract.quantities import noun_class, parse_number
from newsprism.models import Quantity, QuantityKind

if TYPE_CHECKING:
    from spacy.tokens import Span

_SEPARATOR = re.compile(r"\s*[|\t]\s*")


def is_table_row(text: str) -> bool:
    return len(_SEPARATOR.split(text.strip())) >= 3 or text.count("|") >= 2


def table_quantities(rows: Sequence[tuple[int, Span]]) -> dict[int, list[Quantity]]:
    """Quantities in consecutive table rows (sentence index, parsed row), by sentence index.

    The first row without numbers is the header; rows before it are not read.
    """
    header: list[tuple[str, str]] | None = None  # (column heading, counted noun)
    found: dict[int, list[Quantity]] = {}
    for index, span in rows:
        cells = [c.strip() for c in _SEPARATOR.split(span.text.strip())]
        values = [_value(cell) for cell in cells]
        if header is None or not any(v is not None for v in values):
            if not any(v is not None for v in values):
                header = _read_header(span, cells)
            continue
        quantities: list[Quantity] = []
        label = cells[0]
        for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
            if value is None or column == 0 or column >= len(header):
                continue
            heading, noun = header[column]
            counted = heading.lower() if noun in heading.lower() else f"{noun} {heading.lower()}"
            quantities.append(
                Quantity(
                    surface=cell,
                    value=value,
                    low=value,
                    high=value,
                    comparator=None,
                    counted=f"{counted} ({label})" if label else counted,
                    noun=noun_class(noun),
                    sentence_index=index,
                    kind=QuantityKind.COUNT,
                )
            )
        if quantities:
            found[index] = quantities
    return found


def _value(cell: str) -> float | None:
    text = cell.replace("\u00a0", " ").strip()
    if not re.fullmatch(r"[\d.,\s]+", text) or not any(ch.isdigit() for ch in text):
        return None
    return parse_number([text])


def _read_header(span: Span, cells: list[str]) -> list[tuple[str, str]]:
    """Each heading with the noun it counts (its own, or the previous column's)."""
    header: list[tuple[str, str]] = []
    offset = span.start_char
    cursor = 0
    previous_noun = ""
    for cell in cells:
        start = span.doc.text.find(cell, offset + cursor) if cell else -1
        tokens = []
        if start >= 0:
            cursor = start - offset + len(cell)
            tokens = [t for t in span.doc[:] if start <= t.idx < start + len(cell)]
        nouns = [t.lemma_.lower() for t in tokens if t.pos_ in {"NOUN", "PROPN"}]
        # "Evacuated", "Without power": a predicate heading counts the previous noun
        predicate = bool(tokens) and tokens[0].pos_ in {"ADP", "VERB", "ADJ", "AUX", "ADV"}
        if predicate and previous_noun:
            noun = previous_noun
        else:
            noun = nouns[-1] if nouns else previous_noun or cell.lower()
        header.append((cell, noun))
        previous_noun = noun
    return header
