"""The Instagram emulator (contract Part E): graph.instagram.com, api.instagram.com,
www.instagram.com and rupload.facebook.com; plus the Facebook-Login variant on graph.facebook.com."""

from psn.sandbox.instagram.emulator import InstagramEmulator, InstagramFacebookEmulator

__all__ = ["InstagramEmulator", "InstagramFacebookEmulator"]


EMULATORS = (InstagramEmulator,)  # found by psn/sandbox/catalog.py
