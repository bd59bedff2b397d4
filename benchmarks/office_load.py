#!/usr/bin/env python3
"""Load script for the office service (issue 19, item 7): people editing at once, over loopback.

    .venv/bin/python benchmarks/office_load.py                       # 10 people x 100 edits
    .venv/bin/python benchmarks/office_load.py --people 10 --edits 10 # a shorter run

What it does: copies the real site into a temporary folder, publishes it to a bare
repository, starts the office service in its real server (waitress) on a loopback port with
review not required, and adds one publisher and N editors with passwords. Then, at once:

- each editor signs in and makes E edits: opens a page's form and appends a line with a
  marker of its own ("Load test edit P03-E017.") to the page's text, then saves. Editors
  share four pages, so a save can find the page changed since the form was opened: the
  editor refuses it with a message, and the person opens the form again and retries (up to
  five times, as a person would);
- the publisher publishes whatever is waiting every few seconds;
- the site's repository moves meanwhile: another clone pushes a change to a fifth page
  every few seconds (as someone on GitHub's website would).

At the end everything waiting is published, and every marker of a save that the service
accepted is looked for in the published pages: a missing one is a lost change. It prints the
counts, the save times (median, 95th percentile, worst), the publishes and the peak memory
of the service (which runs in a process of its own, as on a server) and of the clients.
Only loopback addresses are used; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html import unescape
from multiprocessing.synchronize import Event
from pathlib import Path

import requests
import waitress

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitegen.office.accounts import add_user  # noqa: E402
from sitegen.office.app import POSTS_PER_MINUTE, Office  # noqa: E402
from sitegen.office.config import load_config  # noqa: E402
from sitegen.office.store import Store  # noqa: E402

# Four shared pages. The home page is not one of them: its form cannot send back its
# 'time_words_meant' list unchanged (the editor shows it as one line of text), so every save of
# it is refused with a message that has nothing to do with load. A page of the test's own
# stands in for it.
PAGES = ("content/plan.md", "content/privacy.md", "content/strategy.md", "content/load-test.md")
ADDED_PAGE = "---\ntitle: Load test notes\nupdated: 2026-12-01\ndescription: Notes added while measuring the editor.\n---\n\nNotes.\n"
MOVED = "content/accessibility.md"
PASSWORD = "a long load-test password"
DEADLINE_SECONDS = 3600
RATE_LIMIT_WAIT = 3.0  # seconds a person told "too many changes at once" waits before sending again


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(root: Path, settings: Path, port: int, ready: Event) -> None:
    """The office service in its real server, in this process (started by the load script)."""
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # requests wait for the one working copy
    config = load_config(settings)
    office = Office(root, config, Store(config.data_folder), log=lambda text: None)
    server = waitress.create_server(office, host="127.0.0.1", port=port, threads=8)
    ready.set()
    server.run()


def peak_memory(pid: int | None) -> str:
    """The process's peak resident memory, as Linux counts it (VmHWM)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "not known (no /proc)"
    found = re.search(r"VmHWM:\s*(\d+) kB", status)
    return f"{int(found.group(1)) / 1024:.0f} MB" if found else "not known"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def token(page: str) -> str:
    found = re.search(r'name="token" value="([^"]*)"', page)
    return unescape(found.group(1)) if found else ""


