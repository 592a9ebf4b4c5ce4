"""Project settings from `scf.yml`: the rules content is checked against."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from .frontmatter import load_yaml_file
from .problems import ContentError, Problem

SETTINGS_FILE = "scf.yml"


@dataclass(frozen=True)
class Settings:
    root: Path
    categories: tuple[str, ...]
    timezone: str = "Europe/London"
    authors_file: str = "data/authors.yml"
    glossary_file: str = "data/glossary.yml"
    page_types: tuple[str, ...] = ()
    per_page: int = 10
    related_posts: int = 3
    feed_items: int = 20
    words_per_minute: int = 200
    # Feed item ids are `tag:` URIs under this authority; never change it (subscribers see
    # every post as new). It is not the site address, so moving the site keeps the ids.
    id_authority: str = "socialcarefuture.org.uk,2026"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_settings(root: Path | str) -> Settings:
    root = Path(root).resolve()
    path = root / SETTINGS_FILE
    data, problem = load_yaml_file(SETTINGS_FILE, path.read_text(encoding="utf-8"))
    if problem:
        raise ContentError([problem])
    data = dict(data or {})
    known = sorted(set(Settings.__dataclass_fields__) - {"root"})
    problems = [Problem(SETTINGS_FILE, None, f"unknown setting '{key}'", f"the settings are: {', '.join(known)}")
                for key in data if key not in known]  # a typo must not be ignored
    for key in ("categories", "page_types"):
        data[key] = tuple(data.get(key) or ())
    if not data["categories"]:
        problems.append(Problem(SETTINGS_FILE, None, "no categories are listed", "add a 'categories:' list"))
    if problems:
        raise ContentError(problems)
    return Settings(root=root, **data)
