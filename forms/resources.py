"""Where the program's resource files are: the one helper that knows the source tree, an install and a bundle.

``resources/`` sits beside ``forms/`` in the source tree and in an installed distribution (it is packaged as
data), and at the top of a PyInstaller bundle (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a resource file, e.g. ``resource_path("forms", "choices.json")``."""
    return resources_root().joinpath(*parts)
