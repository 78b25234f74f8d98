"""README's layout table and docs/architecture.md name exactly the package's rooms."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "zero2vec"


def _rooms() -> set[str]:
    subpackages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    return subpackages | {"job.py", "inspect.py"}


def test_readme_layout_table_matches_the_package():
    text = (ROOT / "README.md").read_text(encoding="utf8")
    table = text[text.index("## Layout"):text.index("Optional extras:")]
    named = set(re.findall(r"`zero2vec/([a-z_]+(?:\.py)?)`", table))
    for name in named:
        assert (PACKAGE / name).exists(), f"README's layout names zero2vec/{name}, which does not exist"
    assert _rooms() <= named, f"README's layout misses {sorted(_rooms() - named)}"


def test_architecture_doc_names_every_room_and_module():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf8")
    for room in _rooms():
        assert f"`{room}`" in text, f"docs/architecture.md does not describe {room}"
    for name in re.findall(r"`(_[a-z]+\.py)`", text):
        assert (PACKAGE / name).exists(), f"docs/architecture.md names {name}, which does not exist"
