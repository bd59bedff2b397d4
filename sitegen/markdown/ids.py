"""Moved to sitegen/model/ids.py (the model uses it, and the model comes before Markdown).

Kept only while the editor still imports slugify from here (it is being rewritten at the
same time); delete this file once nothing imports `sitegen.markdown.ids`.
"""

from ..model.ids import slugify, unique_id

__all__ = ["slugify", "unique_id"]
