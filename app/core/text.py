"""Text normal forms shared by ingest, search and scoring."""

from __future__ import annotations

import unicodedata

_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "m", "mme", "mlle", "monsieur", "madame"})


def strip_accents(text: str) -> str:
    """`text` with its combining marks removed (NFKD): "Ouédraogo" -> "Ouedraogo"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_words(name: str) -> list[str]:
    """A name's words: lower case, no accents, hyphens as spaces, dots and commas dropped."""
    words = (w.strip(".,") for w in strip_accents(name).lower().replace("-", " ").split())
    return [w for w in words if w]


def normalise_person_name(name: str) -> str:
    """The key a person is stored and matched by: `name_words` without honorifics."""
    return " ".join(w for w in name_words(name) if w not in _HONORIFICS)
