"""Every ``Doc`` extension attribute eventwire uses, registered here, once.

Stages read and write only these attributes. Each holds a list of the typed
records of ``records.py`` (or of token indexes, ``ew_dateline``), or ``None``
before its stage ran:

==================  ===========  ==================================================
attribute           set by       holds
==================  ===========  ==================================================
``ew_article``      make_doc     the :class:`~eventwire.records.Article`
``ew_errors``       any stage    :class:`~eventwire.records.ErrorItem` list
``ew_actors``       actors       :class:`~eventwire.records.Actor` list
``ew_mentions``     actors       :class:`~eventwire.records.Mention` list: every token
                                 span that refers to an actor (names, titles,
                                 pronouns, descriptions), sorted by start token
``ew_dateline``     actors       token indexes (``int`` list) of the dateline
                                 ("CAIRO (Reuters) -"): they name no party
``ew_events``       events       :class:`~eventwire.records.Event` list
``ew_quotes``       quotes       :class:`~eventwire.records.Quote` list
``ew_times``        times        :class:`~eventwire.records.Time` list
``ew_places``       places       :class:`~eventwire.records.Place` list
==================  ===========  ==================================================
"""
from spacy.tokens import Doc

DOC_ATTRS = ("ew_article", "ew_errors", "ew_actors", "ew_mentions", "ew_dateline",
             "ew_events", "ew_quotes", "ew_times", "ew_places")


def register() -> None:
    """Register the attributes (idempotent)."""
    for name in DOC_ATTRS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def errors_of(doc: Doc) -> list:
    """The doc's error list, created on first use."""
    if doc._.ew_errors is None:
        doc._.ew_errors = []
    return doc._.ew_errors


register()
