"""Quick add / edit of a win: fast from the keyboard, honest about what it understood.

Enter saves, Esc cancels — after asking, when something was typed (Discard or Keep
editing). Problems are shown next to the field they concern and nothing is written until
every field is fine; if writing fails, the dialog stays open with the text as typed.
Dates may be typed as words ("yesterday"; for the follow-up "in 6 weeks", "end of
quarter"), and the day they name is shown beside the field.

Given a `DraftStore`, the dialog keeps what is typed in a draft file as it goes (see
ui/kit/typed_drafts.py): a crash loses at most a second of typing. Saving or cancelling
removes the draft; a failed save keeps it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import InvalidInput, UserError
from bragdoc.domain.future import parse_future_day
from bragdoc.domain.periods import parse_day
from bragdoc.domain.quantities import Metric, parse_metric
from bragdoc.domain.records import WinDraft, WinView
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS
from bragdoc.domain.vocabulary import tags as clean_tags
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.theme import current, set_tone

if TYPE_CHECKING:
    from bragdoc.store.typed_drafts import DraftStore
    from bragdoc.ui.kit.typed_drafts import FormAutosave

METRIC_HINT = "One per line, NAME: EXPRESSION — e.g. p95 latency: 2.4s -> 0.6s"


PILLAR_MNEMONICS = {"technical_excellence": "x", "system_design": "y",
                    "communication": "o", "leadership": "e", "career_strategy": "r"}
"""Alt+letter for each pillar box: letters no other field of the dialog uses (Title,
Date, Details, Project, Tags, Metrics, Links, pending, Save, Cancel)."""


def with_mnemonic(text: str, letter: str) -> str:
    """`text` with an ampersand before the first `letter` (any case) it holds."""
    at = text.lower().find(letter.lower()) if letter else -1
    return text if at < 0 else f"{text[:at]}&{text[at:]}"


def _reading_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    set_tone(label, "muted")
    label.hide()
    return label


def parse_metric_lines(text: str) -> list[Metric]:
    return [parse_metric(line) for line in text.splitlines() if line.strip()]


def describe_metrics(metrics: list[Metric]) -> str:
    """The live preview: what the app understood of each line (HTML, user text escaped)."""
    lines = []
    for metric in metrics:
        name = html.escape(metric.name) + ": " if metric.name else ""
        if metric.quantified:
            lines.append(f"✓ {name}{html.escape(metric.explain())}")
        else:
            lines.append(f"<span style='color:{current().warning}'>⚠ {name}not quantified — "
                         "add numbers such as “2h → 10 min” or “$5K/month”</span>")
    return "<br>".join(lines)


def near_duplicate_tags(typed: list[str], known: list[str]) -> list[str]:
    """Warnings for tags that look like an existing tag but are not it."""
    known_lower = {k.lower(): k for k in known}
    warnings = []
    for tag in typed:
        if tag.lower() in known_lower:
            continue
        close = difflib.get_close_matches(tag.lower(), known_lower, n=1, cutoff=0.75)
        if close:
            warnings.append(f"@{tag}: did you mean @{known_lower[close[0]]}?")
    return warnings


class WinDialog(QDialog):
    def __init__(
        self,
        on_save: Callable[[WinDraft], None],
        *,
        projects: list[str],
        known_tags: list[str],
        win: WinView | None = None,
        draft: WinDraft | None = None,
        today: dt.date | None = None,
        drafts: DraftStore | None = None,
        typed: dict[str, Any] | None = None,
        outcome: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """`drafts` keeps the typed text in a draft file; `typed` is text kept earlier
        (a draft file's fields) to fill in over the win's stored values. With `outcome`,
        the dialog is for writing down the measured result of a win whose follow-up is
        due: it opens on the metrics, and saving a result clears the follow-up."""
        super().__init__(parent)
        self.on_save = on_save
        self.known_tags = known_tags
        self.today = today or dt.date.today()
        self.editing = win
        self.recording_outcome = outcome and win is not None
        self.setWindowTitle("Record the outcome" if self.recording_outcome
                            else "Edit win" if win else "Log a win")
        self.outcome_hint = QLabel(
            "Write down what was measured now that the change has had time to work — a "
            "metric such as “Error rate: 2% -> 0.4%”, and a sentence in the details if "
            "you like. Saving it clears the follow-up date.", objectName="outcome_hint")
        self.outcome_hint.setWordWrap(True)
        self.outcome_hint.setVisible(self.recording_outcome)
        self.setMinimumWidth(560)

        self.title = QLineEdit(objectName="title", placeholderText="What did you do?")
        self.title_error = error_label("title_error")
        self.date = QLineEdit(objectName="date", text=self.today.isoformat())
        self.date.setToolTip("YYYY-MM-DD, or words such as 'yesterday'")
        self.date_error = error_label("date_error")
        self.date_reading = _reading_label("date_reading")
        self.details = QPlainTextEdit(objectName="details")
        self.details.setPlaceholderText("Context, what changed, who benefited")
        self.details.setTabChangesFocus(True)
        self.details.setFixedHeight(70)

        self.project = QComboBox(objectName="project", editable=True)
        self.project.addItem("")
        self.project.addItems(projects)
        project_text, completer = self.project.lineEdit(), self.project.completer()
        assert project_text is not None and completer is not None  # an editable combo has both
        project_text.setPlaceholderText("None — or type a new project name")
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.tags = QLineEdit(objectName="tags", placeholderText="perf, migrations")
        tag_completer = QCompleter(known_tags, self)
        tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(tag_completer)
        self.tag_warning = QLabel(objectName="tag_warning")
        set_tone(self.tag_warning, "warning")
        self.tag_warning.hide()

        self.pillars: dict[str, QCheckBox] = {}
        pillar_box = QGridLayout()
        for i, key in enumerate(PILLARS):
            box = QCheckBox(with_mnemonic(PILLAR_LABELS[key], PILLAR_MNEMONICS.get(key, "")),
                            objectName=f"pillar_{key}")
            self.pillars[key] = box
            pillar_box.addWidget(box, i // 3, i % 3)

        self.metrics = QPlainTextEdit(objectName="metrics")
        self.metrics.setPlaceholderText(METRIC_HINT)
        self.metrics.setTabChangesFocus(True)
        self.metrics.setFixedHeight(70)
        self.metric_preview = QLabel(objectName="metric_preview")
        self.metric_preview.setTextFormat(Qt.TextFormat.RichText)
        self.metric_preview.setWordWrap(True)

        self.links = QPlainTextEdit(objectName="links")
        self.links.setPlaceholderText("Links to evidence, one per line")
        self.links.setTabChangesFocus(True)
        self.links.setFixedHeight(46)

        self.follow_up_enabled = QCheckBox("Outcome pe&nding — check back on",
                                           objectName="follow_up_enabled")
        self.follow_up = QLineEdit(objectName="follow_up")
        self.follow_up.setAccessibleName("Follow-up date")
        self.follow_up.setText((self.today + dt.timedelta(days=90)).isoformat())
        self.follow_up.setToolTip("YYYY-MM-DD, or words such as 'in 6 weeks', 'next month' "
                                  "or 'end of quarter'")
        self.follow_up.setEnabled(False)
        self.follow_up_enabled.toggled.connect(self.follow_up.setEnabled)
        self.follow_up_error = error_label("follow_up_error")
        self.follow_up_reading = _reading_label("follow_up_reading")
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up_enabled)
        follow_row.addWidget(self.follow_up)
        follow_row.addWidget(self.follow_up_reading)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date, stretch=1)
        date_row.addWidget(self.date_reading)

        self.save_error = error_label("save_error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.accept)

        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("", self.title_error)
        date_label = QLabel("&Date")
        date_label.setBuddy(self.date)  # a row of a layout gets no buddy by itself
        form.addRow(date_label, date_row)
        form.addRow("", self.date_error)
        form.addRow("Deta&ils", self.details)
        form.addRow("&Project", self.project)
        form.addRow("T&ags", self.tags)
        form.addRow("", self.tag_warning)
        form.addRow("Pillars", pillar_box)
        form.addRow("&Metrics", self.metrics)
        form.addRow("", self.metric_preview)
        form.addRow("&Links", self.links)
        form.addRow("Follow-up", follow_row)
        form.addRow("", self.follow_up_error)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome_hint)
        layout.addLayout(form)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)

        self.metrics.textChanged.connect(self._preview_metrics)
        self.tags.textChanged.connect(self._check_tags)
        self.date.textChanged.connect(self._read_dates)
        self.follow_up.textChanged.connect(self._read_dates)
        if win is not None:
            self._fill(win)
        elif draft is not None:
            self._fill_draft(draft)
        self._stored_fields = self.typed_fields()
        """What the form holds before anything is typed: Esc asks only when it differs."""
        self.discard_question: QMessageBox | None = None
        self._discarding = False
        if typed is not None:
            self.fill_typed(typed)
        self._preview_metrics()
        self._read_dates()
        if self.recording_outcome:
            self._open_on_the_result()
        else:
            self.title.setFocus()
        self.autosave: FormAutosave | None = None
        if drafts is not None:
            self._keep_drafts(drafts, owns=typed is not None)

    def _keep_drafts(self, drafts: DraftStore, *, owns: bool) -> None:
        from bragdoc.domain.drafts import NEW_RECORD, WIN
        from bragdoc.ui.kit.typed_drafts import FormAutosave

        record = self.editing.id if self.editing is not None else NEW_RECORD
        self.autosave = FormAutosave(drafts, WIN, record, self.typed_fields, self, owns=owns)
        changed = self.autosave.changed
        for line in (self.title, self.date, self.tags, self.follow_up):
            line.textChanged.connect(changed)
        for box in (self.details, self.metrics, self.links):
            box.textChanged.connect(changed)
        self.project.editTextChanged.connect(changed)
        for check in (*self.pillars.values(), self.follow_up_enabled):
            check.toggled.connect(changed)

    def _open_on_the_result(self) -> None:
        text = self.metrics.toPlainText()
        if text and not text.endswith("\n"):
            self.metrics.setPlainText(text + "\n")
        self.metrics.moveCursor(QTextCursor.MoveOperation.End)
        self.metrics.setFocus()

    def _recorded_a_result(self) -> bool:
        fields = self.typed_fields()
        return any(fields[key].strip() != self._stored_fields[key].strip()
                   for key in ("metrics", "details"))

    def typed_fields(self) -> dict[str, Any]:
        """Every field as typed, as plain JSON values (what a draft file keeps)."""
        return {
            "title": self.title.text(),
            "date": self.date.text(),
            "details": self.details.toPlainText(),
            "project": self.project.currentText(),
            "tags": self.tags.text(),
            "pillars": [key for key, box in self.pillars.items() if box.isChecked()],
            "metrics": self.metrics.toPlainText(),
            "links": self.links.toPlainText(),
            "follow_up_enabled": self.follow_up_enabled.isChecked(),
            "follow_up": self.follow_up.text(),
        }

    def fill_typed(self, typed: dict[str, Any]) -> None:
        """Put back fields kept in a draft file; a missing or odd value is left alone."""
        def text(key: str) -> str | None:
            value = typed.get(key)
            return value if isinstance(value, str) else None

        for key, line in (("title", self.title), ("date", self.date), ("tags", self.tags),
                          ("follow_up", self.follow_up)):
            if (value := text(key)) is not None:
                line.setText(value)
        for key, box in (("details", self.details), ("metrics", self.metrics),
                         ("links", self.links)):
            if (value := text(key)) is not None:
                box.setPlainText(value)
        if (value := text("project")) is not None:
            self.project.setCurrentText(value)
        pillars = typed.get("pillars")
        if isinstance(pillars, list):
            for key, box in self.pillars.items():
                box.setChecked(key in pillars)
        enabled = typed.get("follow_up_enabled")
        if isinstance(enabled, bool):
            self.follow_up_enabled.setChecked(enabled)

    def _fill(self, win: WinView) -> None:
        self.title.setText(win.title)
        self.date.setText(win.date.isoformat())
        self.details.setPlainText(win.details)
        self.project.setCurrentText(win.project_name or "")
        self.tags.setText(", ".join(win.tags))
        for key in win.pillars:
            self.pillars[key].setChecked(True)
        self.metrics.setPlainText("\n".join(m.metric.text for m in win.metrics))
        self.links.setPlainText("\n".join(win.links))
        if win.follow_up is not None:
            self.follow_up_enabled.setChecked(True)
            self.follow_up.setText(win.follow_up.isoformat())

    def _fill_draft(self, draft: WinDraft) -> None:
        """Start from a win not yet saved (an inbox suggestion to edit before accepting)."""
        self.title.setText(draft.title)
        self.date.setText(draft.date.isoformat())
        self.details.setPlainText(draft.details)
        self.project.setCurrentText(draft.project or "")
        self.tags.setText(", ".join(draft.tags))
        for key in draft.pillars:
            if key in self.pillars:
                self.pillars[key].setChecked(True)
        self.metrics.setPlainText("\n".join(m.text for m in draft.metrics))
        self.links.setPlainText("\n".join(draft.links))
        if draft.follow_up is not None:
            self.follow_up_enabled.setChecked(True)
            self.follow_up.setText(draft.follow_up.isoformat())

    def _preview_metrics(self) -> None:
        metrics = parse_metric_lines(self.metrics.toPlainText())
        self.metric_preview.setText(describe_metrics(metrics))
        self.metric_preview.setVisible(bool(metrics))

    def typed_tags(self) -> list[str]:
        return clean_tags(self.tags.text().replace(",", " ").split())

    def _check_tags(self) -> None:
        warnings = near_duplicate_tags(self.typed_tags(), self.known_tags)
        self.tag_warning.setText("  ".join(warnings))
        self.tag_warning.setVisible(bool(warnings))

    def _read_dates(self) -> None:
        """Show the day a date typed in words names (nothing for a plain date)."""
        for field, reading, parse in ((self.date, self.date_reading, parse_day),
                                      (self.follow_up, self.follow_up_reading,
                                       parse_future_day)):
            text = field.text().strip()
            day = None
            if text and not text[0].isdigit():
                with contextlib.suppress(InvalidInput):
                    day = parse(text, self.today)
            reading.setText(f"= {day:%a} {day.day} {day:%b %Y}" if day else "")
            reading.setVisible(day is not None)

    def _date(self, field: QLineEdit, error: QLabel, what: str, *,
              future: bool = False) -> dt.date | None:
        try:
            parse = parse_future_day if future else parse_day
            value = parse(field.text(), self.today, what=what)
        except InvalidInput as exc:
            show_error(error, str(exc))
            return None
        show_error(error, None)
        return value

    def draft(self) -> WinDraft | None:
        """The win as typed, or None after marking every field that is wrong."""
        title = self.title.text().strip()
        show_error(self.title_error, None if title else "Give the win a title.")
        day = self._date(self.date, self.date_error, "date")
        follow_up = None
        if self.recording_outcome:
            if not self._recorded_a_result():
                show_error(self.save_error, "Write the measured result in Metrics (or a "
                                            "sentence in Details) first, or Cancel.")
                return None
            # The outcome is on record: nothing is pending any more.
            self.follow_up_enabled.setChecked(False)
        if self.follow_up_enabled.isChecked():
            follow_up = self._date(self.follow_up, self.follow_up_error, "follow-up date",
                                   future=True)
            if follow_up is None:
                return None
        else:
            show_error(self.follow_up_error, None)
        if not title or day is None:
            return None
        return WinDraft(
            id=None,
            title=title,
            date=day,
            details=self.details.toPlainText().strip(),
            project=self.project.currentText().strip() or None,
            pillars=[key for key, box in self.pillars.items() if box.isChecked()],
            tags=self.typed_tags(),
            links=[line.strip() for line in self.links.toPlainText().splitlines()
                   if line.strip()],
            metrics=parse_metric_lines(self.metrics.toPlainText()),
            follow_up=follow_up,
        )

    def accept(self) -> None:
        draft = self.draft()
        if draft is None:
            return
        try:
            self.on_save(draft)
        except UserError as exc:
            show_error(self.save_error, describe(exc, "Not saved"))
            if self.autosave is not None:
                self.autosave.save_now()  # the text stays on disk too until it is saved
            return
        except Exception:
            if self.autosave is not None:
                self.autosave.save_now()
            raise
        if self.autosave is not None:
            self.autosave.discard()
        super().accept()

    def has_typed_text(self) -> bool:
        return self.typed_fields() != self._stored_fields

    def reject(self) -> None:
        """Esc, Cancel or closing the dialog. With typed text it first asks; "Discard" is
        a deliberate throw-away, so the draft goes too (a crash or a kill never comes
        here, and keeps it)."""
        if self.has_typed_text() and not self._discarding:
            self._ask_before_discarding()
            return
        if self.autosave is not None:
            self.autosave.discard()
        super().reject()

    def _ask_before_discarding(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Discard what you typed?",
                          "This win has not been saved.", parent=self)
        box.setObjectName("discard_question")
        discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        discard.setObjectName("discard")
        keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keep_editing")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def answered(button: object) -> None:
            if button is discard:
                self._discarding = True
                self.reject()

        box.buttonClicked.connect(answered)
        box.finished.connect(box.deleteLater)
        self.discard_question = box
        box.open()
