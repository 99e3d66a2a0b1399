"""Fetch URLs with httpx; every failure becomes a FetchError naming the URL."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from newsprism import __version__
from newsprism.errors import FetchError

USER_AGENT = f"newsprism/{__version__} (+news cross-checking; offline-first)"
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class FetchedPage:
    url: str  # after redirects
    content: bytes
    content_type: str  # lower-case media type without parameters
    charset: str | None


def make_client(timeout: float = 15.0) -> httpx.Client:
    return httpx.Client(
        follow_redirects=True,
        timeout=timeout,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )


def fetch(url: str, client: httpx.Client) -> FetchedPage:
    try:
        response = client.get(url)
    except httpx.TimeoutException as exc:
        raise FetchError(url, "timed out") from exc
    except httpx.ConnectError as exc:
        raise FetchError(url, f"unreachable: {exc}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc
    if response.status_code >= 400:
        raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
    if len(response.content) > MAX_BYTES:
        raise FetchError(url, f"response larger than {MAX_BYTES // 1_000_000} MB")
    media_type, _, params = response.headers.get("content-type", "").partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"'")
    return FetchedPage(str(response.url), response.content, media_type.strip().lower(), charset)
