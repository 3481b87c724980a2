"""The package version, read from the installed metadata when there is one."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("ucj-opt")
except metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.1.0"
