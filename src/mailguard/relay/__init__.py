"""The transparent SMTP relay: every outgoing message checked on its way to the council's mail server.

- :mod:`~mailguard.relay.handler`: the aiosmtpd hooks; the decision is made before DATA is answered.
- :mod:`~mailguard.relay.inspection`: the rules, off the event loop, with a deadline.
- :mod:`~mailguard.relay.upstream`: pooled delivery to the upstream server (+ an in-memory twin).
- :mod:`~mailguard.relay.delivery`: the one delivery function shared with quarantine release.
- :mod:`~mailguard.relay.replies`: every reply of our own, by name.
- :mod:`~mailguard.relay.server`: start-up, graceful SIGTERM shutdown.
- :mod:`~mailguard.relay.logs`: one JSON line per transaction.
"""
