"""PolicyGraph explorer: ``create_app()`` and the ``flask --app webapp`` CLI."""

from __future__ import annotations

import os

from flask import Flask

from . import cli, errors, extensions
from .jsonsafe import FiniteJSONProvider
from .rawquery import RawQuery
from .settings import DEFAULTS, from_environ


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    # before anything builds the Jinja environment, so |tojson uses it too
    app.json = FiniteJSONProvider(app)
    app.config.from_mapping(DEFAULTS)
    app.config.update(from_environ())
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)

    extensions.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    from .views import register_blueprints

    register_blueprints(app)
    app.wsgi_app = RawQuery(app.wsgi_app)  # raw UTF-8 in a query string (curl)
    return app
