"""The WSGI entry point for production servers: ``gunicorn wsgi:app``."""

from kifikifek import create_app

app = create_app()
