"""Training sessions shared between members: seats, waiting lists, calendars."""
