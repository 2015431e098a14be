"""tenderkit: commissioning workplace compassion in NHS services.

The top-level package holds what every part shares: errors, YAML loading with
line numbers, semantic versions, canonical hashing and atomic file output.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tenderkit")
except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
