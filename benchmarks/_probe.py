"""The benchmark's child process: one build (or baseline) per fresh interpreter.

Run by benchmarks/bench.py, never by hand:

    python benchmarks/_probe.py build    PROJECT OUTPUT RESULT.json [--lift-cap]
    python benchmarks/_probe.py profile  PROJECT OUTPUT RESULT.json STATS.prof [--lift-cap]
    python benchmarks/_probe.py minimal  PROJECT OUTPUT RESULT.json
    python benchmarks/_probe.py imports  RESULT.json

`build` runs the real command line (`sitegen.cli.main(["build", ...])`, the same code
path as `python build.py`), with thin timers wrapped from the outside around the
pipeline's functions: `pipeline.read_project`, `pipeline.load_project` (load_site),
`StagedSite.__init__/write/commit` (write_site's disk work), `MarkdownRenderer._render`
and `jinja2.Template.render`. Nothing in sitegen/ is edited. Render time is what is left
of the build once read, load and write are taken out (render and write are interleaved
in the real, streaming build).

`profile` runs the same build under cProfile and reports the cumulative times of
`MarkdownRenderer._render` and `jinja2.Template.render`, and dumps the stats.

`minimal` is the baseline: YAML front matter with yaml.CSafeLoader, markdown-it-py's
MarkdownIt("commonmark").render, one Jinja template, one file written per page.

`--lift-cap` raises sitegen.read.source_text.MAX_FILE_BYTES (5 MB) in this process only, should a
generated file ever be bigger than the engine accepts (the 10,000-entry timeline is 3 MB).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _lift_cap() -> None:
    import sitegen.read.source_text

    sitegen.read.source_text.MAX_FILE_BYTES = 1_000_000_000


WORKER_FIELDS = (
    "markdown",
    "markdown_cpu",
    "templates",
    "templates_cpu",
    "load",
    "load_cpu",
    "write",
    "write_cpu",
    "chunk",
    "chunk_cpu",
    "chunks",
)


def _install_timers() -> tuple[dict[str, float], dict[str, int], Any]:
    import multiprocessing

    import jinja2

    import sitegen.markdown.renderer
    import sitegen.pipeline
    import sitegen.render
    import sitegen.render.page_workers
    import sitegen.write.staged_site

    seconds: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started, cpu = time.perf_counter(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - started
                seconds[name + "_cpu"] += time.thread_time() - cpu
                calls[name] += 1

        wrapper.__wrapped__ = function
        return wrapper

    sitegen.pipeline.read_project = timed("read", sitegen.pipeline.read_project)
    sitegen.pipeline.load_project = timed("load", sitegen.pipeline.load_project)
    sitegen.render.page_workers.load_page = timed(
        "load", sitegen.render.page_workers.load_page
    )  # big sites, in the workers
    staged = sitegen.write.staged_site.StagedSite
    staged.__init__ = timed("write", staged.__init__)
    staged.write = timed("write", staged.write)
    staged.commit = timed("write", staged.commit)
    sitegen.markdown.renderer.MarkdownRenderer._render = timed(
        "markdown", sitegen.markdown.renderer.MarkdownRenderer._render
    )
    jinja2.Template.render = timed("templates", jinja2.Template.render)

    # Big sites load, render and write their pages in forked worker processes
    # (page_workers.render_batch). The timers above run in the workers too, but in the
    # workers' copies of `seconds`: each batch adds what it measured to shared memory,
    # created here so the workers inherit it.
    shared = multiprocessing.RawArray("d", len(WORKER_FIELDS))
    lock = multiprocessing.Lock()
    chunk_function = getattr(sitegen.render.page_workers, "render_batch", None)
    if chunk_function is not None:

        def chunk(*args, **kwargs):
            before = dict(seconds)
            started, cpu = time.perf_counter(), time.thread_time()
            try:
                return chunk_function(*args, **kwargs)
            finally:
                measured = {"chunk": time.perf_counter() - started, "chunk_cpu": time.thread_time() - cpu, "chunks": 1}
                for name in WORKER_FIELDS[:8]:
                    measured[name] = seconds[name] - before.get(name, 0.0)
                with lock:
                    for index, name in enumerate(WORKER_FIELDS):
                        shared[index] += measured[name]

        sitegen.render.page_workers.render_batch = chunk
    return seconds, calls, shared


def _cli_build(project: str, output: str) -> int:
    from sitegen.cli import main

    return main(["build", "--project", project, "--output", output])


def cmd_build(project: str, output: str, result: str, lift_cap: bool) -> int:
    if lift_cap:
        _lift_cap()
    imported_at = time.perf_counter()
    import sitegen.cli
    import sitegen.pipeline  # noqa: F401

    seconds, calls, shared = _install_timers()
    ready, ready_cpu = time.perf_counter(), time.thread_time()
    status = _cli_build(project, output)
    done, done_cpu = time.perf_counter(), time.thread_time()
    total, total_cpu = done - ready, done_cpu - ready_cpu
    render = total - seconds["read"] - seconds["load"] - seconds["write"]
    render_cpu = total_cpu - seconds["read_cpu"] - seconds["load_cpu"] - seconds["write_cpu"]
    # The same split in CPU time of the main thread: steady on a busy machine, where wall
    # time also counts the time spent waiting for a core.
    workers = dict(zip(WORKER_FIELDS, shared, strict=False))
    # CPU seconds of every process: the main thread's, plus what the workers measured.
    markdown_cpu = seconds["markdown_cpu"] + workers["markdown_cpu"]
    templates_cpu = seconds["templates_cpu"] + workers["templates_cpu"]
    render_all_cpu = render_cpu + workers["chunk_cpu"] - workers["load_cpu"] - workers["write_cpu"]
    cpu = {
        "build": total_cpu + workers["chunk_cpu"],
        "read": seconds["read_cpu"],
        "load": seconds["load_cpu"] + workers["load_cpu"],
        "render": render_all_cpu,
        "markdown": markdown_cpu,
        "templates": templates_cpu,
        "render_other": render_all_cpu - markdown_cpu - templates_cpu,
        "write": seconds["write_cpu"] + workers["write_cpu"],
    }
    Path(result).write_text(
        json.dumps(
            {
                "status": status,
                "startup_s": ready - STARTED,
                "imports_s": ready - imported_at,
                "build_s": total,
                "read_s": seconds["read"],
                "load_s": seconds["load"],
                "render_s": render,
                "markdown_s": seconds["markdown"],
                "templates_s": seconds["templates"],
                "render_other_s": render - seconds["markdown"] - seconds["templates"],
                "write_s": seconds["write"],
                "calls": dict(calls),
                "cpu": cpu,
                "workers": workers,
                "rss_mib": _rss_mib(),
            }
        )
    )
    return status


def cmd_profile(project: str, output: str, result: str, stats_path: str, lift_cap: bool) -> int:
    import cProfile
    import pstats

    import jinja2

    if lift_cap:
        _lift_cap()
    import sitegen.cli
    import sitegen.markdown.renderer
    import sitegen.pipeline
    import sitegen.render.page_workers

    # cProfile sees one process: render every page in this one, so that it sees all the work.
    sitegen.render.page_workers.PARALLEL_MIN_PAGES = 10**12

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    status = _cli_build(project, output)
    profiler.disable()
    total = time.perf_counter() - started
    profiler.dump_stats(stats_path)
    stats = pstats.Stats(stats_path)

    def cumulative(function) -> float:
        code = function.__code__
        for (file, line, name), (_, _, _, cum, _) in stats.stats.items():
            if file == code.co_filename and line == code.co_firstlineno and name == code.co_name:
                return cum
        return 0.0

    def top(sort: str, count: int = 25) -> list[dict]:
        rows = []
        for (file, line, name), (_cc, nc, tt, ct, _) in stats.stats.items():
            rows.append({"function": f"{_short(file)}:{line}({name})", "calls": nc, "tottime": tt, "cumtime": ct})
        rows.sort(key=lambda r: r[sort], reverse=True)
        return rows[:count]

    Path(result).write_text(
        json.dumps(
            {
                "status": status,
                "profiled_build_s": total,
                "markdown_cum_s": cumulative(sitegen.markdown.renderer.MarkdownRenderer._render),
                "templates_cum_s": cumulative(jinja2.Template.render),
                "top_tottime": top("tottime"),
                "top_cumtime": top("cumtime", 120),
                "rss_mib": _rss_mib(),
            }
        )
    )
    return status


def _short(file: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


MINIMAL_TEMPLATE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} – {{ site_title }}</title>
{% if description %}<meta name="description" content="{{ description }}">{% endif %}
<link rel="stylesheet" href="{{ root }}static/css/site.css">
</head>
<body>
<header><p><a href="{{ root }}">{{ site_title }}</a></p></header>
<main id="main-content">
<h1>{{ title }}</h1>
<div class="prose">
{{ body }}
</div>
<p class="last-updated">Last updated {{ updated }}</p>
</main>
</body>
</html>
"""


