"""caddie-mail-plugin."""
