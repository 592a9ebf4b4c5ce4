"""The easy read lint: each error and warning, with the file and line it names."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scf.checks.easyread_lint import ERROR, WARNING, Linter, lint_files
from scf.checks.syllables import syllables
from scf.content.glossary import load_glossary
from scf.views.easyread import Icons
from site_project import THEME

PATH = "easyread/vision.md"
FRONT = "---\ntitle: Our vision\nsummary: What we want.\n---\n"  # the body starts on line 5
CLEAN = """\

## What we want

![A person speaking to a group of people](symbol:talk_1_,_to)
We want people to say what they think.

![Two people together](symbol:hug_,_to)
Good support helps you live your life.
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "easyread" / "pictures").mkdir(parents=True)
    (tmp_path / "easyread" / "pictures" / "support.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "glossary.yml").write_text("safeguarding: Keeping people safe from harm.\n")
    return tmp_path


@pytest.fixture(scope="module")
def icons() -> Icons:
    return Icons(THEME.icons)


def lint(root: Path, icons: Icons, body: str, glossary: bool = True) -> list[str]:
    words = load_glossary(root, "data/glossary.yml")[0] if glossary else []
    return [str(f) for f in Linter(root, words, icons).lint(PATH, textwrap.dedent(body), body_line=5)]


def only(findings: list[str], text: str) -> list[str]:
    return [f for f in findings if text in f]


def test_a_good_page_has_no_findings(root, icons):
    assert lint(root, icons, CLEAN) == []


def test_image_files_relative_to_the_page_are_fine(root, icons):
    body = CLEAN + "\n![Two people holding hands](pictures/support.png)\nWe help each other.\n"
    assert lint(root, icons, body) == []


# -- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, line, message", [
    (CLEAN + "\n![A clock](:material-clock:)\nWe want every person in this country to have the support they need today and tomorrow.\n",
     15, "error: this sentence has 16 words, more than 15"),
    (CLEAN + "\n![A clock](:material-clock:)\nI *really* want this.\n", 15, "error: this line uses italics"),
    (CLEAN + "\n![A clock](:material-clock:)\nI _really_ want this.\n", 15, "error: this line uses italics"),
    (CLEAN + "\n![A clock](:material-clock:)\nI <em>really</em> want this.\n", 15, "error: this line uses italics"),
    ("\n## What we *want*\n" + CLEAN, 6, "error: this line uses italics"),
    (CLEAN + "\n![A clock](:material-clock:)\nI <u>really</u> want this.\n", 15, "error: this line uses underlining"),
    (CLEAN + "\n![](:material-clock:)\nWe want this now.\n", 14, "error: this picture has no alt text"),
    (CLEAN + "\nWe want this now.\n", 14, "error: this paragraph has no picture"),
    (CLEAN + "\n![A clock](:material-no-such-icon:)\nWe want this now.\n", 14, "error: there is no icon ':material-no-such-icon:'"),
    (CLEAN + "\n![A clock](pictures/clock.png)\nWe want this now.\n", 14, "error: the picture 'pictures/clock.png' does not exist"),
    ("\n## What we want\n\nWe want people to say what they think.\n", 6, "error: this easy read page has no pictures"),
])
def test_each_error_names_the_file_and_line(root, icons, body, line, message):
    findings = lint(root, icons, body)
    assert only(findings, message) == [f for f in findings if f.startswith(f"{PATH}:{line}: {message}")]
    assert only(findings, message), findings


def test_mean_sentence_length_over_ten(root, icons):
    body = """
    ![A person speaking](symbol:talk_1_,_to)
    We want people to say what they think about their own lives.
    We want everyone to have good help in their own homes.
    """
    findings = lint(root, icons, body)
    assert findings == [f"{PATH}:6: error: the sentences have 11.5 words on average, more than 10. "
                        "Fix: use shorter sentences: most should have 5 to 10 words"]


