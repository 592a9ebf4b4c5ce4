"""Everything in data/: authors, the word list, signatories and the theory of change.

Each file is read once (from `load_site`) and checked against its schema in scf.schema.
A file that cannot be read at all is one problem; what depends on it is then summarised
by the caller, not repeated for every post.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import yamlfile
from .glossary import Word, load_glossary
from .problems import Problem
from .schema import SCHEMAS, SLUG
from .validate import validate

SIGNATORIES = "data/signatories.yml"
THEORY_OF_CHANGE = "data/theory-of-change.yml"
# Which page type shows each file: a missing file is a problem only if such a page exists.
_SHOWN_BY = {SIGNATORIES: "letter", THEORY_OF_CHANGE: "theory-of-change"}


@dataclass(frozen=True)
class Author:
    key: str
    name: str
    role: str
    bio: str

    @property
    def url(self) -> str:
        return f"blog/author/{self.key}/"


@dataclass(frozen=True)
class Signatory:
    name: str
    organisation: str


@dataclass
class Data:
    authors: dict[str, Author] | None = None  # None: the file could not be read
    glossary: list[Word] = field(default_factory=list)
    signatories: list[Signatory] = field(default_factory=list)
    theory_of_change: dict[str, Any] = field(default_factory=dict)

    def for_templates(self) -> dict[str, Any]:
        return {"signatories": self.signatories, "theory_of_change": self.theory_of_change}


def read(root: Path, name: str, kind: str, problems: list[Problem], required: str = "") -> tuple[Any, bool]:
    """A data file checked against the schema `kind`: (values, whether it could be read).

    `required` says why a missing file is a problem (empty: a missing file is allowed).
    """
    if not (root / name).is_file():
        if required:
            problems.append(Problem(name, None, f"the file is missing, {required}",
                                    f"create it; {SCHEMAS[kind].example}"))
        return None, not required
    text, problem = yamlfile.read_text(root, name)
    loaded = yamlfile.load(name, text or "")
    if problem or (loaded.data is None and loaded.problems):
        problems += [problem] if problem else loaded.problems
        return None, False
    problems += loaded.problems
    if loaded.data is None:
        if required:
            problems.append(Problem(name, None, "the file is empty", SCHEMAS[kind].example))
        return None, not required
    content, lines = loaded.data, loaded.lines
    if kind == "data/signatories.yml" and isinstance(content, list):  # written before the web editor
        problems.append(Problem(name, lines.get((0,), 1), "the list of signatories has no 'signatories:' line "
                                "above it", "write 'signatories:' on a line of its own before the first '- ' "
                                "line (after the # comment lines): the web editor saves the list under that name"))
        content, lines = {"signatories": content}, {("signatories", *k): v for k, v in lines.items()}
    values, check = validate(SCHEMAS[kind], content, name, lines, default_line=1)
    problems += check.problems
    if kind == "data/authors.yml" and isinstance(loaded.data, dict):
        problems += [Problem(name, loaded.lines.get((key,)), f"author key '{key}' is not lower-case-with-hyphens",
                             "use a key such as 'jane-smith'") for key in loaded.data if not SLUG.match(key)]
    return values, values is not None


def load_data(settings: Any, page_types: Iterable[str] = (), *, with_authors: bool = False
              ) -> tuple[Data, list[Problem]]:
    """Every data file; `page_types` (the types of the site's pages) decide which must exist.

    `settings` may be just the project folder (then the default file names are used).
    """
    from .settings import Settings
    if not isinstance(settings, Settings):
        settings = Settings(Path(settings), ())
    root, types, problems = Path(settings.root), set(page_types), []
    data = Data()
    why = "and posts name their authors from it" if with_authors else ""
    authors, readable = read(root, settings.authors_file, "data/authors.yml", problems, why)
    if readable:
        data.authors = {key: Author(key, entry["name"] or key, entry["role"] or "", (entry["bio"] or "").strip())
                        for key, entry in (authors or {}).items()}
    data.glossary, glossary_problems = load_glossary(root, settings.glossary_file)
    problems += glossary_problems
    for name, kind in ((SIGNATORIES, "data/signatories.yml"), (THEORY_OF_CHANGE, "data/theory-of-change.yml")):
        shown_by = _SHOWN_BY[name]
        why = f"but a page with 'type: {shown_by}' shows it" if shown_by in types else ""
        values, _ = read(root, name, kind, problems, why)
        if name == SIGNATORIES:
            data.signatories = [Signatory(row["name"], row["organisation"])
                                for row in (values or {}).get("signatories") or []
                                if row and row.get("name") and row.get("organisation")]
        else:
            data.theory_of_change = values or {}
    return data, problems
