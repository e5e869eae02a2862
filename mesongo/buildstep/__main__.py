"""`python -m mesongo.buildstep PLAN DIGEST`: the step ninja runs for every Go target."""

import time

STARTED = time.monotonic()   # before the imports: bench/ reports what they cost

import sys  # noqa: E402

from .build import run  # noqa: E402

sys.exit(run(sys.argv[1:], STARTED))
