"""dnsauth."""
