"""Response headers that protect readers, and logs that keep no IP address."""

import logging
import re

from flask import Flask, Response, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

from kifikifek.assets import style_source

HEADERS = {
    # A page's address never follows a reader to another site; this site still
    # gets it, which the CSRF check over HTTPS needs.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": (
        "geolocation=(), camera=(), microphone=(), payment=(), usb=(), "
        "interest-cohort=()"
    ),
}
#: Two years, as browsers' preload lists expect.
HSTS = "max-age=63072000; includeSubDomains"


def set_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if policy := current_app.config["CONTENT_SECURITY_POLICY"]:
        policy = policy.replace("{style}", style_source())
        response.headers.setdefault("Content-Security-Policy", policy)
    if request.is_secure:
        # Over HTTPS, browsers must never come back over plain HTTP.
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is ``Secure`` whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        secure = super().get_cookie_secure(app)
        return secure or (has_request_context() and request.is_secure)


def no_store(response: Response) -> Response:
    """Keep a page that holds report content out of every cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


class HideClientAddress(logging.Filter):
    """Blank the client's address that the development server puts in each line."""

    address = re.compile(r"^\S+ - - ")

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.address.sub("- - - ", str(record.msg))
        return True


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.after_request(set_headers)
    logging.getLogger("werkzeug").addFilter(HideClientAddress())
