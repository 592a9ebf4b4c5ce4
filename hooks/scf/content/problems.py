"""Problems found in content, reported to editors as `file:line: what. Fix: how.`"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


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


class Block(Protocol):
    """A block of settings as the check attached to its schema field sees it (`schema.Field.check`;
    validate.Block): it reads `raw`, reports by key, and has the schema check the other keys."""

    raw: Any  # the block as read
    names: tuple[str, ...]  # its fields, as the schema declares them
    failed: bool  # a problem has been reported in it

    def add(self, key: str | None, message: str, fix: str = "", about: str | None = None) -> None: ...

    def values(self) -> dict[str, Any] | None: ...


class ContentError(Exception):
    """Raised once, with every problem, when content cannot be built."""

    def __init__(self, problems: list[Problem]):
        # By file and line; problems on one line keep the order they were found in.
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"{plural(len(self.problems), 'problem')} in the content:"]
        lines += [f"  {p}" for p in self.problems]
        lines.append("See CONTRIBUTING.md, 'What the error messages mean', for help.")
        return "\n".join(lines)


def plural(count: int, noun: str) -> str:
    """'1 problem', '2 problems': the counts in messages to editors."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Unexpected(Exception):
    """An error in our own code (never expected: every mistake in a file is a Problem) met while
    reading or checking `file` (`about`), for the one line that names it and asks for a report."""

    def __init__(self, file: str, error: Exception):
        super().__init__(f"{file}: {type(error).__name__}: {error}")
        self.file, self.error = file, error


def about(file: str, work: Callable[..., T], *args: Any) -> T:
    """`work(*args)`, reading or checking `file`: an unexpected error in it names the file."""
    try:
        return work(*args)
    except (ContentError, Unexpected, FileNotFoundError):  # reported as they are
        raise
    except Exception as error:
        raise Unexpected(file, error) from error


def internal_error(error: BaseException) -> str:
    """One line instead of a traceback, naming the file being read and asking for a report."""
    where = ""
    if isinstance(error, Unexpected):
        where, error = f" while reading {error.file}", error.error
    return (f"scf: internal error{where} ({type(error).__name__}: {error}). This is a bug in the site's "
            "code, not a mistake of yours: please report it, with that file, to the maintainers.")


def crashed(file: str, what: str, error: BaseException) -> Problem:
    """An unexpected error in our code while `what` (e.g. "drawing the page /blog/") from
    `file`: one message naming that file, never the last one read, never a traceback."""
    # A recursion error's text depends on where the stack ran out: the same page must give the same message.
    detail = "" if isinstance(error, RecursionError) else " ".join(str(error).split())[:200]
    return Problem(file, None, f"internal error while {what} ({type(error).__name__}{': ' if detail else ''}"
                   f"{detail})", "this is a bug in the site's code, which this file sets off: please report "
                   "it, with this file, to the maintainers; until it is fixed, undo your last change to the file")
