"""Use cases: one unit of work per user action, returning detached records."""
