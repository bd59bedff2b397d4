"""The build, step by step: read, load and validate, render in memory, write once.

`render_project` is a function of a `Project` (files already read), which the preview
server and the tests reuse; `build` adds the disk at both ends. When some files have
problems, the rest is still rendered in memory and checked, so that every problem (a
broken link in one file, a mistake in another) is reported in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from jinja2 import BytecodeCache

from .errors import ContentError, Problem, UsageError
from .model.load_cache import LoadMemory
from .model.loading import Loaded, load_site
from .model.schema import SiteConfig, check_web_address
from .model.site_content import SiteContent
from .read.file_cache import KeptFiles
from .read.project_files import Project, read_project
from .render import RenderMemory, RenderOutcome, render_site
from .render.environment import make_environment
from .render.page_template import EARLY_SCRIPT
from .render.page_workers import PagesNeedFullLoad, worth_forking
from .render.template_cache import user_cache
from .render.template_problems import problems_before_rendering, reported_as_problems
from .write.staged_site import StagedSite, check_output_folder


@dataclass(frozen=True)
class BuildResult:
    output: Path | None
    files: int
    warnings: tuple[Problem, ...]


@dataclass
class PreviewMemory:
    """What the preview keeps between rebuilds (see `memory` and `render.memory`)."""

    loads: LoadMemory = field(default_factory=LoadMemory)
    render: RenderMemory | None = None
    files: KeptFiles | None = None


@dataclass(frozen=True)
class RenderedSite:
    content: SiteContent
    files: dict[str, bytes]
    warnings: tuple[Problem, ...]


class Compiled(Enum):
    """Where compiled templates are kept between runs, unless a cache is given (None: nowhere)."""

    USER_CACHE = "the user's cache folder (template_cache.user_cache())"


def _cache(compiled: BytecodeCache | Compiled | None) -> BytecodeCache | None:
    return user_cache() if compiled is Compiled.USER_CACHE else compiled


def load_project(
    project: Project,
    base_url: str | None = None,
    *,
    include_drafts: bool = False,
    memory: PreviewMemory | None = None,
    defer_pages: bool = False,
    compiled: BytecodeCache | Compiled | None = Compiled.USER_CACHE,
) -> Loaded:
    """Load the content, with the problems found before rendering too: files that could not be
    read and the templates' own (see `template_problems`). `base_url` replaces the configured
    address (for local previews and tests)."""
    loaded = load_site(
        project.files, include_drafts=include_drafts, memory=memory.loads if memory else None, defer_pages=defer_pages
    )
    environment = make_environment(project.templates, _cache(compiled), memory.render if memory else None)
    before = problems_before_rendering(project, environment, (EARLY_SCRIPT,))
    if before:  # A file that both cannot be read and is loaded is told once.
        loaded = replace(loaded, problems=tuple(dict.fromkeys(before + list(loaded.problems))))
    if base_url is None or not loaded.config_loaded:
        return loaded
    config = SiteConfig.model_validate({**loaded.content.config.model_dump(), "base_url": check_base_url(base_url)})
    return replace(loaded, content=replace(loaded.content, config=config))


def check_base_url(base_url: str) -> str:
    """--base-url, checked as base_url in site_config.yaml is; a usage error (exit 2) if it is wrong.
    The preview checks it before it starts: no edit to the content could put it right."""
    try:
        return check_web_address(base_url, "base_url")
    except ValueError:
        raise UsageError(
            f'--base-url must be a web address like http://localhost:8000/, got "{base_url}"',
            "give the whole address, starting with http:// or https://",
        ) from None


def render_project(
    project: Project,
    strict: bool = False,
    base_url: str | None = None,
    *,
    include_drafts: bool = False,
    memory: PreviewMemory | None = None,
    compiled: BytecodeCache | Compiled | None = Compiled.USER_CACHE,
) -> RenderedSite:
    """Render everything in memory; raise `ContentError` with every error (and warning if strict).

    memory: the preview's memory of its last rebuild, which this one reuses and updates.
    compiled: where compiled templates are kept between runs (the user's cache folder unless
    another cache is given; None: nowhere).
    """
    compiled = _cache(compiled)
    loaded = load_project(project, base_url, include_drafts=include_drafts, memory=memory, compiled=compiled)
    render_memory = memory.render if memory else None
    if loaded.errors:
        raise ContentError(_all_problems(loaded, project, strict, compiled))
    files: dict[str, bytes] = {}
    with reported_as_problems(project.templates):
        outcome = render_site(
            loaded.content,
            project.templates,
            project.static,
            files.__setitem__,
            content_files=project.files,
            memory=render_memory,
            compiled=compiled,
        )
    _raise_for(loaded, outcome, strict)
    if render_memory is not None:
        render_memory.next_round()
    return RenderedSite(loaded.content, files, _sorted([*loaded.problems, *outcome.warnings]))


def _all_problems(
    loaded: Loaded, project: Project, strict: bool, compiled: BytecodeCache | None = None
) -> list[Problem]:
    """The loading problems, and what rendering the files that did load finds (in memory).

    Not rendered when the layout itself has problems (templates/, static/): those come first.
    While the glossary cannot be read, words in capitals are not checked (every term would
    read as unexplained); they are, once it loads.
    """
    rendering: list[Problem] = []
    if not any(p.file.startswith(("templates", "static")) for p in loaded.errors):
        try:
            with reported_as_problems(project.templates):
                outcome = render_site(
                    loaded.content,
                    project.templates,
                    project.static,
                    lambda path, data: None,  # Only its problems are wanted.
                    content_files=project.files,
                    unchecked=loaded.failed,
                    check_capitals=not loaded.glossary_failed,
                    compiled=compiled,  # A build that fails compiles no more than one that does not.
                )
            rendering = [*outcome.errors, *outcome.warnings]
        except ContentError as error:
            rendering = [problem for problem in error.problems if not problem.is_warning]
            rendering += [problem for problem in error.problems if problem.is_warning]
        except Exception:
            pass  # problems are reported in any case, and a full build shows the rest.
    found = [*loaded.problems, *rendering]
    return list(_sorted([p.as_error() if p.blocks_strict else p for p in found] if strict else found))


def _raise_for(loaded: Loaded, rendered: RenderOutcome, strict: bool) -> None:
    """Errors stop the build, with every warning too (as errors, if strict)."""
    warnings = [p for p in loaded.problems if p.is_warning] + list(rendered.warnings)
    if rendered.errors or (strict and any(w.blocks_strict for w in warnings)):
        raise ContentError(
            list(_sorted([*rendered.errors, *(w.as_error() if strict and w.blocks_strict else w for w in warnings)]))
        )


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    """By file and line: the same order however the pages were rendered."""
    unique = list(dict.fromkeys(problems))
    return tuple(sorted(unique, key=lambda p: (p.file, p.line or 0)))


def output_folder(project: Project, content: SiteContent, override: Path | None) -> Path:
    chosen = override if override is not None else project.root / content.config.output_dir
    return check_output_folder(chosen, project.root)


def build(root: Path, output: Path | None = None, strict: bool = False, base_url: str | None = None) -> BuildResult:
    """Build the site into its output folder; on any error the old folder is left as it was."""
    project = read_project(root)
    use_workers = worth_forking(sum(1 for name in project.files if name.endswith(".md")))
    loaded = load_project(project, base_url, defer_pages=use_workers)
    if loaded.errors and use_workers:  # Load every page, so every page's problems are reported.
        loaded = load_project(project, base_url)
    if loaded.errors:
        raise ContentError(_all_problems(loaded, project, strict, user_cache()))
    target = output_folder(project, loaded.content, output)
    try:
        return _build_into(target, project, loaded, strict)
    except PagesNeedFullLoad:
        # A page the workers could not load: load every page here, which reports the problems
        # exactly as for a small site (or, if it loads after all, builds without workers).
        loaded = load_project(project, base_url)
        if loaded.errors:
            raise ContentError(_all_problems(loaded, project, strict, user_cache())) from None
        return _build_into(target, project, loaded, strict)


def _build_into(target: Path, project: Project, loaded: Loaded, strict: bool) -> BuildResult:
    with StagedSite(target) as site:  # Swapped in at the end of the block; thrown away on any error.
        with reported_as_problems(project.templates):
            outcome = render_site(
                loaded.content,
                project.templates,
                project.static,
                site.write,
                content_files=project.files,
                write_page=site.write,
                compiled=user_cache(),
            )
        _raise_for(loaded, outcome, strict)
    files = site.written + outcome.written_by_workers
    # The project's own warnings too: a theme file an upgrade changed under an override (read.theme_overrides).
    theme_notices = [problem for problem in project.problems if problem.is_warning]
    return BuildResult(target, files, _sorted(list(loaded.content.warnings) + theme_notices + list(outcome.warnings)))


def check(root: Path, strict: bool = False, base_url: str | None = None) -> BuildResult:
    """Validate everything a build would, without writing anything."""
    project = read_project(root)
    rendered = render_project(project, strict, base_url)
    return BuildResult(None, len(rendered.files), rendered.warnings)
