"""Platform adapters: one folder per platform, plus the shared protocol, HTTP client and OAuth.

Platforms use psn.core only. What they must persist reaches them through the small interfaces
in base.py (TokenStore, BudgetLedger, Checkpoint), implemented by the feature layer.
"""
