"""Problems found in content, reported to editors as `file:line: what. Fix: how.`"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{where}: {self.message}.{fix}"


class ContentError(Exception):
    """Raised once, with every problem, when content cannot be built."""

    def __init__(self, problems: list[Problem]):
        # By file and line; problems on one line keep the order they were found in.
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the content:"]
        lines += [f"  {p}" for p in self.problems]
        lines.append("See CONTRIBUTING.md, 'What the error messages mean', for help.")
        return "\n".join(lines)
