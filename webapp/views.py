"""Blueprint registry: one blueprint per area."""

from flask import Flask

from . import (
    console,
    explore,
    export,
    groups,
    i18n,
    ingest,
    match,
    presets,
    render,
    saved_views,
    startup,
    vendor,
)


def register_blueprints(app: Flask) -> None:
    i18n.init_app(app)
    render.init_app(app)
    vendor.init_app(app)
    app.register_blueprint(explore.bp)
    app.register_blueprint(presets.bp)
    app.register_blueprint(saved_views.bp)
    app.register_blueprint(groups.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(ingest.bp)
    app.register_blueprint(match.bp)
    startup.init_app(app)
