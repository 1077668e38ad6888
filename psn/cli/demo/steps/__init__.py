"""Demo steps, run in ORDER. Each module: ORDER, TITLE, run(demo)."""
