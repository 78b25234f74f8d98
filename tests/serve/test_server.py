"""A real uvicorn on 127.0.0.1 (a free port, started and stopped here), the address rules,
a busy port, and the two commands that start a server."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="zero2vec[serve] (starlette, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="zero2vec[serve] (starlette, uvicorn) is not installed")

from zero2vec.cli.main import main
from zero2vec.errors import ServeError
from zero2vec.serve.app import bind, check_exposure, create_app, open_server, url_of
from zero2vec.serve.index import ServedModel

ROOT = Path(__file__).resolve().parents[2]


def get(url: str, **headers) -> tuple[int, dict, dict]:
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read())


@pytest.fixture
def server(wv):
    s = open_server(create_app([ServedModel("a", wv)]), "127.0.0.1", 0).start()
    yield s
    s.stop()


def test_a_real_server_answers_and_stops(server, wv):
    url = url_of(server.sock, None)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
    status, headers, body = get(url + "api/neighbours?word=queen&topn=3")
    assert status == 200 and headers["content-security-policy"].startswith("default-src 'none'")
    assert [a["word"] for a in body["results"][0]["answers"]] == [w for w, _ in wv.most_similar("queen", topn=3)]
    assert get(url + "api/neighbours?word=zzz")[0] == 404
    port = server.sock.getsockname()[1]
    server.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_the_socket_says_tcp_so_responses_are_not_held_by_nagle():
    """asyncio turns on TCP_NODELAY only for sockets made with IPPROTO_TCP; without it every
    response waited ~40 ms for a delayed ACK."""
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_a_busy_port_is_one_clear_error(server):
    port = server.sock.getsockname()[1]
    with pytest.raises(ServeError, match=f"port {port} on 127.0.0.1 is already in use"):
        bind("127.0.0.1", port)


def test_public_addresses_need_a_token_or_insecure_public():
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_exposure(host, None, False)
    with pytest.raises(ServeError, match="--token"):
        check_exposure("0.0.0.0", None, False)
    with pytest.raises(ServeError, match="--insecure-public"):
        check_exposure("192.168.1.5", None, False)
    check_exposure("0.0.0.0", "s3cret", False)
    check_exposure("0.0.0.0", None, True)


def test_serve_command_on_a_busy_port_says_so_in_one_line(wv, tmp_path, capsys):
    vec = tmp_path / "v.txt"
    wv.save_word2vec_format(vec)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as e:
            main(["serve", str(vec), "--port", str(port), "-q"])
    assert e.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"zero2vec: error: port {port} on 127.0.0.1 is already in use (another zero2vec "
                   f"serve?); choose another with --port")
    with pytest.raises(SystemExit):
        main(["serve", str(vec), "--host", "0.0.0.0", "-q"])
    assert "give --token" in capsys.readouterr().err


def test_serve_command_runs_until_ctrl_c(wv, tmp_path):
    """The real command in a process of its own: prints its address, answers, stops on SIGINT."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    wv.save_word2vec_format(a)
    wv.save_word2vec_format(b)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "zero2vec", "serve", str(a), str(b), "--port", "0",
                             "--token", "tok", "-q"], stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stderr.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+/)\?token=tok", line).group(1)
        assert get(url + "api/models")[0] == 401
        status, _, body = get(url + "api/models", Authorization="Bearer tok")
        assert status == 200 and [m["name"] for m in body["models"]] == ["a.txt", "b.txt"]
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=20)
    assert code in (130, -signal.SIGINT)


@pytest.mark.parametrize("engine", ["native", "layers"])
def test_train_serve_runs_the_live_page_while_training(corpus, tmp_path, capsys, monkeypatch, engine):
    """train --serve: the page is up during training (asked after epoch 1 of 2, from the
    training side) and down after it."""
    import zero2vec.serve.live as live_mod

    seen = {}
    real_epoch_end = live_mod.LiveRun.epoch_end

    def epoch_end(self, *args):
        real_epoch_end(self, *args)
        if "status" not in seen:  # ask the real server from inside the training run
            seen["status"], _, seen["body"] = get(seen["url"] + "api/live")

    monkeypatch.setattr(live_mod.LiveRun, "epoch_end", epoch_end)
    real_bind = bind

    def spy_bind(host, port):
        sock = real_bind(host, port)
        seen["url"] = url_of(sock, None)
        return sock

    monkeypatch.setattr("zero2vec.serve.app.bind", spy_bind)
    main(["train", str(corpus), "-o", str(tmp_path / "v.txt"), "--engine", engine, "--iter", "2",
          "--min-count", "1", "--size", "8", "--serve", "--serve-port", "0", "--watch", "king", "-q"])
    assert (tmp_path / "v.txt").exists()
    assert seen["status"] == 200 and seen["body"]["status"] == "training"
    assert seen["body"]["watch"] == ["king"] and seen["body"]["engine"] == engine
    assert seen["body"]["epoch_losses"] and seen["body"]["neighbours"]["king"]
    with pytest.raises(OSError):
        urllib.request.urlopen(seen["url"] + "api/live", timeout=2)
    with pytest.raises(SystemExit) as e:
        main(["train", str(corpus), "-o", str(tmp_path / "w.txt"), "--watch", "king"])
    assert e.value.code == 1 and "--watch and --serve-wait need --serve" in capsys.readouterr().err


def test_train_serve_wait_keeps_serving_the_trained_vectors_until_ctrl_c(corpus, tmp_path):
    """--serve-wait: after training the page stays, with the vectors to explore; Ctrl-C ends
    the command normally (the outputs are written before it waits)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = tmp_path / "v.txt"
    proc = subprocess.Popen([sys.executable, "-m", "zero2vec", "train", str(corpus), "-o", str(out),
                             "--min-count", "1", "--size", "8", "--iter", "1", "--serve",
                             "--serve-port", "0", "--serve-wait"],
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = re.search(r"(http://127\.0\.0\.1:\d+/)", proc.stderr.readline()).group(1)
        line = ""
        while proc.poll() is None and "still serving" not in line:
            line = proc.stderr.readline()
        assert "still serving" in line, proc.stderr.read()
        assert out.exists()
        status, _, body = get(url + "api/neighbours?word=king&topn=3")
        assert status == 200 and body["results"][0]["model"] == "v.txt"
        assert get(url + "api/live")[2]["status"] == "finished"
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=20)
    assert code == 0
