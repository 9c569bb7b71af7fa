"""hiptimer's benchmarks in one command: every figure next to a baseline from the same run.

    .venv/bin/python benchmarks/run.py [--quick] [--json PATH] [--only ROWS]

Prints a markdown table and writes the same figures, with the raw
measurements behind them, as JSON (default ``benchmarks/results/latest.json``).
The machines this runs on are shared and noisy, so each figure is set
against a baseline measured in the same run on the same machine:

1. timing: phase boundaries and second flips of a real-time routine through
   the real ``SessionRunner`` + ``Engine`` + ``PlayerView``, with another
   process burning a core and a 1.5 s GUI stall, against a naive countdown
   that counts the ticks of a periodic 1000 ms QTimer (``probe_timing.py``);
2. startup: the real entry point to its first painted window, against a bare
   ``QMainWindow``, interleaved (``probe_startup.py``), with an empty history
   and with 20,000 sessions, and the time until the window is complete;
3. cost: CPU and resident memory of the real app during a long hold,
   against a bare window whose label changes once a second
   (``probe_window.py``);
4. endurance: a two-hour routine, time-scaled, through the real runner and
   player; the process must live and ``sys.getrefcount(None)`` must hold
   (``probe_endurance.py``);
5. cues and history: :func:`bench_cue_latency.measure_cue_latency` and
   :func:`bench_history.bench_history`;
6. loading: ``load_catalog`` over hundreds of routine files, against PyYAML
   parsing the same files;
7. practice: the Today card over 20,000 sessions and a year's PDF report
   (``bench_practice.py``);
8. speech: rendered phrases through espeak-ng and the real audio path
   (``bench_speech.py``): their cue latency over a time-scaled Level 2, Start
   to the first phrase cold and warm, render time per phrase and per
   routine, and phrases that fell back on Levels 1-3 at real speed (about
   five minutes; ``--quick`` runs them at x4).

``--quick`` shortens everything for a smoke run (about three minutes); the
full run takes about eight. Nothing here asserts: it measures and prints.
See ``docs/benchmarks.md`` for what each row means.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

PYTHON = sys.executable
ENTRY_POINT = Path(sys.executable).parent / "hiptimer"
CAPTURE_CONF = ROOT / "tests" / "alsa" / "capture.conf"
DEFAULT_JSON = HERE / "results" / "latest.json"
ROWS = ("timing", "startup", "cost", "endurance", "cues", "history", "loading", "practice",
        "speech")
CLK_TCK = os.sysconf("SC_CLK_TCK")

# The goals of issue 7, with the figure each is judged on.
GOAL_BOUNDARY_MS = 5.0
GOAL_STARTUP_RATIO = 1.3
GOAL_CPU_PCT = 1.0
GOAL_RSS_OVER_MB = 40.0
GOAL_CUE_MEDIAN_MS = 10.0
GOAL_HISTORY_VIEW_MS = 100.0
GOAL_TODAY_MS = 50.0  # issue 15: the Today card / `hiptimer today`, 20,000 sessions
GOAL_REPORT_S = 2.0  # issue 15: a year's report written as PDF

Json = dict[str, Any]


@dataclass(frozen=True)
class Config:
    """How long and how often each row measures."""

    quick: bool
    timing_seconds: int  # shortest routine played in real time
    stall_s: float
    startup_reps: int  # interleaved app-bare pairs per history, after warm-up runs
    cost_seconds: int
    endurance_scale: float
    endurance_minutes: int
    cues: int
    history_sessions: int
    history_repeats: int
    routine_files: int
    load_repeats: int

    @classmethod
    def make(cls, quick: bool) -> Config:
        if quick:
            return cls(quick=True, timing_seconds=20, stall_s=1.5, startup_reps=6, cost_seconds=30,
                       endurance_scale=120.0, endurance_minutes=120, cues=20, history_sessions=20_000,
                       history_repeats=3, routine_files=100, load_repeats=1)
        return cls(quick=False, timing_seconds=60, stall_s=1.5, startup_reps=25, cost_seconds=60,
                   endurance_scale=40.0, endurance_minutes=120, cues=50, history_sessions=20_000,
                   history_repeats=5, routine_files=500, load_repeats=3)


def say(text: str) -> None:
    """Progress goes to stderr; stdout carries only the table."""
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {text}\n")
    sys.stderr.flush()


# -- processes ------------------------------------------------------------------


def child_env(pycache: Path, **extra: str) -> dict[str, str]:
    """The environment for every child: offscreen Qt, a sound "card" that is a file.

    ``ALSA_CONFIG_PATH`` points at ``tests/alsa/capture.conf`` with no
    capture file set, so simpleaudio plays into ``/dev/null`` through a real
    ALSA stream, as on a machine with a sound card, instead of falling back
    to the silent backend on a headless box. Bytecode is cached under
    ``pycache`` (a temporary folder) even when the caller's environment
    forbids writing it, so start-up is measured as an installed app starts.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("HIPTIMER_ALSA_CAPTURE", None)
    env.update(QT_QPA_PLATFORM="offscreen", ALSA_CONFIG_PATH=str(CAPTURE_CONF),
               PYTHONPYCACHEPREFIX=str(pycache))
    env.update(extra)
    return env


