"""Static assets for slow connections: CSS inside each page, scripts cached forever.

The stylesheet is small, so every page carries it in a ``<style>`` element and
renders without a second request; the Content-Security-Policy allows exactly
that stylesheet by its hash. Other files are served under a name that holds a
hash of their content, so browsers may keep them for a year.
"""

import base64
import hashlib
from pathlib import Path

from flask import Flask, abort, current_app, request, send_from_directory, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from kifikifek.extensions import compress

YEAR = 365 * 24 * 3600
STYLESHEET = "style.css"


def init_app(app: Flask) -> None:
    """Read the stylesheet, hash the static files, and serve them."""
    folder = Path(app.static_folder)
    css = (folder / STYLESHEET).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    app.extensions["kifikifek.assets"] = {
        # The package's own stylesheet, never user input.
        "css": Markup(css),  # noqa: S704  # nosec B704
        "css_source": f"'sha256-{digest}'",
        "digests": {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            for path in folder.iterdir()
            if path.is_file()
        },
    }
    app.add_url_rule("/assets/<digest>/<filename>", "asset", serve_asset)
    app.after_request(compress_outside_moderation)

    @app.context_processor
    def asset_helpers() -> dict:
        return {"inline_css": inline_css, "asset_url": asset_url}


def inline_css() -> Markup:
    return current_app.extensions["kifikifek.assets"]["css"]


def style_source() -> str:
    """The CSP source that allows the inline stylesheet and nothing else."""
    return current_app.extensions["kifikifek.assets"]["css_source"]


def asset_url(filename: str) -> str:
    """The address of a static file, with its content's hash in the path."""
    digest = current_app.extensions["kifikifek.assets"]["digests"][filename]
    return url_for("asset", digest=digest, filename=filename)


def serve_asset(digest: str, filename: str) -> Response:
    """A static file, cached for a year, if its hash is the current one."""
    if current_app.extensions["kifikifek.assets"]["digests"].get(filename) != digest:
        abort(404)
    response = send_from_directory(current_app.static_folder, filename, max_age=YEAR)
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


def compress_outside_moderation(response: Response) -> Response:
    """Compress public pages; leave moderation pages as they are.

    Moderation pages echo the query (a search) next to a CSRF token, which a
    compressed page over HTTPS would expose to a BREACH-style guess.
    """
    if request.blueprint == "moderation":
        return response
    return compress.after_request(response)
