"""Pure extractors: HTML -> page text, text -> language, relevance, figures.

No module in this package does network, disk (beyond reading its own
packaged lexicon files once), clock or database access, and none imports
Prefect or `storage`.
"""