def kill_group(proc: subprocess.Popen[Any]) -> None:
    """End a child started with ``start_new_session=True`` and anything it started."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def run_child(cmd: Sequence[str], env: dict[str, str], timeout: float) -> str:
    """Run a probe to its end and return its stdout; raise with its stderr if it fails."""
    proc = subprocess.Popen(list(cmd), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise RuntimeError(f"{cmd[1] if len(cmd) > 1 else cmd[0]} took over {timeout:.0f} s") from None
    finally:
        kill_group(proc)
    if proc.returncode != 0:
        tail = "\n".join(err.strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(cmd[:3])} exited with {proc.returncode}:\n{tail}")
    return out


@contextlib.contextmanager
def busy_core() -> Iterator[subprocess.Popen[Any]]:
    """A process spinning on one core for the length of the block."""
    proc = subprocess.Popen([PYTHON, "-c", "while True: pass"], start_new_session=True)
    try:
        time.sleep(0.5)  # let it get going
        yield proc
    finally:
        kill_group(proc)


def proc_cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    # fields[0] is the state (field 3); utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_rss_mb(pid: int) -> float:
    """VmRSS of a process in MB (10^6 bytes), from /proc/PID/status."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    return math.nan


def cpu_steal() -> tuple[int, int]:
    """(steal, total) jiffies of all CPUs since boot, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as fh:
        values = [int(v) for v in fh.readline().split()[1:]]
    return (values[7] if len(values) > 7 else 0), sum(values[:8])


# -- statistics ---------------------------------------------------------------


def summary(values: Sequence[float]) -> Json:
    """Median and max of the absolute values, plus the signed extremes, count."""
    if not values:
        return {"n": 0, "median_abs": math.nan, "max_abs": math.nan, "min": math.nan, "max": math.nan}
    absolute = [abs(v) for v in values]
    return {"n": len(values), "median_abs": statistics.median(absolute), "max_abs": max(absolute),
            "min": min(values), "max": max(values)}


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinity replaced by None, so the JSON is strict."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


# -- 1. timing ------------------------------------------------------------------


def timing_figures(log: Json) -> Json:
    """Errors in ms of every phase start and shown-second change, with and without the stall."""
    stall = log["stall"]
    start, end = stall.get("start", math.inf), stall.get("end", -math.inf)

    def err(r: Json, key: str = "handled") -> float:
        return (r[key] - r["due"]) * 1000.0

    def stalled(r: Json) -> bool:
        # Due while the GUI thread slept: late by the stall itself, whatever the timer.
        return bool(start <= r["due"] <= end)

    phases, flips = log["phases"], log["flips"]
    # The wake-up alone: the first event of each tick, before any slot ran.
    wake = [err(r, "woke") for r in phases if not stalled(r)]
    wake += [err(r, "woke") for r in flips if not r["first"] and not stalled(r)]
    return {
        "plan_seconds": log["total_seconds"],
        "phases_in_plan": log["phases_in_plan"],
        "stall_s": end - start if stall else 0.0,
        "phase": summary([err(r) for r in phases]),
        "phase_ex_stall": summary([err(r) for r in phases if not stalled(r)]),
        "flip": summary([err(r) for r in flips]),
        "flip_ex_stall": summary([err(r) for r in flips if not stalled(r)]),
        "stalled_events": sum(stalled(r) for r in phases + flips),
        "wake_ex_stall": summary(wake),
        "flips_shown": len(flips),
        "flips_in_plan": log["total_seconds"],
        "end_error_ms": err(log["end"]) if log.get("end") else math.nan,
        "phase_errors_ms": [round(err(r), 2) for r in phases],
        "flip_errors_ms": [round(err(r), 2) for r in flips],
    }


def bench_timing(cfg: Config, pycache: Path) -> Json:
    """The real runner, then the naive countdown, each with a busy core and a stall."""
    stall_at = cfg.timing_seconds / 2 + 0.4  # mid-second, so a flip falls inside it
    out: Json = {"stall_at_s": stall_at, "busy_process": "python -c 'while True: pass'"}
    for mode in ("runner", "naive"):
        say(f"timing: {mode}, {cfg.timing_seconds}+ s in real time, one core busy, "
            f"{cfg.stall_s} s stall at {stall_at:.1f} s")
        cmd = [PYTHON, str(HERE / "probe_timing.py"), mode, "--seconds", str(cfg.timing_seconds),
               "--stall-at", str(stall_at), "--stall", str(cfg.stall_s)]
        with busy_core():
            text = run_child(cmd, child_env(pycache), timeout=cfg.timing_seconds * 2 + 90)
        out[mode] = timing_figures(json.loads(text.strip().splitlines()[-1]))
    return out


# -- 2. start-up ----------------------------------------------------------------


def prepare_home(home: Path, routines: dict[str, str] | None = None) -> None:
    """A user folder for HIPTIMER_HOME whose disclaimer was already seen.

    Without this the first start would open the "not medical advice" dialog,
    which a returning user never sees again.
    """
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.json").write_text(json.dumps({"disclaimer_seen": True}), "utf-8")
    folder = home / "data" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (routines or {}).items():
        (folder / name).write_text(text, "utf-8")


def first_paint_ms(mode: str, env: dict[str, str]) -> float:
    """From just before ``Popen`` to the end of the child's first paint pass."""
    return startup_moments(mode, env)[0]


