"""Replacements: a territorial pool of professionals who take short missions."""
