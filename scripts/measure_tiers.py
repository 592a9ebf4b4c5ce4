"""How long an editor waits (issue #28): a script that prints numbers, not a test.

    .venv/bin/python scripts/measure_tiers.py                # everything (about 10 minutes on a quiet machine)
    .venv/bin/python scripts/measure_tiers.py --skip shards  # leave out a stage (unit, shards, audit, build, setup)

For the current tree it measures, each as its own command:
- the unit tier: `./dev test -m unit`;
- each of CI's shards: `./dev test --splits N --group i` (N from .github/workflows/site.yml), each
  with an empty audit record, as after a theme change (every page audited);
- the site audit (tests/browser/test_site_audit.py, in a scratch copy of the repository) with an
  empty record, then after a one-post change (a sentence added to the first
  paragraph of the last post by file name) with the record the first run left: how many pages
  it audits again, and its time;
- `mkdocs build --strict` of the site, and the set-up (`./dev setup` into a new .venv, with
  pip's cache warm, as CI's cache makes it);
- the modeled merge-to-live: set-up + longest shard + build.

For every stage: wall seconds, the CPU seconds of the command and everything it started
(rusage), and the machine's busy CPU seconds over the same time (/proc/stat): when the machine
is busier than the command, someone else was using it and the wall time is inflated.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from shards import shard_count  # noqa: E402  (CI's shard count, read where the shards are cut)

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"unit": 30.0, "shard": 100.0, "pages": 15, "live": 180.0}
STAGES = ("unit", "shards", "audit", "build", "setup")


@dataclass
class Run:
    name: str
    wall: float
    cpu: float
    machine: float  # busy CPU seconds of the whole machine meanwhile
    status: int
    tail: str

    def line(self) -> str:
        others = max(0.0, self.machine - self.cpu)
        return (f"{self.name:<34} {self.wall:7.1f} s wall {self.cpu:7.1f} s CPU  "
                f"(CPU/wall {self.cpu / max(self.wall, 1e-9):.2f}; others used {others:6.1f} s CPU meanwhile)"
                + ("" if self.status == 0 else f"  EXIT {self.status}"))


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since it started (all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run(name: str, command: list[str], cwd: Path = REPO, env: dict[str, str] | None = None) -> Run:
    """Run `command`; wall time, and CPU time from the kernel's account of it and its children."""
    start, busy = time.monotonic(), busy_seconds()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=out)
        _, status, usage = os.wait4(process.pid, 0)
        wall, machine = time.monotonic() - start, busy_seconds() - busy
        out.seek(0)
        lines = out.read().decode(errors="replace").strip().splitlines()
    # The last line (pytest's count), and pytest-split's estimate from .test_durations.
    tail = " | ".join([*(line.strip() for line in lines if "estimated duration" in line
                         or line.startswith(("FAILED ", "ERROR "))), *lines[-1:]])
    result = Run(name, wall, usage.ru_utime + usage.ru_stime, machine, os.waitstatus_to_exitcode(status), tail)
    print(result.line(), f"\n{'':<34} {result.tail}", flush=True)
    return result


def pytest(*args: str) -> list[str]:
    """`./dev test ARGS` in the folder it is run in; set_up() has set up, so it only compares two
    lock files before pytest starts (set-up is measured on its own). Through ./dev, so that its
    environment is the runs' (where PYTHONDONTWRITEBYTECODE is set, ./dev keeps compiled files)."""
    return ["./dev", "test", *args]


def set_up() -> None:
    """As `./dev test` does before its first run: Python from the lock, Node packages from theirs."""
    subprocess.run(["./dev", "setup"], cwd=REPO, check=True)
    stamp, lock = REPO / "node_modules/.installed-lock", REPO / "package-lock.json"
    if not stamp.exists() or stamp.read_bytes() != lock.read_bytes():
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=REPO, check=True)
        shutil.copy(lock, stamp)
    # Python's compiled files, as on a developer's second run: the first run after a change
    # compiles what changed, and only once.
    subprocess.run(pytest("--collect-only", "-q", "-n", "0", "-p", "no:cacheprovider"), cwd=REPO,
                   check=True, stdout=subprocess.DEVNULL)


