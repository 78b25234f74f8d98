"""Every command's --help reads as written: switches show no value, rich keeps ``[ja]``,
no paragraph is cut mid-sentence; ``--version``; the demo's folder per language."""
from __future__ import annotations

from pathlib import Path

import pytest
import typer

import zero2vec
from zero2vec.cli.app import app
import zero2vec.cli.main  # noqa: F401 - registers every command


def _commands():
    group = typer.main.get_command(app)
    out = []

    def walk(cmd, path):
        if hasattr(cmd, "commands"):  # a group (typer vendors click)
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])
        else:
            out.append(path)
    walk(group, [])
    return out


COMMANDS = _commands()


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help_shows_no_value_for_a_switch(run, path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    r = run(*path, "--help")
    assert r.code == 0, r.err
    assert "<bool>" not in r.out


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help_paragraphs_are_not_cut(path):
    cmd = typer.main.get_command(app)
    for name in path:
        cmd = cmd.commands[name]
    for text in (cmd.help or "", cmd.epilog or ""):
        for para in text.split("\n\n"):
            lines = [ln for ln in para.strip().splitlines() if ln.strip()]
            if len(lines) > 1:  # rich keeps single line breaks: only example lines may stack
                assert all(ln.lstrip().startswith("zero2vec") for ln in lines), para


def test_demo_help_keeps_the_extra_name(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    r = run("demo", "--help")
    assert "pip install 'zero2vec[ja]'" in r.out


def test_version(run):
    r = run("--version")
    assert r.code == 0 and r.out.strip() == f"zero2vec {zero2vec.__version__}"


@pytest.mark.parametrize("lang, folder", [("en", "zero2vec-demo"), ("ja", "zero2vec-demo-ja")])
def test_demo_folder_per_language(run, monkeypatch, lang, folder):
    import zero2vec.demo

    seen = {}
    monkeypatch.setattr(zero2vec.demo, "run_demo", lambda output, **kw: seen.update(output=output))
    assert run("demo", "--lang", lang).code == 0
    assert Path(seen["output"]) == Path(folder)
    assert zero2vec.demo.default_output(lang) == Path(folder)