def test_too_many_uncommon_words_unless_in_the_word_list(root, icons):
    body = CLEAN + "\n![Two people working](:material-handshake:)\nWe believe in safeguarding and ameliorate.\n"
    findings = lint(root, icons, body)
    assert only(findings, "error:") == [f for f in findings if f.startswith(
        f"{PATH}:6: error: 1 of 24 words (4.2%) are uncommon, more than 3%: ameliorate")]
    assert only(findings, "'ameliorate' is an uncommon word") == [
        f"{PATH}:15: warning: 'ameliorate' is an uncommon word. Fix: use an everyday word, or explain it "
        "in data/glossary.yml (word: easy explanation)"]
    assert not only(findings, "safeguarding")  # in the word list
    assert only(lint(root, icons, body, glossary=False), "safeguarding")


def test_plurals_of_common_words_are_common(root, icons):
    body = CLEAN + "\n![Houses](symbol:house)\nCommunities have libraries and councils.\n"
    assert lint(root, icons, body) == []


LONG_WORDS = """
![A teacher](:material-school:)
Everybody understands community organisations and international education.
Universities especially develop responsibility and information.
Governments organise community education internationally.
"""


def test_reading_grade_over_five_on_pages_of_a_hundred_words(root, icons):
    short = lint(root, icons, LONG_WORDS)
    assert not only(short, "reading level")  # under 100 words: not measured
    body = "\n".join([LONG_WORDS] * 6)
    findings = only(lint(root, icons, body), "reading level")
    assert len(findings) == 1 and findings[0].startswith(f"{PATH}:6: error: the reading level (Flesch-Kincaid grade) is ")


@pytest.mark.parametrize("word, count", [
    ("about", 2), ("everyday", 3), ("organisation", 5),  # in the CMU dictionary
    ("don't", 1), ("don’t", 1), ("well-being", 3),  # a contraction with either apostrophe; a hyphenated word
    ("socialcarefuture", 5), ("2019", 1),  # not in it: Pyphen's hyphenation, and at least 1
])
def test_syllables_come_from_the_pronouncing_dictionary_then_hyphenation(word, count):
    assert syllables(word) == count


# -- warnings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, message", [
    ("The form is checked by our team.", "warning: this may be passive voice: 'is checked'"),
    ("We meet; we talk.", "warning: semicolons or brackets: ';'"),
    ("We meet (often) to talk.", "warning: semicolons or brackets: '(', ')'"),
    ("We have three meetings.", "warning: numbers written as words: 'three'"),
    ("We are ANGRY about this.", "warning: a block of capital letters: 'ANGRY'"),
    ("We can't wait to start.", "warning: contractions: \"can't\""),
    ("Bring food, e.g. bread.", "warning: abbreviations: 'e.g.'"),
    ("Bring food, bread etc.", "warning: abbreviations: 'etc.'"),
    ("Bring bread &amp; jam.", "warning: abbreviations: '&'"),
])
def test_each_warning_names_the_file_and_line(root, icons, sentence, message):
    findings = lint(root, icons, CLEAN + f"\n![Food](symbol:food)\n{sentence}\n")
    assert only(findings, message) and all(f.startswith(f"{PATH}:15: {message}") for f in only(findings, message))
    assert not only(findings, "error:")


def test_pages_over_a_thousand_words(root, icons):
    row = "\n![A house](:material-home:)\nWe want good homes for all of you.\n"
    findings = lint(root, icons, CLEAN + row * 130)
    assert only(findings, "words, more than 1,000") == [
        f"{PATH}:6: warning: this page has 1058 words, more than 1,000. "
        "Fix: keep easy read pages short: split it into two pages or leave out details"]


# -- the command -------------------------------------------------------------------------------

def test_lint_files_reads_every_easy_read_file_with_real_line_numbers(root, icons):
    (root / "easyread" / "vision.md").write_text(FRONT + CLEAN, encoding="utf-8")
    (root / "easyread" / "posts").mkdir()
    (root / "easyread" / "posts" / "bad.md").write_text(FRONT + "\nNo picture here.\n", encoding="utf-8")
    findings = lint_files(root, "data/glossary.yml", icons)
    assert [(f.level, f.problem.file, f.problem.line) for f in findings] == [
        (ERROR, "easyread/posts/bad.md", 6), (ERROR, "easyread/posts/bad.md", 6)]
    assert lint_files(root, "data/glossary.yml", icons, ["easyread/vision.md"]) == []