def form_fields(page: str) -> dict[str, str | list[str]]:
    form = re.search(r'<form method="post"[^>]*class="editor-form".*?</form>', page, re.DOTALL)
    assert form, "no editor form on the page"
    fields: dict[str, str | list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", form.group(0)):
        name = re.search(r'name="([^"]*)"', tag)
        kind = re.search(r'type="([^"]*)"', tag)
        if not name or not kind or kind.group(1) == "file":
            continue
        value = re.search(r'value="([^"]*)"', tag)
        text = unescape(value.group(1)) if value else ""
        if kind.group(1) in ("checkbox", "radio"):
            if " checked" in tag:
                fields.setdefault(name.group(1), []).append(text)  # type: ignore[union-attr]
            continue
        fields[name.group(1)] = text
    for name_, value_ in re.findall(r'<textarea[^>]*name="([^"]*)"[^>]*>\n?(.*?)</textarea>', form.group(0), re.DOTALL):
        fields[name_] = unescape(value_)
    return fields


class Run:
    def __init__(self, public: str, people: int, edits: int):
        self.public, self.people, self.edits = public, people, edits
        self.lock = threading.Lock()
        self.save_times: list[float] = []
        self.accepted: dict[str, list[str]] = {page: [] for page in PAGES}
        self.refused = 0  # saves refused with a message (the page changed meanwhile), then retried
        self.rate_limited = 0  # forms refused by the limit of forms a minute for one person, then sent again
        self.given_up: list[str] = []  # the markers of edits refused five times in a row
        self.failures: list[str] = []  # anything else: a lost or unexplained answer
        self.publishes = 0
        self.publish_problems: list[str] = []
        self.moves = 0
        self.stop = threading.Event()

    def session(self, username: str) -> requests.Session:
        session = requests.Session()
        page = session.get(self.public + "/office/sign-in", timeout=60).text
        answer = session.post(
            self.public + "/office/sign-in",
            data={"username": username, "password": PASSWORD, "token": token(page), "next": "/edit/"},
            headers={"Origin": self.public},
            timeout=60,
        )
        assert "Signed in as" in answer.text, f"{username} could not sign in"
        return session

    def editor(self, number: int) -> None:
        session = self.session(f"editor{number:02d}")
        started = time.monotonic()
        for edit in range(self.edits):
            page_name = PAGES[(number + edit) % len(PAGES)]
            marker = f"Load test edit P{number:02d}-E{edit:03d}."
            for _attempt in range(5):
                if time.monotonic() - started > DEADLINE_SECONDS:
                    return
                form = session.get(f"{self.public}/edit/page?file={page_name}", timeout=120).text
                fields = form_fields(form)
                fields["body"] = str(fields.get("body", "")).rstrip("\n") + f"\n\n{marker}\n"
                fields["token"] = token(form)
                began = time.perf_counter()
                answer = session.post(
                    self.public + "/edit/page", data=fields, headers={"Origin": self.public}, timeout=120,
                    allow_redirects=False,
                )  # fmt: skip
                took = time.perf_counter() - began
                if answer.status_code == 429:  # the service's limit of forms a minute for one person
                    with self.lock:
                        self.rate_limited += 1  # not a save: its quick answer is kept out of the save times
                    time.sleep(RATE_LIMIT_WAIT)  # as a person told to wait would, then sends it again
                    continue
                with self.lock:
                    self.save_times.append(took)
                    if answer.status_code == 303:
                        self.accepted[page_name].append(marker)
                        break
                    if answer.status_code == 409 or "changed since you opened" in answer.text:
                        self.refused += 1
                        continue
                    summary = re.search(r'class="error-summary".*?</div>', answer.text, re.DOTALL)
                    said = re.sub(r"<[^>]+>|\s+", " ", summary.group(0)).strip() if summary else answer.text[:300]
                    self.failures.append(f"{marker}: answered {answer.status_code}: {unescape(said)[:400]}")
                    break
            else:
                with self.lock:
                    self.given_up.append(marker)

    def publisher(self, every: float) -> None:
        session = self.session("publisher")
        while not self.stop.wait(every):
            self.publish(session)

    def publish(self, session: requests.Session) -> bool:
        page = session.get(self.public + "/office/changes", timeout=300).text
        sha = re.search(r'name="sha" value="([^"]*)"', page)
        if not sha:
            return False
        answer = session.post(
            self.public + "/office/publish", data={"token": token(page), "sha": sha.group(1)},
            headers={"Origin": self.public}, timeout=300,
        )  # fmt: skip
        with self.lock:
            if "Published" in answer.text:
                self.publishes += 1
            else:
                found = re.search(r"<p><strong>(.*?)</strong></p>", answer.text)
                self.publish_problems.append(unescape(found.group(1)) if found else f"status {answer.status_code}")
        return True

    def mover(self, clone: Path, every: float) -> None:
        while not self.stop.wait(every):
            path = clone / MOVED
            git(clone, "pull", "--quiet", "--no-rebase")
            text = path.read_text(encoding="utf-8")
            path.write_text(
                re.sub(r"\nupdated: [^\n]*", "\nupdated: 2026-12-02", text, count=1).rstrip("\n")
                + f"\n\nA line added elsewhere ({self.moves + 1}).\n",
                encoding="utf-8",
            )
            git(clone, "commit", "--quiet", "-am", f"A change made elsewhere ({self.moves + 1})")
            if subprocess.run(["git", "push", "--quiet"], cwd=clone, capture_output=True).returncode == 0:
                self.moves += 1


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--people", type=int, default=10)
    options.add_argument("--edits", type=int, default=100)
    options.add_argument("--publish-every", type=float, default=5.0, help="seconds between publishes")
    options.add_argument("--move-every", type=float, default=7.0, help="seconds between changes made elsewhere")
    args = options.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # requests wait for the one working copy

    folder = Path(tempfile.mkdtemp(prefix="office-load-"))
    try:
        root = folder / "project"
        for name in ("content", "templates", "static"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
        (root / PAGES[-1]).write_text(ADDED_PAGE, encoding="utf-8")
        git(root, "init", "--quiet", "--initial-branch=main")
        git(root, "config", "user.name", "Office Server")
        git(root, "config", "user.email", "server@example.org")
        git(root, "add", "--all")
        git(root, "commit", "--quiet", "-m", "First version")
        git(folder, "init", "--quiet", "--bare", "--initial-branch=main", str(folder / "remote.git"))
        git(root, "remote", "add", "origin", str(folder / "remote.git"))
        git(root, "push", "--quiet", "--set-upstream", "origin", "main")
        clone = folder / "elsewhere"
        git(folder, "clone", "--quiet", str(folder / "remote.git"), str(clone))
        git(clone, "config", "user.name", "Web Editor")
        git(clone, "config", "user.email", "web@example.org")

        port = free_port()
        public = f"http://127.0.0.1:{port}"
        (folder / "office.yaml").write_text(
            f"listen: 127.0.0.1:{port}\npublic_url: {public}\nreview_required: false\n"
            "sign_in:\n  attempts_per_address: 1000\n"
        )
        config = load_config(folder / "office.yaml")
        add_user(config.accounts_file, "publisher", "Pat Publisher", "pat@example.org", "publisher", PASSWORD)
        for number in range(args.people):
            add_user(
                config.accounts_file,
                f"editor{number:02d}",
                f"Editor {number}",
                f"editor{number}@example.org",
                "editor",
                PASSWORD,
            )
        # The service runs in a process of its own, as on the office's server: the ten people's
        # browsers (threads here) do not share its interpreter, and its memory is measured alone.
        ready = multiprocessing.get_context("spawn").Event()
        service = multiprocessing.get_context("spawn").Process(
            target=serve, args=(root, folder / "office.yaml", port, ready)
        )
        service.start()
        if not ready.wait(300):
            raise SystemExit("the service did not start")

        run = Run(public, args.people, args.edits)
        started = time.monotonic()
        editors = [threading.Thread(target=run.editor, args=(n,)) for n in range(args.people)]
        helpers = [
            threading.Thread(target=run.publisher, args=(args.publish_every,), daemon=True),
            threading.Thread(target=run.mover, args=(clone, args.move_every), daemon=True),
        ]
        for thread in editors + helpers:
            thread.start()
        for thread in editors:
            thread.join()
        run.stop.set()
        for thread in helpers:
            thread.join(600)
        elapsed = time.monotonic() - started
        final = run.session("publisher")
        for _ in range(5):  # whatever is still waiting (a publish may meet a move and be tried again)
            if not run.publish(final):
                break

        lost, twice, refused_but_there = [], [], []
        published = {name: git(folder / "remote.git", "show", f"main:{name}") for name in PAGES}
        for page_name, markers in run.accepted.items():
            lost += [marker for marker in markers if marker not in published[page_name]]
            twice += [marker for marker in markers if published[page_name].count(marker) > 1]
        # An edit given up on was refused each time: it must not be in the pages either.
        refused_but_there = [m for m in run.given_up if any(m in text for text in published.values())]
        accepted = sum(len(markers) for markers in run.accepted.values())
        times = sorted(run.save_times)
        p95 = times[max(0, int(len(times) * 0.95) - 1)] if times else 0.0
        service_peak = peak_memory(service.pid)
        clients_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"people: {args.people}, edits each: {args.edits}, wall time: {elapsed:.0f} s")
        print(
            f"saves accepted: {accepted}; refused with a message and retried: {run.refused}; given up after 5 tries: {len(run.given_up)}",
        )
        print(
            f"forms refused by the limit of {POSTS_PER_MINUTE} a minute for one person, then sent again: {run.rate_limited}"
        )
        print(f"unexplained answers: {len(run.failures)} {run.failures[:3]}")
        print(f"changes lost (accepted but not in the published pages): {len(lost)} {lost[:5]}")
        print(f"changes published twice: {len(twice)}; refused every time yet published: {len(refused_but_there)}")
        if times:
            print(
                f"save time: median {statistics.median(times) * 1000:.0f} ms, 95th percentile {p95 * 1000:.0f} ms, worst {times[-1] * 1000:.0f} ms ({len(times)} saves)"
            )
        print(
            f"publishes: {run.publishes}; publishes that stopped with a message: {len(run.publish_problems)} {sorted(set(run.publish_problems))[:3]}"
        )
        print(f"changes made elsewhere meanwhile: {run.moves}")
        print(f"peak memory of the service: {service_peak}; of the ten browsers' process: {clients_peak:.0f} MB")
        service.terminate()
        service.join(60)
        return 0 if not lost and not twice and not refused_but_there and not run.failures else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
