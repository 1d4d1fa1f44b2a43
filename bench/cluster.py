"""A test deployment on this machine (issue 26): two application hosts, a database host and a load balancer, each in
a network namespace made here, joined by a switch namespace on a private /24; the bench process in the root
namespace reaches the balancer through one veth.

    python -m bench.cluster up      # start it and wait (Ctrl-C or `down` from another shell tears it down)
    python -m bench.cluster down    # tear down whatever a crashed run left
    python -m bench.cluster bench   # the `make bench` section `cluster` (what `python -m bench cluster` runs)

Hosts (10.231.77.0/24): the root end .1, the balancer .10 (HAProxy from Debian's package, port 80, health checks on
/healthz), application hosts .11 and .12 (gunicorn, production settings, port 8000), the database host .20 (a
throw-away PostgreSQL cluster made with initdb, and Redis for the shared caches and rate limits), the replica host .21
(started on demand: pg_basebackup of the primary, streaming replication; the application hosts then get
DATABASE_REPLICA_URL). Both application hosts use the same MEDIA_ROOT folder (the shared-folder storage). Nothing
listens outside these namespaces, and everything is removed on exit (finally, atexit and SIGTERM), even after a
failure.

Needs root (ip netns), haproxy, PostgreSQL's binaries and redis-server; without them the section says so and stops.
"""

import atexit
import contextlib
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "cxb"  # namespaces cxb-lb, cxb-app1, cxb-app2, cxb-db, cxb-sw; the root end cxb-root
NET = "10.231.77"
ROOT_ADDRESS = f"{NET}.1"
BALANCER = f"{NET}.10"
APP_HOSTS = (f"{NET}.11", f"{NET}.12")
DATABASE = f"{NET}.20"
REPLICA_HOST = f"{NET}.21"
APP_PORT = 8000
DATABASE_NAME = "changxiao"
START_TIMEOUT = 60  # seconds for any one part to answer


def _run(*command: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(command, check=False, capture_output=True, text=True)  # noqa: S603 (fixed commands)
    if check and done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return done


def _pg_bin() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    return versions[-1].parent if versions else None


def missing() -> list[str]:
    """What this machine lacks to build the deployment (empty when it can)."""
    lacking = []
    if os.geteuid() != 0:
        lacking.append("root (for ip netns)")
    for tool in ("ip", "haproxy", "redis-server", "runuser", "setpriv"):
        if shutil.which(tool) is None:
            lacking.append(tool)
    if _pg_bin() is None:
        lacking.append("PostgreSQL server binaries")
    return lacking


def down() -> None:
    """Remove every namespace and link of the deployment (idempotent; the processes in a namespace are killed)."""
    listed = _run("ip", "netns", "list", check=False).stdout.split()
    for name in [n for n in listed if n.startswith(f"{PREFIX}-")]:
        pids = _run("ip", "netns", "pids", name, check=False).stdout.split()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid), signal.SIGKILL)
        _run("ip", "netns", "del", name, check=False)
    _run("ip", "link", "del", f"{PREFIX}-root", check=False)


