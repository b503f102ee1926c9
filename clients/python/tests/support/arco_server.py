"""A real ``arco serve`` for the end-to-end suites: the built jar on a JDK >= 21, on port 0, without
the local worker, over a temporary data directory.

The jar is ``ARCO_JAR`` or ``arco-api/target/arco.jar`` (``./mvn21 -B -pl arco-api -am package
-DskipTests`` builds it). The JDK is found like ``.ci/jdk.sh`` finds it: ``ARCO_JAVA`` (a java
binary), else ``JAVA_HOME``, else the ``java`` on PATH, else the newest under the system's JVM
directories, each only if it is 21 or newer. Without either, the suites are skipped with a message
saying why, unless ``ARCO_E2E_REQUIRED=1`` (set by the Maven build, where both exist), which makes
that a failure.
"""

from __future__ import annotations

import atexit
import glob
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unittest
from pathlib import Path

from .paths import REPO

START_TIMEOUT_SECONDS = 90
JVM_DIRS = ("/usr/lib/jvm/*", "/usr/java/*", "/opt/java/*", "/Library/Java/JavaVirtualMachines/*/Contents/Home")


def java_major(java: str) -> int:
    """The major version of a java binary, 0 when it cannot tell."""
    try:
        r = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return 0
    m = re.search(r"java\.specification\.version = (\d+)", r.stderr + r.stdout)
    return int(m.group(1)) if m else 0


def find_java() -> str | None:
    """A java binary of a JDK >= 21, or None."""
    explicit = os.environ.get("ARCO_JAVA")
    if explicit:
        return explicit if java_major(explicit) >= 21 else None
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(os.path.join(os.environ["JAVA_HOME"], "bin", "java"))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(on_path)
    for c in candidates:
        if os.access(c, os.X_OK) and java_major(c) >= 21:
            return c
    best, best_major = None, 0
    for home in sorted(p for pattern in JVM_DIRS for p in glob.glob(pattern)):
        java = os.path.join(home, "bin", "java")
        if os.access(java, os.X_OK):
            major = java_major(java)
            if major >= 21 and major > best_major:
                best, best_major = java, major
    return best


def find_jar() -> Path | None:
    """The server jar, or None."""
    jar = Path(os.environ.get("ARCO_JAR", REPO / "arco-api" / "target" / "arco.jar"))
    return jar if jar.is_file() else None


def skip_or_fail(reason: str) -> None:
    """Skips the calling test (or class), or fails it when ``ARCO_E2E_REQUIRED=1``."""
    if os.environ.get("ARCO_E2E_REQUIRED") == "1":
        raise AssertionError(f"end-to-end tests required but cannot run: {reason}")
    raise unittest.SkipTest(reason)


class ArcoServer:
    """One ``arco serve`` process; :attr:`url` is what it printed on its ``listening on`` line."""

    def __init__(self, *extra_args: str) -> None:
        java, jar = find_java(), find_jar()
        if java is None:
            skip_or_fail("no JDK 21 or newer (set ARCO_JAVA or JAVA_HOME)")
        if jar is None:
            skip_or_fail("arco-api/target/arco.jar is not built (./mvn21 -B -pl arco-api -am package -DskipTests)")
        self.data_dir = tempfile.mkdtemp(prefix="arco-py-e2e-")
        self.lines: list[str] = []
        self._stderr = open(os.path.join(self.data_dir, "stderr.log"), "w+")
        self.process = subprocess.Popen(
            [str(java), "-jar", str(jar), "serve", "--port", "0", "--no-local-worker", "--data-dir", os.path.join(self.data_dir, "store"), *extra_args],
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        self.url = self._await_listening()
        threading.Thread(target=self._drain, daemon=True).start()

    def _await_listening(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line.rstrip("\n"))
            m = re.search(r"listening on (http://\S+)", line)
            if m:
                return m.group(1)
        self.stop()
        self._stderr.seek(0)
        raise AssertionError(f"arco serve did not start: {self.lines} {self._stderr.read()[-2000:]}")

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def stop(self) -> int:
        """SIGTERM, then the exit code (killed after 30 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        return self.process.returncode


_shared: ArcoServer | None = None
_shared_lock = threading.Lock()


def shared_server() -> ArcoServer:
    """One dev-mode server for every suite of the process (each test uses a workspace of its own);
    stopped when the process exits."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ArcoServer()
            atexit.register(_shared.stop)
        return _shared
