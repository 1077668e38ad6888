"""Doctor sections contributed by features: each module has NAME, ORDER and collect(ctx)."""
