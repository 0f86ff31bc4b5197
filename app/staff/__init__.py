"""The back office: queue, users, members, audit log, dashboard and its public face."""
