"""The documentation builds without a single warning (sphinx -W)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_docs_build_without_warnings(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(DOCS), str(tmp_path)],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "api" / "caspian_sim.equidistance.html").is_file()
    # the notebooks are pages, with their stored outputs (tables and figures)
    for nb in sorted((DOCS.parent / "notebooks").glob("*.ipynb")):
        page = (tmp_path / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert "<table" in page or "<img" in page, nb.name


def _rst_blocks(text: str) -> list[str]:
    """The bodies of ``.. code-block:: python`` directives (indented lines after a blank line)."""
    blocks, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        if lines[i].strip() == ".. code-block:: python":
            i += 1
            body = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
                body.append(lines[i][4:])
                i += 1
            blocks.append("\n".join(body))
        else:
            i += 1
    return blocks


def _md_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def _blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return _md_blocks(text) if path.suffix == ".md" else _rst_blocks(text)


SNIPPET_FILES = [p for p in [*sorted(DOCS.rglob("*.rst")), DOCS.parent / "README.md"] if _blocks(p)]


def test_the_snippets_are_found():
    names = {p.name for p in SNIPPET_FILES}
    assert {"README.md", "tutorial.rst", "howto.rst", "coming_from.rst", "scale_out.rst"} <= names


@pytest.mark.parametrize("path", SNIPPET_FILES, ids=[p.name for p in SNIPPET_FILES])
def test_every_python_snippet_in_the_docs_and_readme_runs(path, tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    blocks = _blocks(path)
    monkeypatch.chdir(tmp_path)  # snippets that write files write them here
    namespace: dict = {}
    exec("import caspian_sim as cs", namespace)  # the docs' convention
    for block in blocks:
        exec(compile(block, f"{path.name}", "exec"), namespace)
