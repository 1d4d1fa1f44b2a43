"""What the benches share: timing, the printed row, and a real server (gunicorn) driven by concurrent clients with
the CPU its processes use. Nothing here imports Django, so the parent process can use it before settings exist."""

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

CLIENTS = 32
TICKS = os.sysconf("SC_CLK_TCK")


def timed(func, repeat: int) -> float:
    """Median wall time of func in milliseconds."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def timed_samples(func, repeat: int) -> list[float]:
    """Wall times of `repeat` calls of func, in milliseconds."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p95_of(samples: list[float]) -> float:
    """95th percentile within the samples: the default ("exclusive") method extrapolates past the largest of a few
    samples (of ten, 1.45 × the slowest − 0.45 × the next)."""
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def timed_p95(func, repeat: int) -> float:
    """95th-percentile wall time of func in milliseconds (p95_of its samples)."""
    return p95_of(timed_samples(func, repeat))


def machine_pace() -> float:
    """Seconds a fixed pure-Python workload (ten million additions) takes now: this machine's speed at the moment, so
    two runs' figures can be compared (a virtual machine's speed changes by phases)."""
    started = time.perf_counter()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - started


def row(name: str, value: float, unit: str, baseline_name: str, baseline: float) -> None:
    ratio = value / baseline if baseline else float("nan")
    print(
        f"{name:<46} {value:>10.2f} {unit:<6} | {baseline_name:<34} {baseline:>10.2f} {unit:<6} | ×{ratio:.2f}",
        flush=True,
    )


def note(text: str) -> None:
    print(f"  {text}", flush=True)


def percentile(sorted_values: list[float], q: float) -> float:
    """The nearest-rank percentile (q in 0–1) of an already sorted list."""
    if not sorted_values:
        return float("nan")
    return sorted_values[max(int(round(len(sorted_values) * q)) - 1, 0)]


# --- HTTP ----------------------------------------------------------------------------------------------------


@dataclass
class Reply:
    ms: float
    status: int  # 0 when the request failed before an answer (refused, reset, timed out)
    headers: http.client.HTTPMessage | None = None
    body: bytes = b""

    def cookies(self) -> dict[str, str]:
        """The cookies the answer sets (name → value), as a browser's cookie jar would take them."""
        found = {}
        headers = self.headers.get_all("Set-Cookie") if self.headers is not None else None
        for header in headers or []:
            name, _sep, rest = header.partition("=")
            found[name.strip()] = rest.split(";", 1)[0].strip().strip('"')
        return found


def call(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Reply:
    """One request on its own connection; failures come back as status 0 rather than raising."""
    started = time.perf_counter()
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        client.request(method, path, body=body, headers=headers or {})
        response = client.getresponse()
        content = response.read()
        return Reply((time.perf_counter() - started) * 1000, response.status, response.headers, content)
    except (OSError, http.client.HTTPException):
        return Reply((time.perf_counter() - started) * 1000, 0)
    finally:
        client.close()


@dataclass
class Load:
    """The outcome of `total` calls spread over concurrent clients."""

    rate: float  # calls per second
    p50: float  # ms
    p99: float  # ms
    results: list = field(repr=False)
    elapsed: float = 0.0  # seconds

    @property
    def statuses(self) -> list[int]:
        return [r.status for r in self.results]

    @classmethod
    def joined(cls, loads: list["Load"]) -> "Load":
        """Several loads (rounds of the same calls) as one: all calls over all their time."""
        results = [r for part in loads for r in part.results]
        elapsed = sum(part.elapsed for part in loads)
        latencies = sorted(r.ms for r in results)
        rate = len(results) / elapsed if elapsed else float("nan")
        return cls(rate, percentile(latencies, 0.50), percentile(latencies, 0.99), results, elapsed)


def load(func: Callable[[int], Reply], total: int, clients: int = CLIENTS) -> Load:
    """Run func(0) … func(total − 1) on `clients` threads; func returns a Reply (its ms and status are used)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(func, range(total)))
    elapsed = time.perf_counter() - started
    latencies = sorted(r.ms for r in results)
    return Load(total / elapsed, percentile(latencies, 0.50), percentile(latencies, 0.99), results, elapsed)


# --- CPU of other processes, from /proc ----------------------------------------------------------------------


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a live process (None once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # the name in parentheses may contain spaces
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime and stime, fields 14 and 15 of stat


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.append(int(entry))
    return found


def titled(fragment: str) -> list[int]:
    """Processes whose command line contains fragment: PostgreSQL backends show their database in their title."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                title = (
                    Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                )
            except OSError:
                continue
            if fragment in title:
                found.append(int(entry))
    return found


