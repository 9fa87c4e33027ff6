"""The setup wizard."""
