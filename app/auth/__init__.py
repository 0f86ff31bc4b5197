"""Accounts: sign-up, login, passwords, tokens."""
