"""Web push and the installable app."""
