"""Web push: the browsers' subscriptions, VAPID keys, delivery, and the installable app."""
