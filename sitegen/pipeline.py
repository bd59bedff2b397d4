"""The build, step by step: read, load and validate, render in memory, write once.

`render_project` is pure over a `Project` (files already read), which the
preview server and the tests reuse; `build` adds the disk at both ends.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import BytecodeCache
from pydantic import ValidationError

from .content import SiteContent, load_site, page_files
from .errors import ContentError, Problem, UsageError
from .markdown import MarkdownRenderer
from .page_workers import PagesNeedFullLoad, worth_forking
from .render import EARLY_SCRIPT, RenderReport, make_environment, render_site
from .schema import SiteConfig
from .sources import Project, read_project
from .template_cache import user_cache
from .template_problems import problems_before_rendering, reported_as_problems
from .write import StagedSite, check_output_folder


@dataclass(frozen=True)
class BuildResult:
    output: Path | None
    files: int
    warnings: tuple[Problem, ...]


def load_project(project: Project, base_url: str | None = None, remember: bool = False,
                 defer_pages: bool = False) -> SiteContent:
    """Load the content; `base_url` replaces the configured address (for local previews and tests).

    defer_pages: leave most pages for the page workers to load (see `page_workers`).
    """
    try:
        content = load_site(project.files, remember, defer_pages)
    except ContentError as error:
        if defer_pages:  # Report the problems of every page too, as a small site would.
            return load_project(project, base_url, remember)
        raise ContentError(_with_markdown_errors(error)) from None
    if base_url is None:
        return content
    try:
        config = SiteConfig.model_validate({**content.config.model_dump(), "base_url": base_url})
    except ValidationError:
        raise UsageError(f"--base-url must be a web address like http://localhost:8000/, got \"{base_url}\"",
                         "give the whole address, starting with http:// or https://") from None
    return replace(content, config=config)


@dataclass(frozen=True)
class RenderedSite:
    content: SiteContent
    files: dict[str, bytes]
    warnings: tuple[Problem, ...]


def _with_markdown_errors(error: ContentError) -> list[Problem]:
    """The loading problems plus the Markdown errors of the files that did load."""
    markdown = MarkdownRenderer(error.glossary, "")
    found = list(error.problems)
    for text, file, line in error.loaded_texts:
        found.extend(p for p in markdown.render(text, file, line).problems if not p.is_warning)
    return found


def render_project(
    project: Project, strict: bool = False, base_url: str | None = None, remember: bool = False,
    compiled: BytecodeCache | None = None,
) -> RenderedSite:
    """Render everything in memory; raise `ContentError` for errors (and warnings if strict).

    remember: keep the pages for the next call to reuse (the preview rebuilds this way).
    compiled: compiled templates kept between runs (`template_cache.user_cache()`).
    """
    content = checked_load(project, base_url, remember, compiled=compiled)
    report = RenderReport()
    with reported_as_problems(project.templates):
        files = dict(render_site(content, project.templates, project.static, report, remember=remember,
                                 compiled=compiled))
    _raise_for(report, content, strict)
    return RenderedSite(content, files, _sorted(list(content.warnings) + report.warnings))


def checked_load(project: Project, base_url: str | None = None, remember: bool = False,
                 defer_pages: bool = False, compiled: BytecodeCache | None = None) -> SiteContent:
    """`load_project`, also raising the problems found before rendering: files that could not
    be read, and the templates' own (see `template_problems`), all in one report."""
    found = problems_before_rendering(project, make_environment(project.templates, compiled), (EARLY_SCRIPT,))
    try:
        content = load_project(project, base_url, remember, defer_pages)
    except ContentError as error:  # A file both cannot be read and is loaded: told once.
        raise ContentError(list(dict.fromkeys(found + error.problems))) from None
    if found:
        raise ContentError(found)
    return content


def _raise_for(report: RenderReport, content: SiteContent, strict: bool) -> None:
    warnings = list(content.warnings) + report.warnings
    problems = report.errors + ([w.as_error() for w in warnings] if strict else [])
    if problems:
        raise ContentError(list(_sorted(problems)))


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    """By file and line: the same order however the pages were rendered."""
    return tuple(sorted(problems, key=lambda p: (p.file, p.line or 0)))


def output_folder(project: Project, content: SiteContent, override: Path | None) -> Path:
    chosen = override if override is not None else project.root / content.config.output_dir
    return check_output_folder(chosen, project.root)


def build(root: Path, output: Path | None = None, strict: bool = False, base_url: str | None = None) -> BuildResult:
    """Build the site into its output folder; on any error the old folder is left as it was."""
    project = read_project(root)
    use_workers = worth_forking(len(page_files(project.files)))
    content = checked_load(project, base_url, defer_pages=use_workers, compiled=user_cache())
    target = output_folder(project, content, output)
    try:
        return _build_into(target, project, content, strict)
    except PagesNeedFullLoad:
        # A page the workers could not load: load every page here, which reports the problems
        # exactly as for a small site (or, if it loads after all, builds without workers).
        return _build_into(target, project, load_project(project, base_url), strict)


def _build_into(target: Path, project: Project, content: SiteContent, strict: bool) -> BuildResult:
    report = RenderReport()
    with StagedSite(target) as site:  # Swapped in at the end of the block; thrown away on any error.
        with reported_as_problems(project.templates):
            for relative, data in render_site(content, project.templates, project.static, report,
                                              compiled=user_cache(), page_files=project.files,
                                              write_page=site.write):
                site.write(relative, data)
        _raise_for(report, content, strict)
    files = site.written + report.written_by_workers
    return BuildResult(target, files, _sorted(list(content.warnings) + report.warnings))


def check(root: Path, strict: bool = False, base_url: str | None = None) -> BuildResult:
    """Validate everything a build would, without writing anything."""
    project = read_project(root)
    rendered = render_project(project, strict, base_url, compiled=user_cache())
    return BuildResult(None, len(rendered.files), rendered.warnings)
