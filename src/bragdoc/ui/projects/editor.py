"""The detail side of the Projects page: every field of one project, as typed.

The editor knows nothing of storage. It shows a `FormState` (the text in every field),
hands one back, and turns it into a `ProjectDraft` only when every field is fine,
marking each problem next to its field otherwise. A `FormState` also goes to and from
JSON, which is how typed text is kept in a draft file until it is saved
(ui/kit/typed_drafts.py).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.periods import parse_iso_date
from bragdoc.domain.quantities import Metric, parse_metric
from bragdoc.domain.records import ProjectDraft, ProjectView, Star
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS, SCOPE_LABELS, SCOPES
from bragdoc.domain.vocabulary import tags as clean_tags
from bragdoc.ui.kit.delete_key import DeleteKey
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.views import chain_tab_order
from bragdoc.ui.projects.metric_table import (
    CATEGORY_CHOICES,
    DIRECTION_CHOICES,
    ChoiceDelegate,
    MetricTableModel,
)
from bragdoc.ui.projects.metric_table import Column as MetricColumn
from bragdoc.ui.projects.project_table import two_line_height

_ASCII_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def name_key(name: str) -> str:
    """Project names clash the way the database compares them: ASCII case ignored."""
    return name.strip().translate(_ASCII_FOLD)


@dataclass(frozen=True)
class FormState:
    """Everything the editor holds, as text: what is kept for a project until Save/Revert."""

    name: str = ""
    summary: str = ""
    start: str = ""
    end: str = ""
    scope: str = "single_team"
    teams: str = ""
    team_size: str = ""
    engineers_affected: str = ""
    role: str = ""
    pillars: tuple[str, ...] = ()
    tags: str = ""
    metrics: tuple[Metric, ...] = ()
    pending_metric: str = ""
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    links: str = ""

    @classmethod
    def from_project(cls, project: ProjectView) -> FormState:
        def number(value: int | None) -> str:
            return "" if value is None else str(value)

        return cls(
            name=project.name,
            summary=project.summary,
            start=project.start.isoformat() if project.start else "",
            end=project.end.isoformat() if project.end else "",
            scope=project.scope,
            teams=number(project.teams),
            team_size=number(project.team_size),
            engineers_affected=number(project.engineers_affected),
            role=project.role,
            pillars=tuple(project.pillars),
            tags=", ".join(project.tags),
            metrics=tuple(m.metric for m in project.metrics),
            situation=project.star.situation,
            task=project.star.task,
            action=project.star.action,
            result=project.star.result,
            links="\n".join(project.links),
        )


    def to_json(self) -> dict[str, Any]:
        """Plain JSON values; a metric keeps its text and the choices the user made."""
        data = asdict(self)
        data["pillars"] = list(self.pillars)
        data["metrics"] = [{
            "text": m.text,
            "direction": m.direction if m.direction_source == "user" else None,
            "category": m.category if m.category_source == "user" else None,
            "note": m.note,
        } for m in self.metrics]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FormState:
        """The state a draft file holds; anything missing or malformed is left empty."""
        values: dict[str, Any] = {}
        for field in fields(cls):
            value = data.get(field.name)
            if field.name == "pillars":
                if isinstance(value, list):
                    values["pillars"] = tuple(p for p in value if p in PILLARS)
            elif field.name == "metrics":
                if isinstance(value, list):
                    values["metrics"] = tuple(_metric_from_json(m) for m in value
                                              if isinstance(m, dict)
                                              and isinstance(m.get("text"), str))
            elif field.name == "scope":
                if value in SCOPES:
                    values["scope"] = value
            elif isinstance(value, str):
                values[field.name] = value
        return cls(**values)


def _metric_from_json(data: dict[str, Any]) -> Metric:
    def choice(value: object) -> str | None:
        return value if isinstance(value, str) else None

    try:
        return parse_metric(data["text"], direction=choice(data.get("direction")),
                            category=choice(data.get("category")),
                            note=choice(data.get("note")))
    except InvalidInput:  # a choice this version does not know: keep the text
        return parse_metric(data["text"])


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
        self.unsaved_label.setStyleSheet("color: #b26a00;")
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

        # --- metrics ------------------------------------------------------------------------
        self.metric_model = MetricTableModel(self)
        self.metric_table = QTableView(objectName="metric_table")
        self.metric_table.setModel(self.metric_model)
        self.metric_table.setItemDelegate(ChoiceDelegate(self.metric_table))
        self.metric_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.metric_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.metric_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                          | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.metric_table.setTabKeyNavigation(False)
        self.metric_table.verticalHeader().hide()
        self.metric_table.setWordWrap(False)
        self.metric_table.setMinimumHeight(120)
        self.metric_table.setMaximumHeight(170)
        header = self.metric_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MetricColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        # What bragdoc reads is drawn under each metric, so its own column stays hidden.
        self.metric_table.setColumnHidden(MetricColumn.RESULT, True)
        self.metric_table.setColumnWidth(MetricColumn.DIRECTION, 90)
        self.metric_table.setColumnWidth(MetricColumn.CATEGORY, 130)
        rows = self.metric_table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(two_line_height(self.metric_table.font()))
        self.metric_hint = QLabel("Grey is what bragdoc inferred. To overrule it, select the "
                                  "cell and press F2; Del removes a metric.",
                                  objectName="metric_hint")
        self.metric_hint.setWordWrap(True)
        self.metric_hint.setStyleSheet("color: palette(placeholder-text);")
        DeleteKey(self.metric_table, self.remove_metric)

        self.new_metric = QLineEdit(objectName="new_metric")
        self.new_metric.setPlaceholderText("Add a metric: NAME: BEFORE -> AFTER, then Enter")
        self.new_direction = QComboBox(objectName="new_direction")
        for label, value in DIRECTION_CHOICES:
            self.new_direction.addItem(
                "Inferred direction" if value is None else f"{label} is better"
                if value != "unknown" else "Undecided direction", value)
        self.new_category = QComboBox(objectName="new_category")
        for label, value in CATEGORY_CHOICES:
            self.new_category.addItem("Inferred category" if value is None else label, value)
        for combo in (self.new_direction, self.new_category):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
            combo.setToolTip("For the metric being added: leave “Inferred” to let bragdoc "
                             "decide, or choose yourself")
        self.add_metric_button = QPushButton("Add", objectName="add_metric")
        self.add_metric_button.setToolTip("Add the metric typed here (Enter in the field)")
        self.remove_metric_button = QPushButton("Remove", objectName="remove_metric")
        self.remove_metric_button.setToolTip("Remove the selected metric (Del in the table)")
        self.metric_preview = QLabel(objectName="metric_preview")
        self.metric_preview.setWordWrap(True)
        self.metric_preview.hide()
        self.new_metric.returnPressed.connect(self.add_pending_metric)
        self.add_metric_button.clicked.connect(self.add_pending_metric)
        self.remove_metric_button.clicked.connect(self.remove_metric)
        self.new_metric.textChanged.connect(self._preview_metric)
        self.new_direction.currentIndexChanged.connect(self._preview_metric)
        self.new_category.currentIndexChanged.connect(self._preview_metric)

        hint_row = QHBoxLayout()
        hint_row.addWidget(self.metric_hint, stretch=1)
        hint_row.addWidget(self.remove_metric_button, alignment=Qt.AlignmentFlag.AlignTop)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_metric, stretch=1)
        add_row.addWidget(self.add_metric_button)
        choices = QHBoxLayout()
        choices.addWidget(self.new_direction, stretch=1)
        choices.addWidget(self.new_category, stretch=1)
        metrics_box = QVBoxLayout()
        metrics_box.setContentsMargins(0, 0, 0, 0)
        metrics_box.addWidget(self.metric_table)
        metrics_box.addLayout(hint_row)
        metrics_box.addLayout(add_row)
        metrics_box.addLayout(choices)
        metrics_box.addWidget(self.metric_preview)

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
        form.addRow(metrics_box)
        form.addRow(self._section("Story: situation, task, action, result"))
        _row(form, "Sit&uation", self.situation)
        _row(form, "Tas&k", self.task)
        _row(form, "Ac&tion", self.action)
        _row(form, "Re&sult", self.result)
        _row(form, "Evidence &links", self.links)

        inner = QWidget(objectName="editor_form")
        inner.setLayout(form)
        self.scroll = QScrollArea(objectName="editor_scroll")
        self.scroll.setWidget(inner)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

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
        layout.addWidget(self.scroll, stretch=1)
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
                     self.engineers_affected, self.role, self.tags, self.new_metric):
            line.textChanged.connect(self._changed)
        for box in (self.summary, self.situation, self.task, self.action, self.result,
                    self.links):
            box.textChanged.connect(self._changed)
        for check in self.pillars.values():
            check.toggled.connect(self._changed)
        self.scope.currentIndexChanged.connect(self._changed)
        for signal in (self.metric_model.dataChanged, self.metric_model.rowsInserted,
                       self.metric_model.rowsRemoved, self.metric_model.modelReset):
            signal.connect(self._changed)

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
            self.metric_model.set_metrics(state.metrics)
            self.new_metric.setText(state.pending_metric)
            self.new_direction.setCurrentIndex(0)
            self.new_category.setCurrentIndex(0)
            self.situation.setPlainText(state.situation)
            self.task.setPlainText(state.task)
            self.action.setPlainText(state.action)
            self.result.setPlainText(state.result)
            self.links.setPlainText(state.links)
            self.clear_errors()
            if to_top:
                self.scroll.verticalScrollBar().setValue(0)
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
        self.scroll.ensureWidgetVisible(self.name)

    # --- metrics ------------------------------------------------------------------------

    def _pending(self) -> Metric | None:
        text = self.new_metric.text().strip()
        if not text:
            return None
        return parse_metric(text, direction=self.new_direction.currentData(),
                            category=self.new_category.currentData())

    def _preview_metric(self) -> None:
        metric = self._pending()
        if metric is None:
            self.metric_preview.hide()
            return
        if metric.quantified:
            self.metric_preview.setStyleSheet("")
            self.metric_preview.setText(f"Reads as: {metric.explain()}")
        else:
            self.metric_preview.setStyleSheet("color: #b26a00;")
            self.metric_preview.setText("No number to compare yet — try “2h -> 10 min” or "
                                        "“$5K/month saved”. It can be added as text anyway.")
        self.metric_preview.show()

    def add_pending_metric(self) -> bool:
        """Add what is typed in the new-metric field to the table; False if it was empty."""
        metric = self._pending()
        if metric is None:
            return False
        row = self.metric_model.add(metric)
        self.metric_table.setCurrentIndex(self.metric_model.index(row, MetricColumn.TEXT))
        self.new_metric.clear()
        self.new_direction.setCurrentIndex(0)
        self.new_category.setCurrentIndex(0)
        return True

    def remove_metric(self) -> None:
        row = self.metric_table.currentIndex().row()
        if self.metric_model.remove(row) is None:
            return
        remaining = self.metric_model.rowCount()
        if remaining:
            self.metric_table.setCurrentIndex(
                self.metric_model.index(min(row, remaining - 1), MetricColumn.TEXT))

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
            self.scroll.ensureWidgetVisible(problems[0])
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