class Cluster:
    """The deployment as a context manager: `with Cluster(work) as cluster:` starts it, leaving tears it down.

    cluster.url(host) is where the bench sends requests (the balancer by default); cluster.database_url and
    cluster.redis_url are what the bench's own Django process uses to prepare and count."""

    def __init__(self, work: Path, env: dict | None = None, workers: int = 2, threads: int = 8):
        self.work = Path(work)
        self.env = env or {}
        self.workers, self.threads = workers, threads
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: list = []
        self.database_url = f"postgres://postgres@{DATABASE}:5432/{DATABASE_NAME}"
        self.redis_url = f"redis://{DATABASE}:6379/0"
        self.media = self.work / "shared-media"  # both hosts' MEDIA_ROOT
        self.pgdata: Path | None = None
        self.replica_data: Path | None = None
        self.replica_url = ""  # given to the application hosts started after start_replica()

    # --- network ------------------------------------------------------------------------------------------------

    def _network(self) -> None:
        down()  # whatever a crashed run left
        switch = f"{PREFIX}-sw"
        _run("ip", "netns", "add", switch)
        _run("ip", "netns", "exec", switch, "ip", "link", "add", "br0", "type", "bridge")
        _run("ip", "netns", "exec", switch, "ip", "link", "set", "br0", "up")
        hosts = {
            "lb": BALANCER,
            "app1": APP_HOSTS[0],
            "app2": APP_HOSTS[1],
            "db": DATABASE,
            "replica": REPLICA_HOST,
        }
        for name, address in hosts.items():
            namespace = f"{PREFIX}-{name}"
            _run("ip", "netns", "add", namespace)
            _run("ip", "link", "add", f"{PREFIX}-{name}-h", "netns", namespace, "type", "veth",
                 "peer", "name", f"{PREFIX}-{name}-s", "netns", switch)  # fmt: skip
            self._plug(switch, f"{PREFIX}-{name}-s")
            inside = ("ip", "netns", "exec", namespace)
            _run(*inside, "ip", "link", "set", "lo", "up")
            _run(*inside, "ip", "addr", "add", f"{address}/24", "dev", f"{PREFIX}-{name}-h")
            _run(*inside, "ip", "link", "set", f"{PREFIX}-{name}-h", "up")
        _run("ip", "link", "add", f"{PREFIX}-root", "type", "veth", "peer", "name", f"{PREFIX}-root-s",
             "netns", switch)  # fmt: skip
        self._plug(switch, f"{PREFIX}-root-s")
        _run("ip", "addr", "add", f"{ROOT_ADDRESS}/24", "dev", f"{PREFIX}-root")
        _run("ip", "link", "set", f"{PREFIX}-root", "up")

    @staticmethod
    def _plug(switch: str, link: str) -> None:
        _run("ip", "netns", "exec", switch, "ip", "link", "set", link, "master", "br0")
        _run("ip", "netns", "exec", switch, "ip", "link", "set", link, "up")

    def _start(
        self, name: str, namespace: str, command: list[str], env: dict | None = None, user: str = ""
    ) -> None:
        log = (self.work / f"cluster-{name}.log").open("ab")
        self.logs.append(log)
        prefix = ["ip", "netns", "exec", f"{PREFIX}-{namespace}"]
        if user:  # setpriv execs (runuser would stay as the parent and keep signals from the server)
            prefix += ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups"]
        self.processes[name] = subprocess.Popen(  # noqa: S603 (fixed commands)
            prefix + command, env=env or os.environ.copy(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    # --- the database host --------------------------------------------------------------------------------------

    def _database(self) -> None:
        # Its own folder outside the (private) work folder, owned by the postgres user that runs the server.
        data = self.pgdata = Path(tempfile.mkdtemp(prefix="changxiao-pg-"))
        shutil.chown(data, "postgres", "postgres")
        binaries = _pg_bin()
        _run("runuser", "-u", "postgres", "--", str(binaries / "initdb"), "-D", str(data), "-A", "trust",
             "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        (data / "pg_hba.conf").write_text(
            f"local all all trust\nhost all all {NET}.0/24 trust\nhost replication all {NET}.0/24 trust\n"
        )
        settings = ["-c", f"listen_addresses={DATABASE}", "-c", f"unix_socket_directories={data}",
                    "-c", "fsync=on", "-c", "max_connections=200", "-c", "shared_buffers=128MB"]  # fmt: skip
        self._start(
            "postgres", "db", [str(binaries / "postgres"), "-D", str(data), *settings], user="postgres"
        )
        self._wait(lambda: self._pg_ready(binaries), "PostgreSQL")
        _run(str(binaries / "createdb"), "-h", DATABASE, "-U", "postgres", DATABASE_NAME)
        self._start("redis", "db", ["redis-server", "--bind", DATABASE, "--port", "6379", "--save", "",
                                    "--appendonly", "no", "--protected-mode", "no"])  # fmt: skip

    def _pg_ready(self, binaries: Path, host: str = DATABASE) -> bool:
        ready = _run(str(binaries / "pg_isready"), "-h", host, "-U", "postgres", "-q", check=False)
        return ready.returncode == 0

    def restart_database(self, pause: float = 2.0) -> None:
        """Stop PostgreSQL at once (fast shutdown: sessions ended, nothing half-written) and start it again."""
        process = self.processes["postgres"]
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        time.sleep(pause)
        data = self.pgdata
        binaries = _pg_bin()
        settings = ["-c", f"listen_addresses={DATABASE}", "-c", f"unix_socket_directories={data}",
                    "-c", "max_connections=200", "-c", "shared_buffers=128MB"]  # fmt: skip
        self._start(
            "postgres", "db", [str(binaries / "postgres"), "-D", str(data), *settings], user="postgres"
        )
        self._wait(lambda: self._pg_ready(binaries), "PostgreSQL")

    # --- the replica host --------------------------------------------------------------------------------------

    def start_replica(self) -> None:
        """A streaming replica of the primary on its own host: pg_basebackup -R (standby.signal and primary_conninfo
        written for us), then a hot standby listening on the replica host's address."""
        binaries = _pg_bin()
        if self.replica_data is None:
            data = self.replica_data = Path(tempfile.mkdtemp(prefix="changxiao-pg-replica-"))
            shutil.chown(data, "postgres", "postgres")
            data.chmod(0o700)
            _run("runuser", "-u", "postgres", "--", str(binaries / "pg_basebackup"), "-h", DATABASE,
                 "-U", "postgres", "-D", str(data), "-X", "stream", "-R", "--checkpoint=fast", "--no-sync")  # fmt: skip
            # The primary keeps its socket's lock file in its data folder, and the copy took it along.
            for copied in data.glob(".s.PGSQL.*"):
                copied.unlink()
        settings = ["-c", f"listen_addresses={REPLICA_HOST}", "-c", f"unix_socket_directories={self.replica_data}",
                    "-c", "max_connections=200", "-c", "shared_buffers=128MB", "-c", "hot_standby=on"]  # fmt: skip
        self._start(
            "replica", "replica", [str(binaries / "postgres"), "-D", str(self.replica_data), *settings],
            user="postgres",
        )  # fmt: skip
        self._wait(lambda: self._pg_ready(binaries, REPLICA_HOST), "the PostgreSQL replica")
        self.replica_url = f"postgres://postgres@{REPLICA_HOST}:5432/{DATABASE_NAME}"

    def stop_replica(self) -> None:
        """The replica's server stopped (fast shutdown): its host refuses connections, the primary carries on."""
        process = self.processes.pop("replica")
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)

    # --- the application hosts and the balancer -----------------------------------------------------------------

    def app_env(self) -> dict:
        env = {
            **os.environ,
            **self.env,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "MEDIA_ROOT": str(self.media),
            "ALLOWED_HOSTS": f"{BALANCER},{','.join(APP_HOSTS)},127.0.0.1",
            # The bench's clients pose as citizens behind an outer proxy (their own X-Forwarded-For); HAProxy adds
            # its own hop, so two proxies are trusted and each client keeps its own rate-limit budget.
            "REVERSE_PROXY_COUNT": "2",
            "SECURE_COOKIES": "0",
            "PYTHONWARNINGS": "ignore:No directory at",
        }
        env.pop("DATABASE_REPLICA_URL", None)
        if self.replica_url:
            env["DATABASE_REPLICA_URL"] = self.replica_url
        return env

    def start_app(self, index: int) -> None:
        name = f"app{index + 1}"
        command = [sys.executable, "-m", "gunicorn", "changxiao.wsgi", "-b", f"{APP_HOSTS[index]}:{APP_PORT}",
                   "-w", str(self.workers), "--threads", str(self.threads), "--log-level", "warning",
                   "--chdir", str(ROOT)]  # fmt: skip
        self._start(name, name, command, env=self.app_env())
        self._wait(lambda: call(APP_HOSTS[index], APP_PORT, "GET", "/healthz").status == 200, name)

    def kill_app(self, index: int) -> None:
        """SIGKILL to every process of an application host (the master and its workers): the machine is gone."""
        process = self.processes[f"app{index + 1}"]
        pids = _run("ip", "netns", "pids", f"{PREFIX}-app{index + 1}", check=False).stdout.split()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid), signal.SIGKILL)
        process.wait(timeout=30)

    def balance(self, hosts: int) -> None:
        """(Re)start the balancer in front of the first `hosts` application hosts."""
        servers = "\n".join(
            f"    server app{i + 1} {APP_HOSTS[i]}:{APP_PORT} check inter 1s fall 2 rise 2"
            for i in range(hosts)
        )
        config = self.work / "haproxy.cfg"
        # A busy host answers /healthz late, not never: the check waits 5 s (a 0.5 s check took live hosts out
        # under 32 clients, and the balancer answered 503 with no host left); a dead host refuses at once.
        # retries/redispatch resend a request only when the connection to a host failed (nothing was sent yet),
        # never after a host took it: a POST is never replayed by the balancer.
        config.write_text(
            f"""global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout check 5s
    retries 3
    option redispatch
    option forwardfor
frontend web
    bind {BALANCER}:80
    default_backend app
backend app
    balance roundrobin
    option httpchk GET /healthz
{servers}
"""
        )
        if "haproxy" in self.processes:
            self.processes["haproxy"].terminate()
            self.processes["haproxy"].wait(timeout=30)
        self._start("haproxy", "lb", ["haproxy", "-db", "-f", str(config)])
        self._wait(lambda: call(BALANCER, 80, "GET", "/healthz").status == 200, "HAProxy")

    def _wait(self, ready, what: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if ready():
                return
            for name, process in self.processes.items():
                if process.poll() is not None and name != "redis":
                    raise RuntimeError(
                        f"{name} exited with {process.returncode}; see {self.work}/cluster-{name}.log"
                    )
            time.sleep(0.2)
        raise RuntimeError(f"{what} did not start within {START_TIMEOUT} s; see the logs in {self.work}")

    # --- lifetime -----------------------------------------------------------------------------------------------

    def __enter__(self) -> "Cluster":
        atexit.register(self.close)
        previous = signal.getsignal(signal.SIGTERM)
        if previous in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, lambda *_args: sys.exit(1))  # leave through the finally blocks
        try:
            self.work.mkdir(parents=True, exist_ok=True)
            self.media.mkdir(parents=True, exist_ok=True)
            self._network()
            self._database()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
        self.processes.clear()
        down()
        for log in self.logs:
            log.close()
        self.logs.clear()
        for data in (self.pgdata, self.replica_data):
            if data is not None:
                shutil.rmtree(data, ignore_errors=True)
        self.pgdata = self.replica_data = None


