"""`scf check`'s builder: MkDocs's own build of the site, which writes nothing.

`scf check` must say what the build says, so it is the build: the same `mkdocs.yml`, the
same hooks, every page's Markdown converted by the same converter, drawn with its template
and put through every step, every file made from the whole site. The adapter, told it is
checking, drops each drawn page instead of handing it to MkDocs to write, lets MkDocs copy
no file and has the whole-site files made without writing them (`SiteBuild.finish(None)`);
the search index is not run (Pagefind reads what the build wrote). The site folder MkDocs
is given is a new empty temporary one, so even a file written by mistake could never reach
site/. What stops the build (the adapter's problems and, as `--strict` makes them
errors, MkDocs's warnings) comes back as a list of problems.

scf finds this module by its name (scf.cli.BUILDER) and never imports MkDocs itself: the
day the site moves to another builder, its adapter offers the same `check`.
"""
from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, cast

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from scf.content.problems import ContentError, Problem

if TYPE_CHECKING:  # MkDocs loads the adapter itself, as a hook: importing it would make a second one
    from scf_mkdocs.adapter import Adapter


class _Warnings(logging.Handler):
    """MkDocs's warnings (errors under --strict) during the check, as problems; its other
    messages are not shown (the problems are)."""

    def __init__(self, config: MkDocsConfig, adapters: list[Adapter]) -> None:
        super().__init__(logging.WARNING)
        self.config = config
        self.adapters = adapters
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:  # errors are the adapter's report, or MkDocs's own abort
            page = getattr(self.config, "_current_page", None)
            build = self.adapters[0].build if self.adapters else None
            file = (build.site.source_of(page.file.src_uri) if build is not None and page is not None
                    else "mkdocs.yml")
            self.problems.append(Problem(file, None, record.getMessage().strip().rstrip(".")))


def check(root: Path, warnings: list[Problem] | None = None) -> list[Problem]:
    """Every problem that would stop `mkdocs build --strict` of the project at `root`; what the
    build warns of and goes on after (the easy read lint's warnings) is added to `warnings`."""
    logger = logging.getLogger("mkdocs")
    with tempfile.TemporaryDirectory(prefix="scf-check-") as site_dir:
        try:
            config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=site_dir)
        except (ConfigurationError, Abort) as error:
            return [Problem("mkdocs.yml", None, str(error).strip().rstrip("."))]
        hooks = cast("dict[str, ModuleType]", config.hooks)  # MkDocs 1.6 types it as a list; it is a dict
        adapters: list[Adapter] = [hook._adapter for hook in hooks.values() if hasattr(hook, "_adapter")]
        for adapter in adapters:
            adapter.checking = True
        logged = _Warnings(config, adapters)
        propagate, logger.propagate = logger.propagate, False
        logger.addHandler(logged)
        try:
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            except Abort:
                pass  # the problems say why
            finally:
                config.plugins.on_shutdown()
        finally:
            for adapter in adapters:  # MkDocs loads a hook once per process: a later build writes
                adapter.checking = False
            logger.removeHandler(logged)
            logger.propagate = propagate
    if warnings is not None:
        warnings += [w for adapter in adapters for w in adapter.warnings]
    problems = [p for adapter in adapters for p in adapter.problems] + logged.problems
    return ContentError(problems).problems if problems else []
