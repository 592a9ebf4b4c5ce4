"""Every test's tier, found from what it uses, so that a new test gets one without anyone thinking
of it (MAINTAINING.md, "The test suite's time"):

- `browser`: it is under tests/browser/, or it (or a fixture it uses) asks for Chromium or the
  served site;
- `build`: it builds a site: it uses the `project` or `real_site` fixture, or its code, its
  fixtures' code or a helper of tests/ they call names one of BUILD_NAMES;
- `unit`: everything else. `./dev test -m unit` runs only these, in seconds.

A test may say its tier itself (`@pytest.mark.build`, or `pytestmark` in its module) where the
code cannot show it. A unit test that builds a site all the same fails at once, saying which
marker it needs (`guard`), so the unit tier never grows slow unnoticed.
"""
from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import CodeType, FunctionType

import pytest

TESTS = Path(__file__).resolve().parent
TIERS = ("unit", "build", "browser")
BROWSER_FIXTURES = {"browser", "site_url", "built_site", "axe_ready", "vnu_ready"}
BROWSER_NAMES = {"sync_playwright", "CHROMIUM"}
BUILD_FIXTURES = {"project", "real_site"}
# Names whose use means a site is built: our throwaway projects and the build helpers, the build
# itself in-process, and the tests' build server.
BUILD_NAMES = {"Project", "build_repo", "build_site", "run_tool", "SiteBuild", "load_site", "real_site"}
# A string that names a builder (a command line run by subprocess) is a build too.
BUILD_COMMANDS = {"mkdocs", "properdocs"}


def _names(code: CodeType) -> set[str]:
    """Every global, attribute and imported name a function's code (nested code too) mentions,
    and its string constants that name a builder."""
    names, stack = set(), [code]
    while stack:
        code = stack.pop()
        names.update(code.co_names)
        names.update(c for c in code.co_consts if isinstance(c, str) and c in BUILD_COMMANDS)
        stack.extend(c for c in code.co_consts if isinstance(c, CodeType))
    return names


def _ours(obj: object) -> bool:
    try:
        return Path(inspect.getfile(obj)).resolve().is_relative_to(TESTS)  # type: ignore[arg-type]
    except (TypeError, OSError):
        return False


def _reach(func: FunctionType, seen: set[int]) -> set[str]:
    """The names `func` mentions, and those of every function or class of tests/ it reaches."""
    if id(func) in seen:
        return set()
    seen.add(id(func))
    names = _names(func.__code__)
    for name in list(names):
        target = func.__globals__.get(name)
        if isinstance(target, FunctionType) and _ours(target):
            names |= _reach(target, seen)
        elif isinstance(target, type) and _ours(target):
            for member in vars(target).values():
                member = getattr(member, "__func__", member)
                if isinstance(member, FunctionType):
                    names |= _reach(member, seen)
    return names


def _functions(item: pytest.Item) -> Iterator[FunctionType]:
    """The test's own function and those of the fixtures of tests/ it uses."""
    function = getattr(item, "function", None)
    inner = getattr(getattr(function, "hypothesis", None), "inner_test", None)  # under @given
    function = inspect.unwrap(inner or function) if function else None
    if isinstance(function, FunctionType):
        yield function
    info = getattr(item, "_fixtureinfo", None)
    for defs in (info.name2fixturedefs.values() if info else ()):
        for fixturedef in defs:
            func = getattr(fixturedef.func, "__func__", fixturedef.func)
            if isinstance(func, FunctionType) and _ours(func):
                yield func


def detected(item: pytest.Item) -> str:
    """The tier the test's place, fixtures and code show."""
    if Path(str(item.path)).resolve().is_relative_to(TESTS / "browser"):
        return "browser"
    fixtures = set(getattr(item, "fixturenames", ()))
    seen: set[int] = set()
    names = set().union(*(_reach(f, seen) for f in _functions(item)))
    if fixtures & BROWSER_FIXTURES or names & BROWSER_NAMES:
        return "browser"
    if fixtures & BUILD_FIXTURES or names & (BUILD_NAMES | BUILD_COMMANDS):
        return "build"
    return "unit"


def tiers_of(item: pytest.Item) -> list[str]:
    return [mark.name for mark in item.iter_markers() if mark.name in TIERS]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "unit: builds no site and starts no browser (./dev test -m unit)")
    config.addinivalue_line("markers", "build: builds a site (a throwaway project or this repository)")
    config.addinivalue_line("markers", "browser: drives Chromium, or needs the served site")


COLLECTED = pytest.StashKey[list[pytest.Item]]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give each test without a tier of its own the detected one, before `-m` selects and before
    pytest-split picks a shard; keep the whole collection for the tests of tiers and shards."""
    for item in items:
        if not tiers_of(item):
            item.add_marker(detected(item))
    config.stash[COLLECTED] = list(items)


class BuiltInUnit(Exception):
    """A test of the unit tier built a site."""


@contextmanager
def guard(item: pytest.Item) -> Iterator[None]:
    """While a unit test runs, building a site raises BuiltInUnit naming the marker to add."""
    if tiers_of(item) != ["unit"]:
        yield
        return
    import build_server
    import site_project
    from scf import build

    message = (f"{item.nodeid} builds a site but its tier is unit: mark it @pytest.mark.build "
               "(see tests/tiers.py)")

    def refuse(*args: object, **kwargs: object) -> None:
        raise BuiltInUnit(message)

    saved = [(build_server._Server, "run"), (site_project.Project, "__init__"), (build.SiteBuild, "__init__")]
    originals = [getattr(owner, name) for owner, name in saved]
    for owner, name in saved:
        setattr(owner, name, refuse)
    try:
        yield
    finally:
        for (owner, name), original in zip(saved, originals):
            setattr(owner, name, original)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    with guard(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    with guard(item):
        return (yield)
