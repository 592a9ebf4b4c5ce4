"""Run `mkdocs` and `scf` for the tests without paying Python's start-up every time.

A test run builds about two hundred small sites. Each `mkdocs build` in a new process spent
half its time importing MkDocs, Material, Markdown and our hooks and compiling the same
Jinja templates. Here one server process per pytest-xdist worker imports them once, then
forks a child for each command: the child starts with everything imported, runs the command
as its console script would (own folder, own environment, own output files, own exit
status) and exits, so no state of one build reaches the next. Compiled templates are kept
on disk for the whole test run (Jinja's bytecode cache, checked against each template's
source), so a template edited during a run is compiled again.

`run_tool` is the only entry point; a command it does not know runs as a plain subprocess.
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

BIN = Path(sys.executable).parent
TOOLS = ("mkdocs", "scf")
# Imported by the server before it forks; the same set every build imports.
PRELOAD = ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs.commands.gh_deploy", "mkdocs.config.defaults",
           "material", "markdown", "markdown.extensions.toc", "markdown.extensions.attr_list",
           "markdown.extensions.md_in_html", "markdown.extensions.admonition", "markdown.extensions.tables",
           "markdown.extensions.footnotes", "markdown.extensions.def_list",
           "pymdownx.caret", "pymdownx.superfences", "pymdownx.tilde", "pymdownx.highlight",
           "jinja2", "yaml", "scf.cli", "scf.build", "scf.content.model", "scf.integrations.wordpress", "scf.integrations.newsletter")


def run_tool(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`args[0]` (a console script of the project's environment) run in `cwd` with `env`."""
    if args[0] not in TOOLS or os.environ.get("SCF_TEST_NO_SERVER"):
        return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, env=env, capture_output=True, text=True)
    return _server().run(args, cwd, env)


class _Server:
    def __init__(self) -> None:
        self.cache = tempfile.mkdtemp(prefix="scf-templates-")
        self.process = subprocess.Popen([sys.executable, __file__, self.cache], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True,
                                        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        self.lock = threading.Lock()  # one command at a time through the pipe
        atexit.register(self.stop)

    def run(self, args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
        with tempfile.TemporaryDirectory() as out, self.lock:
            request = {"args": args, "cwd": str(cwd), "env": dict(env), "out": out}
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
            if not answer:
                raise RuntimeError("the tests' build server stopped")
            stdout, stderr = (Path(out, name).read_text(encoding="utf-8", errors="replace")
                              for name in ("stdout", "stderr"))
            return subprocess.CompletedProcess(args, json.loads(answer)["code"], stdout, stderr)

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        shutil.rmtree(self.cache, ignore_errors=True)


_SERVER: _Server | None = None


def _server() -> _Server:
    global _SERVER
    if _SERVER is None:
        _SERVER = _Server()
    return _SERVER


# -- the server side -------------------------------------------------------------------------

def _serve(cache: str) -> None:
    import importlib

    import jinja2
    import mkdocs.theme

    for name in PRELOAD:
        importlib.import_module(name)
    make_env = mkdocs.theme.Theme.get_env

    def get_env(self):  # MkDocs makes a new environment per build; keep its compiled templates
        env = make_env(self)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(cache)
        return env

    mkdocs.theme.Theme.get_env = get_env
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"code": os.waitstatus_to_exitcode(status)}), flush=True)


def _child(request: dict) -> None:
    """Become the command: its folder, environment, arguments and output files; never return."""
    code = 1
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for fd, name in ((1, "stdout"), (2, "stderr")):
            os.dup2(os.open(Path(request["out"], name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
        sys.stdin = open(os.devnull)
        tool, *args = request["args"]
        sys.argv = [str(BIN / tool), *args]
        if tool == "mkdocs":
            from mkdocs.__main__ import cli
            cli.main(args=args, prog_name="mkdocs")
            code = 0
        else:
            from scf.cli import main
            code = main(args) or 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: BLE001  as Python itself would: the traceback, exit status 1
        import traceback
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    _serve(sys.argv[1])
