"""A push service of the test's own on 127.0.0.1, and a browser's side of web push.

`PushService` is a real HTTP server (http.server, served by a thread): it keeps
each request it receives and answers the status the test sets. `Browser` holds
what a browser's PushManager makes when it subscribes, with real keys (a P-256
key pair and a 16-byte authentication secret), and decrypts what was pushed to
it (RFC 8291, aes128gcm) with `http_ece`.
"""
import json
import os
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from app.push.keys import b64url


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


class PushService:
    """Answers POST /push/<token> with `status`, or `statuses[path]`, after `delay` seconds,
    and keeps the request."""

    def __init__(self):
        self.status, self.statuses, self.delay, self.received = 201, {}, 0, []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                time.sleep(service.delay)
                status = service.statuses.get(self.path, service.status)
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/push/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def endpoint(self, token="device"):
        return f"{self.origin}/push/{token}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


class Browser:
    """One browser's subscription: the keys it made, and what it reads of a push."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    @property
    def p256dh(self):
        return b64url(self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    def subscription(self):
        """What PushSubscription.toJSON() gives the page, and the page posts."""
        return {"endpoint": self.endpoint, "expirationTime": None,
                "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth_secret)}}

    def read(self, received):
        """Decrypt a pushed body as the browser would, and parse its JSON."""
        assert received.headers["content-encoding"] == "aes128gcm"
        clear = http_ece.decrypt(received.body, private_key=self.private_key,
                                 auth_secret=self.auth_secret, version="aes128gcm")
        return json.loads(clear)
