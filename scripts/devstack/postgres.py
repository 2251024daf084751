"""A private PostgreSQL cluster: initdb into a folder, loopback only, its own port and socket."""

import os
from dataclasses import dataclass
from pathlib import Path

from devstack.errors import StackError
from devstack.process import as_user, give_to, port_open, run, service_user, wait_until

ADMIN_USER = "coldtrace_admin"
APP_USER = "coldtrace"
APP_DATABASE = "coldtrace"


def postgres_bindir() -> Path:
    """The newest installed server's bin folder (Debian keeps one per major version)."""
    installed = Path("/usr/lib/postgresql").glob("*/bin/initdb")
    versions = sorted(installed, key=lambda p: int(p.parts[-3]))
    if not versions:
        raise StackError("PostgreSQL server binaries not found under /usr/lib/postgresql")
    return versions[-1].parent


@dataclass
class PostgresInstance:
    """One cluster in ``root`` on ``port``: a superuser admin, an app role that may create DBs."""

    root: Path
    port: int
    admin_password: str
    app_password: str

    @property
    def data_dir(self) -> Path:
        """PGDATA."""
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        """Unix socket folder, private to this cluster so it never clashes with the system one."""
        return self.root / "run"

    def admin_url(self, database: str = "postgres") -> str:
        """libpq URL for the superuser."""
        return f"postgresql://{ADMIN_USER}:{self.admin_password}@127.0.0.1:{self.port}/{database}"

    def app_url(self, database: str = APP_DATABASE, driver: str = "postgresql") -> str:
        """URL the applications use (``driver`` e.g. ``postgresql+asyncpg``)."""
        return f"{driver}://{APP_USER}:{self.app_password}@127.0.0.1:{self.port}/{database}"

    def _pg(self, tool: str, *args: str) -> list[str]:
        return as_user(service_user("postgres"), [str(postgres_bindir() / tool), *args])

    def init(self) -> None:
        """initdb once; scram-sha-256 everywhere, listening on 127.0.0.1 only."""
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        pwfile = self.root / "admin.pw"
        pwfile.write_text(self.admin_password + "\n")
        pwfile.chmod(0o600)
        give_to(service_user("postgres"), self.root)
        try:
            run(
                self._pg(
                    "initdb",
                    "-D",
                    str(self.data_dir),
                    "-U",
                    ADMIN_USER,
                    f"--pwfile={pwfile}",
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ),
                what="initdb",
            )
        finally:
            pwfile.unlink()
        with (self.data_dir / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# coldtrace private instance\n"
                "listen_addresses = '127.0.0.1'\n"
                f"port = {self.port}\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
                "max_connections = 300\n"
                "shared_buffers = 256MB\n"
                "log_timezone = 'UTC'\n"
                "timezone = 'UTC'\n"
            )

    def running(self) -> bool:
        """True when our postmaster is up and answers on its port."""
        return (self.data_dir / "postmaster.pid").exists() and port_open(self.port)

    @property
    def log_file(self) -> Path:
        """The server log (pg_ctl -l)."""
        return self.root / "postgres.log"

    def start(self) -> None:
        """Start (idempotent) and wait until connections are accepted."""
        if self.running():
            return
        if port_open(self.port):
            raise StackError(f"port {self.port} is taken by another process")
        self.init()
        run(
            self._pg(
                "pg_ctl",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-w",
                "-t",
                "60",
                "start",
            ),
            what="pg_ctl start",
        )
        wait_until(self.running, what=f"PostgreSQL on port {self.port}")

    def stop(self, mode: str = "fast") -> None:
        """Stop with pg_ctl (``fast`` rolls back open transactions; ``immediate`` is a crash)."""
        if not (self.data_dir / "postmaster.pid").exists():
            return
        run(
            self._pg("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "stop"),
            what="pg_ctl stop",
        )

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL as the superuser through psql; returns unaligned tuples-only output."""
        env = {**os.environ, "PGPASSWORD": self.admin_password}
        argv = [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            ADMIN_USER,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-At",
            "-c",
            sql,
        ]
        return run(argv, what="psql", env=env)

    def ensure_app_role(self) -> None:
        """Create the application role and database once."""
        exists = self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{APP_USER}'").strip()
        if not exists:
            self.psql(f"CREATE ROLE {APP_USER} LOGIN CREATEDB PASSWORD '{self.app_password}'")
        has_db = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{APP_DATABASE}'")
        if not has_db.strip():
            self.psql(f"CREATE DATABASE {APP_DATABASE} OWNER {APP_USER}")
