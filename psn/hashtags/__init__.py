"""The creator's Instagram hashtag pool: ranked from their own best posts, added by hand, or found
by hashtag search (Facebook-Login path, 30 hashtags per rolling 7 days), refreshed weekly, and
handed to the generator for Instagram drafts.

pool.py lists and edits it, refresh.py ranks the creator's posts into it, search.py spends (or
does not spend) a search slot. The tables and the search window live in psn/store/instagram_tables.py.
"""
