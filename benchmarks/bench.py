#!/usr/bin/env python3
"""Benchmark for "Fast at every size": build time, memory, preview reload, page weight, filter.

    .venv/bin/python benchmarks/bench.py            # everything (1.5 minutes on 2 idle cores, ~4 busy)
    .venv/bin/python benchmarks/bench.py --quick    # skip the 10,000-page and 10,000-entry runs
    .venv/bin/python benchmarks/bench.py --json     # machine-readable results on stdout
    .venv/bin/python benchmarks/bench.py --save r.json --keep /tmp/bench   # keep results and files

What it does (see docs/performance.md for the results and the goals):

1. Generates deterministic synthetic projects in the site's own formats (benchmarks/synth.py,
   fixed seed): 1, 100, 1,000 and 10,000 Markdown pages of about 255 words; timelines of
   100, 1,000 and 10,000 entries with the real four pages.
2. Builds each in a fresh subprocess (benchmarks/_probe.py runs the real command line with
   thin timers wrapped around the pipeline's functions from the outside) and reports the
   clean-build wall and CPU time, ms per page, peak memory (os.wait4's ru_maxrss, and the
   PSS summed over the build's worker processes, sampled from /proc) and the split between
   read, load+validate, render Markdown, render templates, other rendering and write.
3. Runs a "minimal pipeline" baseline over the same pages (CSafeLoader front matter,
   MarkdownIt("commonmark").render, one Jinja template, one file per page) and prints our
   time as a multiple of it.
4. cProfiles the 1,000-page and 1,000-entry builds and lists the hotspots.
5. Starts `python build.py serve` on the 1,000-page project, connects the system Chromium
   through Playwright, edits a page's Markdown and times the write -> reloaded `load`.
6. Builds the repository's own content and weighs each page (HTML + the CSS and JS it
   references).
7. Times the timeline's year filter in Chromium on a 1,000-entry timeline.

Chromium is /usr/bin/chromium, driven with executable_path; `playwright install` is never
run. Without Chromium or Playwright the browser parts are skipped with a message.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import itertools
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PROBE = HERE / "_probe.py"
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE_SIZES = (1, 100, 1_000, 10_000)
TIMELINE_SIZES = (100, 1_000, 10_000)
PREVIEW_PAGES = 1_000
FILTER_ENTRIES = 1_000
PREVIEW_EDITS = 10
FILTER_CLICKS = 10
KB = 1000  # page weight: 1 KB = 1,000 bytes (stricter than 1,024)

GOALS = {
    "ratio": 1.3,  # our build / minimal pipeline, at 1,000 and 10,000 pages
    "one_page_wall_s": 0.3,  # `python build.py` on a one-page project, wall clock
    "linear_slack": 1.25,  # time(10x size) <= 10 x time(size) x slack
    "rss_10k_mib": 100,  # peak RSS, 10,000 pages
    "preview_ms": 150,  # save -> reloaded page's load event, 1,000 pages
    "page_kb": 50,  # each page's HTML + CSS + JS
    "filter_ms": 50,  # year filter on a 1,000-entry timeline
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- running one build in a fresh process -------------------------------------------------


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        with contextlib.suppress(OSError, ValueError):
            stack.extend(int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split())
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; PSS shares pages that forked workers have in common."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


class TreeMemory(threading.Thread):
    """Samples the summed RSS and PSS of a process and its children every 20 ms.

    wait4's ru_maxrss is the peak of the biggest single process; when the build forks
    worker processes, what the machine needs is the sum over all of them (PSS counts the
    pages they share once)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.peak_pss, self.most_processes = pid, 0, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pids = _descendants(self.pid)
            sizes = [_memory_kib(p) for p in pids]
            self.peak_rss = max(self.peak_rss, sum(r for r, _ in sizes))
            self.peak_pss = max(self.peak_pss, sum(p for _, p in sizes))
            self.most_processes = max(self.most_processes, len(pids))
            self.done.wait(0.02)


