"""Second factors (TOTP, recovery codes, passkeys), the login's second step, idle
sessions, and the password asked again before sensitive exports."""
