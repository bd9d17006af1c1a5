"""Blueprint registry: one blueprint per area."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    pass
