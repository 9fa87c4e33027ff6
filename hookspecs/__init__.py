"""The hook contract of caddie-mail-plugin."""
