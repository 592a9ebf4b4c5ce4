"""Everything in data/: authors, the word list, signatories and the theory of change.

Each file is read once (from `load_site`) and checked against its schema in scf.content.schema.
A file that cannot be read at all is one problem; what depends on it is then summarised
by the caller, not repeated for every post.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlfile
from .characters import one_line_problem
from .glossary import Word, load_glossary
from .problems import Problem, about
from .schema import SCHEMAS
from .validate import validate
from .yamlfile import Where

AUTHORS = "data/authors.yml"  # the schema's name for the authors file, wherever settings put it
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
    return about(name, _read, root, name, kind, problems, required)


def _read(root: Path, name: str, kind: str, problems: list[Problem], required: str) -> tuple[Any, bool]:
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
    content, lines, old_shape = _as_the_editor_writes(name, kind, loaded.data, loaded.lines)
    problems += old_shape
    values, check = validate(SCHEMAS[kind], content, name, lines, default_line=1)
    problems += check.problems
    if kind == AUTHORS:
        problems += _author_keys(name, content, values, lines)
    return values, values is not None


def _as_the_editor_writes(name: str, kind: str, content: Any, lines: dict[Where, int]
                          ) -> tuple[Any, dict[Where, int], list[Problem]]:
    """A file in its shape from before the web editor: one problem saying how to change it, and
    its content in the new shape, so that its items are still checked and still used."""
    if kind == SIGNATORIES and isinstance(content, list):
        return {"signatories": content}, {("signatories", *k): v for k, v in lines.items()}, [Problem(
            name, lines.get((0,), 1), "the list of signatories has no 'signatories:' line above it",
            "write 'signatories:' on a line of its own before the first '- ' line (after the # comment "
            "lines): the web editor saves the list under that name")]
    if kind == AUTHORS and isinstance(content, dict) and "authors" not in content \
            and any(isinstance(entry, dict) for entry in content.values()):  # `key:` blocks
        index = {key: n for n, key in enumerate(content)}
        moved = {("authors", index[where[0]], *where[1:]): line for where, line in lines.items() if where}
        moved.update({("authors", n, *at): lines[(key,)] for key, n in index.items() for at in ((), ("key",))})
        items = [{"key": key, **entry} if isinstance(entry, dict) else entry for key, entry in content.items()]
        return {"authors": items}, moved, [Problem(
            name, lines.get((next(iter(content)),)), "the authors are written as 'key:' blocks, the shape "
            "used before the web editor", "write 'authors:' on a line of its own above the first author, then "
            "make each author a list item: '- key: jane-smith' (the old key) with its name, role and bio "
            "lined up under 'key' (CONTRIBUTING.md, 'Authors'): the web editor can add authors only to a list")]
    return content, lines, []


def _author_keys(name: str, content: Any, values: Any, lines: dict[Where, int]) -> list[Problem]:
    """One problem for each author key used again: posts could not say which author they mean.

    An author whose key the schema refused keeps it as written in `values`: that problem is
    already reported, and posts naming the author by it should not each get a second one.
    """
    items = content.get("authors") if isinstance(content, dict) else None
    checked = values.get("authors") if isinstance(values, dict) else None
    first: dict[str, int | None] = {}
    problems = []
    for n, item in enumerate(items if isinstance(items, list) else []):
        key = item.get("key") if isinstance(item, dict) else None
        if not isinstance(key, str) or not key:
            continue
        entry = checked[n] if isinstance(checked, list) and n < len(checked) else None
        if isinstance(entry, dict) and not entry.get("key") and key.strip() and not one_line_problem(key.strip()):
            entry["key"] = key
        line = lines.get(("authors", n, "key"))
        if key in first:
            problems.append(Problem(name, line, f"the author key '{key}' is given twice, on lines {first[key]} "
                                    f"and {line}", "give each author a key of their own; posts name authors by "
                                    "key, so keep the key posts already use and change the other"))
        else:
            first[key] = line
    return problems


def load_data(settings: Any, page_types: Iterable[str] = (), *, with_authors: bool = False
              ) -> tuple[Data, list[Problem]]:
    """Every data file; `page_types` (the types of the site's pages) decide which must exist.

    `settings` may be just the project folder (then the default file names are used).
    """
    from .settings import Settings
    if not isinstance(settings, Settings):
        settings = Settings(Path(settings), ())
    root, types = Path(settings.root), set(page_types)
    problems: list[Problem] = []
    data = Data()
    why = "and posts name their authors from it" if with_authors else ""
    authors, readable = read(root, settings.authors_file, AUTHORS, problems, why)
    if readable:
        data.authors = {}
        for entry in (authors or {}).get("authors") or []:
            if entry and entry["key"]:  # a key given twice: the first (reported by `read`)
                data.authors.setdefault(entry["key"], Author(entry["key"], entry["name"] or entry["key"],
                                                             entry["role"] or "", (entry["bio"] or "").strip()))
    data.glossary, glossary_problems = load_glossary(root, settings.glossary_file)
    problems += glossary_problems
    for name, kind in ((SIGNATORIES, SIGNATORIES), (THEORY_OF_CHANGE, THEORY_OF_CHANGE)):
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
