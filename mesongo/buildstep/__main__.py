"""`python -m mesongo.buildstep PLAN -- GO_COMMAND...`: the step ninja runs for every Go target."""

import sys

from .build import run

sys.exit(run(sys.argv[1:]))
