"""Core services every layer may use: paths, config, errors, clock, logging, secrets."""