def scratch_copy(into: Path) -> Path:
    """The repository's tracked files (as they are in the work tree), with .venv and node_modules linked."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        if (REPO / rel).is_file():
            (into / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, into / rel)
    for name in (".venv", "node_modules"):
        (into / name).symlink_to(REPO / name)
    return into


def change_one_post(root: Path) -> str:
    """Add a sentence to the first paragraph of the last post by file name: its page, its teaser on the
    listings and its feeds change; nothing else should."""
    newest = sorted((root / "posts").glob("*.md"))[-1]
    text = newest.read_text(encoding="utf-8")
    body = text.index("\n---", 3) + 4
    first = re.search(r"\n\n([^\n#<!>].*?)(\n\n|\Z)", text[body:], re.S)
    assert first, f"no paragraph in {newest.name}"
    end = body + first.end(1)
    newest.write_text(text[:end] + " This sentence was added to measure the audit." + text[end:], encoding="utf-8")
    return newest.relative_to(root).as_posix()


def entries(record: Path) -> dict[str, str]:
    """Kept results: entry file name -> 'kind page'."""
    found = {}
    for path in record.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[path.name] = f"{data['kind']} /{data['page']}"
    return found


def measure_audit(work: Path) -> tuple[Run, Run, list[str]]:
    root, record = scratch_copy(work / "repo"), work / "audit-record"
    command = pytest("-q", "-p", "no:cacheprovider", "tests/browser/test_site_audit.py")
    env = {"SCF_AUDIT_RECORD": str(record)}
    empty = run("audit, empty record", command, root, env)
    before = entries(record)
    changed = change_one_post(root)
    print(f"{'':<34} changed {changed}")
    after = run("audit, one post changed", command, root, env)
    again = sorted(v for k, v in entries(record).items() if k not in before)
    return empty, after, again


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip", action="append", default=[], choices=STAGES, help="leave out a stage")
    args = parser.parse_args()
    load = os.getloadavg()
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {head.strip()}, {os.cpu_count()} cores, "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}\n", flush=True)
    set_up()
    results: dict[str, Run] = {}
    with tempfile.TemporaryDirectory(prefix="measure-tiers-") as scratch:
        work = Path(scratch)
        if "unit" not in args.skip:
            results["unit"] = run("unit tier (./dev test -m unit)", pytest("-m", "unit", "-p", "no:cacheprovider"))
        shards: list[Run] = []
        if "shards" not in args.skip:
            n = shard_count()
            for group in range(1, n + 1):
                shards.append(run(f"shard {group} of {n} (empty record)",
                                  pytest("--splits", str(n), "--group", str(group), "-p", "no:cacheprovider"),
                                  env={"SCF_AUDIT_RECORD": str(work / f"record-{group}")}))
        again: list[str] = []
        if "audit" not in args.skip:
            results["audit empty"], results["audit one post"], again = measure_audit(work)
            print(f"{'':<34} audited again: {len(again)} pages or files\n" + "".join(f"{'':<36}{p}\n" for p in again))
        if "build" not in args.skip:
            results["build"] = run("build (mkdocs build --strict)", [str(REPO / ".venv/bin/mkdocs"), "build", "--strict",
                                                                     "--site-dir", str(work / "site")],
                                   env={"NO_MKDOCS_2_WARNING": "1"})
        if "setup" not in args.skip:
            copy = work / "setup"
            copy.mkdir()
            for name in ("dev", "requirements.lock", "pyproject.toml"):
                shutil.copy2(REPO / name, copy / name)
            shutil.copytree(REPO / "hooks", copy / "hooks", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
            results["setup"] = run("set-up (./dev setup, new .venv)", ["./dev", "setup"], copy)
    print("\nSummary (targets of issue #28; wall seconds on this machine)")
    report(results, shards, again)
    return 0 if all(r.status == 0 for r in [*results.values(), *shards]) else 1


def report(results: dict[str, Run], shards: list[Run], again: list[str]) -> None:
    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    if "unit" in results:
        unit = results["unit"]
        print(f"  unit tier: {unit.wall:.1f} s (target <= {TARGETS['unit']:.0f} s: {verdict(unit.wall <= TARGETS['unit'])})")
    if shards:
        longest = max(shards, key=lambda r: r.wall)
        for number, shard in enumerate(shards, 1):
            print(f"  shard {number} of {len(shards)}: {shard.wall:.1f} s (target <= {TARGETS['shard']:.0f} s: "
                  f"{verdict(shard.wall <= TARGETS['shard'])})")
        print("  shards: " + ", ".join(f"{r.wall:.0f}" for r in shards) + " s; CPU " +
              ", ".join(f"{r.cpu:.0f}" for r in shards) + f" s; longest/shortest {longest.wall / min(r.wall for r in shards):.2f}"
              f" (target every shard <= {TARGETS['shard']:.0f} s: {verdict(longest.wall <= TARGETS['shard'])})")
    if "audit one post" in results:
        empty, post = results["audit empty"], results["audit one post"]
        pages = [p for p in again if p.startswith("browser ")]
        print(f"  audit: {empty.wall:.1f} s with an empty record, {post.wall:.1f} s after a one-post change "
              f"(ratio {post.wall / empty.wall:.2f}; CPU {post.cpu / empty.cpu:.2f}); pages audited again: {len(pages)} "
              f"(target <= {TARGETS['pages']}: {verdict(len(pages) <= TARGETS['pages'])})")
    if shards and "build" in results and "setup" in results:
        longest = max(r.wall for r in shards)
        setup, build = results["setup"].wall, results["build"].wall
        live = setup + longest + build
        print(f"  modeled merge-to-live: set-up {setup:.0f} + longest shard {longest:.0f} + build {build:.0f} = {live:.0f} s "
              f"(target <= {TARGETS['live']:.0f} s: {verdict(live <= TARGETS['live'])})")
    if "build" in results and "setup" in results:
        first = results["setup"].wall + results["build"].wall
        print(f"  a pull request's first answer (check.yml: set-up, then scf check, then the preview's build; "
              f"no test waited for): about set-up + build = {first:.0f} s, then the host's upload")
    if any(r.machine > 1.3 * r.cpu for r in [*results.values(), *shards]):
        print("  The machine was shared (others used CPU during the runs): wall times are inflated; "
              "run again on a quiet machine for the figures to keep.")


if __name__ == "__main__":
    sys.exit(main())
