"""The detail side of the Projects page: every field of one project, as typed.

The editor knows nothing of storage. It shows a `FormState` (form_state.py), hands one
back, and turns it into a `ProjectDraft` only when every field is fine, marking each
problem next to its field otherwise. Its metrics are edited in `metrics_editor.py`.
"""

from __future__ import annotations

import string
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.periods import parse_iso_date
from bragdoc.domain.records import ProjectDraft, Star
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS, SCOPE_LABELS, SCOPES
from bragdoc.domain.vocabulary import tags as clean_tags
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.theme import set_tone
from bragdoc.ui.kit.views import chain_tab_order
from bragdoc.ui.projects.form_state import FormState, name_key
from bragdoc.ui.projects.metrics_editor import MetricsEditor

_ASCII_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def _row(form: QFormLayout, text: str, field: QWidget, *errors: QLabel,
         layout: QLayout | None = None) -> None:
    """A labelled row whose error messages sit right under its field."""
    label = QLabel(text)
    label.setBuddy(field)
    if not errors and layout is None:
        form.addRow(label, field)
        return
    column = QVBoxLayout()
    column.setSpacing(2)
    if layout is not None:
        column.addLayout(layout)
    else:
        column.addWidget(field)
    for error in errors:
        column.addWidget(error)
    form.addRow(label, column)


