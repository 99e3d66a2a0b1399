"""Bytes to text: refuse binary data, identify the encoding, or say we cannot."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from newsprism.errors import BinaryInputError, EmptyInputError, EncodingError

# Magic numbers of formats people drop into a folder of reports by mistake.
_BINARY_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"MZ",
    b"RIFF",
    b"\x00\x00\x01\x00",
)


def decode_bytes(data: bytes, *, source: str, declared: str | None = None) -> str:
    """Return the text in ``data``; raise an InputError naming ``source`` if there is none."""
    if not data.strip():
        raise EmptyInputError(source, "0 bytes" if not data else "only whitespace")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding)
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:4096]:
        raise BinaryInputError(source, _describe_binary(data))
    for encoding in filter(None, (declared, "utf-8")):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise EncodingError(source, "not UTF-8 and no other encoding fits the bytes")
    # A guess that leaves many control or replacement characters is not a real decoding.
    text = str(best)
    suspicious = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\r\n\t") or ch == "\ufffd")
    if suspicious > max(3, len(text) // 200):
        raise EncodingError(source, f"best guess {best.encoding} leaves unreadable characters")
    return text


def _describe_binary(data: bytes) -> str:
    kinds = {
        b"%PDF": "PDF",
        b"\x89PNG": "PNG image",
        b"\xff\xd8\xff": "JPEG image",
        b"GIF8": "GIF image",
        b"PK\x03\x04": "ZIP archive",
        b"\x1f\x8b": "gzip archive",
        b"\x7fELF": "executable",
    }
    for magic, kind in kinds.items():
        if data.startswith(magic):
            return f"looks like a {kind}"
    return "contains NUL bytes"
