"""eventwire: political event data from news articles.

    >>> import eventwire
    >>> rec = eventwire.extract("Russia pledged weapons to Iraq on Thursday.", date="2015-05-21")
    >>> rec.as_dict()["events"]

Public API: :func:`extract`, :func:`extract_many`, :class:`Store`, and the
record types of :mod:`eventwire.records`.
"""
from .api import extract, extract_many, process
from .config import Settings
from .errors import EventwireError, InputError, PipelineError, StoreError
from .records import (Actor, Article, ErrorItem, Event, Place, Quote, Record, Sentence, Time)

__version__ = "0.1.0"

from . import components  # noqa: E402
components.register()     # nlp.add_pipe("ew_events") works after ``import eventwire``


def __getattr__(name: str):
    if name == "Store":  # imported lazily: the store is not needed to extract
        from .store import Store
        return Store
    raise AttributeError(name)


__all__ = ["extract", "extract_many", "process", "Store", "Settings", "Record", "Article",
           "Actor", "Event", "Quote", "Place", "Time", "Sentence", "ErrorItem",
           "EventwireError", "InputError", "PipelineError", "StoreError", "__version__"]