def startup_moments(mode: str, env: dict[str, str]) -> list[float]:
    """Milliseconds from just before ``Popen`` to each moment the probe prints
    (the first frame; with ``app-ready`` also the complete window)."""
    cmd = [PYTHON, str(HERE / "probe_startup.py"), mode]
    if mode.startswith("app"):
        cmd += ["--routine", "level-1"]
    started = time.monotonic()
    out = run_child(cmd, env, timeout=60)
    return [(float(line) - started) * 1000.0 for line in out.strip().splitlines() if line.strip()]


STARTUP_HISTORIES = {"empty": 0, "20,000 sessions": 20_000}


def fill_home_history(home: Path, sessions: int) -> None:
    """``sessions`` sample sessions in the home's history file (made by the real store)."""
    if not sessions:
        return
    from hiptimer.storage.store import HistoryStore
    from tests.sample_history import fill_history

    (home / "data").mkdir(parents=True, exist_ok=True)
    store = HistoryStore.open(home / "data" / "history.sqlite3").store
    try:
        fill_history(store, sessions, end=datetime.now(UTC) - timedelta(days=1))
    finally:
        store.close()


def bench_startup(cfg: Config, pycache: Path) -> Json:
    """Interleaved cold starts of the app and of a bare window, after warm-ups, with an
    empty history and with 20,000 sessions; then the time until the app's window is complete."""
    out: Json = {"routine": "level-1", "histories": {}}
    for label, sessions in STARTUP_HISTORIES.items():
        with tempfile.TemporaryDirectory(prefix="hiptimer-bench-home-") as tmp:
            home = Path(tmp)
            prepare_home(home)
            fill_home_history(home, sessions)
            env = child_env(pycache, HIPTIMER_HOME=str(home))
            say(f"startup ({label} history): warm-up, then {cfg.startup_reps} interleaved starts of each")
            # The first start reads the routine files and saves the index the later ones use.
            warm = {mode: first_paint_ms(mode, env) for mode in ("app", "app", "bare")}
            times: dict[str, list[float]] = {"app": [], "bare": []}
            for i in range(cfg.startup_reps):
                order = ("app", "bare") if i % 2 == 0 else ("bare", "app")
                for mode in order:
                    times[mode].append(first_paint_ms(mode, env))
            ready = [startup_moments("app-ready", env)[-1] for _ in range(max(3, cfg.startup_reps // 3))]
        app_ms, bare_ms = median(times["app"]), median(times["bare"])
        # The ratio judged is the median of the pairs' ratios: each pair ran back to back,
        # so a noisy neighbour slows both of its runs; the ratio of medians is kept too.
        paired = [a / b for a, b in zip(times["app"], times["bare"], strict=True)]
        out["histories"][label] = {"app_ms": app_ms, "bare_ms": bare_ms, "ratio": median(paired),
                                   "ratio_of_medians": app_ms / bare_ms, "paired_ratios": paired,
                                   "ratio_of_fastest": min(times["app"]) / min(times["bare"]),
                                   "ready_ms": median(ready), "runs_ms": times, "ready_runs_ms": ready,
                                   "warmup_ms": warm}
    worst = max(out["histories"].values(), key=lambda h: h["ratio"])
    out.update(app_ms=worst["app_ms"], bare_ms=worst["bare_ms"], ratio=worst["ratio"])
    return out


# -- 3. cost while running --------------------------------------------------------


def last_session(database: Path) -> Json:
    """The app's newest history row, read-only: proof the session was still in its hold."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=2.0)
        try:
            row = conn.execute("SELECT routine_id, status, parts_done FROM sessions "
                               "ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return {"error": str(exc)}
    return {"routine_id": row[0], "status": row[1], "parts_done": row[2]} if row else {}


def bench_cost(cfg: Config, pycache: Path) -> Json:
    """CPU and RSS of the app in a long hold and of a bare 1 Hz window, side by side."""
    from workload import hold_routine_yaml

    settle = 6.0  # start-up (about 1 s) + the 2 s get ready, with room to spare
    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-home-") as tmp:
        home = Path(tmp)
        prepare_home(home, {"bench-hold.yaml": hold_routine_yaml("bench-hold", hold=90, get_ready=2)})
        env = child_env(pycache, HIPTIMER_HOME=str(home))
        logs = {name: open(home / f"{name}.stderr", "w+", encoding="utf-8")  # noqa: SIM115
                for name in ("app", "bare")}
        procs: dict[str, subprocess.Popen[Any]] = {}
        try:
            say(f"cost: app in a 90 s hold and a bare 1 Hz window, {cfg.cost_seconds} s side by side")
            procs["app"] = subprocess.Popen(
                [str(ENTRY_POINT), "--routine", "bench-hold", "--start"], env=env,
                stdout=subprocess.DEVNULL, stderr=logs["app"], start_new_session=True)
            procs["bare"] = subprocess.Popen(
                [PYTHON, str(HERE / "probe_window.py")], env=env,
                stdout=subprocess.DEVNULL, stderr=logs["bare"], start_new_session=True)
            time.sleep(settle)
            for name, proc in procs.items():
                if proc.poll() is not None:
                    logs[name].seek(0)
                    raise RuntimeError(f"{name} exited early ({proc.returncode}): {logs[name].read()[-800:]}")
            cpu0 = {n: proc_cpu_seconds(p.pid) for n, p in procs.items()}
            t0 = time.monotonic()
            rss: dict[str, list[float]] = {n: [] for n in procs}
            while time.monotonic() - t0 < cfg.cost_seconds:
                for n, p in procs.items():
                    rss[n].append(proc_rss_mb(p.pid))
                time.sleep(1.0)
            cpu1 = {n: proc_cpu_seconds(p.pid) for n, p in procs.items()}
            wall = time.monotonic() - t0
            alive = {n: p.poll() is None for n, p in procs.items()}
            session = last_session(home / "data" / "history.sqlite3")
        finally:
            for proc in procs.values():
                kill_group(proc)
            for fh in logs.values():
                fh.close()
        log_file = home / "log" / "hiptimer.log"
        log_text = log_file.read_text("utf-8", errors="replace") if log_file.exists() else ""
    backend = next((line.split("Audio backend: ", 1)[1].split(";")[0]
                    for line in log_text.splitlines() if "Audio backend: " in line), "unknown")
    out: Json = {"seconds": wall, "settle_s": settle, "alive": alive, "audio_backend": backend,
                 "session_at_end": session,
                 "app_command": "hiptimer --routine bench-hold --start"}
    for n in procs:
        out[n] = {"cpu_pct": (cpu1[n] - cpu0[n]) / wall * 100.0,
                  "rss_mb_mean": statistics.fmean(rss[n]), "rss_mb_max": max(rss[n])}
    out["cpu_pct_over_bare"] = out["app"]["cpu_pct"] - out["bare"]["cpu_pct"]
    out["rss_mb_over_bare"] = out["app"]["rss_mb_mean"] - out["bare"]["rss_mb_mean"]
    return out


# -- 4. endurance -----------------------------------------------------------------


def bench_endurance(cfg: Config, pycache: Path) -> Json:
    """A two-hour routine at ``endurance_scale`` through the real runner and player."""
    real = cfg.endurance_minutes * 60 / cfg.endurance_scale
    say(f"endurance: {cfg.endurance_minutes} min routine at x{cfg.endurance_scale:g} "
        f"(about {real:.0f} s)")
    cmd = [PYTHON, str(HERE / "probe_endurance.py"), "--scale", str(cfg.endurance_scale),
           "--minutes", str(cfg.endurance_minutes)]
    proc = subprocess.Popen(cmd, env=child_env(pycache), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out_text, err_text = proc.communicate(timeout=real + 180)
    finally:
        kill_group(proc)
    result: Json = {"exit_code": proc.returncode, "alive": proc.returncode == 0}
    lines = out_text.strip().splitlines()
    if lines:
        result.update(json.loads(lines[-1]))
    if proc.returncode != 0:
        result["stderr_tail"] = err_text.strip().splitlines()[-10:]
    samples = result.get("samples", [])
    if samples:
        refs = [s["refcount_none"] for s in samples]
        result["refcount_none_before"] = refs[0]
        result["refcount_none_after"] = refs[-1]
        result["refcount_none_min"] = min(refs)
        result["rss_mb_before"] = samples[0]["rss_kb"] * 1024 / 1e6
        result["rss_mb_after"] = samples[-1]["rss_kb"] * 1024 / 1e6
    return result


# -- 5. cues and history ------------------------------------------------------------


def bench_cues(cfg: Config) -> Json:
    """Cue latency on both sounding backends (simpleaudio is the app's first choice)."""
    from bench_cue_latency import measure_cue_latency

    out: Json = {}
    for backend in ("simpleaudio", "command"):
        say(f"cues: {cfg.cues} cues through {backend}")
        try:
            out[backend] = measure_cue_latency(cfg.cues, backend)
        except Exception as exc:  # one backend missing must not lose the other
            out[backend] = {"error": f"{type(exc).__name__}: {exc}"}
    return out


def bench_history_row(cfg: Config) -> Json:
    """The history store and view with ``history_sessions`` sessions, in this process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench_history import bench_history
    from workload import quiet_qt_messages

    quiet_qt_messages()
    say(f"history: {cfg.history_sessions:,} sessions, median of {cfg.history_repeats}")
    r = bench_history(cfg.history_sessions, repeats=cfg.history_repeats)
    return {k: (v * 1000.0 if k.endswith("_s") else v) for k, v in r.items()} | {
        "units": "ms for every *_s key"}


def bench_practice_row(cfg: Config) -> Json:
    """The Today card over ``history_sessions`` sessions and a year's PDF report (bench_practice.py)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench_practice import bench_practice

    say(f"practice: Today over {cfg.history_sessions:,} sessions, a year's report")
    r = bench_practice(cfg.history_sessions, repeats=cfg.history_repeats)
    return {k: (v * 1000.0 if k.endswith("_s") else v) for k, v in r.items()} | {
        "units": "ms for every *_s key"}


# -- 6. loading -----------------------------------------------------------------


def _time(call: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``call`` in ms."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def bench_loading(cfg: Config) -> Json:
    """``load_catalog`` over generated files, against PyYAML parsing the same files."""
    import yaml
    from workload import write_routine_files

    from hiptimer.library.catalog import load_catalog
    from hiptimer.paths import routines_dir

    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-routines-") as tmp:
        folder = Path(tmp)
        written = write_routine_files(folder, routines_dir(), cfg.routine_files)
        bundled_files = sorted(routines_dir().glob("*.yaml"))
        files = bundled_files + sorted(folder.glob("*.yaml"))
        texts = [p.read_text("utf-8") for p in files]
        say(f"loading: {len(files)} routine files ({written['broken']} broken), "
            f"median of {cfg.load_repeats}")
        # The catalog logs a warning per broken file; keep them off the terminal.
        logging.disable(logging.WARNING)
        try:
            loads: list[float] = []
            for _ in range(cfg.load_repeats):
                start = time.perf_counter()
                catalog = load_catalog(user=folder)
                loads.append((time.perf_counter() - start) * 1000.0)
            total_ms = statistics.median(loads)
            bundled_ms = _time(load_catalog, max(3, cfg.load_repeats))
        finally:
            logging.disable(logging.NOTSET)
        bad_files = len({e.file for e in catalog.errors})

        def parse_all(loader: type) -> None:
            for text in texts:
                with contextlib.suppress(yaml.YAMLError):
                    yaml.load(text, Loader=loader)

        c_loader = getattr(yaml, "CSafeLoader", None)
        c_ms = _time(lambda: parse_all(c_loader), cfg.load_repeats) if c_loader else math.nan
        py_ms = _time(lambda: parse_all(yaml.SafeLoader), 1)
    n = len(files)
    return {"files": n, "generated": written, "loaded_routines": len(catalog.routines),
            "files_with_errors": bad_files, "errors": len(catalog.errors),
            "total_ms": total_ms, "per_file_ms": total_ms / n,
            "bundled_only_ms": bundled_ms, "bundled_files": len(bundled_files),
            "baseline_csafeloader_ms": c_ms, "baseline_csafeloader_per_file_ms": c_ms / n,
            "baseline_safeloader_py_ms": py_ms, "libyaml": bool(c_loader)}


# -- 8. speech ---------------------------------------------------------------------


def bench_speech_row(cfg: Config) -> Json:
    """Spoken guidance (issue 13): see ``bench_speech.py``."""
    from bench_speech import bench_speech

    say("speech: rendered phrases, Start to first phrase, render cost, fallbacks on Levels 1-3")
    return bench_speech(cfg.quick)


def speech_rows(s: Json) -> list[Row]:
    lat, fb = s["latency"], s["fallbacks"]
    sp = lat["speech"]
    rows: list[Row] = [
        (f"8. Cue latency, rendered speech ({lat['routine']} at x{lat['scale']:g}): "
         "median / p90 / max, ms", f"{f(sp['median'])} / {f(sp['p90'])} / {f(sp['max'])}",
         f"{f(lat['beeps']['median'])} (beeps, same run)", f"{lat['lost']} of {lat['sounds']} lost",
         f"median ≤ {GOAL_CUE_MEDIAN_MS:g} ms", verdict(sp["median"], GOAL_CUE_MEDIAN_MS)),
    ]
    for st in s["start"]:
        rows.append((f"8. Start to first spoken phrase, {st['routine']}: cold / warm cache, ms",
                     f"{f(st['cold_ms'], 0)} / {f(st['warm_ms'], 0)}", "", "",
                     "within the get-ready's first seconds", "—"))
    for r in s["render"]:
        pp = r["per_phrase"]
        rows.append((f"8. Render, cold, {r['routine']} ({r['phrases']} phrases): per phrase "
                     "median / max, whole routine, ms",
                     f"{f(pp['median'], 0)} / {f(pp['max'], 0)}, {f(r['total_ms'], 0)}",
                     "", "", "", "—"))
    levels = [k for k in ("level-1", "level-2", "level-3") if isinstance(fb.get(k), dict)]
    total = sum(fb[k].get("fallbacks", 0) or 0 for k in levels)
    played = sum(fb[k].get("phrases_played", 0) or 0 for k in levels)
    rows.append((f"8. Phrases that fell back to a bundled WAV, Levels 1-3 at x{fb['scale']:g}, "
                 "cold cache", f"{total} of {played}", "", "", "0",
                 "pass" if total == 0 and len(levels) == 3 else "**short**"))
    return rows


# -- the machine ------------------------------------------------------------------


def machine() -> Json:
    """What ran this: CPU, cores, memory, OS, Python, Qt."""
    model = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as fh:
        model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), model)
    mem_kb = 0
    with contextlib.suppress(OSError), open("/proc/meminfo", encoding="ascii") as fh:
        mem_kb = next((int(line.split()[1]) for line in fh if line.startswith("MemTotal:")), 0)
    os_name = platform.platform()
    with contextlib.suppress(OSError), open("/etc/os-release", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip().strip('"')
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = {"pyside6": PySide6.__version__, "qt": qVersion()}
    except ImportError:
        qt = {"pyside6": "missing", "qt": "missing"}
    return {"cpu": model, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "os": os_name, "kernel": platform.release(), "python": platform.python_version(), **qt}


# -- the table ------------------------------------------------------------------


def f(value: Any, digits: int = 1) -> str:
    """A number for the table; a dash for a missing one."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{digits}f}"


def verdict(value: float, goal: float) -> str:
    if value is None or math.isnan(value):
        return "—"
    return "pass" if value <= goal else "**short**"


Row = tuple[str, str, str, str, str, str]


def table_rows(r: Json) -> list[Row]:
    """The markdown rows: measure, hiptimer, baseline, comparison, goal, verdict."""
    rows: list[Row] = []

    def failed(name: str, label: str) -> bool:
        if "error" in r.get(name, {}):
            rows.append((label, "error", "", "", "", r[name]["error"].splitlines()[0][:80]))
            return True
        return name not in r

    if not failed("timing", "1. Timing"):
        run, naive = r["timing"]["runner"], r["timing"]["naive"]
        stall = f"{r['timing']['runner']['stall_s']:.1f} s"

        def pair(s: Json) -> str:
            return f"{f(s['median_abs'])} / {f(s['max_abs'])}"

        def than(ours: Json, theirs: Json) -> str:
            a, b = ours["max_abs"], theirs["max_abs"]
            if not (a > 0 and b > 0):
                return ""
            return f"max {b / a:.1f}x smaller" if a <= b else f"max {a / b:.1f}x larger"

        rows += [
            ("1. Phase boundary error, median / max, ms (excl. the stall)",
             pair(run["phase_ex_stall"]), pair(naive["phase_ex_stall"]),
             than(run["phase_ex_stall"], naive["phase_ex_stall"]),
             f"≤ {GOAL_BOUNDARY_MS:g} ms at every boundary",
             verdict(run["phase_ex_stall"]["max_abs"], GOAL_BOUNDARY_MS)),
            (f"1. Phase boundary error, max incl. the {stall} stall, ms", f(run["phase"]["max_abs"]),
             f(naive["phase"]["max_abs"]), "", "(the stall itself)", "—"),
            ("1. Second flip error, median / max, ms (excl. the stall)",
             pair(run["flip_ex_stall"]), pair(naive["flip_ex_stall"]),
             than(run["flip_ex_stall"], naive["flip_ex_stall"]),
             f"≤ {GOAL_BOUNDARY_MS:g} ms", verdict(run["flip_ex_stall"]["max_abs"], GOAL_BOUNDARY_MS)),
            (f"1. Second flip error, max incl. the {stall} stall, ms", f(run["flip"]["max_abs"]),
             f(naive["flip"]["max_abs"]), "", "(the stall itself)", "—"),
            ("1. … of which the timer's wake-up (before the view's refresh), median / max, ms",
             pair(run["wake_ex_stall"]), "", "", f"≤ {GOAL_BOUNDARY_MS:g} ms",
             verdict(run["wake_ex_stall"]["max_abs"], GOAL_BOUNDARY_MS)),
            ("1. End of routine error, ms", f(run["end_error_ms"]), f(naive["end_error_ms"]), "", "", "—"),
            ("1. Seconds shown / seconds in the routine", f"{run['flips_shown']} / {run['flips_in_plan']}",
             f"{naive['flips_shown']} / {naive['flips_in_plan']}", "", "", "—"),
        ]
    if not failed("startup", "2. Start-up"):
        for label, s in r["startup"].get("histories", {}).items():
            rows += [
                (f"2. Start-up to first painted window, {label} history, median, ms "
                 "(vs baseline: median of back-to-back pairs)", f(s["app_ms"], 0),
                 f(s["bare_ms"], 0), f"{s['ratio']:.2f}x", f"≤ {GOAL_STARTUP_RATIO:g}x the bare window",
                 verdict(s["ratio"], GOAL_STARTUP_RATIO)),
                (f"2. … the fastest of each, {label} history, ms", f(min(s["runs_ms"]["app"]), 0),
                 f(min(s["runs_ms"]["bare"]), 0), f"{s['ratio_of_fastest']:.2f}x", "", "—"),
                (f"2. … until the window is complete (routines, history, sound), {label} history, "
                 "median, ms", f(s["ready_ms"], 0), "", "", "", "—"),
            ]
    if not failed("cost", "3. Cost"):
        c = r["cost"]
        rows += [
            ("3. CPU during a hold, % of one core", f(c["app"]["cpu_pct"], 2), f(c["bare"]["cpu_pct"], 2),
             f"+{f(c['cpu_pct_over_bare'], 2)} points", f"≤ {GOAL_CPU_PCT:g} %",
             verdict(c["app"]["cpu_pct"], GOAL_CPU_PCT)),
            ("3. Resident memory during a hold, MB", f(c["app"]["rss_mb_mean"]), f(c["bare"]["rss_mb_mean"]),
             f"+{f(c['rss_mb_over_bare'])} MB", f"≤ +{GOAL_RSS_OVER_MB:g} MB over the bare window",
             verdict(c["rss_mb_over_bare"], GOAL_RSS_OVER_MB)),
        ]
    if not failed("endurance", "4. Endurance"):
        e = r["endurance"]
        counts = e.get("counts", {})
        falling = e.get("refcount_none_min", 0) < e.get("refcount_none_before", 0) - 100
        ok = e.get("alive") and e.get("status") == "completed" and not falling
        rows += [
            (f"4. {e.get('plan_seconds', 0) / 3600:.1f} h routine at x{e.get('scale', 0):g}: "
             "finished, process alive", "yes" if ok else "NO",
             "", f"{f(e.get('finished_real_s'), 0)} s real", "finishes alive",
             "pass" if ok else "**short**"),
            ("4. Second flips / label writes that changed a label",
             f"{counts.get('second_changed', 0):,} / {counts.get('set_text_changes', 0):,}", "", "", "", "—"),
            ("4. sys.getrefcount(None) before → after (min)",
             f"{e.get('refcount_none_before')} → {e.get('refcount_none_after')} "
             f"({e.get('refcount_none_min')})", "", "", "not falling",
             "pass" if not falling else "**short**"),
            ("4. Resident memory before → after, MB",
             f"{f(e.get('rss_mb_before'))} → {f(e.get('rss_mb_after'))}", "", "", "", "—"),
        ]
    if not failed("cues", "5. Cue latency"):
        for backend, label in (("simpleaudio", "simpleaudio, the default"), ("command", "aplay fallback")):
            c = r["cues"].get(backend, {})
            if "error" in c:
                rows.append((f"5. Cue latency, {label}", "error", "", "", "", c["error"][:80]))
                continue
            goal = f"median ≤ {GOAL_CUE_MEDIAN_MS:g} ms" if backend == "simpleaudio" else ""
            rows.append((f"5. Cue latency, {label}: median / p90 / max, ms",
                         f"{f(c['median_ms'])} / {f(c['p90_ms'])} / {f(c['max_ms'])}", "",
                         f"{c['lost']} of {c['cues']} lost", goal,
                         verdict(c["median_ms"], GOAL_CUE_MEDIAN_MS) if goal else "—"))
    if not failed("history", "5. History"):
        h = r["history"]
        n = int(h["sessions"])
        rows += [
            (f"5. History view built and first page shown, {n:,} sessions, ms", f(h["view_show_s"]),
             "", "", f"≤ {GOAL_HISTORY_VIEW_MS:g} ms", verdict(h["view_show_s"], GOAL_HISTORY_VIEW_MS)),
            (f"5. History store opened at start-up, {n:,} vs 0 sessions, ms", f(h["open_full_s"]),
             f(h["open_empty_s"]), f"{h['open_full_s'] / h['open_empty_s']:.0f}x", "", "—"),
            (f"5. … without the start-up quick_check, {n:,} vs 0 sessions, ms",
             f(h["open_full_nocheck_s"]), f(h["open_empty_nocheck_s"]), "", "", "—"),
        ]
    if not failed("loading", "6. Loading"):
        lo = r["loading"]
        rows.append((f"6. load_catalog, {lo['files']} files ({lo['files_with_errors']} broken): "
                     "total / per file, ms",
                     f"{f(lo['total_ms'], 0)} / {f(lo['per_file_ms'], 2)}",
                     f"{f(lo['baseline_csafeloader_ms'], 0)} / {f(lo['baseline_csafeloader_per_file_ms'], 2)}",
                     f"{lo['total_ms'] / lo['baseline_csafeloader_ms']:.0f}x", "", "—"))
    if not failed("practice", "7. Practice"):
        p = r["practice"]
        n = int(p["sessions"])
        rows += [
            (f"7. Today card / `hiptimer today` computed, {n:,} sessions, ms", f(p["today_s"]), "", "",
             f"≤ {GOAL_TODAY_MS:g} ms", verdict(p["today_s"], GOAL_TODAY_MS)),
            (f"7. … when the streak spans all {n:,} sessions' days, ms", f(p["today_all_days_s"]), "", "",
             f"≤ {GOAL_TODAY_MS:g} ms", verdict(p["today_all_days_s"], GOAL_TODAY_MS)),
            (f"7. Report PDF for a year ({int(p['report_sessions'])} sessions, "
             f"{int(p['report_pages'])} pages) gathered and written, s", f(p["report_s"] / 1000.0, 2), "", "",
             f"≤ {GOAL_REPORT_S:g} s", verdict(p["report_s"] / 1000.0, GOAL_REPORT_S)),
        ]
    if not failed("speech", "8. Speech"):
        rows += speech_rows(r["speech"])
    return rows


def render_table(r: Json) -> str:
    head = ("Measure", "hiptimer", "baseline", "vs baseline", "goal", "verdict")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in table_rows(r)]
    return "\n".join(lines)


BASELINES = {
    "timing": "a periodic 1000 ms CoarseTimer counting ticks into a QLabel (same plan, busy core, stall)",
    "startup": "a bare QMainWindow of the same size, through the same probe",
    "cost": "a bare 1280x760 window whose label changes once a second",
    "cues": "none (absolute goal)",
    "history": "the same store with 0 sessions",
    "loading": "PyYAML's CSafeLoader parsing the same files (no validation)",
    "practice": "none (absolute goals of issue 15)",
    "speech": "the beeps of the same run (latency); otherwise absolute goals (issue 13)",
}


# -- main -----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run hiptimer's benchmarks side by side with "
                                     "their baselines; print a markdown table, write JSON.")
    parser.add_argument("--quick", action="store_true", help="shorter everything, for a smoke run")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, metavar="PATH",
                        help=f"where to write the figures (default {DEFAULT_JSON.relative_to(ROOT)})")
    parser.add_argument("--only", default=",".join(ROWS), metavar="ROWS",
                        help=f"comma list of rows to run, from {', '.join(ROWS)}")
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(only) - set(ROWS)
    if unknown:
        parser.error(f"unknown rows: {', '.join(sorted(unknown))}")
    cfg = Config.make(args.quick)
    results: Json = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "config": asdict(cfg),
                     "machine": machine(), "baselines": BASELINES,
                     "loadavg_before": Path("/proc/loadavg").read_text().split()[:3]}
    steal0 = cpu_steal()
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-pycache-") as pycache_dir:
        pycache = Path(pycache_dir)
        steps: dict[str, Callable[[], Json]] = {
            "timing": lambda: bench_timing(cfg, pycache),
            "startup": lambda: bench_startup(cfg, pycache),
            "cost": lambda: bench_cost(cfg, pycache),
            "endurance": lambda: bench_endurance(cfg, pycache),
            "cues": lambda: bench_cues(cfg),
            "history": lambda: bench_history_row(cfg),
            "loading": lambda: bench_loading(cfg),
            "practice": lambda: bench_practice_row(cfg),
            "speech": lambda: bench_speech_row(cfg),
        }
        for name in ROWS:
            if name not in only:
                continue
            started = time.monotonic()
            try:
                results[name] = steps[name]()
            except Exception as exc:  # a broken row is reported, the others still run
                say(f"{name} failed: {exc}")
                results[name] = {"error": f"{type(exc).__name__}: {exc}",
                                 "traceback": traceback.format_exc()}
            results[name]["row_seconds"] = round(time.monotonic() - started, 1)
    steal1 = cpu_steal()
    results["seconds"] = round(time.monotonic() - t0, 1)
    results["loadavg_after"] = Path("/proc/loadavg").read_text().split()[:3]
    total = steal1[1] - steal0[1]
    results["cpu_steal_pct"] = round(100.0 * (steal1[0] - steal0[0]) / total, 1) if total else 0.0
    table = render_table(results)
    results["table_markdown"] = table
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(finite(results), indent=2, default=str) + "\n", "utf-8")
    m = results["machine"]
    print(f"hiptimer benchmarks{' (quick)' if cfg.quick else ''}: {m['cpu']}, {m['cores']} cores, "
          f"{m['ram_gb']} GB, {m['os']}, Python {m['python']}, PySide6 {m['pyside6']} (Qt {m['qt']}); "
          f"{results['seconds']:.0f} s, CPU steal {results['cpu_steal_pct']} %\n")
    print(table)
    print(f"\nFigures and raw measurements: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
