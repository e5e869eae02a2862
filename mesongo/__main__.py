"""`python -m mesongo` is the `mesongo` command."""

import sys

from .cli import main

sys.exit(main())
