"""The course in a real browser: a real `jupyter lab` on a copy of the notebooks, driven by Debian's Chromium.

Session-scoped fixtures start one server and one browser for the whole run. Each notebook is opened once,
in its own page and JupyterLab workspace, and run from a clean kernel; the tests then inspect and move what
it shows. Latency measurements are written to ``screenshots/latency.json`` (read by ``make bench``) and
printed at the end of the run.

Chromium missing: the tests skip with a message saying how to install it, except under ``CI=true``,
where a missing browser is a failure.
"""

import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
LATENCY_JSON = SCREENSHOTS / "latency.json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LATENCY_KEY = pytest.StashKey[dict]()

SERVER_START_TIMEOUT = 60  # s
KERNEL_CONNECT_TIMEOUT = 90_000  # ms
RUN_ALL_TIMEOUT = 180_000  # ms
RENDER_TIMEOUT = 30_000  # ms
CHANGE_TIMEOUT = 10_000  # ms: a moved control must change the figure within this time


def widget_cells(path):
    """{cell index: number of widget outputs} of a notebook as saved: where its explorers are."""
    nb = nbformat.read(path, as_version=4)
    found = {}
    for index, cell in enumerate(nb.cells):
        count = sum(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", []))
        if count:
            found[index] = count
    return found


def pytest_generate_tests(metafunc):
    if "notebook_name" in metafunc.fixturenames:
        metafunc.parametrize("notebook_name", [p.name for p in NOTEBOOKS])
    if "explorer_cell" in metafunc.fixturenames:
        cells = [(p.name, index) for p in NOTEBOOKS for index in widget_cells(p)]
        metafunc.parametrize("explorer_cell", cells, ids=[f"{name}::cell{index}" for name, index in cells])


def pytest_configure(config):
    config.stash[LATENCY_KEY] = {}


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    results = config.stash.get(LATENCY_KEY, {})
    if not results:
        return
    terminalreporter.section("browser: slider key press to new figure on screen")
    for explorer, result in results.items():
        terminalreporter.write_line(
            f"{explorer}: median {result['median_ms']:.0f} ms over {len(result['samples_ms'])} presses "
            f"(min {min(result['samples_ms']):.0f}, max {max(result['samples_ms']):.0f}; target < 150 ms)"
        )
    terminalreporter.write_line(f"written to {LATENCY_JSON.relative_to(ROOT)}")


# --- the browser and the server -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `sudo apt-get install chromium` (never `playwright install`)."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    return CHROMIUM


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """A `jupyter lab` serving ``root``, with config, data and runtime folders of its own: nothing leaks in or out."""

    def __init__(self, root, home):
        self.root = root
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
            env[name] = str(home / name.lower())
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        # No news and no update checks: the network is closed, and their prompts would cover the page.
        settings = home / "jupyter_config_dir" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True)
        (settings / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        command = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={root}",
            f"--IdentityProvider.token={self.token}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self.log_path = home / "jupyter-lab.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(command, env=env, stdout=self._log, stderr=subprocess.STDOUT, cwd=root)

    def wait_until_up(self):
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        request = urllib.request.Request(f"{self.url}/api/status", headers={"Authorization": f"token {self.token}"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"jupyter lab did not answer within {SERVER_START_TIMEOUT} s:\n{self.log_tail()}")

    def log_tail(self, lines=40):
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        """Stop our own process by its PID: terminate (it shuts its kernels down), then kill if it hangs."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def notebook_url(self, name, workspace):
        return f"{self.url}/lab/workspaces/{workspace}/tree/{name}?reset&token={self.token}"


@pytest.fixture(scope="session")
def lab_server(chromium, tmp_path_factory):
    # Autosave writes back into the files it serves: serve a copy, never the originals.
    root = tmp_path_factory.mktemp("notebooks")
    for path in NOTEBOOKS:
        shutil.copy2(path, root / path.name)
    server = LabServer(root, tmp_path_factory.mktemp("jupyter-home"))
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(chromium, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # A persistent context gives Chromium a fresh, empty user data dir of our own.
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(chromium),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
            # 2 for a high-density laptop screen: four times the pixels to render and send (make bench measures it).
            device_scale_factor=float(os.environ.get("BROWSER_DEVICE_SCALE", "1")),
        )
        try:
            yield context
        finally:
            context.close()


# --- notebooks in JupyterLab ----------------------------------------------------------------------------------

KERNEL_CONNECTED_JS = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const context = panel && panel.sessionContext;
    const kernel = context && context.session && context.session.kernel;
    if (!kernel || !context.isReady || kernel.connectionStatus !== 'connected' || kernel.status !== 'idle') {
        return false;
    }
    window.__chainlabPanel = panel;
    return true;
}"""

# Watches every input prompt, so that a short-lived `[*]` cannot be missed between two polls.
WATCH_PROMPTS_JS = """() => {
    window.__chainlabSawBusy = false;
    const notebook = window.__chainlabPanel.content.node;
    const look = () => {
        if ([...notebook.querySelectorAll('.jp-InputPrompt')].some((p) => p.textContent.includes('[*]'))) {
            window.__chainlabSawBusy = true;
        }
    };
    new MutationObserver(look).observe(notebook, {subtree: true, childList: true, characterData: true});
    look();
}"""

# The execution count of every code cell, from the notebook's model (a folded cell hides its prompt).
PROMPTS_JS = """() => {
    const panel = window.__chainlabPanel;
    return panel.content.widgets.filter((cell) => cell.model.type === 'code').map((cell) => {
        const busy = cell.node.querySelector('.jp-InputPrompt')?.textContent.includes('[*]');
        return busy ? '[*]:' : `[${cell.model.executionCount ?? ' '}]:`;
    });
}"""

ALL_PROMPTS_NUMBERED_JS = f"""() => {{
    const prompts = ({PROMPTS_JS})();
    return prompts.length > 0 && prompts.every((p) => /^\\[\\d+\\]:$/.test(p));
}}"""

# Everything a learner would read as "something went wrong" in an output.
ERRORS_JS = """() => {
    const notebook = document.querySelector('.jp-NotebookPanel-notebook');
    const found = [];
    const stderr = '[data-mime-type="application/vnd.jupyter.stderr"]';
    for (const out of notebook.querySelectorAll(
            `.jp-OutputArea-output${stderr}, .jp-OutputArea-output .jp-RenderedText${stderr}`)) {
        found.push(out.textContent.slice(0, 2000));
    }
    for (const out of notebook.querySelectorAll('.jp-OutputArea-output')) {
        const text = out.textContent;
        if (/Error displaying widget|Error rendering|Traceback \\(most recent call last\\)/.test(text)) {
            found.push(text.slice(0, 2000));
        }
    }
    return [...new Set(found)];
}"""

# A fingerprint of a canvas's pixels, and how many distinct colours it has (one colour: blank).
CANVAS_JS = """
window.__chainlabCanvas = {
    pixels(canvas) {
        const ctx = canvas.getContext('2d');
        return new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
    },
    hash(canvas) {
        const data = this.pixels(canvas);
        let h = 2166136261 >>> 0;
        for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 16777619) >>> 0;
        return h;
    },
    colours(canvas) {
        const data = this.pixels(canvas);
        const seen = new Set();
        for (let i = 0; i < data.length && seen.size < 16; i += 7) seen.add(data[i]);
        return seen.size;
    },
    // Arm a probe: it resolves with the milliseconds from the start (the next keydown when byKey, else now)
    // to the first animation frame whose pixels differ from the pixels at arming time; null on timeout.
    arm(canvas, byKey, timeoutMs) {
        const before = this.hash(canvas);
        const probe = {t0: byKey ? null : performance.now()};
        if (byKey) {
            window.addEventListener('keydown', () => { if (probe.t0 === null) probe.t0 = performance.now(); },
                                    {capture: true, once: true});
        }
        const deadline = performance.now() + timeoutMs;
        probe.done = new Promise((resolve) => {
            const tick = () => {
                const now = performance.now();
                if (probe.t0 !== null && this.hash(canvas) !== before) return resolve(now - probe.t0);
                if (now > deadline) return resolve(null);
                requestAnimationFrame(tick);
            };
            requestAnimationFrame(tick);
        });
        window.__chainlabProbe = probe;
    },
};
"""


class OpenedNotebook:
    """A notebook open in its own page, run from the top on a fresh kernel."""

    def __init__(self, name, page, console):
        self.name = name
        self.page = page
        self.console = console  # JavaScript errors the page reported

    def prompts(self):
        """The input prompts of the code cells, as shown: '[1]:', '[*]:', '[ ]:'."""
        return self.page.evaluate(PROMPTS_JS)

    def errors(self):
        """Texts of outputs showing an error: stderr, a traceback, a widget that failed to display."""
        return self.page.evaluate(ERRORS_JS)

    def screenshot(self, path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))

    def cell(self, index):
        return self.page.locator(".jp-NotebookPanel-notebook .jp-Cell").nth(index)

    def explorers(self, index):
        """The explorers in the outputs of cell ``index``: each a VBox of controls above an ipympl figure."""
        boxes = self.cell(index).locator(".jp-OutputArea-output > .widget-vbox:has(.jupyter-matplotlib)")
        return [BrowserExplorer(self.page, boxes.nth(i)) for i in range(boxes.count())]


# Control kinds the tests know how to move, by their CSS class: the course's own slider (chainlab.explorers.controls),
# and the ones ipywidgets gives its controls.
CONTROL_KINDS = {
    "chainlab-slider": "slider",
    "widget-dropdown": "dropdown",
    "widget-checkbox": "checkbox",
    "widget-toggle-buttons": "toggle buttons",
}
NOT_CONTROLS = ("widget-label", "widget-html", "widget-htmlmath")
RANGE_INPUT = "input[type=range]"  # inside a chainlab-slider: what the keys and the mouse move


class BrowserExplorer:
    """One explorer as the learner sees it: its controls, and the ipympl canvas its figure is drawn on."""

    def __init__(self, page, box):
        self.page = page
        self.box = box
        self.canvas = box.locator(".jupyter-matplotlib-canvas-div canvas").first

    def controls(self):
        """[(kind, locator)] of the controls, left to right; kind None when the tests cannot move it."""
        found = []
        children = self.box.locator(":scope > .widget-hbox > *")
        for i in range(children.count()):
            child = children.nth(i)
            classes = (child.get_attribute("class") or "").split()
            if any(c in NOT_CONTROLS for c in classes):
                continue
            kind = next((k for c, k in CONTROL_KINDS.items() if c in classes), None)
            found.append((kind or " ".join(classes), child, kind is not None))
        return found

    def colours(self):
        """Distinct colours on the canvas (up to 16); 1 means blank."""
        return self.canvas.evaluate("(c) => window.__chainlabCanvas.colours(c)")

    def wait_drawn(self, timeout=RENDER_TIMEOUT):
        self.canvas.wait_for(state="attached", timeout=timeout)
        self.canvas.scroll_into_view_if_needed(timeout=timeout)  # as a learner looks at it: in view, it is painted
        self.page.wait_for_function(
            "(c) => c.width > 0 && window.__chainlabCanvas.colours(c) > 1",
            arg=self.canvas.element_handle(),
            timeout=timeout,
            polling=100,
        )

    def time_change(self, action, by_key=False, timeout=CHANGE_TIMEOUT):
        """Run ``action`` and return the ms until the canvas shows new pixels (from the key press when
        ``by_key``), or None if it did not change within ``timeout`` ms."""
        self.canvas.evaluate("(c, a) => window.__chainlabCanvas.arm(c, a[0], a[1])", [by_key, timeout])
        action()
        elapsed = self.page.evaluate("() => window.__chainlabProbe.done")
        self.settle()
        return elapsed

    def settle(self, quiet_ms=250, timeout=CHANGE_TIMEOUT):
        """Wait until the kernel has been idle and the canvas unchanged for ``quiet_ms``: an update can take
        several messages (a drag sends many values, ipympl asks for each frame), so one change is not the end."""
        self.page.wait_for_function(
            """([c, quiet]) => {
                const kernel = window.__chainlabPanel.sessionContext.session.kernel;
                const state = window.__chainlabCanvas.hash(c) + ':' + kernel.status, now = performance.now();
                if (c.__lastState !== state || kernel.status !== 'idle') { c.__lastState = state; c.__since = now; }
                return now - c.__since >= quiet;
            }""",
            arg=[self.canvas.element_handle(), quiet_ms],
            timeout=timeout,
            polling=30,
        )

    def screenshot(self, path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.box.scroll_into_view_if_needed()
        self.box.screenshot(path=str(path))

    # Each way a learner moves a control; each returns the ms until the figure changed, or None.

    def press_slider_key(self, slider, key=None):
        track = slider.locator(RANGE_INPUT).first
        track.scroll_into_view_if_needed()
        track.focus()
        key = key or slider_key(track)
        return self.time_change(lambda: self.page.keyboard.press(key), by_key=True)

    def drag_slider(self, slider):
        """Press the mouse on the thumb, where the value puts it, and drag it a quarter of the track."""
        track = slider.locator(RANGE_INPUT).first
        track.scroll_into_view_if_needed()
        box = track.bounding_box()
        now, last = (float(track.evaluate(f"(input) => input.{a}")) for a in ("value", "max"))
        thumb = 16  # px: Chromium's thumb; its centre runs from half a thumb in from each end of the track
        x = box["x"] + thumb / 2 + (box["width"] - thumb) * now / last
        y = box["y"] + box["height"] / 2
        target = x + (1 if now < last / 2 else -1) * box["width"] / 4  # towards the farther end

        def drag():
            self.page.mouse.move(x, y)
            self.page.mouse.down()
            self.page.mouse.move(target, y, steps=8)
            self.page.mouse.up()

        return self.time_change(drag)

    def choose_other_option(self, dropdown):
        select = dropdown.locator("select").first
        select.scroll_into_view_if_needed()
        current = select.input_value()
        values = select.locator("option").evaluate_all("(options) => options.map((o) => o.value)")
        other = next(v for v in values if v != current)
        return self.time_change(lambda: select.select_option(other))

    def toggle_checkbox(self, checkbox):
        box = checkbox.locator("input[type=checkbox]").first
        box.scroll_into_view_if_needed()
        return self.time_change(box.click)

    def press_other_button(self, buttons):
        other = buttons.locator("button:not(.mod-active)").first
        other.scroll_into_view_if_needed()
        return self.time_change(other.click)

    def ways_to_move(self):
        """[(description, move)] for every control: every way a learner can move it."""
        ways = []
        for name, control, known in self.controls():
            if not known:
                ways.append((f"unknown control {name!r}", None))
            elif name == "slider":
                ways.append(("slider by key", lambda c=control: self.press_slider_key(c)))
                ways.append(("slider by drag", lambda c=control: self.drag_slider(c)))
            elif name == "dropdown":
                ways.append(("dropdown", lambda c=control: self.choose_other_option(c)))
            elif name == "checkbox":
                ways.append(("checkbox", lambda c=control: self.toggle_checkbox(c)))
            elif name == "toggle buttons":
                ways.append(("toggle buttons", lambda c=control: self.press_other_button(c)))
        return ways

    def key_press_latencies(self, presses=10):
        """ms from a slider key press to new pixels, ``presses`` times after one warm-up press, alternating
        the direction so the slider stays in range; None where the figure did not change."""
        sliders = [control for name, control, _ in self.controls() if name == "slider"]
        if not sliders:
            return None
        first = slider_key(sliders[0].locator(RANGE_INPUT).first)
        other = "ArrowLeft" if first == "ArrowRight" else "ArrowRight"
        keys = [first, other] * (presses // 2 + 1)
        return [self.press_slider_key(sliders[0], key) for key in keys[: presses + 1]][1:]


def slider_key(track):
    """The arrow key that moves a slider (its range input) without hitting the end of its range."""
    now, last = (float(track.evaluate(f"(input) => input.{a}")) for a in ("value", "max"))
    return "ArrowLeft" if now >= last else "ArrowRight"


@pytest.fixture(scope="session")
def lab_notebooks(lab_server, browser):
    """Opens each notebook on first use, once per session: ``lab_notebooks(name)`` -> OpenedNotebook."""
    opened = {}

    def open_and_run(name):
        if isinstance(opened.get(name), Exception):
            raise RuntimeError(f"{name} did not open and run earlier in this session") from opened[name]
        if name in opened:
            opened[name].page.bring_to_front()
            return opened[name]
        page = browser.new_page()
        page.set_default_timeout(RENDER_TIMEOUT)
        console = []
        page.on("pageerror", lambda error: console.append(str(error)))
        try:
            page.goto(lab_server.notebook_url(name, workspace=f"test-{len(opened)}"))
            # "Idle" shows before the kernel's websocket connects, and a Run All sent then can be lost:
            # wait on the notebook's own session context instead.
            page.wait_for_function(KERNEL_CONNECTED_JS, timeout=KERNEL_CONNECT_TIMEOUT, polling=100)
            page.evaluate(CANVAS_JS)
            # Clear the saved outputs and counts, so every prompt and figure seen next comes from this run.
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
            page.evaluate(WATCH_PROMPTS_JS)
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function("() => window.__chainlabSawBusy", timeout=RUN_ALL_TIMEOUT, polling=50)
            page.wait_for_function(ALL_PROMPTS_NUMBERED_JS, timeout=RUN_ALL_TIMEOUT, polling=100)
        except Exception as error:
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name.removesuffix('.ipynb')}-FAILED.png"))
            opened[name] = error
            raise
        opened[name] = OpenedNotebook(name, page, console)
        return opened[name]

    yield open_and_run
    for notebook in opened.values():
        if isinstance(notebook, OpenedNotebook):
            notebook.page.close()


@pytest.fixture(scope="session")
def latency_results(request):
    """{explorer id: result}; written to screenshots/latency.json when the session ends."""
    results = request.config.stash[LATENCY_KEY]
    yield results
    if results:
        SCREENSHOTS.mkdir(exist_ok=True)
        LATENCY_JSON.write_text(
            json.dumps(
                {
                    "measured": datetime.now(UTC).isoformat(timespec="seconds"),
                    "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}",
                    "what": "slider keydown in the page to the first animation frame showing new canvas pixels",
                    "target_ms": 150,
                    "explorers": results,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )


@pytest.fixture(scope="session")
def screenshots():
    """The folder screenshots go to: git ignores it, CI keeps it as an artifact."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def saved_explorer_counts():
    """{(notebook name, cell index): explorers that cell shows}, from the notebooks as saved."""
    return {(path.name, index): count for path in NOTEBOOKS for index, count in widget_cells(path).items()}
