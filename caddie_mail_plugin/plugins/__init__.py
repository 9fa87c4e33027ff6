"""The default behaviour, as ordinary plugins, one module per concern.

Each module is registered from its own entry point in the ``caddie_mail``
group (the entry-point name is the plugin's name, so it can be blocked), with
``trylast=True``.  ``DEFAULT_ORDER`` is the order in which their
``before_send`` implementations run.
"""

DEFAULT_ORDER = (
    "validation",
    "blacklist",
    "routing",
    "office365",
    "list_unsubscribe",
    "test_mode",
    "bounce_address",
    "smtp_transport",
    "bounce_log",
    "bounce_policy",
)
