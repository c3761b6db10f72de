"""The clerk's review page: held messages, shown safely as text, released or rejected from a browser.

- :mod:`~mailguard.web.auth`: reviewer password hashes (scrypt) and the sign-in throttle.
- :mod:`~mailguard.web.sessions`: server-side sessions with CSRF tokens and idle expiry.
- :mod:`~mailguard.web.http`: requests, responses and the security headers on every reply.
- :mod:`~mailguard.web.highlight` and :mod:`~mailguard.web.display`: the message as text, evidence marked.
- :mod:`~mailguard.web.app`: the pages and actions (actions only through ``quarantine.review.Review``).
- :mod:`~mailguard.web.render`: autoescaping templates; :mod:`~mailguard.web.server`: serving it.
- :mod:`~mailguard.web.command`: ``mailguard web`` and ``mailguard web hash-password``.

Nothing here is imported by the relay unless ``--web`` is given (only ``auth``, by the settings).
"""
