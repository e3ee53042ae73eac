"""The cheat sheet's Jinja2 template and stylesheet: the shipped ones in templates/pdf, or a
user's copies (`--template DIR`), a missing file falling back to the shipped one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2 import TemplateError as JinjaError

from ..errors import ExportError
from ..resources import templates_dir


class TemplateError(ExportError):
    """A user template (--template DIR) cannot be used."""


class Templates:
    def __init__(self, template_dir: Path | None) -> None:
        self.environment = _environment(template_dir)

    def stylesheet(self) -> str:
        # Plain CSS, read through the loader only to honour --template.
        loader = self.environment.loader
        assert loader is not None
        source, _filename, _uptodate = loader.get_source(self.environment, "pdf/sheet.css")
        return str(source)

    def page(self) -> Any:
        try:
            return self.environment.get_template("pdf/sheet.html")
        except JinjaError as exc:
            raise TemplateError(f"pdf/sheet.html: cannot load the template: {exc}") from None


def render(page: Any, context: dict[str, Any]) -> str:
    try:
        return str(page.render(context))
    except JinjaError as exc:
        raise TemplateError(f"{page.filename}: the template failed: {exc}") from None


def _environment(template_dir: Path | None) -> Environment:
    loaders = []
    if template_dir is not None:
        if not template_dir.is_dir():
            raise TemplateError(
                f"{template_dir}: template folder not found "
                "(pass a folder holding sheet.html and/or sheet.css)"
            )
        # DIR may be a copy of templates/pdf (DIR/sheet.html) or of templates/ (DIR/pdf/...).
        folder = FileSystemLoader(str(template_dir))
        loaders += [PrefixLoader({"pdf": folder}), folder]
    loaders.append(FileSystemLoader(str(templates_dir())))
    return Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
