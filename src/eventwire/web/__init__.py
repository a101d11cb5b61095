"""``eventwire serve``: the HTTP API and the web UI over a store (see :mod:`.app`)."""
from .app import create_app, settle_heap

__all__ = ["create_app", "settle_heap"]
