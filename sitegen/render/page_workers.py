"""Big sites: the pages are loaded, rendered and written by one worker process per core.

A page of a big site needs nothing from the other pages except the menu, and the menu is
made only from the home page and the pages that set `nav_order`. So the main process loads
just those (`load_site(defer_pages=True)`), and forks the workers. Each worker takes an
equal, contiguous share of the other page files and, page by page, reads the file,
validates it, renders its Markdown and its template, and writes it straight into the
staging folder; it sends back only what the rest of the site needs to know about the page
(title, description, date, element ids, search record, links and problems).

Why the workers write (rather than send pages back, as a process pool would): sending 19 KB
of HTML per page through a pipe costs the main process as much as writing it, and holds
pages in memory twice. Why workers fork before any page is loaded: the main process then
never holds the pages' text, and the workers share its memory instead of copying it.

If a worker finds a page it cannot load (or one that sets `nav_order`, which the main
process should have loaded), it says so and the build falls back to loading every page in
the main process, so that errors are reported exactly as for a small site.
"""

from __future__ import annotations

import contextlib
import gc
import os
import queue
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, cast

from ..errors import Problem
from ..markdown.results import InternalLink, RenderedMarkdown
from ..model.addresses import ContentFile, classify
from ..model.loading import load_page
from ..model.site_content import Page
from .template_problems import template_problem

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_MIN_PAGES = 300
BATCH = 100  # pages per message from a worker


def worth_forking(page_count: int) -> bool:
    return page_count >= PARALLEL_MIN_PAGES and (os.cpu_count() or 1) > 1 and hasattr(os, "fork")


class PageRenderer(Protocol):
    """What a worker needs of the site's renderer: one page at a time (`SiteRenderer.page_alone`)."""

    def page_alone(self, page: Page) -> tuple[str, bytes, PageFacts, RenderedMarkdown]: ...


class PagesNeedFullLoad(Exception):
    """A page could not be loaded by a worker: load every page in the main process instead."""


@dataclass(frozen=True)
class PageFacts:
    """What the rest of the site needs to know about a page a worker wrote."""

    file: str
    path: str
    title: str
    description: str
    updated: Any  # datetime.date
    ids: tuple[str, ...]
    search_record: bytes


@dataclass
class Batch:
    facts: list[PageFacts] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    links: list[InternalLink] = field(default_factory=list)
    written: int = 0
    needs_full_load: bool = False


def render_batch(
    renderer: PageRenderer, names: list[str], files: Mapping[str, bytes], write: Callable[[str, bytes], None]
) -> Batch:
    """In a worker: load, render and write some pages."""
    batch = Batch()
    for name in names:
        item = classify(name)
        page, problems = load_page(name, files[name], item.path) if isinstance(item, ContentFile) else (None, ())
        if page is None or _shapes_other_pages(page) or any(not p.is_warning for p in problems):
            batch.needs_full_load = True
            return batch
        batch.problems.extend(problems)
        try:
            output, data, facts, rendered = renderer.page_alone(page)
        except Exception as error:
            if template_problem(error, {}) is None:  # A bug: reported with its traceback.
                raise
            batch.needs_full_load = True  # A template's mistake: the main process renders it and says what.
            return batch
        write(output, data)
        batch.written += 1
        batch.facts.append(facts)
        batch.problems.extend(rendered.problems)
        # Without the line of text each link is on (about 10 MB for 10,000 pages): the main
        # process reads it from the file in the rare case that a link turns out to be broken.
        batch.links.extend(replace(link, source_line="") for link in rendered.links)
    return batch


def _shapes_other_pages(page: Page) -> bool:
    """A page the main process should have loaded (see `loading._can_defer`)."""
    return page.nav_order is not None or page.is_index or page.kind != "page" or page.draft or bool(page.aliases)


def _work(
    connection: Any,
    renderer: PageRenderer,
    names: list[str],
    files: Mapping[str, bytes],
    write: Callable[[str, bytes], None],
) -> None:
    """A worker's life: its share of the pages, a batch at a time, then "done"."""
    try:
        for start in range(0, len(names), BATCH):
            batch = render_batch(renderer, names[start : start + BATCH], files, write)
            connection.send(("batch", batch))
            if batch.needs_full_load:
                break
        connection.send(("done", None))
    except BaseException:  # Reported by the main process, which owns the terminal.
        # OSError: the main process stopped listening (another worker failed): nothing to add.
        with contextlib.suppress(OSError):
            connection.send(("crashed", traceback.format_exc()))
    finally:
        connection.close()


class PageWorkers:
    """One forked worker per core over `names`, started at once.

    A thread receives their batches as they come, so that a worker never waits for the main
    process, which meanwhile renders the rest of the site. `batches()` hands them over.
    """

    def __init__(
        self,
        renderer: PageRenderer,
        names: tuple[str, ...],
        files: Mapping[str, bytes],
        write: Callable[[str, bytes], None],
    ):
        import multiprocessing.connection  # Here, not at the top: small builds never need it.

        context = multiprocessing.get_context("fork")
        count = min(os.cpu_count() or 1, max(1, len(names) // BATCH))
        shares = [list(names[i * len(names) // count : (i + 1) * len(names) // count]) for i in range(count)]
        self.processes = []
        self.received: queue.Queue[tuple[str, Any]] = queue.Queue()
        connections = []
        # Objects that exist now are never freed by the workers' garbage collector: it would
        # otherwise write to every one of them, and copy the memory the workers share.
        gc.freeze()
        try:
            for share in shares:
                receiving, sending = context.Pipe(duplex=False)
                process = context.Process(target=_work, args=(sending, renderer, share, files, write), daemon=True)
                try:
                    process.start()
                finally:
                    sending.close()
                self.processes.append(process)
                connections.append(receiving)
        except BaseException:  # Could not start them all (no memory, too many processes): stop the others.
            self._stop()
            for connection in connections:
                connection.close()
            raise
        finally:
            gc.unfreeze()
        self.receiver = threading.Thread(target=self._receive, args=(connections,), daemon=True)
        self.receiver.start()

    def _receive(self, connections: list[Connection]) -> None:
        import multiprocessing.connection

        running = {connection: process for connection, process in zip(connections, self.processes, strict=False)}
        try:
            while running:
                for ready in multiprocessing.connection.wait(list(running)):
                    connection = cast("Connection", ready)  # wait() gives back what it was given
                    try:
                        message: tuple[str, Any] = connection.recv()
                    except (EOFError, OSError):
                        process = running.pop(connection)
                        process.join()
                        message = ("crashed", f"it stopped unexpectedly (exit code {process.exitcode})")
                    else:
                        if message[0] == "done":
                            running.pop(connection)
                    self.received.put(message)
                    if message[0] == "crashed":
                        running.clear()
                        break
        except BaseException:  # A message that cannot be read, say: the build must not wait for ever.
            self.received.put(("crashed", traceback.format_exc()))
        finally:
            for connection in connections:
                connection.close()
            self.received.put(("finished", None))

    def batches(self) -> Iterator[Batch]:
        """Every batch, in the order they came; raises if a worker failed or needs a full load."""
        while True:
            kind, payload = self.received.get()
            if kind == "finished":
                return
            if kind == "crashed":
                raise RuntimeError(f"a page worker failed:\n{payload}")
            if kind == "batch":
                if payload.needs_full_load:
                    raise PagesNeedFullLoad()
                yield payload

    def close(self) -> None:
        self._stop()
        self.receiver.join()

    def _stop(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
