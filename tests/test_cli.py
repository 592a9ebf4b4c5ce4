"""The editors' command: `scf --help`, `scf new-post`."""
from __future__ import annotations


def test_help_lists_every_command(project):
    result = project.run("scf", "--help")
    assert result.returncode == 0
    for command in ("check", "new-post"):
        assert command in result.stdout


def test_new_post_writes_a_dated_post_from_the_template(project):
    result = project.run("scf", "new-post", "Our pledge: a new story", now="2026-11-23T09:00:00+00:00")
    assert result.returncode == 0, result.stderr
    path = project.root / "posts/2026-11-23-our-pledge-a-new-story.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Our pledge: a new story"\ndate: 2026-11-23\n')
    for field in ("authors:", "categories: [Campaigning]", "summary:"):
        assert field in text
    # The template parses; what is left to fill in is named by `scf check`.
    check = project.run("scf", "check")
    assert "posts/2026-11-23-our-pledge-a-new-story.md:4: unknown author 'your-author-key'" in check.stdout
    assert check.stdout.count("posts/") == 1


def test_new_post_does_not_overwrite(project):
    project.run("scf", "new-post", "Same")
    again = project.run("scf", "new-post", "Same")
    assert again.returncode == 1 and "already exists" in again.stderr
