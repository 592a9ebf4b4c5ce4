"""Whose and what: WordPress categories mapped to ours, WordPress authors to the authors file."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from scf.content.characters import one_line
from scf.content.frontmatter import load_yaml_file, load_yaml_lines
from scf.content.problems import Problem
from scf.content.settings import Settings
from scf.content.slug import slugify
from scf.integrations.wordpress.html_to_markdown import plain_text

from .report import Options, Report
from .wxr import Item

NEW_AUTHOR_ROLE = "Author on the old blog"
NEW_AUTHOR_BIO = "Imported from the WordPress archive: this bio should be completed."


def ascii_slug(text: str) -> str:
    """A slug in our form; accented letters keep their base letter ('Café' -> 'cafe'); at most
    80 characters, so that a file named after it can be written on any system."""
    return slugify(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())[:80].strip("-")


class Categories:
    """The user's mapping: WordPress category name or slug -> our categories ([] to leave out)."""

    def __init__(self, settings: Settings, options: Options, report: Report, problems: list[Problem]):
        self.settings, self.report, self.problems = settings, report, problems
        self.file = options.category_map
        self.mapping, self.fallback = self._read()

    def of(self, item: Item, rel: str) -> list[str]:
        allowed = {c.casefold(): c for c in self.settings.categories}
        found: list[str] = []
        for slug, name in item.categories:
            targets = self.mapping.get(name.casefold(), self.mapping.get(slug.casefold()))
            if targets is None:
                if name.casefold() in allowed:
                    targets = [allowed[name.casefold()]]
                else:
                    self.report.unknown_categories[name] += 1
                    targets = []
            found += [t for t in targets if t not in found]
        if found:
            return found
        if self.fallback:
            self.report.fallback.append(f"{rel} -> {self.fallback}")
            return [self.fallback]
        self.problems.append(Problem(self.file, None,
                                     f"{item.label} has no category of this site "
                                     f"(its WordPress categories: "
                                     f"{', '.join(n for _, n in item.categories) or 'none'})",
                                     "map its categories in this file, or set 'fallback:' to one of "
                                     f"{', '.join(self.settings.categories)}"))
        return []

    def _read(self) -> tuple[dict[str, list[str]], str | None]:
        name, ours = self.file, self.settings.categories
        path = self.settings.root / name
        if not path.is_file():
            if name != Options.category_map:
                self.problems.append(Problem(name, None, "the category mapping file does not exist",
                                             f"check the name, or copy {Options.category_map} from the project"))
            return {}, None
        data, lines, problem = load_yaml_lines(name, path.read_text(encoding="utf-8"))
        if problem:
            self.problems.append(problem)
            return {}, None
        data = data or {}
        if not isinstance(data, dict) or not isinstance(data.get("categories") or {}, dict):
            self.problems.append(Problem(name, 1, "this file must have 'categories:' with one "
                                         "'WordPress category: our category' line each",
                                         "see the comments at the top of the file in the project"))
            return {}, None
        mapping = {}
        for key, value in (data.get("categories") or {}).items():
            targets = [] if value is None else value if isinstance(value, list) else [value]
            for target in targets:
                if str(target) not in ours:
                    self.problems.append(Problem(name, lines.get(str(key)),
                                                 f"'{target}' is not one of this site's categories",
                                                 f"use one of: {', '.join(ours)}; "
                                                 "or ~ to leave the WordPress category out"))
            mapping[str(key).casefold()] = [str(t) for t in targets]
        fallback = data.get("fallback")
        if fallback is not None and fallback not in ours:
            self.problems.append(Problem(name, lines.get("fallback"), f"the fallback '{fallback}' is not "
                                         "one of this site's categories", f"use one of: {', '.join(ours)}"))
            fallback = None
        return mapping, fallback


class Authors:
    """Our key for each WordPress author: one already in the authors file, or a new entry."""

    def __init__(self, settings: Settings, names: dict[str, str], report: Report, problems: list[Problem]):
        self.settings, self.names, self.report, self.problems = settings, names, report, problems
        self.file = settings.root / settings.authors_file
        self.entries: dict[str, dict[str, Any]] = self._read()  # key -> the author as the file has it
        self.new: dict[str, dict[str, str]] = {}
        self.keys: dict[str, str] = {}  # WordPress login -> our key

    def of(self, item: Item) -> str:
        login = item.get("dc:creator").strip()
        if login in self.keys:
            return self.keys[login]
        name = one_line(plain_text(self.names.get(login) or login)) or "Unknown author"
        keys = {ascii_slug(name), ascii_slug(login)}
        key = next((k for k, entry in self.entries.items()
                    if k in keys or str(entry.get("name", "")).casefold() == name.casefold()), None)
        if key is None:
            base = ascii_slug(name) or ascii_slug(login) or "imported-author"
            key, n = base, 2
            while key in self.entries:
                key, n = f"{base}-{n}", n + 1
            self.entries[key] = self.new[key] = {"key": key, "name": name, "role": NEW_AUTHOR_ROLE,
                                                 "bio": NEW_AUTHOR_BIO}
            self.report.authors_created.append(f"{key} ({name})")
        self.keys[login] = key
        return key

    def text(self) -> str:
        """The authors file with the new authors appended to its list: its comments and layout are kept."""
        text = self.file.read_text(encoding="utf-8") if self.file.exists() else ""
        if text and not text.endswith("\n"):
            text += "\n"
        start = re.search(r"^authors:", text, re.M)
        if start is None:  # a new file, or only its comments
            text += "authors:\n"
        items = re.findall(r"^( *)- ", text[start.end():] if start else "", re.M)
        indent = items[0] if items else "  "  # the list's own indentation, as the web editor writes it
        block = yaml.safe_dump(list(self.new.values()), sort_keys=False, allow_unicode=True, width=1000)
        text += (f"\n{indent}# Added by 'scf import-wordpress': complete each role and bio.\n"
                 + "".join(indent + line for line in block.splitlines(keepends=True)))
        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError:  # e.g. a list written as one [...]: the new block cannot follow it
            loaded = None
        if not isinstance(loaded, dict) or loaded.get("authors") != list(self.entries.values()):
            self.problems.append(Problem(self.settings.authors_file, None,
                                         "new authors cannot be added to this file automatically",
                                         "write it as one '- key:' block per author under 'authors:', "
                                         "as CONTRIBUTING.md shows"))
        return text

    def _read(self) -> dict[str, dict[str, Any]]:
        if not self.file.exists():
            return {}
        data, problem = load_yaml_file(self.settings.authors_file, self.file.read_text(encoding="utf-8"))
        items = data.get("authors") if isinstance(data, dict) else None
        if problem or (data is not None and not isinstance(items, list)):
            self.problems.append(problem or Problem(self.settings.authors_file, 1,
                                                    "the authors file is not a list of authors under 'authors:'",
                                                    "run 'scf check' and fix it first"))
            return {}
        return {str(item["key"]): item for item in items or [] if isinstance(item, dict) and item.get("key")}
