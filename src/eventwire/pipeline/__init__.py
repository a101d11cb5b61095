"""Doc-level stages, one module each, in the order of the flow:
actors, events, quotes, times, places, link. Each module registers a spaCy
factory ``ew_<stage>`` that reads earlier stages' attributes and sets its own
(see ``eventwire.extensions``)."""
