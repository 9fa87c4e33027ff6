"""Versand durch Service: a durable outbox and the service that delivers it.

In service mode the host's ``send`` only puts the mail into the outbox in the
data directory and returns *queued*; ``caddie-mail service`` delivers, retries
what failed temporarily, and keeps to the throttle and the provider limits.
"""
