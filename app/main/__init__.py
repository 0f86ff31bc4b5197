"""The public pages and the health check."""