def cmd_minimal(project: str, output: str, result: str) -> int:
    import jinja2
    import yaml
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    ready = time.perf_counter()
    md = MarkdownIt("commonmark")
    template = jinja2.Environment(autoescape=True).from_string(MINIMAL_TEMPLATE)
    out = Path(output)
    pages = 0
    for path in sorted((Path(project) / "content").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=yaml.CSafeLoader)
        slug = "" if path.stem == "index" else path.stem
        html = template.render(
            title=meta["title"],
            description=meta.get("description"),
            updated=meta["updated"],
            site_title="Benchmark",
            root="../" if slug else "",
            body=Markup(md.render(body)),
        )
        target = out / slug / "index.html" if slug else out / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        pages += 1
    total = time.perf_counter() - ready
    Path(result).write_text(
        json.dumps(
            {
                "status": 0,
                "startup_s": ready - STARTED,
                "build_s": total,
                "pages": pages,
                "rss_mib": _rss_mib(),
            }
        )
    )
    return 0


def cmd_imports(result: str) -> int:
    import sitegen.cli
    import sitegen.pipeline
    import sitegen.render  # noqa: F401

    Path(result).write_text(json.dumps({"status": 0, "startup_s": time.perf_counter() - STARTED}))
    return 0


def main(argv: list[str]) -> int:
    lift = "--lift-cap" in argv
    args = [a for a in argv if a != "--lift-cap"]
    command = args[0]
    if command == "build":
        return cmd_build(args[1], args[2], args[3], lift)
    if command == "profile":
        return cmd_profile(args[1], args[2], args[3], args[4], lift)
    if command == "minimal":
        return cmd_minimal(args[1], args[2], args[3])
    if command == "imports":
        return cmd_imports(args[1])
    raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
