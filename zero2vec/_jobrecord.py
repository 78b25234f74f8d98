"""What a checkpointed training job was asked to do, kept beside its checkpoint.

A checkpoint holds a run's weights and position (each engine's ``state`` module); the
job that made it — corpus, outputs, every setting — is recorded next to it in
``CHECKPOINT.job.json`` (written atomically when the job starts, removed with the
checkpoint). Resuming reads it back, so ``zero2vec train --resume CKPT`` alone knows the
corpus and the outputs, and a resumed run trains exactly the recorded settings: a
setting given again with another value is refused, naming each one, as gensim and
word2vec.c users expect (silently training the old value while the run summary records
the new one would be a wrong record).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from zero2vec._atomic import atomic_file
from zero2vec.errors import CheckpointError, ConfigError

VERSION = 1
# settings that decide what is trained: a resumed run cannot change them
TRAINING = ("method", "engine", "sg", "vector_size", "window", "negative", "hs", "sample",
            "min_count", "epochs", "alpha", "seed", "batch_size", "optimizer", "lr", "tokenizer",
            "ja_form", "ja_pos_filter", "encoding", "errors", "ray_workers")
# the job's files: recorded as absolute paths, so a resume works from any folder
PATHS = ("corpus", "output", "save_vocab", "checkpoint", "summary_file", "plot_file")
PATH_LISTS = ("more_corpus",)
# TrainJob fields that are not recorded (how this invocation runs, not what it trains)
TRANSIENT = ("resume", "progress", "sentences")
# the CLI's option for each field, to name it in a message
OPTION = {"vector_size": "--size", "epochs": "--iter", "workers": "--threads", "sg": "--cbow",
          "corpus": "CORPUS", "output": "--output", "ray_workers": "--workers",
          "more_corpus": "CORPUS"}


def record_path(checkpoint: str | os.PathLike) -> Path:
    """Where the job of ``checkpoint`` is recorded."""
    checkpoint = Path(checkpoint)
    return checkpoint.with_name(checkpoint.name + ".job.json")


def write(checkpoint: Path, fields: dict[str, Any]) -> Path:
    """Record the job ``fields`` (a TrainJob's, as a dict) beside ``checkpoint``."""
    job = {k: v for k, v in fields.items() if k not in TRANSIENT}
    for k in PATHS:
        if job.get(k) is not None:
            job[k] = str(Path(job[k]).absolute())
    for k in PATH_LISTS:
        if k in job:
            job[k] = [str(Path(p).absolute()) for p in job[k]]
    path = record_path(checkpoint)
    with atomic_file(path) as tmp:
        tmp.write_text(json.dumps({"zero2vec-job": VERSION, "job": job}, indent=1,
                                  ensure_ascii=False), encoding="utf8")
    return path


def read(checkpoint: str | os.PathLike) -> dict[str, Any] | None:
    """The recorded job of ``checkpoint`` (None when there is no record)."""
    path = record_path(checkpoint)
    try:
        data = json.loads(path.read_text(encoding="utf8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise CheckpointError(f"{path}: not a readable job record ({e})") from None
    if not isinstance(data, dict) or data.get("zero2vec-job") != VERSION or \
            not isinstance(data.get("job"), dict):
        raise CheckpointError(f"{path}: not a zero2vec job record (version {VERSION})")
    return data["job"]


def _name(field: str) -> str:
    return OPTION.get(field, "--" + field.replace("_", "-"))


def _show(field: str, value: object) -> str:
    if field == "sg":  # the CLI says --cbow
        return f"--cbow {1 - int(value)}"
    return f"{_name(field)} {value}"


def resumed_fields(checkpoint: Path, given: dict[str, Any]) -> dict[str, Any]:
    """The fields of the job that resumes ``checkpoint``: its record, with ``given`` on top.

    Raises
    ------
    ConfigError
        A training setting in ``given`` differs from the recorded one (each is named), or
        there is no record and ``given`` lacks the corpus or the output.
    """
    record = read(checkpoint)
    if record is None:  # a checkpoint written without a job (the Python API): as given
        missing = [_name(k) for k in ("corpus", "output") if given.get(k) is None]
        if missing:
            raise ConfigError(f"{checkpoint} has no job record ({record_path(checkpoint).name}); "
                              f"give {' and '.join(missing)} to resume it")
        return {**given, "resume": checkpoint}
    differ = [k for k in TRAINING if k in given and k in record and given[k] != record[k]]
    if differ:
        raise ConfigError(
            f"{checkpoint} continues a run trained with "
            + ", ".join(_show(k, record[k]) for k in differ) + "; this command asks for "
            + ", ".join(_show(k, given[k]) for k in differ)
            + ": a resumed run keeps its settings (drop those options, or start a new run "
              "without --resume)")
    fields = {**record, **{k: v for k, v in given.items() if v is not None or k not in record}}
    fields["resume"] = checkpoint
    return fields
