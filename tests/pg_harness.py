"""A private, throw-away PostgreSQL server for tests and the store benchmark.

`initdb` + `pg_ctl` on a free loopback port, run as an unprivileged user: PostgreSQL refuses
to run as root, so as root it uses (and creates, with `useradd -r`, if missing) the system
user `mlscope-pg` and runs the binaries through `runuser -u`. Password authentication over
TCP (scram-sha-256) so that a wrong password is a real failure, never a silent `trust`.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_USER = "mlscope-pg"
SUPERUSER = "postgres"


class PgUnavailable(RuntimeError):
    """PostgreSQL's server binaries are missing or the server did not start."""


def find_bindir() -> Path:
    """The directory holding initdb and pg_ctl: Debian's versioned path first, then PATH."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(initdb).parent
    raise PgUnavailable("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: "
                        "install Debian's `postgresql` (scripts/system-deps.sh does it as root).")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_as() -> list[str]:
    """The command prefix that runs a PostgreSQL binary as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(["useradd", "-r", "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin",
                        PG_USER], check=True, capture_output=True)
    return ["runuser", "-u", PG_USER, "--"]


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    password: str
    prefix: list[str]

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres", *, user: str = SUPERUSER,
            password: str | None = None) -> str:
        pw = self.password if password is None else password
        return f"postgresql+psycopg://{user}:{pw}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = name or f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.url().replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.data),
                        "-m", "immediate", "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


def start_server(*, durable: bool = False) -> PgServer:
    """initdb a fresh cluster in a temporary directory and start it on a free port.

    Tests run without fsync (nothing here must survive a crash); `durable=True` keeps
    PostgreSQL's defaults, for benchmarks whose numbers should mean something.
    """
    bindir = find_bindir()
    prefix = _run_as()
    # Not under pytest's tmp_path: that is private to root, and the server runs as PG_USER.
    root = Path(tempfile.mkdtemp(prefix="mlscope-pg-"))
    root.chmod(0o755)
    password = secrets.token_urlsafe(16)
    pwfile = root / "pw"
    pwfile.write_text(password + "\n")
    if prefix:
        shutil.chown(root, PG_USER)
        shutil.chown(pwfile, PG_USER)
    port = _free_port()
    server = PgServer(bindir, root, port, password, prefix)

    def run(args: list[str], timeout: float) -> None:
        proc = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=timeout,
                              cwd=root)
        if proc.returncode:
            log = (root / "server.log").read_text(errors="replace") if (
                root / "server.log").exists() else ""
            shutil.rmtree(root, ignore_errors=True)
            raise PgUnavailable(f"{Path(args[0]).name} failed: {proc.stderr.strip()[-800:]}"
                                f"\n{log[-800:]}")

    run([str(bindir / "initdb"), "-D", str(server.data), "-U", SUPERUSER, "-E", "UTF8",
         "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256",
         f"--pwfile={pwfile}"], 120)
    pwfile.unlink()
    options = (f"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root}"
               " -c max_connections=100")
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    run([str(bindir / "pg_ctl"), "-D", str(server.data), "-l", str(root / "server.log"),
         "-o", options, "-w", "-t", "60", "start"], 90)
    return server
