"""Bringing past work in: git history and brag documents become suggestions in the Inbox,
a spreadsheet's rows go straight into the log (as `bragdoc import FILE.csv` does).

Every import runs on a worker (a large repository or file must not freeze the window);
the git scan reports its progress and stops between chunks when Cancel is pressed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.periods import parse_day
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.icons import Icons
from bragdoc.ui.kit.jobs import Job, JobControl, Progress, start_job

if TYPE_CHECKING:
    import datetime as dt

    from bragdoc.importers.git_history import Progress as GitProgress


def _with_notes(text: str, warnings: list[str]) -> str:
    if warnings:
        text += "\n" + "\n".join(f"Note: {w}" for w in warnings[:5])
    return text


class ImportPanel(QGroupBox):
    finished = Signal()
    """An import has ended, however it ended."""
    suggested = Signal(object)
    """Suggestions were added to the inbox: the id of the first one (or None)."""
    failed = Signal(str)
    """An import was refused: the sentence to show."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__("Bring in past work")
        self.ctx = ctx
        self.settings = ctx.settings
        self._job: Job | None = None

        self.git_authors = QLineEdit(objectName="git_authors")
        self.git_authors.setPlaceholderText("you@work.com, you@home.org — empty: every author")
        self.git_authors.setText(str(self.settings.value("inbox/git_authors", "")))
        self.git_since = QLineEdit(objectName="git_since")
        self.git_since.setPlaceholderText("2024-01-01")
        self.git_since.setToolTip("Only commits from this day on (a date, or words such as "
                                  "“this year”); empty: the whole history")
        self.git_since.setMaximumWidth(190)
        self.since_error = error_label("since_error")
        self.import_git_button = QPushButton("Import from g&it…", objectName="import_git")
        self.import_git_button.setToolTip(
            "Choose a repository, or a folder holding several, and scan your commits")
        self.cancel_button = QPushButton("&Cancel import", objectName="cancel_import")
        self.cancel_button.hide()
        self.import_markdown_button = QPushButton("Import brag &document…",
                                                  objectName="import_markdown")
        self.import_markdown_button.setToolTip(
            "Read a Markdown brag document: its projects, goals and wins become suggestions "
            "to review")
        self.import_csv_button = QPushButton("Import &spreadsheet…", objectName="import_csv")
        self.import_csv_button.setToolTip(
            "Add the rows of a .csv file straight to the log (date, title, details, …)")
        icons = Icons(self)
        for button in (self.import_git_button, self.import_markdown_button,
                       self.import_csv_button):
            icons.set(button, "import")
        self.status = QLabel(objectName="import_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        authors_label = QLabel("Author emai&ls")
        authors_label.setBuddy(self.git_authors)
        since_label = QLabel("Si&nce")
        since_label.setBuddy(self.git_since)
        git_row = QHBoxLayout()
        git_row.addWidget(authors_label)
        git_row.addWidget(self.git_authors, stretch=1)
        git_row.addWidget(since_label)
        git_row.addWidget(self.git_since)
        git_row.addWidget(self.import_git_button)
        files_row = QHBoxLayout()
        files_row.addWidget(self.status, stretch=1)
        files_row.addWidget(self.cancel_button)
        files_row.addWidget(self.import_markdown_button)
        files_row.addWidget(self.import_csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(git_row)
        layout.addWidget(self.since_error)
        layout.addLayout(files_row)

        self.import_git_button.clicked.connect(self.import_git)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.import_markdown_button.clicked.connect(self.import_markdown)
        self.import_csv_button.clicked.connect(self.import_csv)

    # --- the running import -------------------------------------------------------------

    @property
    def importing(self) -> bool:
        return self._job is not None

    def _start(self, work: Callable[..., Any], done: Callable[[Any], None], *,
               git: bool = False) -> None:
        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._job = None
            self._set_running(False)
            callback(value)
            self.finished.emit()

        self._set_running(True, cancellable=git)
        self._job = start_job(work, lambda result: finish(done, result),
                              lambda exc: finish(self._failed, exc), self,
                              on_progress=self._show_progress if git else None, control=git)

    def cancel_import(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Stopping the scan…")

    def _set_running(self, running: bool, *, cancellable: bool = False) -> None:
        for button in (self.import_git_button, self.import_markdown_button,
                       self.import_csv_button):
            button.setEnabled(not running)
        self.cancel_button.setVisible(running and cancellable)
        self.cancel_button.setEnabled(running and cancellable)
        if running and cancellable:
            self.cancel_button.setFocus()
        elif not running:
            self.import_git_button.setFocus()

    def _failed(self, exc: Exception) -> None:
        from bragdoc.importers.git_history import ImportCancelled

        if isinstance(exc, ImportCancelled):
            self.status.setText("Import cancelled — nothing was added to the inbox.")
            return
        self.status.clear()
        self.failed.emit(describe(exc, "Nothing imported"))

    # --- git ------------------------------------------------------------------------------

    def _since(self) -> tuple[bool, dt.date | None]:
        text = self.git_since.text().strip()
        if not text:
            show_error(self.since_error, None)
            return True, None
        try:
            day = parse_day(text, self.ctx.services.today(), what="since date")
        except InvalidInput as exc:
            show_error(self.since_error, str(exc))
            return False, None
        show_error(self.since_error, None)
        return True, day

    def import_git(self) -> None:
        """Ask for a repository (or a folder of them) and scan it on a worker thread."""
        if self.importing:
            return  # one import at a time
        ok, since = self._since()
        if not ok:
            self.git_since.setFocus()
            return
        chosen = QFileDialog.getExistingDirectory(
            self, "Choose a git repository or a folder of repositories", self._folder())
        if not chosen:
            return
        folder = Path(chosen)
        self._remember_folder(folder.parent if folder.parent != folder else folder)
        from bragdoc.importers.git_history import split_emails  # not on start-up's path

        authors = split_emails(self.git_authors.text())
        self.settings.setValue("inbox/git_authors", ", ".join(authors))
        inbox = self.ctx.services.inbox

        def work(control: JobControl) -> Any:
            def progress(step: GitProgress) -> None:
                control.report(step.repos_done, step.repos_total, detail=step)

            return inbox.import_git([folder], authors=authors, since=since,
                                    progress=progress, cancelled=lambda: control.cancelled)

        def done(report: Any) -> None:
            self.status.setText(_with_notes(report.summary(), report.warnings))
            self.suggested.emit(report.added[0].id if report.added else None)

        self.status.setText(f"Looking for repositories in {folder}…")
        self._start(work, done, git=True)

    def _show_progress(self, step: Progress) -> None:
        progress: GitProgress = step.detail
        if self._job is None or self._job.cancelled:
            return  # a late report from a scan that has ended or is stopping
        if progress.repos_done >= progress.repos_total:
            self.status.setText("Grouping commits into suggestions…")
            return
        self.status.setText(
            f"Reading {progress.repo.name} (repository {progress.repos_done + 1} of "
            f"{progress.repos_total}): {progress.commits_read:,} commits so far")

    # --- files ----------------------------------------------------------------------------

    def _folder(self) -> str:
        return str(self.settings.value("inbox/last_folder", str(Path.home())))

    def _remember_folder(self, path: Path) -> None:
        self.settings.setValue("inbox/last_folder", str(path))

    def _pick_file(self, title: str, filters: str) -> Path | None:
        """Ask for a file to import (from the last folder used)."""
        if self.importing:
            return None
        chosen, _ = QFileDialog.getOpenFileName(self, title, self._folder(), filters)
        if not chosen:
            return None
        path = Path(chosen)
        self._remember_folder(path.parent)
        return path

    def import_markdown(self) -> None:
        """Add a brag document's bullets to the inbox (the review happens on the page)."""
        path = self._pick_file("Import a brag document",
                               "Markdown (*.md *.markdown);;All files (*)")
        if path is None:
            return
        inbox = self.ctx.services.inbox

        def done(report: Any) -> None:
            self.status.setText(_with_notes(
                f"{path.name}: {report.summary()} — review them below", report.warnings))
            self.suggested.emit(report.added[0].id if report.added else None)

        self.status.setText(f"Reading {path.name}…")
        self._start(lambda: inbox.import_markdown(path), done)

    def import_csv(self) -> None:
        """Add a spreadsheet's rows straight to the log, all or none (as the CLI does)."""
        path = self._pick_file("Import a spreadsheet of wins",
                               "Spreadsheet (*.csv);;All files (*)")
        if path is None:
            return
        csv = self.ctx.services.csv

        def done(report: Any) -> None:
            self.status.setText(_with_notes(
                f"Imported {path.name} into the log: {report.summary()}", report.warnings))
            self.ctx.signals.wins_changed.emit()
            self.ctx.signals.projects_changed.emit()

        self.status.setText(f"Reading {path.name}…")
        self._start(lambda: csv.import_file(path), done)
