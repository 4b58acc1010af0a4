"""The course's benchmarks on this machine, as one markdown table (``make bench``).

Measures, each against its target:
- the notebook phase of ``make test`` (``pytest notebooks/`` under nbval) and each notebook's execution (nbclient);
- each notebook kernel's peak memory (the kernel's own ``ru_maxrss``, read at the end of the run);
- each explorer, without a browser: the kernel-side update (``explorer.set(...)`` over its control values), the
  render (``explorer.figure.canvas.draw()``) and the frame ipympl sends (render plus PNG encoding);
- each explorer in a browser: slider key press to new pixels on screen, from a fresh run of tests/browser;
- the class report on a generated class of 30 submissions of one notebook (benchmarks/class_report.py);
- the size of ``.venv`` and the install time of requirements.txt into a new venv from a warm package cache.

Explorers are found generically: every module of ``chainlab.explorers`` lists its ready-made constructors
(functions taking no argument and returning an Explorer) in a module-level tuple ``EXPLORERS``.

The table goes to stdout and to benchmarks/RESULTS.md.
"""

import argparse
import importlib
import json
import os
import pkgutil
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import chainlab.explorers
from chainlab.explorers.base import Explorer

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
LATENCY_JSON = ROOT / "tests" / "browser" / "screenshots" / "latency.json"
STEPS_PER_SLIDER = 25  # values each slider is driven through
MB = 1024 * 1024
EXECUTION_LIMITS = {"06": 15, "08": 30}  # seconds; 06 trains the 1-1-1 network, the capstone a 2-16-16-1 one; others 10


def ok(value, limit):
    return "ok" if value is not None and value < limit else "**over**"


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


# --- notebooks ---------------------------------------------------------------------------------------------------


def nbval_phase():
    """Wall time of the notebook phase of `make test`: `pytest notebooks/` with the project's nbval options."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "notebooks", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "no output"
    return elapsed, result.returncode == 0, summary


PEAK_MEMORY_CELL = "import resource\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


def execute_notebook(path):
    """(kernel start s, cells s, kernel peak RSS in MB) for one run of the notebook on a fresh kernel."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        started = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        done = time.perf_counter()
        # The kernel's own high-water mark of resident memory (Linux reports KiB), after every cell ran.
        probe = nbformat.v4.new_code_cell(PEAK_MEMORY_CELL)
        nb.cells.append(probe)
        client.execute_cell(probe, len(nb.cells) - 1)
        peak_kib = int("".join(out.get("text", "") for out in probe.outputs).strip())
    return started - start, done - started, peak_kib * 1024 / MB


# --- explorers without a browser -----------------------------------------------------------------------------------


def explorer_constructors():
    """[(name, constructor)] from every module of chainlab.explorers, by its EXPLORERS tuple; and the modules
    that define an explorer but no EXPLORERS tuple (listed in the table so that none goes unmeasured silently)."""
    found, missing = [], []
    for info in pkgutil.iter_modules(chainlab.explorers.__path__):
        module = importlib.import_module(f"chainlab.explorers.{info.name}")
        constructors = getattr(module, "EXPLORERS", None)
        if constructors is None:
            defines_one = any(
                isinstance(obj, type) and issubclass(obj, Explorer) and obj is not Explorer
                for obj in vars(module).values()
            )
            if defines_one:
                missing.append(module.__name__)
            continue
        found += [(f"{info.name}.{constructor.__name__}", constructor) for constructor in constructors]
    return found, missing


