"""Jobs over several cores come back in order, and as if run one after another: with a
pool, without one, and when a worker dies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURES, run

from exporter import parallel
from exporter.parallel import ordered_map


def _square(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def _die_on_three(number: int) -> int:
    if number == 3 and os.getpid() != PARENT:
        os._exit(1)  # a worker killed mid-job (the OOM killer, a signal)
    return number


PARENT = os.getpid()


def test_results_keep_the_order_of_the_items() -> None:
    results = list(ordered_map(_square, list(range(40)), size=10**9))
    assert [square for square, _ in results] == [n * n for n in range(40)]
    if parallel.worker_count(40) > 1:
        assert any(pid != os.getpid() for _, pid in results)  # a pool did the work


def test_little_work_runs_here() -> None:
    results = list(ordered_map(_square, [1, 2, 3], size=100))
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_a_broken_pool_leaves_the_rest_to_this_process() -> None:
    assert list(ordered_map(_die_on_three, list(range(8)), size=10**9)) == list(range(8))


def test_a_folder_check_says_the_same_with_and_without_a_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "vault"
    for index, name in enumerate(["list_style.md", "qa_style.md", "heading_style.md"] * 3):
        target = vault / f"part {index % 2}" / f"{index}-{name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((FIXTURES / name).read_bytes())
    (vault / "broken.md").write_bytes(b"# \xff\xfe broken\n")
    serial = run("check", str(vault))
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 0)
    assert run("check", str(vault)) == serial
    assert "broken.md" in serial[1] and serial[0] == 2
