"""`psn doctor`: everything a user (or a bug report) needs to know about this installation."""
