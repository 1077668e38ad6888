"""`python -m psn` runs the CLI."""

from psn.cli import main

raise SystemExit(main())
