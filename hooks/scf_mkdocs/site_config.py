"""What scf needs of the builder's own configuration (mkdocs.yml): the site's address and name.

mkdocs.yml is the builder's file, so only the adapter reads it, with MkDocs's own YAML loader:
`!ENV` tags (and `INHERIT`) mean here what they mean to MkDocs. `scf newsletter`, which runs
without a build, gets the values from cli.py, which finds this module by name.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from scf.content.problems import ContentError, Problem

KEYS = ("site_url", "site_name")


def site_config(root: Path) -> dict[str, str]:
    """site_url and site_name from `root`/mkdocs.yml, those that are set; none when there is no
    mkdocs.yml. A file YAML cannot read is one problem naming it."""
    path = root / "mkdocs.yml"
    if not path.exists():
        return {}
    try:
        with path.open(encoding="utf-8") as source:
            config = yaml_load(source)
    except ConfigurationError as error:  # MkDocs's own words for YAML it cannot read
        mark = getattr(error.__context__, "problem_mark", None)  # the YAML error it wraps
        problem = getattr(error.__context__, "problem", None) or str(error)
        raise ContentError([Problem("mkdocs.yml", mark.line + 1 if mark else None,
                                    f"MkDocs cannot read this file ({problem})",
                                    "check the quotes and indentation on that line")]) from None
    config = config if isinstance(config, dict) else {}
    return {key: str(config[key]) for key in KEYS if config.get(key)}
