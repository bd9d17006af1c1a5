"""vis-network, served from pyvis's package files at run time (never a CDN).

pyvis 0.3.2 ships vis-network 9.1.2 (dual licensed Apache-2.0 / MIT, see the header
of the file); nothing is copied into the repository, so upgrading pyvis upgrades it.
"""

from __future__ import annotations

from pathlib import Path

import pyvis
from flask import Blueprint, Flask

VIS_VERSION = "9.1.2"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / f"vis-{VIS_VERSION}"

bp = Blueprint(
    "vendor_vis", __name__, static_folder=str(VIS_DIR), static_url_path="/vendor/vis-network"
)


def init_app(app: Flask) -> None:
    if not (VIS_DIR / "vis-network.min.js").exists():
        raise RuntimeError(f"vis-network {VIS_VERSION} not found in {VIS_DIR}; is pyvis installed?")
    app.register_blueprint(bp)
