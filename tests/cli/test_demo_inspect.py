"""``zero2vec demo`` and ``zero2vec inspect`` through the console entry point."""
import json
import pytest

from zero2vec.cli.main import main


def run(args, capsys):
    try:
        main(args)
        code = 0
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_inspect_cbow(capsys):
    code, out, _ = run(["inspect", "--model", "cbow", "--window", "3", "--vocab-size", "50",
                        "--hidden", "4"], capsys)
    assert code == 0
    assert "in_layers[0..5]" in out and "6 times" in out and "yes" in out


def test_inspect_unknown_model_is_one_line(capsys):
    code, _, err = run(["inspect", "--model", "glove"], capsys)
    assert code == 1 and err.strip().count("\n") == 0 and "unknown model 'glove'" in err


@pytest.mark.slow
def test_demo_end_to_end(tmp_path, capsys):
    out = tmp_path / "demo"
    code, stdout, err = run(["demo", "--output", str(out), "--epochs", "1"], capsys)
    assert code == 0, err
    assert "[query] man" in stdout and "[analogy] he:she = his:?" in stdout
    for name in ("vectors.txt", "cbow_params.pkl", "loss.png", "summary.json"):
        assert (out / name).stat().st_size > 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["vocab_size"] > 10000 and len(summary["epoch_losses"]) == 1
    header = (out / "vectors.txt").read_text().split("\n", 1)[0]
    assert header == f"{summary['vocab_size']} 100"
