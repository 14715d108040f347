"""The ETag of a JSON representation: the API's read side serves it, the write side checks
If-Match against it (app/curation/write.py)."""

from __future__ import annotations

import hashlib


def etag_for(body: bytes) -> str:
    """A weak ETag of a response body."""
    return 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def etag_matches(header: str | None, etag: str) -> bool:
    """Whether an If-Match / If-None-Match header names `etag` (weak comparison; `*`
    matches anything)."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))
