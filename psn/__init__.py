"""psn: grow on social media from your own machine."""

__version__ = "0.1.0"
