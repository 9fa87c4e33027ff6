"""The blacklist's life: bounce policy, soft-bounce counts, consent, CSV and repair hints.

Modules (each one concern):

* ``entry`` – entries made of holds (one per source), and audit records;
* ``session`` – audited changes inside one open blacklist transaction;
* ``policy`` – the bounce policy in the settings (hard at once, soft N within D days);
* ``soft_history`` / ``soft_counts`` – soft bounces per address, and their store;
* ``bounce_address`` / ``bounce_token`` – signed VERP envelope senders and their check;
* ``bounce_rules`` / ``bounce_response`` / ``bounce_outcome`` – what a bounce does to
  the blacklist, and the verdict per recipient;
* ``consent`` – a person's data-protection settings from the host;
* ``csv_format`` / ``csv_import`` – CSV export and all-or-nothing import;
* ``repair`` – accepting a suggested address correction.

Nothing is imported here, so ``caddie_mail_plugin.storage`` can use ``entry``
without an import cycle.
"""
