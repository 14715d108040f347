"""What every extractor reads: the body, its sentences, the publication date and language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.ingest.extract.text import Sentence, split_sentences


@dataclass(slots=True)
class Context:
    body: str
    published: date | None
    language: str
    title: str | None = None
    sentences: list[Sentence] = field(default_factory=list)

    @classmethod
    def build(
        cls, body: str, published: date | None, language: str, title: str | None = None
    ) -> Context:
        return cls(body, published, language, title, split_sentences(body))
