"""`scf check --format github`: problems as GitHub Actions workflow commands.

Each problem becomes `::error file=...,line=...,title=...::message`, which GitHub shows on the
line of the pull request's diff. GitHub shows only ten of them per step, so the full list also
goes, as a table, to the job's summary page ($GITHUB_STEP_SUMMARY), the files the pull request
changes first (the workflow lists them, one a line, in $SCF_CHANGED_FILES).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from scf.content.problems import Problem, plural

ERROR, WARNING = "error", "warning"

# The annotation's title: what kind of file the problem is in (the first match wins).
_TITLES = [("posts/", "Blog post"), ("easyread/", "Easy read page"), ("docs/", "Page"),
           ("data/", "Data file"), ("overrides/", "Template"), ("scf.yml", "Settings (scf.yml)"),
           ("mkdocs.yml", "Site configuration (mkdocs.yml)")]


@dataclass(frozen=True)
class Annotation:
    level: str  # ERROR or WARNING
    problem: Problem
    path: str  # relative to the repository, as GitHub wants it

    @property
    def title(self) -> str:
        return next((title for prefix, title in _TITLES if self.path.startswith(prefix)), "Content")

    @property
    def text(self) -> str:
        fix = f" Fix: {self.problem.fix}" if self.problem.fix else ""
        return f"{self.problem.message}.{fix}"


def escape_data(text: str) -> str:
    """A workflow command's message: `%` first, so the escapes it adds are not escaped again."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title) also ends at `,` and the value list at `:`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(annotation: Annotation) -> str:
    properties = [f"file={escape_property(annotation.path)}"]
    if annotation.problem.line:
        properties.append(f"line={annotation.problem.line}")
    properties.append(f"title={escape_property(annotation.title)}")
    return f"::{annotation.level} {','.join(properties)}::{escape_data(annotation.text)}"


def repository_path(root: Path, file: str) -> str:
    """`file` (relative to the project) relative to the repository GitHub checked out."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    path = (root / file).resolve()
    for base in (Path(workspace).resolve() if workspace else None, root.resolve()):
        if base is not None and path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return file


def changed_files() -> set[str]:
    return {line.strip() for line in os.environ.get("SCF_CHANGED_FILES", "").splitlines() if line.strip()}


def _cell(text: str) -> str:
    """Text inside a Markdown table cell: content is untrusted, so no tags, pipes or new lines."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("\r", " ").replace("\n", " "))


def summary(annotations: list[Annotation], changed: set[str]) -> str:
    """The step summary: every problem in one table, those in changed files first."""
    errors = sum(a.level == ERROR for a in annotations)
    mine = sum(a.path in changed for a in annotations)
    lines = [f"### scf check: {plural(errors, 'problem')}, {plural(len(annotations) - errors, 'warning')}", ""]
    if not annotations:
        return "\n".join(lines + ["All content is fine.", ""])
    if changed:
        lines += [f"{mine} in files this pull request changes (listed first).", ""]
    lines += ["| | File | Line | Problem and fix |", "|---|---|---|---|"]
    ordered = sorted(annotations, key=lambda a: (a.path not in changed, a.path, a.problem.line or 0))
    for a in ordered:
        mark = "❌ error" if a.level == ERROR else "⚠️ warning"
        lines.append(f"| {mark} | {_cell(a.path)} | {a.problem.line or ''} | {_cell(a.text)} |")
    lines += ["", "See CONTRIBUTING.md, 'What the error messages mean', for help.", ""]
    return "\n".join(lines)


def report(root: Path, problems: list[Problem], warnings: list[Problem]) -> str:
    """Print a workflow command per problem and warning; write the step summary when asked."""
    annotations = [Annotation(level, p, repository_path(root, p.file))
                   for level, found in ((ERROR, problems), (WARNING, warnings)) for p in found]
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as out:  # other steps append to the same file
            out.write(summary(annotations, changed_files()))
    return "\n".join(command(a) for a in annotations)


def wanted(choice: str | None) -> bool:
    """`--format github`, or no --format inside GitHub Actions."""
    return choice == "github" or (choice is None and os.environ.get("GITHUB_ACTIONS") == "true")
