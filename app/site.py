"""The site's one address, BASE_URL: every absolute link is built from it.

A mailed link must never follow the `Host` (or `X-Forwarded-Host`) a request
claims: a reset asked with `Host: evil.example` would mail the token to whoever
owns that host. So Flask's SERVER_NAME and PREFERRED_URL_SCHEME come from
BASE_URL, links built inside a request use them rather than the request's host
and scheme, and a request for another host is refused with 400 (TRUSTED_HOSTS).
"""
from urllib.parse import urlsplit

import flask
from flask.ctx import RequestContext
from werkzeug.exceptions import SecurityError

# What `flask run` and `make run` serve by default; check-deploy refuses it.
LOCAL_BASE_URL = "http://127.0.0.1:5000"
LOOPBACK = ("127.0.0.1", "localhost")


def configure(config):
    """Derive SERVER_NAME, PREFERRED_URL_SCHEME and TRUSTED_HOSTS from BASE_URL."""
    base = config.get("BASE_URL")
    if not base and config.get("SERVER_NAME"):  # the setting of earlier versions
        base = f"https://{config['SERVER_NAME']}"
    parts = urlsplit(base or LOCAL_BASE_URL)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username \
            or parts.path.strip("/") or parts.query or parts.fragment:
        raise ValueError(f"BASE_URL must read http(s)://host[:port], without a path: {base!r}")
    config["BASE_URL"] = f"{parts.scheme}://{parts.netloc}"
    config["SERVER_NAME"] = parts.netloc
    config["PREFERRED_URL_SCHEME"] = parts.scheme
    if config.get("TRUSTED_HOSTS") is None:  # instance/config.py may name aliases
        # On a workstation, either name of the loopback reaches the local server.
        config["TRUSTED_HOSTS"] = sorted({parts.hostname, *LOOPBACK}) \
            if _is_loopback(parts.hostname) else [parts.hostname]


def is_local(config):
    """Whether BASE_URL is a loopback address: fine on a workstation, not in production."""
    return _is_loopback(urlsplit(config["BASE_URL"]).hostname)


def _is_loopback(host):
    return host in LOOPBACK or host == "::1" or host.startswith("127.")


class SiteRequestContext(RequestContext):
    """A request for a host the site does not serve answers 400.

    Flask then leaves the request without a URL adapter, so the French error
    page could not build its own links (a 500 instead): give it the site's.
    """

    def __init__(self, app, environ, request=None, session=None):
        super().__init__(app, environ, request, session)
        if self.url_adapter is None and self._refused():
            self.url_adapter = app.create_url_adapter(None)

    def _refused(self):
        return isinstance(self.request.routing_exception, SecurityError)

    def match_request(self):
        if not self._refused():  # keep the 400 whatever the path
            super().match_request()


class Flask(flask.Flask):
    """Flask, with every URL of a request built on the configured scheme and host."""

    def create_url_adapter(self, request):
        adapter = super().create_url_adapter(request)
        if request is not None and adapter is not None:
            # The host is SERVER_NAME already; the scheme would be the request's.
            adapter.url_scheme = self.config["PREFERRED_URL_SCHEME"]
        return adapter

    def request_context(self, environ):
        return SiteRequestContext(self, environ)
