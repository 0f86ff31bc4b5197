"""The JSON API read by partner sites."""
