"""fengong (分工): a knowledge graph of Chinese government units, officials, tasks and documents.

Importing fengong is cheap; the builder lives in :mod:`fengong.build`.
"""

__version__ = "0.1.0"
