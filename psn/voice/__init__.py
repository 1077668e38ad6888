"""The creator's voice: the profile drafts are written in, how it is built, kept and calibrated."""
