"""WSGI entry point for gunicorn: `gunicorn wsgi:app` (run `flask --app icv db upgrade` first)."""

from icv import create_app

app = create_app()
