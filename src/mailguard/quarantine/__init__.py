"""The clerk's quarantine queue: held messages stored durably, reviewed, and every action logged.

- :mod:`~mailguard.quarantine.store`: the queue on disk (SQLite index + the exact bytes), status changes.
- :mod:`~mailguard.quarantine.actionlog`: the append-only, hash-chained record of every action.
- :mod:`~mailguard.quarantine.review`: release / reject / remind, for the CLI and the web page alike.
- :mod:`~mailguard.quarantine.commands`: the ``mailguard quarantine`` sub-commands (presentation only).
"""
