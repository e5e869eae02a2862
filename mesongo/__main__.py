"""`python -m mesongo` is the `mesongo` command."""

import sys

from .cli.main import main

sys.exit(main())
