"""Small dialogs for a feedback quote and a mentoring record.

Enter saves (Ctrl+Enter from the multi-line quote), Esc cancels. Problems are shown next
to the field they concern and nothing is written until every field is fine; if the
service refuses, the dialog stays open with the text as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import InvalidInput, UserError
from bragdoc.domain.periods import parse_day
from bragdoc.domain.records import Feedback, Mentoring, new_id
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.field_errors import error_label, show_error

DATE_TIP = "YYYY-MM-DD, or words such as 'last month'; leave empty if unknown"
RECENT_WINS = 300
"""How many of the newest wins the quote's win picker lists (plus the one linked)."""
NO_WIN = "No win"


class _RecordDialog(QDialog):
    """Save/Cancel buttons, Ctrl+Enter, the error line and the accept logic."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.today = dt.date.today()
        self.form = QFormLayout()
        self.save_error = error_label("save_error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.accept)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)

    def optional_date(
        self, field: QLineEdit, error: QLabel, what: str, *, end: bool = False
    ) -> tuple[bool, dt.date | None]:
        """(ok, date): an empty field is fine and means 'not known'. A named period gives
        its first day, or its last with end=True."""
        text = field.text().strip()
        if not text:
            show_error(error, None)
            return True, None
        try:
            value = parse_day(text, self.today, end=end, what=what)
        except InvalidInput as exc:
            show_error(error, str(exc))
            return False, None
        show_error(error, None)
        return True, value

    def save(self) -> None:
        """Validate the fields and hand the record on; raise UserError to keep the dialog."""
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.save()
        except _FieldsWrong:
            return
        except UserError as exc:
            show_error(self.save_error, describe(exc, "Not saved"))
            return
        super().accept()


class _FieldsWrong(Exception):
    """Some field is marked as wrong; the dialog stays open."""


def _date_field(name: str, value: dt.date | None) -> QLineEdit:
    field = QLineEdit(objectName=name, placeholderText="YYYY-MM-DD")
    field.setToolTip(DATE_TIP)
    if value is not None:
        field.setText(value.isoformat())
    return field


class FeedbackDialog(_RecordDialog):
    def __init__(
        self,
        on_save: Callable[[Feedback], None],
        *,
        projects: list[tuple[str, str]],
        wins: dict[str, str] | None = None,
        item: Feedback | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit quote" if item else "Add quote", parent)
        self.on_save = on_save
        self.editing = item

        self.quote = QPlainTextEdit(objectName="quote")
        self.quote.setPlaceholderText("What they said, in their words")
        self.quote.setTabChangesFocus(True)
        self.quote.setFixedHeight(80)
        self.quote_error = error_label("quote_error")
        self.from_name = QLineEdit(objectName="from_name", placeholderText="Who said it")
        self.role = QLineEdit(objectName="role", placeholderText="e.g. Staff engineer, my manager")
        self.date = _date_field("date", item.date if item else self.today)
        self.date_error = error_label("date_error")
        self.project = QComboBox(objectName="project")
        self.project.addItem("No project", None)
        for name, project_id in projects:
            self.project.addItem(name, project_id)
        self.win = self._win_picker(wins or {}, item.win_id if item else None)
        self.win_error = error_label("win_error")

        self.form.addRow("&Quote", self.quote)
        self.form.addRow("", self.quote_error)
        self.form.addRow("&From", self.from_name)
        self.form.addRow("&Role", self.role)
        self.form.addRow("&Date", self.date)
        self.form.addRow("", self.date_error)
        self.form.addRow("&Project", self.project)
        self.form.addRow("Abou&t the win", self.win)
        self.form.addRow("", self.win_error)
        for field, name in ((self.quote, "Quote"), (self.from_name, "From"),
                            (self.role, "Role"), (self.date, "Date"),
                            (self.project, "Project"), (self.win, "About the win")):
            field.setAccessibleName(name)

        if item is not None:
            self.quote.setPlainText(item.quote)
            self.from_name.setText(item.from_name)
            self.role.setText(item.role)
            found = self.project.findData(item.project_id) if item.project_id else 0
            self.project.setCurrentIndex(max(found, 0))
        self.quote.setFocus()

    def record(self) -> Feedback | None:
        """The quote as typed, or None after marking every field that is wrong."""
        quote = self.quote.toPlainText().strip()
        show_error(self.quote_error, None if quote else "Type what they said.")
        date_ok, day = self.optional_date(self.date, self.date_error, "date")
        win_ok, win_id = self._chosen_win()
        if not quote or not date_ok or not win_ok:
            return None
        return Feedback(
            id=self.editing.id if self.editing else new_id(),
            quote=quote,
            from_name=self.from_name.text().strip(),
            role=self.role.text().strip(),
            date=day,
            project_id=self.project.currentData(),
            win_id=win_id,
        )

    @staticmethod
    def _win_picker(wins: dict[str, str], linked: str | None) -> QComboBox:
        """An editable list of the newest wins: typing any part of a title narrows it."""
        combo = QComboBox(objectName="win")
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Long titles would otherwise widen the field until the labels beside it are cut.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(32)
        combo.addItem(NO_WIN, None)
        shown = list(wins.items())[:RECENT_WINS]
        if linked is not None and linked not in dict(shown) and linked in wins:
            shown.append((linked, wins[linked]))
        for win_id, label in shown:
            combo.addItem(label, win_id)
        completer = QCompleter(combo.model(), combo)
        combo.setCompleter(completer)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCurrentIndex(max(combo.findData(linked), 0) if linked else 0)
        combo.setToolTip("Type part of a win's title to find it")
        return combo

    def _chosen_win(self) -> tuple[bool, str | None]:
        """(ok, win id): what the picker's text names; text that names no listed win is
        marked wrong rather than guessed at."""
        text = self.win.currentText().strip()
        if not text or text == NO_WIN:
            show_error(self.win_error, None)
            return True, None
        found = self.win.findText(text, Qt.MatchFlag.MatchFixedString)
        if found < 0:
            show_error(self.win_error, "Pick a win from the list, or clear the field.")
            return False, None
        show_error(self.win_error, None)
        return True, self.win.itemData(found)

    def save(self) -> None:
        record = self.record()
        if record is None:
            raise _FieldsWrong
        self.on_save(record)


class MentoringDialog(_RecordDialog):
    def __init__(
        self,
        on_save: Callable[[Mentoring], None],
        *,
        item: Mentoring | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit mentoring" if item else "Add mentee", parent)
        self.on_save = on_save
        self.editing = item

        self.mentee = QLineEdit(objectName="mentee", placeholderText="Their name")
        self.mentee_error = error_label("mentee_error")
        self.since = _date_field("since", item.since if item else None)
        self.since_error = error_label("since_error")
        self.until = _date_field("until", item.until if item else None)
        self.until.setPlaceholderText("empty while it goes on")
        self.until_error = error_label("until_error")
        self.outcome = QLineEdit(objectName="outcome",
                                 placeholderText="e.g. promoted to E5, led their first project")
        self.promoted = QCheckBox("They were &promoted", objectName="promoted")

        self.form.addRow("&Mentee", self.mentee)
        self.form.addRow("", self.mentee_error)
        self.form.addRow("&Since", self.since)
        self.form.addRow("", self.since_error)
        self.form.addRow("&Until", self.until)
        self.form.addRow("", self.until_error)
        self.form.addRow("&Outcome", self.outcome)
        self.form.addRow("", self.promoted)

        if item is not None:
            self.mentee.setText(item.mentee)
            self.outcome.setText(item.outcome)
            self.promoted.setChecked(item.promoted)
        self.mentee.setFocus()

    def record(self) -> Mentoring | None:
        """The record as typed, or None after marking every field that is wrong."""
        mentee = self.mentee.text().strip()
        show_error(self.mentee_error, None if mentee else "Type the mentee's name.")
        since_ok, since = self.optional_date(self.since, self.since_error, "start date")
        until_ok, until = self.optional_date(self.until, self.until_error, "end date",
                                           end=True)
        if since and until and until < since:
            show_error(self.until_error, f"The end ({until}) is before the start ({since}).")
            until_ok = False
        if not (mentee and since_ok and until_ok):
            return None
        return Mentoring(
            id=self.editing.id if self.editing else new_id(),
            mentee=mentee,
            since=since,
            until=until,
            outcome=self.outcome.text().strip(),
            promoted=self.promoted.isChecked(),
        )

    def save(self) -> None:
        record = self.record()
        if record is None:
            raise _FieldsWrong
        self.on_save(record)
