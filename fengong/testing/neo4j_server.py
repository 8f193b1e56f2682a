"""A genuine Neo4j Community server for tests, started from jars that Maven fetched.

Neo4j publishes no unix tarball to Maven Central, only the server's artifacts.
``tools/neo4j/install.sh`` copies them (``tools/neo4j/pom.xml`` pins the
version) into a cache folder outside the repository,
``${FENGONG_NEO4J_HOME:-~/.cache/fengong/neo4j-<version>}/lib``, and
:class:`Neo4jServer` runs what the official ``neo4j console`` launcher runs::

    java -Xmx… -cp '<lib>/*' org.neo4j.server.CommunityEntryPoint \\
        --home-dir=<run> --config-dir=<run>/conf --console-mode

Every server gets its own temporary run folder (``neo4j.conf``, ``data/``,
``logs/``), free loopback ports, authentication on, and the password set
before the first start with ``neo4j-admin dbms set-initial-password`` (the
class ``org.neo4j.cli.AdminTool``, from the same jars)::

    with Neo4jServer() as server:
        with server.driver() as driver:
            driver.execute_query("RETURN 1")

:meth:`Neo4jServer.stop` ends the JVM (SIGTERM, then SIGKILL) and removes the
run folder; it also runs at interpreter exit, and on Linux the JVM is told to
end if the Python thread that started it dies.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fengong.errors import FengongError

#: The Maven project and install script that fetch the server (in a source checkout).
TOOLS = Path(__file__).resolve().parents[2] / "tools" / "neo4j"
INSTALL_SCRIPT = TOOLS / "install.sh"

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

#: Password of the ``neo4j`` user in test servers (Neo4j wants at least 8 characters).
DEFAULT_PASSWORD = "fengong-test-password"

#: JVM options of the official launcher that matter here: without the
#: ``--add-opens`` the page cache and transaction logs fall back to slower
#: paths and log warnings.
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)


class Neo4jServerError(FengongError):
    """The Neo4j server could not be installed, started or reached."""


class Neo4jUnavailable(Neo4jServerError):
    """What installing Neo4j needs is missing here (java, mvn or the install script)."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise Neo4jUnavailable("java not found (Neo4j 5.26 needs Java 17 or 21)")
    return java


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """In the forked child: get SIGTERM when the parent thread dies (Linux only)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class Neo4jServer:
    """One Neo4j Community server on loopback, for tests.

    ``home``: the install folder (default: what ``tools/neo4j/install.sh``
    prints); ``heap``/``pagecache``: memory sizes in Neo4j's notation;
    ``http``: also open the HTTP connector (on another free port);
    ``keep``: leave the run folder (conf, data, logs) after :meth:`stop`
    (also when ``FENGONG_NEO4J_KEEP=1``).
    """

    def __init__(
        self,
        *,
        home: str | os.PathLike[str] | None = None,
        user: str = "neo4j",
        password: str = DEFAULT_PASSWORD,
        heap: str = "512m",
        pagecache: str = "128m",
        http: bool = False,
        startup_timeout: float = 180.0,
        keep: bool | None = None,
    ) -> None:
        if user != "neo4j":
            raise ValueError("the initial password can only be set for the user 'neo4j'")
        if len(password) < 8:
            raise ValueError("Neo4j 5 passwords have at least 8 characters")
        self._home = Path(home) if home is not None else None
        self._user = user
        self._password = password
        self.heap = heap
        self.pagecache = pagecache
        self.http = http
        self.startup_timeout = startup_timeout
        self.keep = os.environ.get("FENGONG_NEO4J_KEEP") == "1" if keep is None else keep
        self.bolt_port: int | None = None
        self.http_port: int | None = None
        self.run_dir: Path | None = None
        #: Seconds from launching the JVM to the first answered query.
        self.start_seconds: float | None = None
        self._process: subprocess.Popen[bytes] | None = None

    # -- installation ---------------------------------------------------------

    def install(self) -> Path:
        """The install folder (holding ``lib/``), installing the jars first if needed."""
        if self._home is not None and (self._home / "lib" / ".fengong-installed").is_file():
            return self._home
        if not INSTALL_SCRIPT.is_file():
            raise Neo4jUnavailable(f"{INSTALL_SCRIPT} not found: installing Neo4j needs a source checkout")
        env = dict(os.environ)
        if self._home is not None:
            env["FENGONG_NEO4J_HOME"] = str(self._home)
        done = subprocess.run(
            ["bash", str(INSTALL_SCRIPT)],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if done.returncode == 3:
            raise Neo4jUnavailable(done.stderr.strip())
        if done.returncode != 0:
            raise Neo4jServerError(f"tools/neo4j/install.sh failed ({done.returncode}):\n{done.stderr.strip()}")
        self._home = Path(done.stdout.strip().splitlines()[-1])
        return self._home

    @property
    def lib(self) -> Path:
        return self.install() / "lib"

    @property
    def version(self) -> str:
        """The Neo4j version of the installed jars, e.g. ``'5.26.30'``."""
        for jar in self.lib.glob("neo4j-kernel-*.jar"):
            match = re.fullmatch(r"neo4j-kernel-(\d+\.\d+\.\d+)\.jar", jar.name)
            if match:
                return match.group(1)
        raise Neo4jServerError(f"no neo4j-kernel jar in {self.lib}")

    # -- connection -----------------------------------------------------------

    @property
    def uri(self) -> str:
        if self.bolt_port is None:
            raise Neo4jServerError("the server is not started")
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def user(self) -> str:
        return self._user

    @property
    def password(self) -> str:
        return self._password

    @property
    def auth(self) -> tuple[str, str]:
        return (self._user, self._password)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def driver(self, **config):
        """A new :class:`neo4j.Driver` for this server (close it, or use it in ``with``)."""
        import neo4j

        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth, **config)

    # -- life cycle -----------------------------------------------------------

    def start(self) -> Neo4jServer:
        """Start the server and wait until it answers a query over Bolt with the password."""
        if self.running:
            return self
        lib = self.lib
        java = _java()
        for attempt in range(3):
            try:
                self._prepare(java, lib)
                self._launch(java, lib)
                return self
            except Neo4jServerError as exc:
                self._end_process()
                if "Address already in use" not in str(exc) or attempt == 2:
                    # Keep the run folder: the message names it, for its logs.
                    self.run_dir = None
                    raise
                self.stop()
        raise AssertionError("unreachable")

    def _prepare(self, java: str, lib: Path) -> None:
        self.run_dir = Path(tempfile.mkdtemp(prefix="fengong-neo4j-"))
        self.bolt_port = _free_port()
        self.http_port = _free_port() if self.http else None
        conf = self.run_dir / "conf"
        conf.mkdir()
        lines = [
            "# Written by fengong.testing.neo4j_server for one test server.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            "server.bolt.enabled=true",
            f"server.bolt.listen_address=127.0.0.1:{self.bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{self.bolt_port}",
            "server.bolt.tls_level=DISABLED",
            f"server.http.enabled={'true' if self.http else 'false'}",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            f"server.memory.heap.initial_size={self.heap}",
            f"server.memory.heap.max_size={self.heap}",
            f"server.memory.pagecache.size={self.pagecache}",
            f"server.directories.data={self.run_dir / 'data'}",
            f"server.directories.logs={self.run_dir / 'logs'}",
            f"server.directories.run={self.run_dir / 'run'}",
            "dbms.usage_report.enabled=false",
            # Tests stop the server often: skip the 5 s quiet period of each
            # Bolt event loop at shutdown (an internal setting).
            "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        ]
        if self.http:
            lines.append(f"server.http.listen_address=127.0.0.1:{self.http_port}")
        (conf / "neo4j.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")
        # neo4j-admin dbms set-initial-password, before the first start.
        env = dict(os.environ, NEO4J_HOME=str(self.run_dir), NEO4J_CONF=str(conf))
        done = subprocess.run(
            [java, "-Xmx128m", "-cp", f"{lib}/*", ADMIN_TOOL, "dbms", "set-initial-password", self._password],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise Neo4jServerError(
                f"neo4j-admin dbms set-initial-password failed ({done.returncode}), run folder {self.run_dir}:\n"
                f"{done.stdout}{done.stderr}"
            )

    def _launch(self, java: str, lib: Path) -> None:
        assert self.run_dir is not None
        console = self.run_dir / "console.log"
        command = [
            java,
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            *JVM_OPTIONS,
            "-cp",
            f"{lib}/*",
            ENTRY_POINT,
            f"--home-dir={self.run_dir}",
            f"--config-dir={self.run_dir / 'conf'}",
            "--console-mode",
        ]
        began = time.monotonic()
        with open(console, "wb") as out:
            self._process = subprocess.Popen(
                command,
                cwd=self.run_dir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
        atexit.register(self.stop)
        self._wait_until_ready(began)
        self.start_seconds = time.monotonic() - began

    def _wait_until_ready(self, began: float) -> None:
        import neo4j
        from neo4j import exceptions as nex

        deadline = began + self.startup_timeout
        last: Exception | None = None
        process = self._process
        assert process is not None  # started just above
        while time.monotonic() < deadline:
            code = process.poll()
            if code is not None:
                raise self._failure(f"the Neo4j server exited with code {code} while starting")
            try:
                with socket.create_connection(("127.0.0.1", self.bolt_port), timeout=1):
                    pass
            except OSError as exc:
                last = exc
                time.sleep(0.25)
                continue
            try:
                with neo4j.GraphDatabase.driver(self.uri, auth=self.auth, connection_timeout=5) as driver:
                    driver.execute_query("RETURN 1")
                return
            except nex.AuthError as exc:
                raise self._failure(f"the Neo4j server refused the password: {exc}") from exc
            except (nex.ServiceUnavailable, nex.SessionExpired, nex.TransientError, OSError) as exc:
                last = exc
                time.sleep(0.25)
        raise self._failure(
            f"the Neo4j server did not answer on {self.uri} within {self.startup_timeout:.0f} s (last: {last!r})"
        )

    def _failure(self, message: str) -> Neo4jServerError:
        assert self.run_dir is not None
        parts = [message, f"run folder: {self.run_dir}"]
        for name in ("console.log", "logs/debug.log"):
            tail = _tail(self.run_dir / name)
            if tail:
                parts.append(f"--- last lines of {name} ---\n{tail}")
        return Neo4jServerError("\n".join(parts))

    def stop(self, timeout: float = 60.0) -> None:
        """End the server (SIGTERM, SIGKILL after ``timeout`` s) and remove its run folder."""
        self._end_process(timeout)
        if self.run_dir is not None and not self.keep:
            shutil.rmtree(self.run_dir, ignore_errors=True)
            self.run_dir = None

    def _end_process(self, timeout: float = 60.0) -> None:
        process, self._process = self._process, None
        if process is not None:
            atexit.unregister(self.stop)
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def __enter__(self) -> Neo4jServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"running on {self.uri}" if self.running else "stopped"
        return f"<Neo4jServer {state}>"
