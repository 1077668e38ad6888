"""Config sections, one module each, so features extend their own section without touching others."""