def machine_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    total = sum(fields[:8])  # guest time is already counted in user
    return (total - idle) / TICKS, total / TICKS


class CpuMeter:
    """CPU seconds used between enter and exit by named, changing sets of processes (each finder returns pids),
    by this process (the load's clients) and by the whole machine.

    A sampling thread follows processes that start or end in between (database backends come and go with
    connections); a process that ends loses at most its last sampling interval."""

    def __init__(self, interval: float = 0.2, **finders: Callable[[], Iterable[int]]):
        self.finders, self.interval = finders, interval
        self.first: dict[str, dict[int, float]] = {name: {} for name in finders}
        self.last: dict[str, dict[int, float]] = {name: {} for name in finders}
        self.seconds: dict[str, float] = {}
        self._stop = threading.Event()

    def _sample(self) -> None:
        for name, finder in self.finders.items():
            for pid in finder():
                cpu = cpu_seconds(pid)
                if cpu is not None:
                    self.last[name][pid] = cpu

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> "CpuMeter":
        self._sample()
        self.first = {name: dict(last) for name, last in self.last.items()}
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._machine = machine_seconds()
        self._client = time.process_time()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
        self.client = time.process_time() - self._client
        busy, total = machine_seconds()
        self.machine_busy, self.machine_total = busy - self._machine[0], total - self._machine[1]
        self.seconds = {
            name: sum(cpu - self.first[name].get(pid, 0.0) for pid, cpu in last.items())
            for name, last in self.last.items()
        }

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    @classmethod
    def joined(cls, meters: list["CpuMeter"]) -> "CpuMeter":
        """Several measurements (rounds of the same load) as one: their seconds added up."""
        joined = cls()
        joined.seconds = {
            name: sum(meter.seconds.get(name, 0.0) for meter in meters) for name in meters[0].seconds
        }
        joined.client = sum(meter.client for meter in meters)
        joined.machine_busy = sum(meter.machine_busy for meter in meters)
        joined.machine_total = sum(meter.machine_total for meter in meters)
        return joined

    def summary(self) -> str:
        """Where the machine's CPU went during the measurement."""
        parts = [f"{name} {seconds:.1f}" for name, seconds in self.seconds.items()]
        others = max(self.machine_busy - self.total - self.client, 0.0)
        parts += [f"load clients {self.client:.1f}", f"other processes {others:.1f}"]
        busy = self.machine_busy / self.machine_total if self.machine_total else float("nan")
        return f"CPU-s: {', '.join(parts)} (machine {busy:.0%} busy, {os.cpu_count()} cores)"


# --- A real server -------------------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn (2 workers × 8 threads, production settings) on a free port, its output kept in a log file.

    Behind one trusted proxy (REVERSE_PROXY_COUNT=1), so each simulated client is told apart by X-Forwarded-For
    and the per-client rate limits stay in force."""

    def __init__(self, log: Path, workers: int = 2, threads: int = 8, env: dict | None = None):
        self.port = free_port()
        self.log = log
        self.env = {
            **os.environ,
            "REVERSE_PROXY_COUNT": "1",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_COOKIES": "0",
        }
        self.env["PYTHONWARNINGS"] = "ignore:No directory at"
        self.env.update(env or {})
        self.command = [sys.executable, "-m", "gunicorn", "changxiao.wsgi", "-b", f"127.0.0.1:{self.port}"]
        self.command += ["-w", str(workers), "--threads", str(threads), "--log-level", "warning"]

    def __enter__(self) -> "Server":
        self._log = self.log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603  (a fixed command line)
            self.command, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        for _ in range(300):
            if self.call("GET", "/healthz").status == 200:
                break
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log}")
            time.sleep(0.1)
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._log.close()

    def call(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Reply:
        return call(self.port, method, path, body, headers)

    def processes(self) -> list[int]:
        """The master and its workers."""
        return [self.process.pid, *children(self.process.pid)]

    def log_text(self) -> str:
        self._log.flush()
        return self.log.read_text(errors="replace")
