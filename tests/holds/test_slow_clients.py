"""Slow and idle clients cannot freeze the site behind nginx (issue 20.12).

Against gunicorn alone, four slow request bodies froze the site for 29 s and
100 idle connections caused a 70 s outage: each sync worker waits on its one
connection. Here Debian's nginx runs in front of gunicorn (2 workers) with
the shipped settings (deploy/nginx/gtec-proxy.conf); while 100 connections
sit idle and four bodies trickle in, another visitor is served at once.
"""
import os
import shutil
import socket
import subprocess  # nosec B404: nginx with our own configuration
import time
from pathlib import Path

import pytest

from scripts.gtec_client import Browser, Server, free_port
from tests.holds.test_crash import _environment, flask

ROOT = Path(__file__).parents[2]
NGINX = "/usr/sbin/nginx"
IDLE, SLOW = 100, 4
pytestmark = [
    pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                       reason="drives gunicorn on its own SQLite file"),
    pytest.mark.skipif(not Path(NGINX).exists(),
                       reason="nginx missing: scripts/install-system-deps.sh installs it"),
]

MAIN = """
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream gtec {{ server 127.0.0.1:{upstream}; }}
    server {{
        listen 127.0.0.1:{port};
        include {root}/gtec-proxy.conf;
    }}
}}
"""


class Nginx:
    """Debian's nginx on 127.0.0.1, in front of `upstream`, with the shipped proxy settings."""

    def __init__(self, root, upstream):
        self.root, self.port = root, free_port()
        root.mkdir()
        shutil.copy(ROOT / "deploy" / "nginx" / "gtec-proxy.conf", root)
        (root / "nginx.conf").write_text(MAIN.format(root=root, upstream=upstream, port=self.port))
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # nosec B603
            [NGINX, "-p", str(self.root), "-c", str(self.root / "nginx.conf"),
             "-e", str(self.root / "error.log"), "-g", "daemon off;"])
        for _ in range(100):  # readiness poll, at most 10 s
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError((self.root / "error.log").read_text())

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def _idle_connections(port, count):
    return [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(count)]


def _slow_bodies(port, count):
    """Requests whose headers announce a body that then comes one byte at a time."""
    sockets = []
    for _ in range(count):
        slow = socket.create_connection(("127.0.0.1", port), timeout=5)
        slow.sendall(b"POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 100000\r\n\r\nemail=")
        sockets.append(slow)
    return sockets


def _trickle(sockets):
    for slow in sockets:
        try:
            slow.sendall(b"a")
        except OSError:  # the server gave up on this one: what it should do
            pass


def other_visitor_served(port, rounds=6):
    """While the bad clients hold on, a visitor reads pages (each within 10 s)."""
    idle = _idle_connections(port, IDLE)
    slow = _slow_bodies(port, SLOW)
    visitor = Browser(f"http://127.0.0.1:{port}", timeout=10)
    try:
        for _ in range(rounds):
            _trickle(slow)
            for path in ("/", "/pool/", "/auth/login"):
                assert visitor.get(path)[0] == 200, path
            time.sleep(1)
    finally:
        for connection in idle + slow:
            connection.close()


def test_idle_connections_and_slow_bodies_leave_others_served(tmp_path):
    env = _environment(tmp_path)
    assert flask(env, "init-db").returncode == 0
    server = Server(env).start()
    nginx = Nginx(tmp_path / "nginx", server.port).start()
    try:
        other_visitor_served(nginx.port)
        assert Browser(f"http://127.0.0.1:{nginx.port}").get("/healthz")[0] == 200
    finally:
        nginx.stop()
        server.stop()
