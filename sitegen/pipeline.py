"""The build, step by step: read, load and validate, render in memory, write once.

`render_project` is pure over a `Project` (files already read), which the
preview server and the tests reuse; `build` adds the disk at both ends.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import BytecodeCache
from pydantic import ValidationError

from .content import SiteContent, load_site
from .errors import ContentError, Problem, UsageError
from .markdown import MarkdownRenderer
from .render import RenderReport, render_site
from .schema import SiteConfig
from .sources import Project, read_project
from .template_cache import user_cache
from .write import check_output_folder, write_site


@dataclass(frozen=True)
class BuildResult:
    output: Path | None
    files: int
    warnings: tuple[Problem, ...]


def load_project(project: Project, base_url: str | None = None, remember: bool = False) -> SiteContent:
    """Load the content; `base_url` replaces the configured address (for local previews and tests)."""
    try:
        content = load_site(project.files, remember)
    except ContentError as error:
        raise ContentError(_with_markdown_errors(error)) from None
    if base_url is None:
        return content
    try:
        config = SiteConfig.model_validate({**content.config.model_dump(), "base_url": base_url})
    except ValidationError:
        raise UsageError(f"--base-url must be a web address like http://localhost:8000/, got \"{base_url}\"") from None
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
    content = load_project(project, base_url, remember)
    report = RenderReport()
    files = dict(render_site(content, project.templates, project.static, report, remember=remember,
                             compiled=compiled))
    _raise_for(report, content, strict)
    return RenderedSite(content, files, tuple(content.warnings) + tuple(report.warnings))


def _raise_for(report: RenderReport, content: SiteContent, strict: bool) -> None:
    warnings = list(content.warnings) + report.warnings
    problems = report.errors + ([w.as_error() for w in warnings] if strict else [])
    if problems:
        raise ContentError(sorted(problems, key=lambda p: (p.file, p.line or 0)))


def output_folder(project: Project, content: SiteContent, override: Path | None) -> Path:
    chosen = override if override is not None else project.root / content.config.output_dir
    return check_output_folder(chosen, project.root)


def build(root: Path, output: Path | None = None, strict: bool = False, base_url: str | None = None) -> BuildResult:
    """Build the site into its output folder; on any error the old folder is left as it was."""
    project = read_project(root)
    content = load_project(project, base_url)
    target = output_folder(project, content, output)
    report = RenderReport()

    def files_then_check():
        yield from render_site(content, project.templates, project.static, report, parallel=True,
                               compiled=user_cache())
        _raise_for(report, content, strict)  # Raised inside the writer: it discards the staging folder.

    digests = write_site(files_then_check(), target)
    return BuildResult(target, len(digests), tuple(content.warnings) + tuple(report.warnings))


def check(root: Path, strict: bool = False, base_url: str | None = None) -> BuildResult:
    """Validate everything a build would, without writing anything."""
    project = read_project(root)
    rendered = render_project(project, strict, base_url, compiled=user_cache())
    return BuildResult(None, len(rendered.files), rendered.warnings)