def call(
    host: str, port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None
):
    """One request on its own connection to a host of the deployment; a failure is status 0."""
    from bench.harness import Reply as HarnessReply

    started = time.perf_counter()
    client = http.client.HTTPConnection(host, port, timeout=60)
    try:
        client.request(method, path, body=body, headers=headers or {})
        response = client.getresponse()
        content = response.read()
        return HarnessReply(
            (time.perf_counter() - started) * 1000, response.status, response.headers, content
        )
    except (OSError, http.client.HTTPException):
        return HarnessReply((time.perf_counter() - started) * 1000, 0)
    finally:
        client.close()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "down":
        down()
        return 0
    if command == "up":
        lacking = missing()
        if lacking:
            print(f"cannot build the deployment: missing {', '.join(lacking)}")
            return 1
        work = Path(tempfile.mkdtemp(prefix="changxiao-cluster-"))
        os.environ.setdefault("DATA_DIR", str(work))
        os.environ.setdefault("SECRET_KEY", "cluster-only-secret")
        os.environ.setdefault("PERSONAL_DATA_KEY", "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0aW8=")
        os.environ.setdefault("DEBUG", "0")
        with Cluster(work) as cluster:
            _migrate(cluster)
            cluster.start_app(0)
            cluster.start_app(1)
            cluster.balance(2)
            print(f"up: http://{BALANCER}/ (hosts {', '.join(APP_HOSTS)}, database {cluster.database_url});")
            print(f"logs in {work}; Ctrl-C tears it down")
            with contextlib.suppress(KeyboardInterrupt):
                signal.pause()
        return 0
    if command == "bench":
        from bench import cluster_bench

        return cluster_bench.main(argv[1:])
    print("usage: python -m bench.cluster up|down|bench [throughput faults replica]")
    return 2


def _migrate(cluster: Cluster) -> None:
    subprocess.run(  # noqa: S603 (a fixed command line)
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=cluster.app_env(), check=True
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