def control_values(control):
    """Values to drive a control through, read at the time of driving (another control may change its range)."""
    if hasattr(control, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    if getattr(control, "base", None) is not None:  # a log slider: min and max are exponents
        low, high = control.min, control.max
        return [control.base ** (low + (high - low) * i / (STEPS_PER_SLIDER - 1)) for i in range(STEPS_PER_SLIDER)]
    if hasattr(control, "min") and hasattr(control, "max"):
        low, high = control.min, control.max
        values = [low + (high - low) * i / (STEPS_PER_SLIDER - 1) for i in range(STEPS_PER_SLIDER)]
        whole = getattr(control, "whole", isinstance(control.value, int))
        return sorted({round(v) for v in values}) if whole else values
    raise TypeError(f"do not know how to drive {type(control).__name__}")


def as_in_the_browser(explorer):
    """Put the canvas in the state a connected browser leaves it in, and record the redraws it asks for.

    The browser's first message stops ipympl's syncing of a PNG data URL (an extra encode per frame that only a
    kernel without a browser pays), and a `draw_idle` is a request the browser answers with a full draw.
    """
    canvas = explorer.figure.canvas
    canvas._handle_message(canvas, {"type": "initialized"}, [])
    requested = []
    draw_idle = canvas.draw_idle

    def recording_draw_idle():
        requested.append(True)
        draw_idle()

    canvas.draw_idle = recording_draw_idle
    return requested


def drive(explorer, requested):
    """Move every control through its values: time each move's update (`explorer.set`) and the move as the
    browser makes the kernel work (the update, then the full draws it requested); and a full draw alone."""
    update, per_move, render = [], [], []
    canvas = explorer.figure.canvas
    for name, control in explorer.controls.items():
        for value in control_values(control):
            if value == control.value:
                continue
            requested.clear()
            start = time.perf_counter()
            explorer.set(**{name: value})
            updated = time.perf_counter()
            if requested:
                canvas.draw()
            done = time.perf_counter()
            update.append(updated - start)
            per_move.append(done - start)
            start = time.perf_counter()
            canvas.draw()  # a full redraw: Agg rendering and the PNG ipympl sends
            render.append(time.perf_counter() - start)
    return update, per_move, render


def explorer_timings(constructor):
    explorer = constructor()
    requested = as_in_the_browser(explorer)
    drive(explorer, requested)  # warm-up: fonts, caches, first layout
    update, per_move, render = drive(explorer, requested)
    return {
        "moves": len(update),
        "update": statistics.median(update),
        "update_max": max(update),
        "per_move": statistics.median(per_move),
        "render": statistics.median(render),
    }


# --- the browser ---------------------------------------------------------------------------------------------------


def browser_latency(device_scale=1, only_latency=False):
    """Run the browser tests afresh (they write latency.json); (wall s, passed, summary, {explorer: result}).

    device_scale 2 is a high-density screen; only_latency runs just the key-press measurement.
    """
    LATENCY_JSON.unlink(missing_ok=True)
    start = time.perf_counter()
    selection = ["-k", "key_press"] if only_latency else []
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/browser", "-q", "-p", "no:cacheprovider", *selection],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "BROWSER_DEVICE_SCALE": str(device_scale)},
    )
    elapsed = time.perf_counter() - start
    lines = result.stdout.strip().splitlines()
    summary = lines[-1] if lines else "no output"
    measured = json.loads(LATENCY_JSON.read_text())["explorers"] if LATENCY_JSON.exists() else {}
    return elapsed, result.returncode == 0, summary, measured


def latency_rows(measured, label, passed, summary):
    """Table rows of key-press medians, one per explorer."""
    return [
        (
            f"{explorer}: {label}, median of {len(result['samples_ms'])}",
            f"{result['median_ms']:.0f} ms",
            "< 150 ms",
            ok(result["median_ms"], 150) if passed else f"**failed**: {summary}",
        )
        for explorer, result in measured.items()
    ]


# --- installation --------------------------------------------------------------------------------------------------


def folder_size(path):
    return sum(f.lstat().st_size for f in Path(path).rglob("*") if f.is_file() and not f.is_symlink())


