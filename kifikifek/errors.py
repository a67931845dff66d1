"""Error pages in the reader's language, never a bare server message."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

PAGES = {
    400: (
        _l("This request could not be understood"),
        _l("Go back, check what you sent and try again."),
    ),
    403: (
        _l("Not allowed"),
        _l("Your account cannot open this page."),
    ),
    404: (
        _l("Page not found"),
        _l("There is nothing at this address, or you cannot see it."),
    ),
    405: (
        _l("This request could not be understood"),
        _l("Go back, check what you sent and try again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("Nothing you did caused this. Please try again in a few minutes."),
    ),
}


def render_error(error: HTTPException) -> tuple[str, int]:
    code = error.code if error.code in PAGES else 500
    title, message = PAGES[code]
    return render_template("errors/error.html", title=title, message=message), code


def render_csrf_error(error: CSRFError) -> tuple[str, int]:
    """A moderation form sent with an expired or missing token."""
    page = render_template(
        "errors/error.html",
        title=_l("This form has expired"),
        message=_l("Go back, reload the page and send the form again."),
    )
    return page, 400


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(HTTPException, render_error)
