"""A small HTTP client for the scripts that drive a running server (load, crash).

Only the standard library: a browser-like session with cookies and CSRF
tokens, redirects not followed (the status says what happened), and a
helper that starts and stops the production server (gunicorn) on 127.0.0.1.
"""
import http.cookiejar
import os
import re
import signal
import socket
import subprocess  # nosec B404: starts our own gunicorn with fixed arguments
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor: cookies kept between requests; every answer is (status, body).

    The last answer's headers are in `headers`."""

    def __init__(self, base, timeout=30):
        if urllib.parse.urlsplit(base).hostname != "127.0.0.1":
            raise ValueError("only 127.0.0.1 may be driven by these scripts")
        self.base, self.timeout, self.headers = base.rstrip("/"), timeout, {}
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())

    def open(self, path, data=None, headers=None):
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:  # nosec B310
                self.headers = response.headers
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            self.headers = error.headers
            return error.code, error.read().decode("utf-8", "replace")

    def get(self, path):
        return self.open(path)

    def post(self, path, fields, files=None):
        """POST a form (urlencoded, or multipart when files {name: (filename, bytes)})."""
        if not files:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            return self.open(path, body, {"Content-Type": "application/x-www-form-urlencoded"})
        boundary = uuid.uuid4().hex
        return self.open(path, _multipart(boundary, fields, files),
                         {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def submit(self, page, fields, action=None, files=None):
        """Read the CSRF token of `page`'s form, then post `fields` to `action` (or page)."""
        status, body = self.get(page)
        match = CSRF.search(body)
        if match is None:
            return status, body
        return self.post(action or page, {"csrf_token": match.group(1), **fields}, files)


def _multipart(boundary, fields, files):
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                     + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving wsgi:app on 127.0.0.1, in its own process group with the
    task consumer beside it, with the production settings (deploy/gunicorn.conf.py)."""

    def __init__(self, env, workers=2, port=None, consumer_app="wsgi"):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env, self.workers, self.process, self.consumer = env, workers, None, None
        self.consumer_app = consumer_app  # the tests' own periodic tasks: tests.tasks.consumer_app

    def start(self, timeout=60):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        env = {**os.environ, "BASE_URL": self.base, **self.env}
        if "TASKS_URL" not in self.env and "OUTBOX" in self.env \
                and not env.get("DATABASE_URL", "").startswith("postgresql"):
            env["TASKS_URL"] = f"sqlite:///{Path(self.env['OUTBOX']).parent / 'tasks.sqlite'}"
        self.process = subprocess.Popen(  # nosec B603
            [str(gunicorn), "--config", "deploy/gunicorn.conf.py", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--access-logfile", "/dev/null", "wsgi:app"],
            cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # The task consumer, as `make run` starts it: a kill of the server (a crash)
        # kills both.
        self.consumer = subprocess.Popen(  # nosec B603
            [str(Path(sys.executable).with_name("flask")), "--app", self.consumer_app, "tasks",
             "consume"],
            cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # readiness poll, not synchronisation
            try:
                if Browser(self.base, timeout=2).get("/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError("gunicorn did not answer /healthz")

    def kill(self, sig=signal.SIGKILL):
        """Signal the master, its workers and the consumer at once (SIGKILL: a crash)."""
        for process in (self.process, self.consumer):
            if process and process.poll() is None:
                os.killpg(process.pid, sig)
        for process in (self.process, self.consumer):
            if process:
                process.wait(timeout=30)

    def stop(self):
        self.kill(signal.SIGTERM)
