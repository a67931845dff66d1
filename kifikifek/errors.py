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
    413: (
        _l("This is too long to send"),
        _l("Go back and shorten what you wrote, then send it again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("Nothing you did caused this. Please try again in a few minutes."),
    ),
}


def render_error(error: HTTPException) -> tuple[str, int]:
    """A page in the reader's language for any HTTP error, with its own status."""
    code = error.code or 500
    if code in PAGES:
        title, message = PAGES[code]
    elif code < 500:
        title, message = PAGES[400]
    else:
        title, message = PAGES[500]
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
