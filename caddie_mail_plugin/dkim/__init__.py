"""dkim."""
