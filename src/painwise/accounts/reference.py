"""Reference lists for the profile (countries, conditions, time zones), loaded from content files."""

from __future__ import annotations

import zoneinfo
from functools import cache

from painwise.core.content import Strict, load


class Country(Strict):
    code: str
    name: str


class Countries(Strict):
    countries: list[Country]


class Condition(Strict):
    id: str
    label: str


class Conditions(Strict):
    conditions: list[Condition]


def country_choices() -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in load("countries.yaml", Countries).countries]


def condition_choices() -> list[tuple[str, str]]:
    return [(c.id, c.label) for c in load("conditions.yaml", Conditions).conditions]


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/"))
    return [("UTC", "UTC"), *[(z, z.replace("_", " ")) for z in names]]