def install_time():
    """Seconds to create a venv and `pip install -r requirements.txt` from the warm package cache, and its size."""
    base_python = getattr(sys, "_base_executable", sys.executable)
    with tempfile.TemporaryDirectory(prefix="chainlab-bench-venv-") as folder:
        start = time.perf_counter()
        subprocess.run([base_python, "-m", "venv", folder], check=True)
        subprocess.run(
            [f"{folder}/bin/pip", "install", "--quiet", "--progress-bar", "off", "-r", "requirements.txt"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start, folder_size(folder)


# --- the table -----------------------------------------------------------------------------------------------------


def machine():
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    return (
        f"nproc {cores}, {model}{memory}, {platform.system()} {platform.machine()}, Python {platform.python_version()}"
    )


def engine_rows():
    """benchmarks/engine.py's rows, measured in a Python process of their own, as in a learner's kernel.

    In this process, the objects the runs above leave (explorers, figures, nbclient) would lengthen every garbage
    collection during the training steps, by an amount that depends on what ran before.
    """
    result = subprocess.run(
        [sys.executable, "-c", "import json, engine; print(json.dumps(engine.bench_rows()))"],
        cwd=Path(__file__).parent,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return [("autodiff engine: training steps", "not measured", "", f"**failed**: {result.stderr.strip()[-200:]}")]
    return [tuple(row) for row in json.loads(result.stdout)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-install", action="store_true", help="skip the fresh-venv install timing (~1 min)")
    parser.add_argument("--skip-browser", action="store_true", help="skip the browser run (~1 min)")
    parser.add_argument("--no-write", action="store_true", help=f"print only; do not write {RESULTS.name}")
    args = parser.parse_args()

    rows = []  # (what, measured, target, verdict)

    def progress(message):
        print(f"... {message}", file=sys.stderr, flush=True)

    progress("pytest notebooks/ (nbval)")
    wall, passed, summary = nbval_phase()
    verdict = ok(wall, 60) if passed else f"**failed**: {summary}"
    rows.append(("`make test` notebook phase: `pytest notebooks/` (nbval), wall", f"{wall:.1f} s", "< 60 s", verdict))

    total_cells = 0.0
    for path in NOTEBOOKS:
        progress(f"executing {path.name}")
        kernel_start, cells, peak = execute_notebook(path)
        total_cells += cells
        limit = EXECUTION_LIMITS.get(path.name[:2], 10)
        rows.append(
            (
                f"{path.name}: execution (nbclient, cells; kernel start {kernel_start:.1f} s more)",
                f"{cells:.1f} s",
                f"< {limit} s",
                ok(cells, limit),
            )
        )
        rows.append((f"{path.name}: kernel peak memory (ru_maxrss)", f"{peak:.0f} MB", "< 500 MB", ok(peak, 500)))
    rows.append(
        (
            "the whole course, every notebook: execution (nbclient, cells)",
            f"{total_cells:.1f} s",
            "< 60 s",
            ok(total_cells, 60),
        )
    )

    constructors, missing = explorer_constructors()
    for name, constructor in constructors:
        progress(f"driving {name}")
        t = explorer_timings(constructor)
        rows.append(
            (
                f"`{name}`: kernel-side update, `explorer.set(...)` median of {t['moves']} moves "
                f"(max {t['update_max'] * 1000:.1f} ms)",
                ms(t["update"]),
                "< 30 ms",
                ok(t["update"], 0.030),
            )
        )
        rows.append((f"`{name}`: full render, `figure.canvas.draw()` (Agg + PNG) median", ms(t["render"]), "", "info"))
        rows.append(
            (
                f"`{name}`: kernel work per move as in the browser (update + requested redraws) median",
                ms(t["per_move"]),
                "",
                "info",
            )
        )
    for module in missing:
        rows.append((f"`{module}`: defines an explorer but no `EXPLORERS` tuple", "not measured", "", "**missing**"))

    progress("autodiff engine: training steps against a closure-based engine, torch and numpy")
    rows += engine_rows()

    progress("class report: a generated class of 30 submissions of one notebook")
    from class_report import bench_rows as class_report_rows  # benchmarks/class_report.py, beside this script

    rows += class_report_rows()

    if args.skip_browser:
        rows.append(("browser: key press to new pixels", "skipped (--skip-browser)", "< 150 ms", ""))
    else:
        progress("browser tests (tests/browser)")
        wall, passed, summary, measured = browser_latency()
        rows += latency_rows(measured, "browser, slider key press to new pixels", passed, summary)
        verdict = "ok" if passed else f"**failed**: {summary}"
        rows.append(("browser test suite (`pytest tests/browser`), wall", f"{wall:.1f} s", "a few minutes", verdict))
        progress("browser key presses on a high-density screen (device scale 2)")
        _, passed, summary, measured = browser_latency(device_scale=2, only_latency=True)
        rows += latency_rows(measured, "same, on a high-density screen (device pixel ratio 2)", passed, summary)

    venv = ROOT / ".venv"
    if venv.exists():
        rows.append(("`.venv` size (runtime + dev tools)", f"{folder_size(venv) / MB:.0f} MB", "", "info"))
    if args.skip_install:
        rows.append(("install time, warm cache", "skipped (--skip-install)", "", ""))
    else:
        progress("fresh venv: pip install -r requirements.txt")
        seconds, size = install_time()
        rows.append(
            ("install: new venv + `pip install -r requirements.txt`, warm cache", f"{seconds:.0f} s", "", "info")
        )
        rows.append(("size of that runtime-only venv", f"{size / MB:.0f} MB", "", "info"))

    lines = [
        "# Benchmarks",
        "",
        f"Measured {date.today().isoformat()} by `make bench` on: {machine()}.",
        "",
        "| what | measured | target | |",
        "|---|---|---|---|",
        *(f"| {what} | {measured} | {target} | {verdict} |" for what, measured, target, verdict in rows),
        "",
        "Kernel-side update: `explorer.set(...)` for one control value, without a browser but with the canvas in the",
        "state a connected browser leaves it (no PNG data-URL syncing). It runs the explorer's `update` and whatever",
        "drawing the explorer does itself (blitting the moving artists, with its PNG). Full render: `canvas.draw()`,",
        "Agg rendering of the whole figure plus the PNG ipympl sends. Kernel work per move: the update plus the full",
        "draws it asked the browser for (`draw_idle`), as the browser would make the kernel do them.",
        "Browser: the whole loop a learner feels, in headless Chromium: keydown in the page, widget message, kernel",
        "update and draw, PNG over the websocket, first animation frame showing the new pixels.",
        "",
    ]
    table = "\n".join(lines)
    print(table)
    if not args.no_write:
        RESULTS.write_text(table)
        print(f"written to {RESULTS.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
