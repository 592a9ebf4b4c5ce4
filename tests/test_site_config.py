"""The adapter reads mkdocs.yml's site_url and site_name as MkDocs does (scf never reads the file)."""
from __future__ import annotations

from pathlib import Path

import pytest

from scf import cli
from scf.content.problems import ContentError
from scf_mkdocs.site_config import site_config


def _config(tmp_path: Path, text: str) -> dict[str, str]:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return site_config(tmp_path)


def test_the_two_values_are_read_and_the_rest_is_left_alone(tmp_path):
    text = ('site_name: "#socialcarefuture"\nsite_url: https://example.org/\ntheme:\n  name: material\n'
            "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    assert _config(tmp_path, text) == {"site_name": "#socialcarefuture", "site_url": "https://example.org/"}


def test_env_tags_mean_what_they_mean_to_mkdocs(tmp_path, monkeypatch):
    monkeypatch.setenv("SCF_TEST_URL", "https://preview.example.org/")
    monkeypatch.delenv("SCF_TEST_NAME", raising=False)
    text = "site_url: !ENV SCF_TEST_URL\nsite_name: !ENV [SCF_TEST_NAME, 'Fallback name']\n"
    assert _config(tmp_path, text) == {"site_url": "https://preview.example.org/", "site_name": "Fallback name"}


def test_an_unset_value_is_left_out(tmp_path, monkeypatch):
    monkeypatch.delenv("SCF_TEST_URL", raising=False)
    assert _config(tmp_path, "site_url: !ENV SCF_TEST_URL\nsite_name:\n") == {}


def test_no_mkdocs_yml_gives_nothing(tmp_path):
    assert site_config(tmp_path) == {}


def test_a_file_yaml_cannot_read_is_one_problem_with_its_line(tmp_path):
    with pytest.raises(ContentError) as raised:
        _config(tmp_path, "site_name: x\nsite_url: [unclosed\n")
    [problem] = raised.value.problems
    assert problem.file == "mkdocs.yml" and problem.line == 3 and "MkDocs cannot read" in problem.message


def test_the_cli_gives_the_newsletter_the_adapters_values(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_url: https://example.org/\n", encoding="utf-8")
    assert cli.builder_site_config(tmp_path) == {"site_url": "https://example.org/"}