def run_child(args: list[str], workdir: Path, timeout: float) -> dict[str, Any]:
    """Run _probe.py in a fresh interpreter; wall time, CPU and peak memory of that process
    (and of any worker processes it forks)."""
    result_file = workdir / f"result-{secrets.token_hex(4)}.json"
    out_file, err_file = workdir / "child.out", workdir / "child.err"
    args = [a.replace("{RESULT}", str(result_file)) for a in args]
    # Flush the files earlier runs wrote: their write-back would otherwise land in this run's time.
    os.sync()
    with open(out_file, "wb") as out, open(err_file, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(PROBE), *args], cwd=REPO, stdout=out, stderr=err)
        timer = threading.Timer(timeout, lambda: process.send_signal(signal.SIGKILL))
        timer.start()
        sampler = TreeMemory(process.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            sampler.done.set()
        wall = time.perf_counter() - started
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    data: dict[str, Any] = {}
    if result_file.exists():
        data = json.loads(result_file.read_text())
        result_file.unlink()
    data.update(
        exit=process.returncode,
        wall_s=wall,
        peak_rss_mib=usage.ru_maxrss / 1024,
        cpu_s=usage.ru_utime + usage.ru_stime,
        tree_rss_mib=sampler.peak_rss / 1024,
        tree_pss_mib=sampler.peak_pss / 1024,
        processes=sampler.most_processes,
        timed_out=process.returncode == -signal.SIGKILL,
        stdout=out_file.read_text(errors="replace")[-2000:],
        stderr=err_file.read_text(errors="replace")[-3000:],
    )
    return data


def run_build(
    project: Path,
    output: Path,
    workdir: Path,
    *,
    lift_cap: bool = False,
    timeout: float = 600,
    expect_failure: bool = False,
) -> dict[str, Any]:
    """One clean build; retries twice (a minute apart) if the engine is broken mid-edit."""
    for attempt in range(3):
        if project != REPO:
            synth.refresh_engine_files(project)
        shutil.rmtree(output, ignore_errors=True)
        args = ["build", str(project), str(output), "{RESULT}"] + (["--lift-cap"] if lift_cap else [])
        result = run_child(args, workdir, timeout)
        if result["exit"] == 0 or expect_failure or result["timed_out"]:
            return result
        if "content files are limited to" in result["stderr"]:
            return result  # The file size limit: deterministic, handled by the caller.
        log(f"  build failed (exit {result['exit']}); the engine may be mid-edit. stderr:\n" + result["stderr"][-800:])
        if attempt < 2:
            log("  retrying in 60 s")
            time.sleep(60)
    return result


def output_stats(output: Path) -> dict[str, Any]:
    files = [p for p in output.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    largest = max(html, key=lambda p: p.stat().st_size, default=None)
    index = [p for p in files if p.suffix == ".json" and p.relative_to(output).parts[0] == "search"]
    return {
        "search_index_bytes": sum(p.stat().st_size for p in index) if index else None,  # all its files
        "files": len(files),
        "html_pages": len(html),
        "bytes": sum(p.stat().st_size for p in files),
        "largest_html": largest.relative_to(output).as_posix() if largest else None,
        "largest_html_bytes": largest.stat().st_size if largest else 0,
    }


def measure_series(
    kind: str, size: int, project: Path, workdir: Path, repeats: int, timeout: float, baseline: bool
) -> dict[str, Any]:
    output = workdir / f"out-{kind}-{size}"
    row: dict[str, Any] = {"kind": kind, "size": size, "repeats": repeats}
    source_bytes = (project / "content" / "timeline.yaml").stat().st_size if kind == "timeline" else None
    row["timeline_yaml_bytes"] = source_bytes
    # With the baseline, its runs alternate with ours, so that changes in the machine's load
    # (it is shared) fall on both alike.
    runs: list[dict[str, Any]] = []
    minimal_runs: list[dict[str, Any]] = []
    for index in range(max(repeats, 2) if baseline else repeats):
        if index < repeats:
            runs.append(run_build(project, output, workdir, timeout=timeout))
            if runs[0]["exit"] != 0 and "content files are limited to" in runs[0]["stderr"]:
                break
        if baseline:
            target = workdir / f"out-minimal-{size}"
            shutil.rmtree(target, ignore_errors=True)
            minimal_runs.append(run_child(["minimal", str(project), str(target), "{RESULT}"], workdir, timeout))
            shutil.rmtree(target, ignore_errors=True)
    lift = False
    if runs[0]["exit"] != 0 and "content files are limited to" in runs[0]["stderr"]:
        # The engine refused a file as too big: record that, then measure with the limit lifted.
        row["rejected"] = _first_error(runs[0]["stderr"])
        log(f"  rejected by the engine: {row['rejected']}")
        log("  measuring again with sitegen.read.source_text.MAX_FILE_BYTES lifted in the child process only")
        lift = True
        runs = [run_build(project, output, workdir, lift_cap=True, timeout=timeout) for _ in range(repeats)]
    row["cap_lifted"] = lift
    good = [r for r in runs if r["exit"] == 0]
    if not good:
        last = runs[-1]
        row["timed_out"] = last["timed_out"]
        row["error"] = (
            f"stopped after {timeout:.0f} s (--timeout)" if last["timed_out"] else _first_error(last["stderr"])
        )
        row["wall_s"] = last["wall_s"]
        row["peak_rss_mib_so_far"] = last["peak_rss_mib"]
        return row
    best = min(good, key=lambda r: r["wall_s"])
    row.update(
        {
            k: best[k]
            for k in (
                "wall_s",
                "cpu_s",
                "startup_s",
                "build_s",
                "read_s",
                "load_s",
                "render_s",
                "markdown_s",
                "templates_s",
                "render_other_s",
                "write_s",
                "calls",
            )
        }
    )
    row["cpu_split"] = best.get("cpu")  # the same stages in CPU seconds of the main thread
    row["all_wall_s"] = [r["wall_s"] for r in good]
    row["peak_rss_mib"] = max(r["peak_rss_mib"] for r in good)  # the biggest single process (wait4)
    row["tree_rss_mib"] = max(r["tree_rss_mib"] for r in good)  # all processes, sampled every 20 ms
    row["tree_pss_mib"] = max(r["tree_pss_mib"] for r in good)
    row["processes"] = max(r["processes"] for r in good)
    row["workers"] = best.get("workers", {})
    # One figure for "peak memory": the biggest process's RSS, or the PSS summed over the build's
    # processes when it forks workers (summed RSS would count their shared pages twice).
    row["memory_mib"] = max(row["peak_rss_mib"], row["tree_pss_mib"])
    row.update(output_stats(output))
    row["ms_per_page"] = best["build_s"] * 1000 / max(1, row["html_pages"])
    row["ms_per_source_page"] = best["build_s"] * 1000 / size if kind == "pages" else None
    row["ms_per_entry"] = best["build_s"] * 1000 / size if kind == "timeline" else None
    row["output_dir"] = str(output)
    if baseline:
        minimal = min((r for r in minimal_runs if r["exit"] == 0), key=lambda r: r["wall_s"])
        row["minimal"] = {k: minimal[k] for k in ("wall_s", "cpu_s", "startup_s", "build_s", "peak_rss_mib", "pages")}
        row["minimal"]["all_wall_s"] = [r["wall_s"] for r in minimal_runs if r["exit"] == 0]
        row["ratio_wall"] = row["wall_s"] / minimal["wall_s"]
        row["ratio_cpu"] = row["cpu_s"] / minimal["cpu_s"]
        row["ratio_build"] = row["build_s"] / minimal["build_s"]
    return row


def _first_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if ": " in line and not line.startswith(("hint", "Traceback")):
            return line[:300]
    return (lines[-1] if lines else "no output")[:300]


def repeats_for(size: int) -> int:
    return 3 if size <= 1_000 else 2


# --- profiles -----------------------------------------------------------------------------


def profile_build(name: str, project: Path, workdir: Path, timeout: float) -> dict[str, Any]:
    synth.refresh_engine_files(project)
    output = workdir / f"out-profile-{name}"
    shutil.rmtree(output, ignore_errors=True)
    stats = workdir / f"profile-{name}.prof"
    result = run_child(["profile", str(project), str(output), "{RESULT}", str(stats)], workdir, timeout)
    shutil.rmtree(output, ignore_errors=True)
    if result["exit"] != 0:
        return {"name": name, "error": _first_error(result["stderr"])}
    total = result["profiled_build_s"]
    return {
        "name": name,
        "stats_file": str(stats),
        "profiled_build_s": total,
        "markdown_cum_s": result["markdown_cum_s"],
        "templates_cum_s": result["templates_cum_s"],
        "markdown_share": result["markdown_cum_s"] / total,
        "templates_share": result["templates_cum_s"] / total,
        "top_tottime": result["top_tottime"],
        "top_cumtime": result["top_cumtime"],
    }


# --- the browser --------------------------------------------------------------------------


def browser_available() -> str | None:
    """None when Playwright and Chromium are there; otherwise why not."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (install it with scripts/setup-test-tools.sh)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "p90": _percentile(values, 0.9),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def measure_preview(project: Path, workdir: Path, edits: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    log_path = workdir / "serve.log"
    page_file = project / "content" / "topic-00001.md"
    original = page_file.read_bytes()
    synth.refresh_engine_files(project)
    with open(log_path, "wb") as server_log:
        server = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--port", str(port), "--project", str(project)],
            cwd=REPO,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
    result: dict[str, Any] = {"pages": PREVIEW_PAGES, "port": port}
    try:
        url = f"http://127.0.0.1:{port}/topic-00001/"
        started = time.perf_counter()
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except urllib.error.HTTPError as error:  # 500: the first build failed (the engine mid-edit?)
                log_text = log_path.read_text(errors="replace")
                raise RuntimeError(f"the preview answered {error.code}: " + _first_error(log_text[:3000])) from None
            except OSError:
                pass
            if server.poll() is not None or time.perf_counter() - started > 300:
                raise RuntimeError("the preview server did not start:\n" + log_path.read_text()[-2000:])
            time.sleep(0.2)
        result["first_build_s"] = time.perf_counter() - started
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            sockets = {"hello": 0}

            def on_socket(ws):
                if "livereload" in ws.url:
                    ws.on(
                        "framereceived",
                        lambda payload: sockets.__setitem__(
                            "hello", sockets["hello"] + (1 if "hello" in str(payload) else 0)
                        ),
                    )

            page.on("websocket", on_socket)

            def wait_connected(count: int) -> bool:
                deadline = time.perf_counter() + 10
                while sockets["hello"] < count and time.perf_counter() < deadline:
                    page.wait_for_timeout(20)
                page.wait_for_timeout(300)  # settle: the watcher has seen the last write
                return sockets["hello"] >= count

            page.goto(url, wait_until="load")
            connected = wait_connected(1)
            page.wait_for_timeout(700)  # about 1 s after load, as a person would
            browser_ms, python_ms, server_ms, verified = [], [], [], 0
            until_reload_ms, reload_ms = [], []
            for index in range(edits):
                marker = f"benchmark edit {index} {secrets.token_hex(4)}"
                text = original.decode("utf-8").rstrip("\n") + f"\n\nThis paragraph is a {marker}.\n"
                lines_before = log_path.read_text(errors="replace").count("Rebuilt in")
                with page.expect_event("load", timeout=180_000):
                    wrote_epoch_ms = time.time() * 1000
                    wrote = time.perf_counter()
                    page_file.write_text(text, encoding="utf-8")
                python_ms.append((time.perf_counter() - wrote) * 1000)
                origin_ms, load_ms = page.evaluate(
                    "() => [performance.timeOrigin, performance.getEntriesByType('navigation')[0].loadEventStart]"
                )
                browser_ms.append(origin_ms + load_ms - wrote_epoch_ms)
                # The two halves: save -> the browser starts the reload (notice, rebuild, message),
                # and the reload itself (fetching the page and its CSS and scripts, to `load`).
                until_reload_ms.append(origin_ms - wrote_epoch_ms)
                reload_ms.append(load_ms)
                if marker in page.content():
                    verified += 1
                connected = wait_connected(index + 2) and connected
                rebuilt = re.findall(r"Rebuilt in (\d+) ms", log_path.read_text(errors="replace"))
                if len(rebuilt) > lines_before:
                    server_ms.append(float(rebuilt[-1]))
                log(
                    f"  edit {index + 1}: write -> load {browser_ms[-1]:.0f} ms "
                    f"(server rebuild {server_ms[-1] if server_ms else float('nan'):.0f} ms)"
                )
            browser.close()
        result.update(
            websocket_seen=connected,
            verified=verified,
            edits=edits,
            save_to_load_ms=_summary(browser_ms),
            save_to_load_python_ms=_summary(python_ms),
            save_to_reload_start_ms=_summary(until_reload_ms),
            reload_to_load_ms=_summary(reload_ms),
            server_rebuild_ms=_summary(server_ms) if server_ms else None,
            all_ms=browser_ms,
        )
    finally:
        page_file.write_bytes(original)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return result


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


FILTER_SCRIPT = """
async (year) => {
  const link = document.querySelector(`#list-filter a[data-year="${year}"]`);
  const count = document.getElementById('list-count');
  const list = document.getElementById('list-items');
  const updated = new Promise((resolve) => {
    const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now()); });
    observer.observe(count, {childList: true, characterData: true, subtree: true});
  });
  const started = performance.now();
  link.click();
  const clickReturned = performance.now();
  const listUpdated = await updated;
  void document.body.offsetHeight;  // force style and layout of the changed list
  const laidOut = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const nextFrame = performance.now();
  const shown = Array.prototype.filter.call(list.children, (item) => !item.hidden).length;
  return {handler_ms: listUpdated - started, click_sync_ms: clickReturned - started,
          layout_ms: laidOut - started, frame_ms: nextFrame - started, count_text: count.textContent, shown: shown,
          total: list.children.length, url: location.pathname};
}
"""


def measure_filter(site: Path, clicks: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/timeline/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url, wait_until="load")
            page.wait_for_timeout(500)
            years = page.eval_on_selector_all(
                "#list-filter a[data-year]", "links => links.map(a => a.dataset.year).filter(y => y !== 'all')"
            )
            entries = page.eval_on_selector_all("#list-items > li", "items => items.length")
            samples = []
            for index in range(clicks):
                year = years[(index * 3) % len(years)]  # hop around the years
                sample = page.evaluate(FILTER_SCRIPT, year)
                sample["year"] = year
                sample["count_matches"] = sample["count_text"].split()[0] == str(sample["shown"])
                samples.append(sample)
            browser.close()
    finally:
        server.shutdown()
    return {
        "entries": entries,
        "handler_ms": _summary([s["handler_ms"] for s in samples]),
        "layout_ms": _summary([s["layout_ms"] for s in samples]),
        "frame_ms": _summary([s["frame_ms"] for s in samples]),
        "counts_match": all(s["count_matches"] for s in samples),
        "samples": samples,
    }


# --- page weight --------------------------------------------------------------------------

_ASSET = re.compile(r"""<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc)="([^"]+)\"""")


def page_type(path: str) -> str:
    if path == "index.html":
        return "home"
    if path == "404.html":
        return "404"
    parts = path.split("/")[:-1]
    if parts[0] == "timeline":
        rest = parts[1:]
        if not rest:
            return "timeline (all)"
        year = any(re.fullmatch(r"\d{4}", p) for p in rest)
        theme = any(not re.fullmatch(r"\d{4}", p) for p in rest)
        return "timeline (year + theme)" if year and theme else "timeline (year)" if year else "timeline (theme)"
    if parts[0] in ("regional-work", "funded-services", "next-steps"):
        return "collection"
    if parts[0] in ("glossary", "data"):
        return parts[0]
    return "content page"


def measure_weight(site: Path) -> dict[str, Any]:
    pages = []
    for html_file in sorted(site.rglob("*.html")):
        path = html_file.relative_to(site).as_posix()
        html = html_file.read_bytes()
        assets = {}
        for reference in _ASSET.findall(html.decode("utf-8")):
            if "://" in reference or reference.startswith("//"):
                continue
            target = (
                (html_file.parent / reference).resolve()
                if not reference.startswith("/")
                else site / reference.lstrip("/")
            )
            if target.is_file():
                assets[target.relative_to(site.resolve()).as_posix()] = target.read_bytes()
        data_bytes = 0
        for reference in re.findall(r'data-index="([^"]+)"', html.decode("utf-8")):
            target = (html_file.parent / reference / "start.json").resolve()
            if target.is_file():  # fetched by the page's script with every search, and then a few more
                data_bytes += target.stat().st_size  # (benchmarks/search_size.py measures a whole search)
        total = len(html) + sum(len(b) for b in assets.values())
        gzipped = len(gzip.compress(html)) + sum(len(gzip.compress(b)) for b in assets.values())
        pages.append(
            {
                "path": path,
                "type": page_type(path),
                "html_bytes": len(html),
                "assets": sorted(assets),
                "total_bytes": total,
                "gzip_bytes": gzipped,
                "data_bytes": data_bytes,
            }
        )
    by_type: dict[str, dict[str, Any]] = {}
    for page in pages:
        entry = by_type.setdefault(page["type"], {"pages": 0, "max_bytes": 0, "max_path": "", "max_gzip_bytes": 0})
        entry["pages"] += 1
        if page["total_bytes"] > entry["max_bytes"]:
            entry.update(max_bytes=page["total_bytes"], max_path=page["path"], max_gzip_bytes=page["gzip_bytes"])
    over = [p for p in pages if p["total_bytes"] > GOALS["page_kb"] * KB]
    fetched = {p["path"]: p["data_bytes"] for p in pages if p["data_bytes"]}
    return {
        "pages": pages,
        "fetched_data": fetched,
        "by_type": by_type,
        "over_budget": [p["path"] for p in over],
        "max_bytes": max(p["total_bytes"] for p in pages),
        "count": len(pages),
    }


# --- the report ---------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        info["memory_gib"] = round(int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    from importlib import metadata

    info["packages"] = {}
    for name in (
        "jinja2",
        "markdown-it-py",
        "mdit-py-plugins",
        "nh3",
        "pydantic",
        "pyyaml",
        "livereload",
        "playwright",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            info["packages"][name] = metadata.version(name)
    if CHROMIUM.exists():
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            info["chromium"] = subprocess.run(
                [str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=30
            ).stdout.strip()
    try:
        info["git_commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        info["git_dirty"] = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "sitegen", "templates", "static"],
                cwd=REPO,
                capture_output=True,
                text=True,
            ).stdout.strip()
        )
    except OSError:
        pass
    return info


def _fmt(value: Any, spec: str = ".2f", missing: str = "–") -> str:
    return missing if value is None else format(value, spec)


def evaluate_goals(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = {(r["kind"], r["size"]): r for r in results["builds"]}
    goals = []

    def add(name, target, measured, met):
        goals.append({"goal": name, "target": target, "measured": measured, "met": None if met is None else bool(met)})

    for size in (1_000, 10_000):
        row = rows.get(("pages", size))
        if row and "ratio_wall" in row:
            add(
                f"build vs minimal pipeline, {size:,} pages",
                f"≤ {GOALS['ratio']}×",
                f"{row['ratio_wall']:.2f}× wall ({row['ratio_build']:.2f}× in-process, {row['ratio_cpu']:.2f}× CPU)",
                row["ratio_wall"] <= GOALS["ratio"],
            )
        else:
            add(f"build vs minimal pipeline, {size:,} pages", f"≤ {GOALS['ratio']}×", "not run", None)
    one = rows.get(("pages", 1))
    if one and "wall_s" in one:
        add(
            "one-page build, wall clock",
            f"< {GOALS['one_page_wall_s']} s",
            f"{one['wall_s']:.2f} s (start-up {one['startup_s']:.2f} s + build {one['build_s']:.2f} s)",
            one["wall_s"] < GOALS["one_page_wall_s"],
        )

    # Scaling is judged on the build's own CPU time (all its processes, start-up excluded, as
    # each build measured it): the machine is shared, and other processes' load stretches
    # wall time (see the load averages); wall factors are shown too.
    def build_cpu(row: dict[str, Any]) -> float:
        return (row.get("cpu_split") or {}).get("build") or row["cpu_s"] - row.get("startup_s", 0.0)

    for kind, sizes in (("pages", PAGE_SIZES), ("timeline", TIMELINE_SIZES)):
        pairs = []
        for small, big in itertools.pairwise(sizes):
            a, b = rows.get((kind, small)), rows.get((kind, big))
            if a and b and "build_s" in a and small >= 1_000 and ("build_s" in b or b.get("timed_out")):
                cut = "build_s" not in b
                cpu = (b["wall_s"] if cut else build_cpu(b)) / build_cpu(a) / (big / small)
                wall = ((b["wall_s"] if cut else b["build_s"]) / a["build_s"]) / (big / small)
                pairs.append((small, big, cpu, wall, cut))
        if pairs:
            text = "; ".join(
                f"{s:,}→{b:,}: {'≥ ' if cut else ''}{c:.2f}× linear by CPU ({w:.2f}× by wall)"
                for s, b, c, w, cut in pairs
            )
            add(
                f"linear scaling ({kind})",
                f"≤ {GOALS['linear_slack']}× linear",
                text,
                all(c <= GOALS["linear_slack"] for _, _, c, _, _ in pairs),
            )
    big = rows.get(("pages", 10_000))
    if big and "memory_mib" in big:
        add(
            "peak memory, 10,000 pages",
            f"< {GOALS['rss_10k_mib']} MiB",
            f"{big['memory_mib']:.0f} MiB (biggest process {big['peak_rss_mib']:.0f} MiB RSS; "
            f"{big['processes']} processes: {big['tree_pss_mib']:.0f} MiB PSS, {big['tree_rss_mib']:.0f} MiB RSS summed)",
            big["memory_mib"] < GOALS["rss_10k_mib"],
        )
    else:
        add("peak memory, 10,000 pages", f"< {GOALS['rss_10k_mib']} MiB", "not run", None)
    preview = results.get("preview") or {}
    if "save_to_load_ms" in preview:
        p = preview["save_to_load_ms"]
        add(
            "preview save → reload, 1,000 pages",
            f"< {GOALS['preview_ms']} ms",
            f"median {p['median']:.0f} ms, p90 {p['p90']:.0f} ms",
            p["median"] < GOALS["preview_ms"],
        )
    else:
        add(
            "preview save → reload, 1,000 pages",
            f"< {GOALS['preview_ms']} ms",
            preview.get("skipped") or preview.get("error") or "not run",
            None,
        )
    weight = results.get("weight")
    if weight:
        add(
            "page weight (HTML + CSS + JS), real site",
            f"< {GOALS['page_kb']} KB each",
            f"max {weight['max_bytes'] / KB:.1f} KB; {len(weight['over_budget'])} of {weight['count']} over",
            not weight["over_budget"],
        )
    filt = results.get("filter") or {}
    if "handler_ms" in filt:
        add(
            "year filter, 1,000 entries",
            f"< {GOALS['filter_ms']} ms",
            f"median {filt['handler_ms']['median']:.1f} ms click → list updated (p90 {filt['handler_ms']['p90']:.1f}); "
            f"{filt['layout_ms']['median']:.1f} ms with layout; {filt['frame_ms']['median']:.1f} ms to next frame",
            filt["handler_ms"]["median"] < GOALS["filter_ms"],
        )
    else:
        add(
            "year filter, 1,000 entries",
            f"< {GOALS['filter_ms']} ms",
            filt.get("skipped") or filt.get("error") or "not run",
            None,
        )
    return goals


def print_report(results: dict[str, Any]) -> None:
    m = results["machine"]
    print(
        f"\nMachine: {m.get('cpu', '?')}, {m['nproc']} CPUs, {m.get('memory_gib', '?')} GiB; Python {m['python']}; "
        f"load average {results['load_before']} before, {results['load_after']} after"
    )
    print(
        f"Start-up (python + imports of sitegen): {results['startup_s']:.2f} s wall, "
        f"{results['startup_cpu_s']:.2f} s CPU; engine at {m.get('git_commit')}"
        f"{' with uncommitted changes' if m.get('git_dirty') else ''}"
    )
    print("\nClean builds (a fresh process each; best of the repeats; seconds unless stated)")
    header = (
        f"{'series':<9} {'size':>7} {'html':>6} {'wall':>7} {'cpu':>7} {'ms/page':>7} {'mem MiB':>8} "
        f"{'minimal':>7} {'ratio':>6} {'r(cpu)':>6} {'largest page':>12} {'search idx':>10}"
    )
    print(header)
    print("-" * len(header))
    for row in results["builds"]:
        if "build_s" not in row:
            extra = f" (peak RSS so far {row['peak_rss_mib_so_far']:.0f} MiB)" if row.get("peak_rss_mib_so_far") else ""
            print(
                f"{row['kind']:<9} {row['size']:>7,} {'':>6} {row.get('wall_s', 0):>7.2f} FAILED: {row.get('error')}{extra}"
            )
            continue
        minimal = row.get("minimal")
        index = row.get("search_index_bytes")
        print(
            f"{row['kind']:<9} {row['size']:>7,} {row['html_pages']:>6,} {row['wall_s']:>7.2f} {row['cpu_s']:>7.2f} "
            f"{row['ms_per_page']:>7.2f} {row['memory_mib']:>8.0f} {_fmt(minimal and minimal['wall_s']):>7} "
            f"{_fmt(row.get('ratio_wall'), '.2f'):>6} {_fmt(row.get('ratio_cpu'), '.2f'):>6} "
            f"{row['largest_html_bytes'] / KB:>9.0f} KB {_fmt(index and index / KB, '.0f'):>7} KB"
            + ("  (file size limit lifted)" if row.get("cap_lifted") else "")
        )
    for row in results["builds"]:
        if row.get("rejected"):
            print(
                f"  note: {row['kind']} {row['size']:,} ({row['timeline_yaml_bytes']:,} bytes of YAML) is refused by "
                f"the engine: {row['rejected']}"
            )
    print(
        "  wall = the whole process, start-up included; cpu = user+sys of it and its workers; ms/page = in-process\n"
        "  build wall time per HTML page written; mem = peak memory: the biggest process's RSS, or the PSS summed\n"
        "  over the build's processes (sampled every 20 ms) if larger; ratio = wall / the minimal pipeline's wall; r(cpu) = the same by CPU time"
    )
    print("\nMemory detail (MiB): peak RSS of the biggest process (wait4) / summed RSS / summed PSS; processes")
    for row in results["builds"]:
        if "build_s" in row:
            print(
                f"  {row['kind']:<9} {row['size']:>7,}  {row['peak_rss_mib']:>5.0f} / {row['tree_rss_mib']:>5.0f} / "
                f"{row['tree_pss_mib']:>5.0f}; {row['processes']} process{'es' if row['processes'] != 1 else ''}"
            )
    print("\nWhere the time goes. Wall clock of the build process (seconds; render includes waiting for workers):")
    print(
        f"  {'series':<9} {'size':>7} {'build':>7} {'read':>7} {'load':>7} {'render':>7} {'write':>7} {'worker chunks':>14}"
    )
    for row in results["builds"]:
        if "build_s" in row:
            chunks = int((row.get("workers") or {}).get("chunks", 0))
            print(
                f"  {row['kind']:<9} {row['size']:>7,} {row['build_s']:>7.2f} {row['read_s']:>7.2f} {row['load_s']:>7.2f} "
                f"{row['render_s']:>7.2f} {row['write_s']:>7.2f} {chunks or '–':>14}"
            )
    print("CPU seconds, all processes (the main thread and the page workers):")
    stages = ("read", "load", "markdown", "templates", "render_other", "write", "build")
    names = ("read", "load+valid.", "Markdown", "templates", "other rend.", "write", "total")
    print(f"  {'series':<9} {'size':>7} " + " ".join(f"{n:>11}" for n in names))
    for row in results["builds"]:
        cpu = row.get("cpu_split") or {}
        if "build_s" in row and cpu:
            print(
                f"  {row['kind']:<9} {row['size']:>7,} "
                + " ".join(f"{cpu.get(s, float('nan')):>11.2f}" for s in stages)
            )
    print(
        "  Markdown = MarkdownRenderer._render; templates = jinja2 Template.render; other rend. = the rest of\n"
        "  rendering (open data, search index, plain text, link checks, glue); write = StagedSite (staging + swap)"
    )
    real = results.get("real_site") or {}
    if "wall_s" in real:
        print(
            f"\nReal site (the repository's content): {real['html_pages']} HTML pages, {real['files']} files; "
            f"wall {real['wall_s']:.2f} s, CPU {real['cpu_s']:.2f} s, in-process {real['build_s']:.2f} s, "
            f"peak RSS {real['peak_rss_mib']:.0f} MiB"
        )
    elif real:
        print(f"\nReal site: build failed: {real.get('error')}")
    for profile in results.get("profiles", []):
        if "error" in profile:
            print(f"\nProfile {profile['name']}: failed: {profile['error']}")
            continue
        print(
            f"\ncProfile, {profile['name']}: {profile['profiled_build_s']:.2f} s profiled; "
            f"MarkdownRenderer._render {profile['markdown_cum_s']:.2f} s cumulative "
            f"({profile['markdown_share']:.0%}), Template.render {profile['templates_cum_s']:.2f} s "
            f"({profile['templates_share']:.0%})"
        )
        print(f"  {'tottime':>8} {'cumtime':>8} {'calls':>9}  function")
        for item in profile["top_tottime"][:15]:
            print(f"  {item['tottime']:>8.2f} {item['cumtime']:>8.2f} {item['calls']:>9,}  {item['function']}")
        print("  the engine's own functions by cumulative time:")
        own = [i for i in profile["top_cumtime"] if i["function"].startswith("sitegen/")]
        for item in own[:12]:
            print(f"  {item['tottime']:>8.2f} {item['cumtime']:>8.2f} {item['calls']:>9,}  {item['function']}")
    preview = results.get("preview") or {}
    print("\nPreview (build.py serve, 1,000 pages, Chromium): ", end="")
    if "save_to_load_ms" in preview:
        p, s = preview["save_to_load_ms"], preview.get("server_rebuild_ms")
        print(
            f"save → reloaded load event median {p['median']:.0f} ms, p90 {p['p90']:.0f} ms "
            f"(n={p['n']}, new text verified {preview['verified']}/{preview['edits']}); server rebuild median "
            f"{_fmt(s and s['median'], '.0f')} ms; first build {preview['first_build_s']:.1f} s"
        )
        if preview.get("reload_to_load_ms"):
            print(
                f"  of which: save → the browser starts reloading median "
                f"{preview['save_to_reload_start_ms']['median']:.0f} ms (notice the change, rebuild, send the "
                f"reload); the reload itself (page, CSS, scripts) median {preview['reload_to_load_ms']['median']:.0f} ms"
            )
    else:
        print(preview.get("skipped") or preview.get("error") or "not run")
    weight = results.get("weight")
    if weight:
        print(
            f"\nPage weight, real site ({weight['count']} HTML pages; HTML + referenced CSS + JS; 1 KB = 1,000 bytes)"
        )
        print(f"  {'type':<24} {'pages':>5} {'max KB':>7} {'gzip KB':>8}  heaviest")
        for kind, entry in sorted(weight["by_type"].items()):
            flag = "  OVER 50 KB" if entry["max_bytes"] > GOALS["page_kb"] * KB else ""
            print(
                f"  {kind:<24} {entry['pages']:>5} {entry['max_bytes'] / KB:>7.1f} "
                f"{entry['max_gzip_bytes'] / KB:>8.1f}  {entry['max_path']}{flag}"
            )
        if weight["over_budget"]:
            print(f"  over 50 KB: {', '.join(weight['over_budget'])}")
        for path, size in weight.get("fetched_data", {}).items():
            print(
                f"  {path} also fetches {size / KB:.1f} KB of JSON when used (its search index's start), not counted above"
            )
    filt = results.get("filter") or {}
    print("\nTimeline year filter (1,000 entries, Chromium): ", end="")
    if "handler_ms" in filt:
        print(
            f"click → list updated median {filt['handler_ms']['median']:.1f} ms (p90 {filt['handler_ms']['p90']:.1f}); "
            f"+ forced layout median {filt['layout_ms']['median']:.1f} ms (p90 {filt['layout_ms']['p90']:.1f}); "
            f"click → next frame median {filt['frame_ms']['median']:.1f} ms (p90 {filt['frame_ms']['p90']:.1f}); "
            f"{filt['entries']} entries on the page; counts correct: {filt['counts_match']}"
        )
    else:
        print(filt.get("skipped") or filt.get("error") or "not run")
    print("\nGoals")
    for goal in results["goals"]:
        verdict = {True: "MET", False: "NOT MET", None: "—"}[goal["met"]]
        print(f"  {verdict:<8} {goal['goal']} (goal {goal['target']}): {goal['measured']}")
    print(f"\nTotal benchmark time {results['elapsed_s']:.0f} s")


# --- main -----------------------------------------------------------------------------------


def _twice(measure) -> dict[str, Any]:
    """Run a browser measurement; if it fails (the engine may be mid-edit), once more a minute later."""
    for attempt in range(2):
        try:
            return measure()
        except Exception as error:  # report, keep going
            failure = f"{type(error).__name__}: {error}"[:500]
            log(f"  failed: {failure}")
            if attempt == 0:
                log("  retrying in 60 s")
                time.sleep(60)
    return {"error": failure}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-page and 10,000-entry runs")
    parser.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    parser.add_argument("--save", type=Path, metavar="FILE", help="also write the JSON results to FILE")
    parser.add_argument("--no-browser", action="store_true", help="skip the preview and filter measurements")
    parser.add_argument(
        "--keep", type=Path, metavar="FOLDER", help="work in FOLDER and keep the projects, outputs and profiles"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=300,
        help="seconds allowed per build before it is stopped and reported as such (default 300)",
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    workdir = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": machine_info(),
        "load_before": os.getloadavg(),
        "quick": args.quick,
        "builds": [],
        "profiles": [],
        "goal_targets": GOALS,
    }
    page_sizes = [s for s in PAGE_SIZES if not (args.quick and s > 1_000)]
    timeline_sizes = [s for s in TIMELINE_SIZES if not (args.quick and s > 1_000)]
    try:
        startup = [run_child(["imports", "{RESULT}"], workdir, 60) for _ in range(3)]
        results["startup_s"] = min(r["wall_s"] for r in startup)
        results["startup_cpu_s"] = min(r["cpu_s"] for r in startup)
        projects: dict[tuple[str, int], Path] = {}
        # Only the pages series has a minimal-pipeline baseline to compare with.
        series_runs = [("pages", size, synth.make_pages_project, True) for size in page_sizes]
        series_runs += [("timeline", size, synth.make_timeline_project, False) for size in timeline_sizes]
        for series, size, make_project, baseline in series_runs:
            project = workdir / f"{series}-{size}"
            log(f"{series} {size:,}: generating")
            make_project(project, size)
            projects[(series, size)] = project
            against = ", and the minimal pipeline" if baseline else ""
            log(f"{series} {size:,}: building ({repeats_for(size)}×{against})")
            row = measure_series(series, size, project, workdir, repeats_for(size), args.timeout, baseline=baseline)
            results["builds"].append(row)
            ratio = f", ratio {row.get('ratio_wall', float('nan')):.2f}" if baseline else ""
            log(f"  wall {row.get('wall_s', 0):.2f} s{ratio}")
        log("real site: building the repository's own content")
        real_out = workdir / "out-real"
        real = run_build(REPO, real_out, workdir, timeout=args.timeout)
        if real["exit"] == 0:
            results["real_site"] = {k: real[k] for k in ("wall_s", "cpu_s", "build_s", "peak_rss_mib")} | output_stats(
                real_out
            )
            results["weight"] = measure_weight(real_out)
        else:
            results["real_site"] = {"error": _first_error(real["stderr"])}
        log("profiling the 1,000-page and 1,000-entry builds")
        for name, key in (("1,000 pages", ("pages", 1_000)), ("1,000-entry timeline", ("timeline", 1_000))):
            if key in projects:
                results["profiles"].append(profile_build(name, projects[key], workdir, args.timeout))
        reason = "skipped (--no-browser)" if args.no_browser else browser_available()
        if reason:
            log(f"browser measurements skipped: {reason}")
            results["preview"] = {"skipped": reason}
            results["filter"] = {"skipped": reason}
        else:
            log("preview: build.py serve on the 1,000-page project, editing a page in Chromium")
            results["preview"] = _twice(
                lambda: measure_preview(projects[("pages", PREVIEW_PAGES)], workdir, PREVIEW_EDITS)
            )
            log("filter: year links on the 1,000-entry timeline in Chromium")
            site = workdir / f"out-timeline-{FILTER_ENTRIES}"

            def filter_run():
                if not (site / "timeline" / "index.html").exists():
                    run_build(projects[("timeline", FILTER_ENTRIES)], site, workdir, timeout=args.timeout)
                return measure_filter(site, FILTER_CLICKS)

            results["filter"] = _twice(filter_run)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    results["load_after"] = os.getloadavg()
    results["goals"] = evaluate_goals(results)
    results["elapsed_s"] = time.perf_counter() - began
    if results.get("weight"):
        results["weight"]["pages"] = [
            {k: p[k] for k in ("path", "type", "total_bytes", "gzip_bytes", "data_bytes")}
            for p in results["weight"]["pages"]
        ]
    if args.save:
        args.save.write_text(json.dumps(results, indent=2, default=str) + "\n")
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    else:
        print_report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