def _text_box(name: str, placeholder: str, height: int) -> QPlainTextEdit:
    box = QPlainTextEdit(objectName=name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box




class ProjectEditor(QWidget):
    save_requested = Signal()
    revert_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.on_edited: Callable[[], None] = lambda: None
        """Called when any field changes (typing, a checkbox, a metric added, removed or
        overruled). A plain callback, not a Signal: it runs on every keystroke, and
        PySide6 6.12.0 leaks a reference to True on each Python-side emit()."""
        self.edit_observers: list[Callable[[], None]] = []
        """Also called on every change, after `on_edited` (the draft keeper listens)."""
        self.load_observers: list[Callable[[], None]] = []
        """Called after `load()` has put another form on show."""

        self.heading = QLabel(objectName="editor_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.unsaved_label = QLabel("Unsaved changes", objectName="unsaved_label")
        set_tone(self.unsaved_label, "warning")
        self.unsaved_label.setToolTip("Ctrl+S saves them; Revert puts back what is stored. "
                                      "They are kept while you look at other projects.")
        self.unsaved_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading, stretch=1)
        top.addWidget(self.unsaved_label)

        # --- the fields, in the order Tab visits them --------------------------------------
        self.name = QLineEdit(objectName="name", placeholderText="e.g. Checkout latency")
        self.name_error = error_label("name_error")
        self.summary = _text_box("summary", "One or two sentences: what it was and why", 48)

        self.start = QLineEdit(objectName="start", placeholderText="YYYY-MM-DD")
        self.end = QLineEdit(objectName="end", placeholderText="YYYY-MM-DD, or empty if ongoing")
        self.end.setAccessibleName("End date")
        self.start.setToolTip("First day of the project, as YYYY-MM-DD")
        self.end.setToolTip("Last day, as YYYY-MM-DD; leave empty while it is going on")
        self.start_error = error_label("start_error")
        self.end_error = error_label("end_error")
        dates = QHBoxLayout()
        dates.addWidget(self.start, stretch=1)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end, stretch=1)

        self.scope = QComboBox(objectName="scope")
        for key in SCOPES:
            self.scope.addItem(SCOPE_LABELS[key], key)

        self.teams = QLineEdit(objectName="teams", placeholderText="how many teams took part")
        self.teams_error = error_label("teams_error")
        self.team_size = QLineEdit(objectName="team_size", placeholderText="people on the team")
        self.team_size_error = error_label("team_size_error")
        self.engineers_affected = QLineEdit(objectName="engineers_affected",
                                            placeholderText="engineers whose work it changed")
        self.engineers_affected_error = error_label("engineers_affected_error")
        self.role = QLineEdit(objectName="role", placeholderText="e.g. tech lead, sole engineer")

        self.pillars: dict[str, QCheckBox] = {}
        pillar_grid = QGridLayout()
        pillar_grid.setContentsMargins(0, 0, 0, 0)
        for i, key in enumerate(PILLARS):
            box = QCheckBox(PILLAR_LABELS[key], objectName=f"pillar_{key}")
            self.pillars[key] = box
            pillar_grid.addWidget(box, i // 2, i % 2)
        self.tags = QLineEdit(objectName="tags", placeholderText="perf, migrations")

        self.metrics = MetricsEditor(self._changed)
        # The metrics editor's parts, by the names the form has always offered.
        self.metric_model, self.metric_table = self.metrics.model, self.metrics.table
        self.new_metric = self.metrics.new_metric
        self.new_direction, self.new_category = (self.metrics.new_direction,
                                                 self.metrics.new_category)
        self.add_metric_button = self.metrics.add_button
        self.remove_metric_button = self.metrics.remove_button
        self.metric_preview = self.metrics.preview
        self.add_pending_metric = self.metrics.add_pending
        self.remove_metric = self.metrics.remove

        # --- the story --------------------------------------------------------------------
        self.situation = _text_box("situation", "Where things stood before you began", 54)
        self.task = _text_box("task", "What had to be achieved, and why it mattered", 54)
        self.action = _text_box("action", "What you did: decisions, trade-offs, who you led",
                                70)
        self.result = _text_box("result", "What changed, with numbers where you have them", 54)
        self.links = _text_box("links", "Evidence: design docs, dashboards, PRs — one per line",
                               54)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Alt+F, E and G open the window's menus, so no label here uses those letters.
        _row(form, "&Name", self.name, self.name_error)
        _row(form, "Summar&y", self.summary)
        _row(form, "&Dates", self.start, self.start_error, self.end_error, layout=dates)
        _row(form, "Sc&ope", self.scope)
        _row(form, "Tea&ms", self.teams, self.teams_error)
        _row(form, "Team si&ze", self.team_size, self.team_size_error)
        _row(form, "Eng&ineers affected", self.engineers_affected,
             self.engineers_affected_error)
        _row(form, "&Role", self.role)
        form.addRow("Pillars", pillar_grid)
        _row(form, "T&ags", self.tags)
        metrics_label = self._section("Metri&cs")
        metrics_label.setBuddy(self.new_metric)
        form.addRow(metrics_label)
        form.addRow(self.metrics)
        form.addRow(self._section("Story: situation, task, action, result"))
        _row(form, "Sit&uation", self.situation)
        _row(form, "Tas&k", self.task)
        _row(form, "Ac&tion", self.action)
        _row(form, "Re&sult", self.result)
        _row(form, "Evidence &links", self.links)

        inner = QWidget(objectName="editor_form")
        inner.setLayout(form)
        self.scroll_area = QScrollArea(objectName="editor_scroll")
        self.scroll_area.setWidget(inner)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.save_error = error_label("save_error")
        self.delete_button = QPushButton("Delete", objectName="delete_project")
        self.delete_button.setToolTip("Delete this project (Del in the list; Ctrl+Z undoes)")
        self.revert_button = QPushButton("Revert", objectName="revert")
        self.revert_button.setToolTip("Throw away the unsaved changes to this project")
        self.save_button = QPushButton("Save", objectName="save")
        self.save_button.setToolTip("Save this project (Ctrl+S)")
        self.save_button.setDefault(True)
        self.delete_button.clicked.connect(self.delete_requested)
        self.revert_button.clicked.connect(self.revert_requested)
        self.save_button.clicked.connect(self.save_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area, stretch=1)
        layout.addWidget(self.save_error)
        layout.addLayout(buttons)

        chain = [self.name, self.summary, self.start, self.end, self.scope, self.teams,
                 self.team_size, self.engineers_affected, self.role, *self.pillars.values(),
                 self.tags, self.metric_table, self.remove_metric_button, self.new_metric,
                 self.new_direction, self.new_category, self.add_metric_button,
                 self.situation, self.task, self.action, self.result, self.links,
                 self.delete_button, self.revert_button, self.save_button]
        chain_tab_order(*chain)

        for line in (self.name, self.start, self.end, self.teams, self.team_size,
                     self.engineers_affected, self.role, self.tags):
            line.textChanged.connect(self._changed)
        for box in (self.summary, self.situation, self.task, self.action, self.result,
                    self.links):
            box.textChanged.connect(self._changed)
        for check in self.pillars.values():
            check.toggled.connect(self._changed)
        self.scope.currentIndexChanged.connect(self._changed)

    @staticmethod
    def _section(title: str) -> QLabel:
        label = QLabel(title)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 8, 0, 0)
        return label

    # --- state in and out --------------------------------------------------------------

    def load(self, state: FormState, heading: str, *, to_top: bool = True) -> None:
        self._loading = True
        try:
            self.heading.setText(heading)
            self.name.setText(state.name)
            self.summary.setPlainText(state.summary)
            self.start.setText(state.start)
            self.end.setText(state.end)
            self.scope.setCurrentIndex(max(self.scope.findData(state.scope), 0))
            self.teams.setText(state.teams)
            self.team_size.setText(state.team_size)
            self.engineers_affected.setText(state.engineers_affected)
            self.role.setText(state.role)
            for key, box in self.pillars.items():
                box.setChecked(key in state.pillars)
            self.tags.setText(state.tags)
            self.metrics.load(state.metrics, state.pending_metric)
            self.situation.setPlainText(state.situation)
            self.task.setPlainText(state.task)
            self.action.setPlainText(state.action)
            self.result.setPlainText(state.result)
            self.links.setPlainText(state.links)
            self.clear_errors()
            if to_top:
                self.scroll_area.verticalScrollBar().setValue(0)
        finally:
            self._loading = False
        for observer in self.load_observers:
            observer()

    def restore(self, state: FormState) -> None:
        """Put back text kept from an earlier session: like typing it, so it counts as an
        unsaved edit of the form on show."""
        self.load(state, self.heading.text())
        self._changed()

    def state(self) -> FormState:
        return FormState(
            name=self.name.text(),
            summary=self.summary.toPlainText(),
            start=self.start.text(),
            end=self.end.text(),
            scope=self.scope.currentData(),
            teams=self.teams.text(),
            team_size=self.team_size.text(),
            engineers_affected=self.engineers_affected.text(),
            role=self.role.text(),
            pillars=tuple(key for key, box in self.pillars.items() if box.isChecked()),
            tags=self.tags.text(),
            metrics=tuple(self.metric_model.metrics()),
            pending_metric=self.new_metric.text(),
            situation=self.situation.toPlainText(),
            task=self.task.toPlainText(),
            action=self.action.toPlainText(),
            result=self.result.toPlainText(),
            links=self.links.toPlainText(),
        )

    def set_dirty(self, dirty: bool, *, stored: bool) -> None:
        """Show whether there is anything to save; `stored` is False for a new project."""
        self.unsaved_label.setText("Unsaved changes" if stored else "Not saved yet")
        self.unsaved_label.setVisible(dirty or not stored)
        self.revert_button.setEnabled(dirty)
        self.delete_button.setEnabled(stored)

    def _changed(self) -> None:
        if not self._loading:
            self.on_edited()
            for observer in self.edit_observers:
                observer()

    def focus_name(self) -> None:
        self.name.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.name.selectAll()
        self.scroll_area.ensureWidgetVisible(self.name)

    # --- checking -----------------------------------------------------------------------

    def clear_errors(self) -> None:
        for label in (self.name_error, self.start_error, self.end_error, self.teams_error,
                      self.team_size_error, self.engineers_affected_error, self.save_error):
            show_error(label, None)

    def show_save_error(self, message: str) -> None:
        show_error(self.save_error, message)

    def _date(self, field: QLineEdit, error: QLabel, what: str) -> tuple[bool, object]:
        text = field.text().strip()
        if not text:
            show_error(error, None)
            return True, None
        try:
            day = parse_iso_date(text, what=what)
        except InvalidInput as exc:
            show_error(error, _sentence(str(exc)))
            return False, None
        show_error(error, None)
        return True, day

    @staticmethod
    def _count(field: QLineEdit, error: QLabel) -> tuple[bool, int | None]:
        text = field.text().strip()
        if not text:
            show_error(error, None)
            return True, None
        if not text.isascii() or not text.isdigit():
            show_error(error, f"“{text}” is not a whole number; type something like 4, "
                               "or leave it empty.")
            return False, None
        show_error(error, None)
        return True, int(text)

    def draft(self, taken_names: set[str]) -> ProjectDraft | None:
        """The project as typed, or None after marking every field that is wrong.

        `taken_names` holds the `name_key` of every other project."""
        show_error(self.save_error, None)
        problems: list[QWidget] = []
        name = self.name.text().strip()
        if not name:
            show_error(self.name_error, "Give the project a name.")
            problems.append(self.name)
        elif name_key(name) in taken_names:
            show_error(self.name_error, f"Another project is already called “{name}”. "
                                         "Project names must be different.")
            problems.append(self.name)
        else:
            show_error(self.name_error, None)

        start_ok, start = self._date(self.start, self.start_error, "start date")
        end_ok, end = self._date(self.end, self.end_error, "end date")
        if not start_ok:
            problems.append(self.start)
        if not end_ok:
            problems.append(self.end)
        elif start and end and end < start:  # type: ignore[operator]
            show_error(self.end_error, f"The project cannot end ({end}) before it starts "
                                        f"({start}).")
            problems.append(self.end)

        counts = {}
        for field, error in ((self.teams, self.teams_error),
                             (self.team_size, self.team_size_error),
                             (self.engineers_affected, self.engineers_affected_error)):
            ok, counts[field.objectName()] = self._count(field, error)
            if not ok:
                problems.append(field)

        if problems:
            self.scroll_area.ensureWidgetVisible(problems[0])
            return None
        return ProjectDraft(
            name=name,
            summary=self.summary.toPlainText().strip(),
            start=start,  # type: ignore[arg-type]
            end=end,  # type: ignore[arg-type]
            team_size=counts["team_size"],
            scope=self.scope.currentData(),
            teams=counts["teams"],
            engineers_affected=counts["engineers_affected"],
            role=self.role.text().strip(),
            pillars=[key for key, box in self.pillars.items() if box.isChecked()],
            tags=clean_tags(self.tags.text().replace(",", " ").split()),
            star=Star(
                situation=self.situation.toPlainText().strip(),
                task=self.task.toPlainText().strip(),
                action=self.action.toPlainText().strip(),
                result=self.result.toPlainText().strip(),
            ),
            links=[line.strip() for line in self.links.toPlainText().splitlines()
                   if line.strip()],
            metrics=self.metric_model.metrics(),
        )
