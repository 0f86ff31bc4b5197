"""Mail notifications: what kind each mail is, who turned which kind off, what was sent."""
