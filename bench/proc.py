"""Run a benchmark phase in its own process and read its peak resident memory.

Peak RSS is per phase because each phase is a fresh process: ``os.wait4`` returns the
child's own ``ru_maxrss``. A server (Neo4j's JVM, the WSGI app) is read from
``/proc/<pid>/status`` (VmHWM, the high-water mark of its resident set).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class PhaseFailed(RuntimeError):
    pass


def run_phase(phase: str, args: dict, timeout: float = 3600) -> dict:
    """Run ``bench.worker <phase>`` with ``args``; return its result plus
    ``peak_rss_mb`` (the worker process's own peak) and ``wall_s``."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        args_file, out_file = Path(tmp) / "args.json", Path(tmp) / "out.json"
        args_file.write_text(json.dumps(args))
        cmd = [sys.executable, "-m", "bench.worker", phase, str(args_file), str(out_file)]
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=ROOT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                raise PhaseFailed(f"phase {phase} ran longer than {timeout:g} s")
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if process.returncode != 0:
            raise PhaseFailed(f"phase {phase} failed with exit code {process.returncode}")
        result = json.loads(out_file.read_text())
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # Linux reports KiB
    result["wall_s"] = round(wall, 2)
    # Other work on the machine inflates timings: keep the 1-minute load around the phase.
    result["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return result


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM of a running process in MiB (None where /proc is absent)."""
    return _status_kib(pid, "VmHWM")


def rss_mb(pid: int) -> float | None:
    """Current VmRSS of a running process in MiB."""
    return _status_kib(pid, "VmRSS")


def _status_kib(pid: int, field: str) -> float | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return None
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def tree_peak_rss_mb(pid: int) -> float | None:
    """VmHWM of ``pid`` plus its direct children (the Neo4j CLI wraps the JVM)."""
    total = peak_rss_mb(pid)
    if total is None:
        return None
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        for child in children.read_text().split():
            total += peak_rss_mb(int(child)) or 0
    return round(total, 1)
