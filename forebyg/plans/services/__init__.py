"""Every write to plans: versions and workflow (versions.py), content (content.py)."""