def test_lint_files_reports_a_missing_file_and_a_broken_word_list(root, icons):
    (root / "data" / "glossary.yml").write_text("safeguarding:\n", encoding="utf-8")
    findings = [str(f) for f in lint_files(root, "data/glossary.yml", icons, ["easyread/nope.md"])]
    assert findings == [
        "data/glossary.yml:1: error: the word 'safeguarding' has no explanation. "
        "Fix: write 'safeguarding: an easy explanation in one or two short sentences'",
        "easyread/nope.md: error: there is no such file. Fix: check the path, for example easyread/vision.md"]


def test_warnings_do_not_count_as_errors(root, icons):
    (root / "easyread" / "vision.md").write_text(FRONT + CLEAN + "\n![Food](symbol:food)\nWe can't wait.\n")
    assert [f.level for f in lint_files(root, "data/glossary.yml", icons)] == [WARNING]


def test_names_inside_a_sentence_are_not_uncommon_words(tmp_path):
    from scf.checks.easyread_lint import Linter

    lint = Linter(tmp_path, [], Icons(THEME.icons))
    body = "![A woman](:material-account:)\nWe met Wendy and Severwright today. Severwright is rare.\n"
    found = [str(f) for f in lint.lint("easyread/x.md", body)]
    assert not any("'wendy'" in f for f in found)
    assert sum("'severwright'" in f for f in found) == 1  # only where it starts a sentence


def test_the_small_word_list_answers_as_the_large_one():
    """`zipf` reads wordfreq's small list (0.01 s to load, not 0.1 to 0.2 s): it must hold every
    word the large list puts at MIN_ZIPF or above (zipf is rounded to two places), with the
    same frequency, and no other word that high."""
    from wordfreq import get_frequency_dict

    from scf.checks.easyread_lint import MIN_ZIPF, WORDLIST

    floor = 10 ** (MIN_ZIPF - 0.01 - 9)  # zipf = log10(frequency per word * 1e9)
    large, small = get_frequency_dict("en", "large"), get_frequency_dict("en", WORDLIST)
    common = {word: f for word, f in large.items() if f >= floor}
    assert len(common) > 5000
    assert {word: f for word, f in small.items() if f >= floor} == common


@pytest.fixture(scope="module")
def large_words() -> list[str]:
    from wordfreq import get_frequency_dict

    return sorted(get_frequency_dict("en", "large"))


@settings(max_examples=300, deadline=None)
@given(index=st.integers(min_value=0), text=st.text(alphabet="abcdefghijklmnopqrstuvwxyz'-0123456789",
                                                     min_size=1, max_size=12))
def test_a_word_is_uncommon_by_either_list(large_words, index, text):
    """The same answer for listed words and for any other text, tokenised as wordfreq does."""
    from wordfreq import zipf_frequency

    from scf.checks.easyread_lint import MIN_ZIPF, WORDLIST

    for word in (large_words[index % len(large_words)], text):
        assert ((zipf_frequency(word, "en", wordlist=WORDLIST) >= MIN_ZIPF)
                == (zipf_frequency(word, "en", wordlist="large") >= MIN_ZIPF)), word


def test_the_list_read_without_wordfreq_gives_its_answers():
    """scf.checks.word_list reads wordfreq's file for words of a to z: every word of the list,
    and the other words it holds (asked of wordfreq), have wordfreq's own value."""
    from wordfreq import get_frequency_dict, zipf_frequency

    from scf.checks import word_list
    from scf.checks.easyread_lint import WORDLIST as wordlist

    words = list(get_frequency_dict("en", wordlist))
    assert len(word_list._buckets(wordlist)) == len(words)
    assert [word_list.zipf_frequency(w, wordlist) for w in words] == [
        zipf_frequency(w, "en", wordlist=wordlist) for w in words]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="abcdefghijklmnopqrstuvwxyzAZé'’-0123456789 ", max_size=12))
def test_a_word_not_in_the_list_has_wordfreqs_value(text):
    from wordfreq import zipf_frequency

    from scf.checks import word_list

    assert word_list.zipf_frequency(text, "small") == zipf_frequency(text, "en", wordlist="small")
