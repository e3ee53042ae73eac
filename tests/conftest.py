"""Shared fixtures: paths, the user's draft, and a fresh Anki collection (Anki's own backend)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from exporter.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
USER_DRAFT = ROOT.parent / "shared" / "seed" / "000_d820e61560e14e74.txt"
SAMPLE_NOTES = ROOT / "seeds" / "ppo-rlhf.md"


def invoke(*args: str) -> Result:
    """Run the CLI in-process as a user would; a traceback is always a failure."""
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run(*args: str) -> tuple[int, str]:
    """(exit code, stdout and stderr together)."""
    result = invoke(*args)
    return result.exit_code, result.output


@pytest.fixture(autouse=True, scope="session")
def _scratch_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or fill the user's own cache folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--no-cache` run in-process turns the cache off for the process: not past one test."""
    from exporter.cache import ENV_DISABLE

    monkeypatch.setenv(ENV_DISABLE, "")


@pytest.fixture
def fixture_copy(tmp_path: Path):
    """Copy a fixture (and its images) into a temporary folder the test may edit."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copy(FIXTURES / name, target)
        if (FIXTURES / "img").is_dir() and not (tmp_path / "img").exists():
            shutil.copytree(FIXTURES / "img", tmp_path / "img")
        return target

    return copy


@pytest.fixture
def user_draft() -> Path:
    if not USER_DRAFT.is_file():
        pytest.skip(f"the user's draft is not beside the project ({USER_DRAFT})")
    return USER_DRAFT


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[object]:
    from anki.collection import Collection

    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()


# -- rendered once per session: the sample's sheet takes ~15 s ----------------------------
PINNED_EPOCH = "1700000000"  # SOURCE_DATE_EPOCH for reproducible outputs


def export_pinned(command: str, notes: Path, out: Path, *options: str) -> tuple[Path, str]:
    """Export with SOURCE_DATE_EPOCH pinned, as a reproducible build does."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        code, output = run(command, str(notes), "-o", str(out), *options)
    assert code == 0, output
    return out, output


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(path, CLI output) of the sample notes' sheet."""
    return export_pinned("pdf", SAMPLE_NOTES, tmp_path_factory.mktemp("sample") / "sample.pdf")


@pytest.fixture(scope="session")
def draft_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(path, CLI output) of the user's draft's sheet."""
    if not USER_DRAFT.is_file():
        pytest.skip(f"the user's draft is not beside the project ({USER_DRAFT})")
    return export_pinned("pdf", USER_DRAFT, tmp_path_factory.mktemp("draft") / "draft.pdf")
