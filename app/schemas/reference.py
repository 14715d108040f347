"""Reference resources: countries, WCO regions, administrations, funders, themes, people."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class Country(BaseModel):
    """An ISO 3166-1 country, with its WCO region where it has one."""

    model_config = _examples({
        "alpha2": "ML", "alpha3": "MLI", "numeric": "466", "name_en": "Mali",
        "name_fr": "Mali", "region": "west-central-africa",
    })

    alpha2: str = Field(description="ISO 3166-1 alpha-2 code, e.g. `ML`.")
    alpha3: str = Field(description="ISO 3166-1 alpha-3 code, e.g. `MLI`; the key used "
                                    "everywhere else in this API.")
    numeric: str = Field(description="ISO 3166-1 numeric code, three digits, e.g. `466`.")
    name_en: str = Field(description="English short name.")
    name_fr: str = Field(description="French short name.")
    region: str | None = Field(description="Slug of the WCO region the country belongs to; "
                                           "null for territories outside the six regions.")


class CountryRef(BaseModel):
    """A country, briefly."""

    alpha2: str = Field(description="ISO 3166-1 alpha-2 code.")
    alpha3: str = Field(description="ISO 3166-1 alpha-3 code.")
    name_en: str = Field(description="English short name.")
    name_fr: str = Field(description="French short name.")
    region: str | None = Field(description="Slug of the WCO region, if any.")


class Region(BaseModel):
    """One of the six WCO regions, with how many countries belong to it."""

    model_config = _examples({
        "slug": "west-central-africa", "code": "WCA", "name_en": "West and Central Africa",
        "name_fr": "Afrique occidentale et centrale", "member_count": 23,
    })

    slug: str = Field(description="Stable identifier, used by the `region` filters.")
    code: str = Field(description="Short code of the region.")
    name_en: str = Field(description="English name.")
    name_fr: str = Field(description="French name.")
    member_count: int = Field(description="How many countries belong to the region.")


class Administration(BaseModel):
    """A customs administration (one per country) and how often documents name it."""

    model_config = _examples({
        "id": 12, "name": "Direction générale des douanes du Mali",
        "country": {"alpha2": "ML", "alpha3": "MLI", "name_en": "Mali", "name_fr": "Mali",
                    "region": "west-central-africa"},
        "document_count": 14, "event_count": 17,
    })

    id: int = Field(description="Internal id of the administration.")
    name: str = Field(description="Name of the administration.")
    country: CountryRef = Field(description="The country whose administration it is.")
    document_count: int = Field(description="Documents naming it, in any role.")
    event_count: int = Field(description="Events of the documents naming it, in any role.")


class RoleCount(BaseModel):
    """How often an administration appears in one role."""

    role: str = Field(description="`partner`, `expert`, `host` or `mentioned`.")
    document_count: int = Field(description="Documents naming it in this role.")
    event_count: int = Field(description="Events of those documents.")


class AdministrationDetail(Administration):
    """An administration with its roles and the span of its activity."""

    model_config = _examples({
        "id": 12, "name": "Direction générale des douanes du Mali",
        "country": {"alpha2": "ML", "alpha3": "MLI", "name_en": "Mali", "name_fr": "Mali",
                    "region": "west-central-africa"},
        "document_count": 14, "event_count": 17, "aliases": ["Malian Customs"],
        "roles": [{"role": "host", "document_count": 9, "event_count": 11},
                  {"role": "partner", "document_count": 5, "event_count": 6}],
        "first_activity": "2019-05-14", "last_activity": "2025-11-03",
    })

    aliases: list[str] = Field(description="Other names the administration goes by.")
    roles: list[RoleCount] = Field(description="Each role it holds in at least one document.")
    first_activity: date | None = Field(
        description="Date (start, else publication) of its earliest event; null without events."
    )
    last_activity: date | None = Field(description="Date of its latest event.")


class Funder(BaseModel):
    """A funding partner of the Programme and how often documents name it."""

    model_config = _examples({
        "slug": "norad", "name": "Norwegian Agency for Development Cooperation",
        "country": "NOR", "aliases": {"en": ["Norad", "Norway"], "fr": ["Norvège"]},
        "document_count": 41, "event_count": 52,
        "first_activity": "2019-03-02", "last_activity": "2026-02-11",
    })

    slug: str = Field(description="Stable identifier, used by the `funder` filters.")
    name: str = Field(description="Official name.")
    country: str | None = Field(description="Alpha-3 code of the funder's country, if any.")
    aliases: dict[str, list[str]] = Field(
        description="Names articles use for it, by language code."
    )
    document_count: int = Field(description="Documents naming it as a funder.")
    event_count: int = Field(description="Events of those documents.")
    first_activity: date | None = Field(description="Date of the earliest funded event.")
    last_activity: date | None = Field(description="Date of the latest funded event.")


class Theme(BaseModel):
    """A theme (a key factor of the Revised Arusha Declaration or a cross-cutting topic)."""

    slug: str = Field(description="Stable identifier, used by the `theme` filters.")
    name_en: str = Field(description="English name.")
    name_fr: str = Field(description="French name.")
    document_count: int = Field(description="Documents tagged with the theme.")
    event_count: int = Field(description="Events of those documents.")


class ThemeGroup(Theme):
    """A group of themes; its counts are of documents/events with any theme of the group."""

    model_config = _examples({
        "slug": "arusha-key-factors",
        "name_en": "Key factors of the Revised Arusha Declaration",
        "name_fr": "Facteurs clés de la Déclaration d'Arusha révisée",
        "document_count": 80, "event_count": 97,
        "children": [{"slug": "transparency", "name_en": "Transparency",
                      "name_fr": "Transparence", "document_count": 21, "event_count": 25}],
    })

    children: list[Theme] = Field(description="The group's themes, in their usual order.")


class PersonTitle(BaseModel):
    """A title and organisation a person is given, as stated in documents."""

    title: str | None = Field(description="Title as stated, e.g. `Director General`.")
    organization: str | None = Field(description="Organisation as stated.")
    document_count: int = Field(description="Documents stating this title and organisation.")


class Person(BaseModel):
    """A person named in documents, with the titles and organisations stated there."""

    model_config = _examples({
        "id": 7, "name": "Amina Diallo", "document_count": 3,
        "titles": [{"title": "Director General", "organization": "Mali Customs",
                    "document_count": 3}],
    })

    id: int = Field(description="Internal id of the person.")
    name: str = Field(description="Name as first stated.")
    document_count: int = Field(description="Documents naming the person.")
    titles: list[PersonTitle] = Field(
        description="Each distinct (title, organisation) stated, most frequent first."
    )
