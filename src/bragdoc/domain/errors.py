"""Errors meant for a person: the CLI prints them on one line, the GUI next to the field."""


class UserError(Exception):
    """Something the user can fix; the message says what and how."""


class InvalidInput(UserError):
    """A value typed or passed by the user does not fit (a date, a pillar, a scope…)."""


class ImportRefused(UserError):
    """An import file was refused as a whole; nothing was written."""


class DatabaseRefused(UserError):
    """The database file cannot be opened safely (newer schema, not a bragdoc file…)."""


class StorageError(UserError):
    """The database could not be written (read-only file, full disk, locked too long)."""
