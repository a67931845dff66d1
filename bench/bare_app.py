"""The app as served in production, plus one bare route to measure it against.

Served only by bench/throughput_bench.py (``gunicorn bare_app:app`` with bench/
on the Python path), so the production app never gets a benchmark route.
"""

from kifikifek import create_app

BARE_PATH = "/bench/bare"

app = create_app()


@app.get(BARE_PATH)
def bare() -> str:
    """A short text: what gunicorn, Flask and the app's hooks cost on their own."""
    return "bare"
