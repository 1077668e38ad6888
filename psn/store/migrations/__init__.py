"""One module per migration: `mNNNN_name.py` defining `upgrade(conn)`. Never edit a released one."""
