"""Wins to and from CSV (the format is described in importers/csv_file.py).

    csv = CsvTransferService(db)
    csv.export_to(Path("wins.csv"))                 # every win, written atomically
    report = csv.import_file(Path("wins.csv"))      # all rows or none, one transaction
    drafts = csv.preview(Path("wins.csv")).drafts   # checked, nothing written

Import goes through TransferService.import_bundle: rows become an interchange Bundle, so
upsert-by-id, project creation by name and the one-transaction guarantee are shared with
the JSON backup.
"""

from __future__ import annotations

from pathlib import Path

from bragdoc.domain.errors import ImportRefused, InvalidInput
from bragdoc.domain.records import WinFilter
from bragdoc.importers import csv_file
from bragdoc.importers.csv_file import CsvBundle
from bragdoc.importers.interchange import Bundle
from bragdoc.services import wins
from bragdoc.services.queries import Queries
from bragdoc.services.transfer import ImportReport, TransferService
from bragdoc.store.database import Database
from bragdoc.store.files import write_atomically


class CsvTransferService:
    def __init__(self, db: Database, *, transfer: TransferService | None = None) -> None:
        self.db = db
        self.queries = Queries(db)
        self.transfer = transfer or TransferService(db)

    def export_bytes(self, wanted: WinFilter | None = None) -> bytes:
        found = sorted(self.queries.wins(wanted), key=lambda w: (w.date, w.title, w.id))
        return csv_file.render(found, self.queries.project_names())

    def export_to(self, path: Path, wanted: WinFilter | None = None) -> int:
        """Write the wins (all, or those the filter keeps); returns how many."""
        found = sorted(self.queries.wins(wanted), key=lambda w: (w.date, w.title, w.id))
        write_atomically(path, csv_file.render(found, self.queries.project_names()))
        return len(found)

    def preview(self, path: Path) -> CsvBundle:
        bundle = csv_file.load_csv(path)
        for draft, row in zip(bundle.drafts, bundle.rows, strict=True):
            try:
                wins.validated(draft)
            except InvalidInput as exc:
                raise ImportRefused(f"{path}: row {row}: {exc}") from exc
        return bundle

    def import_file(self, path: Path) -> ImportReport:
        return self.import_bundle(self.preview(path))

    def import_text(self, text: str) -> ImportReport:
        return self.import_bundle(csv_file.parse_csv(text))

    def import_bundle(self, bundle: CsvBundle) -> ImportReport:
        for draft, row in zip(bundle.drafts, bundle.rows, strict=True):
            try:
                wins.validated(draft)
            except InvalidInput as exc:
                raise ImportRefused(f"row {row}: {exc}") from exc
        interchange = Bundle(wins=bundle.drafts, warnings=list(bundle.warnings))
        try:
            return self.transfer.import_bundle(interchange)
        except ImportRefused as exc:
            raise ImportRefused(_row_label(str(exc), bundle.rows)) from exc


def _row_label(message: str, rows: list[int]) -> str:
    """TransferService names a win by its position (`wins[3]`); say the CSV row instead."""
    if message.startswith("wins[") and "]" in message:
        index_text, _, rest = message[5:].partition("]")
        if index_text.isdigit() and int(index_text) < len(rows):
            return f"row {rows[int(index_text)]}{rest}"
    return message
