"""mesongo: Go shared and static libraries as first-class Meson targets.

Importing this package must stay cheap: the ``.pth`` hook imports ``mesongo._finder`` at
every Python start-up.
"""

__version__ = "0.1.0"
