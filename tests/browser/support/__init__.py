"""Helpers for the browser tests: the app server, the browser's checks and a user's actions."""
