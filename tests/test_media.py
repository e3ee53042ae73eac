"""Media stays inside: an image reaches the deck or the PDF only when its real path lies in
the notes' folder (or one the user named) and its content is an image. Every attack packs
nothing, embeds nothing, and is a warning naming file:line, never an error."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from conftest import run

from exporter.images import image_problem
from exporter.media import check_image, image_roots
from exporter.parse import parse_file

SECRET = "TOPSECRET4711"
# The smallest valid PNG (1x1, transparent), with the secret riding in a text chunk.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
    f'<text x="0" y="20">{SECRET}</text></svg>'
)


def notes_with(folder: Path, src: str, *, raw_html: bool = False) -> Path:
    """Notes whose only key point shows the image `src` (line 5)."""
    folder.mkdir(parents=True, exist_ok=True)
    image = f'<img src="{src}">' if raw_html else f"![曲线]({src})"
    notes = folder / "notes.md"
    notes.write_text(f"## 笔记\n\n### 图片\n\n- **曲线**: 见下图 {image}\n", encoding="utf-8")
    return notes


def outside(tmp_path: Path, name: str = "secret.png", data: bytes = PNG + SECRET.encode()) -> Path:
    secret = tmp_path / "elsewhere" / name
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_bytes(data)
    return secret


def packed(deck: Path) -> tuple[dict[str, str], list[bytes]]:
    with zipfile.ZipFile(deck) as archive:
        manifest = json.loads(archive.read("media"))
        return manifest, [archive.read(name) for name in manifest]


def export_anki(notes: Path, out: Path, *extra: str) -> tuple[int, str]:
    return run("anki", str(notes), "-o", str(out), *extra)


def assert_left_out(code: int, output: str, out: Path, notes: Path, what: str) -> None:
    assert code == 0, output
    assert re.search(rf"warning: \S*{notes.name}:5: {what}", output), output
    manifest, contents = packed(out)
    assert manifest == {} and not any(SECRET.encode() in data for data in contents)
    with zipfile.ZipFile(out) as archive:
        assert not any(SECRET.encode() in archive.read(n) for n in archive.namelist())


# -- the deck --------------------------------------------------------------------------


def test_an_image_inside_the_folder_is_packed(tmp_path: Path) -> None:
    notes = notes_with(tmp_path / "notes", "img/a%20b.png")
    (tmp_path / "notes" / "img").mkdir()
    (tmp_path / "notes" / "img" / "a b.png").write_bytes(PNG)
    code, output = export_anki(notes, tmp_path / "out.apkg")
    assert code == 0 and "warning" not in output, output
    manifest, contents = packed(tmp_path / "out.apkg")
    assert list(manifest.values()) == ["a_b.png"] and contents == [PNG]


@pytest.mark.parametrize("how", ["absolute", "dot-dot", "symlink", "symlinked-folder"])
def test_an_image_outside_the_folder_is_left_out(tmp_path: Path, how: str) -> None:
    secret = outside(tmp_path)
    folder = tmp_path / "notes" / "deep"
    folder.mkdir(parents=True)
    src = {"absolute": str(secret), "dot-dot": "../../elsewhere/secret.png"}.get(how, "")
    if how == "symlink":
        (folder / "innocent.png").symlink_to(secret)
        src = "innocent.png"
    if how == "symlinked-folder":
        (folder / "img").symlink_to(secret.parent, target_is_directory=True)
        src = "img/secret.png"
    notes = notes_with(folder, src)
    code, output = export_anki(notes, tmp_path / "out.apkg")
    assert_left_out(code, output, tmp_path / "out.apkg", notes, "image outside the notes' folder")


@pytest.mark.parametrize("src", ["/proc/self/environ", "/etc/passwd", "/dev/zero", "/dev/stdin"])
def test_system_files_are_left_out(tmp_path: Path, src: str) -> None:
    notes = notes_with(tmp_path / "notes", src)
    code, output = export_anki(notes, tmp_path / "out.apkg")
    assert code == 0, output
    assert re.search(r"warning: \S*notes\.md:5: image (outside|not found|cannot)", output)
    assert packed(tmp_path / "out.apkg")[0] == {}


def test_the_named_media_root_lets_an_outside_image_in(tmp_path: Path) -> None:
    secret = outside(tmp_path, data=PNG)
    notes = notes_with(tmp_path / "notes", "../elsewhere/secret.png")
    out = tmp_path / "out.apkg"
    code, output = export_anki(notes, out, "--media-root", str(secret.parent))
    assert code == 0 and "warning" not in output, output
    assert packed(out)[1] == [PNG]


def test_config_may_name_only_folders_inside_its_own(tmp_path, monkeypatch) -> None:
    outside(tmp_path, data=PNG)
    notes = notes_with(tmp_path / "notes", "../elsewhere/secret.png")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.exporter]\nmedia-roots = ["elsewhere"]\n')
    code, output = export_anki(notes, tmp_path / "out.apkg")
    assert code == 0 and packed(tmp_path / "out.apkg")[1] == [PNG], output
    (tmp_path / "pyproject.toml").write_text('[tool.exporter]\nmedia-roots = ["/etc"]\n')
    code, output = export_anki(notes, tmp_path / "out.apkg")
    assert code == 1 and "media-roots: /etc is outside" in output


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"SSH_KEY=" + SECRET.encode(), "is not an image file"),
        (b"BM" + SECRET.encode(), "is not an image file"),
        (f'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///x"/>{SECRET}</svg>'.encode(),
         "references"),
        (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
         b"<svg>&x;</svg>" + SECRET.encode(), "declares entities"),
        (f"<svg><script>alert(1)</script>{SECRET}</svg>".encode(), "<script>"),
        (f'<svg onload="alert(1)">{SECRET}</svg>'.encode(), "event handler"),
        (f"<svg><style>@import url(x.css);</style>{SECRET}</svg>".encode(), "style sheet"),
        (f"<html><body>{SECRET}</body></html>".encode(), "is not an image file"),
        (f"<svg><rect style=\"fill:url( 'file:///etc/passwd')\"/>{SECRET}</svg>".encode(),
         "from its style"),
    ],
)  # fmt: skip
def test_a_file_named_like_an_image_must_be_one(tmp_path: Path, data: bytes, why: str) -> None:
    notes = notes_with(tmp_path / "notes", "diagram.png")
    (tmp_path / "notes" / "diagram.png").write_bytes(data)
    code, output = export_anki(notes, tmp_path / "out.apkg")
    assert_left_out(code, output, tmp_path / "out.apkg", notes, "image diagram.png: ")
    assert why in output


def test_a_pipe_named_like_an_image_neither_hangs_nor_goes_in(tmp_path: Path) -> None:
    notes = notes_with(tmp_path / "notes", "pipe.png")
    os.mkfifo(tmp_path / "notes" / "pipe.png")
    code, output = export_anki(notes, tmp_path / "out.apkg")
    assert code == 0 and "is not a regular file" in output
    assert packed(tmp_path / "out.apkg")[0] == {}


def test_a_missing_image_is_a_warning_and_the_card_shows_a_marker(tmp_path, collection) -> None:
    from anki_client import import_package, rendered_cards

    notes = notes_with(tmp_path / "notes", "img/gone.png")
    out = tmp_path / "out.apkg"
    code, output = export_anki(notes, out)
    assert code == 0 and re.search(
        r"warning: \S*notes\.md:5: image not found: img/gone.png", output
    )
    import_package(collection, out)
    answers = " ".join(answer for _deck, _question, answer in rendered_cards(collection))
    assert "曲线 [missing image: gone.png]" in answers and "<img" not in answers


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_image_is_named_as_such(tmp_path: Path) -> None:
    notes = notes_with(tmp_path / "notes", "locked.png")
    locked = tmp_path / "notes" / "locked.png"
    locked.write_bytes(PNG)
    locked.chmod(0)
    code, output = export_anki(notes, tmp_path / "out.apkg")
    assert code == 0 and "locked.png: cannot be read: permission denied" in output
    assert "cannot write" not in output


# -- the rule itself ---------------------------------------------------------------------


def test_a_vault_allows_the_folder_given_on_the_command_line(tmp_path: Path) -> None:
    notes = notes_with(tmp_path / "vault" / "ml" / "rl", "../../shared/curve.png")
    (tmp_path / "vault" / "shared").mkdir()
    (tmp_path / "vault" / "shared" / "curve.png").write_bytes(PNG)
    alone = parse_file(notes)
    assert check_image(alone, "../../shared/curve.png", 5).path is None
    in_vault = dataclasses.replace(alone, group=("ml", "rl"))
    assert image_roots(in_vault)[0] == (tmp_path / "vault").resolve()
    assert check_image(in_vault, "../../shared/curve.png", 5).path is not None
    assert check_image(in_vault, "../../../elsewhere.png", 5).problem is not None


@pytest.mark.parametrize(
    "head",
    [PNG, b"\xff\xd8\xff\xe0\x00\x10JFIF", b"GIF89a\x01\x00", b"RIFF\x00\x00\x00\x00WEBPVP8 ",
     b"BM" + bytes(12) + (40).to_bytes(4, "little") + bytes(30),
     b"\x00\x00\x00\x1cftypavif", SVG.encode(),
     b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
     b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg"'
     b' xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#a"/></svg>',
     b"<svg><rect style=\"fill:url('#g')\" fill=\"url(#g)\"/></svg>"],
)  # fmt: skip
def test_real_images_pass_the_content_check(head: bytes) -> None:
    assert image_problem(head) is None


# -- the PDF -----------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(path).pages)


def export_pdf(notes: Path, out: Path) -> tuple[int, str]:
    return run("pdf", str(notes), "-o", str(out))


def test_the_pdf_embeds_an_svg_from_inside_the_folder(tmp_path: Path) -> None:
    notes = notes_with(tmp_path / "notes", "inside.svg")
    (tmp_path / "notes" / "inside.svg").write_text(SVG)
    code, output = export_pdf(notes, tmp_path / "out.pdf")
    assert code == 0, output
    assert SECRET in pdf_text(tmp_path / "out.pdf")  # the check below can see an SVG's text


@pytest.mark.parametrize("how", ["absolute", "dot-dot", "symlink", "raw-html", "raw-file-url"])
def test_the_pdf_embeds_nothing_from_outside(tmp_path: Path, how: str) -> None:
    secret = outside(tmp_path, "secret.svg", SVG.encode())
    folder = tmp_path / "notes"
    folder.mkdir()
    src = {"absolute": str(secret), "dot-dot": "../elsewhere/secret.svg"}.get(how, str(secret))
    if how == "symlink":
        (folder / "innocent.svg").symlink_to(secret)
        src = "innocent.svg"
    if how == "raw-file-url":
        src = secret.as_uri()
    notes = notes_with(folder, src, raw_html=how.startswith("raw"))
    code, output = export_pdf(notes, tmp_path / "out.pdf")
    assert code == 0, output
    assert SECRET not in pdf_text(tmp_path / "out.pdf")
    if not how.startswith("raw"):  # raw HTML is not an image the parser lists
        assert re.search(r"warning: \S*notes\.md:5: image outside the notes' folder", output)


def test_the_pdf_fetches_nothing_from_the_network(tmp_path: Path) -> None:
    from exporter.pdf.weasy import fetcher, load

    weasyprint = load()
    fetch = fetcher(weasyprint, None, [tmp_path])
    for url in ("http://127.0.0.1:9/x.png", "https://example.com/x.svg", "ftp://h/x"):
        with pytest.raises(weasyprint.urls.URLFetchingError, match="no network"):
            fetch(url)
    with pytest.raises(weasyprint.urls.URLFetchingError, match="not an image"):
        fetch("data:text/plain;base64," + base64.b64encode(SECRET.encode()).decode())
    assert fetch("data:image/png;base64," + base64.b64encode(PNG).decode()).read() == PNG
    with pytest.raises(weasyprint.urls.URLFetchingError, match="outside"):
        fetch("file:///etc/passwd")


def test_a_file_that_fails_to_read_is_named_as_such_not_as_the_output(tmp_path: Path) -> None:
    # Root reads any mode, but not /proc/self/mem at offset 0 (EIO): a real read error.
    notes = notes_with(tmp_path / "notes", "/proc/self/mem")
    code, output = export_anki(notes, tmp_path / "out.apkg", "--media-root", "/proc/self")
    assert code == 0 and "image /proc/self/mem: cannot be read: input/output error" in output
    assert "cannot write" not in output and packed(tmp_path / "out.apkg")[0] == {}


def test_check_warns_about_the_images_an_export_would_leave_out(tmp_path: Path) -> None:
    notes = notes_with(tmp_path / "notes", "/etc/passwd")
    code, output = run("check", str(notes))
    # a finding with the export's own code (M002), as `export check` reports every rule
    assert code == 1 and re.search(
        r"\S*notes\.md:5:\d+: M002 image outside the notes' folder", output
    )
