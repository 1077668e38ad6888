"""The idea bank: capture ideas as they come, grow them, and hand one to the post flow."""
