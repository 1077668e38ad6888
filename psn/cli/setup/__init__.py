"""`psn setup <thing>` steps, one module each: ORDER, NAME, register(setup_app)."""
