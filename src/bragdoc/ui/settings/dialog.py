"""Profile & settings: who the record belongs to, their ladder and goals, the weekly
reminder, the app's appearance, and where the data lives.

Everything here is stored in the database (through ProfileService), because it shapes
documents and the user's routine, except what belongs to the app on this computer (the
tray, the light or dark theme), which QSettings keeps. Enter saves
(Ctrl+Enter from the goal boxes), Esc cancels; a bad date is marked next to its field and
nothing is saved until every field is fine.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import InvalidInput, UserError
from bragdoc.domain.periods import parse_iso_date
from bragdoc.domain.records import Profile
from bragdoc.domain.reminders import DAY_NAMES, parse_reminder_time
from bragdoc.ui.kit import theme
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.jobs import wait_off_the_ui_thread
from bragdoc.ui.kit.ladder_picker import LadderPicker
from bragdoc.ui.kit.preferences import (
    keeps_running_in_tray,
    set_keep_running_in_tray,
    set_theme_mode,
    theme_mode,
)
from bragdoc.ui.kit.theme import MODE_LABELS, MODES, set_tone
from bragdoc.ui.kit.typed_drafts import when as moment_text
from bragdoc.ui.kit.views import chain_tab_order

_DATE_FIELDS = (
    ("level_since", "level since"),
    ("company_since", "company start"),
    ("career_start", "career start"),
)


def _goals_box(name: str, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(objectName=name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(90)
    return box


def _read_only(name: str, text: str) -> QLineEdit:
    field = QLineEdit(text, objectName=name)
    field.setReadOnly(True)
    field.setCursorPosition(0)
    field.setToolTip(text)
    return field


class SettingsDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *,
                 last_backup: str | None = None, backup_folder: Path | None = None) -> None:
        """`last_backup` says when the newest backup was taken (read from the backup
        folder when not given); `backup_folder` is where backups go (by default the
        `backups` folder next to the database)."""
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Profile & settings")
        self.setMinimumWidth(820)
        profile = ctx.services.queries.profile()

        # --- you and your ladder -------------------------------------------------------
        self.name = QLineEdit(objectName="name", placeholderText="Your name")
        self.ladder_picker = LadderPicker(ctx.services.ladders.list(),
                                          ("company", "current_level", "target_level"), self)
        self.company = self.ladder_picker.ladder
        self.current_level = self.ladder_picker.current
        self.target_level = self.ladder_picker.target
        self.dates: dict[str, QLineEdit] = {}
        self.date_errors: dict[str, QLabel] = {}
        for field, _what in _DATE_FIELDS:
            edit = QLineEdit(objectName=field, placeholderText="YYYY-MM-DD")
            edit.setToolTip("YYYY-MM-DD; leave empty if you would rather not say")
            self.dates[field] = edit
            self.date_errors[field] = error_label(f"{field}_error")
        self.focus_area = QLineEdit(objectName="focus_area",
                                    placeholderText="e.g. payments reliability")

        ladder = QFormLayout()
        ladder.addRow("&Name", self.name)
        ladder.addRow("Company &ladder", self.company)
        ladder.addRow("Current le&vel", self.current_level)
        ladder.addRow("&Target level", self.target_level)
        ladder.addRow("At this level &since", self.dates["level_since"])
        ladder.addRow("", self.date_errors["level_since"])
        ladder.addRow("At the co&mpany since", self.dates["company_since"])
        ladder.addRow("", self.date_errors["company_since"])
        ladder.addRow("Ca&reer start", self.dates["career_start"])
        ladder.addRow("", self.date_errors["career_start"])
        ladder.addRow("F&ocus area", self.focus_area)
        ladder_box = QGroupBox("You and your ladder")
        ladder_box.setLayout(ladder)

        # --- goals ---------------------------------------------------------------------
        self.goals_this_year = _goals_box("goals_this_year",
                                          "What you want to have shown by December")
        self.goals_next_year = _goals_box("goals_next_year", "Where you want to be a year on")
        goals = QFormLayout()
        goals.addRow("This &year", self.goals_this_year)
        goals.addRow("Ne&xt year", self.goals_next_year)
        goals_box = QGroupBox("Goals")
        goals_box.setLayout(goals)

        # --- weekly reminder -----------------------------------------------------------
        self.reminder_enabled = QCheckBox("Remind me to log a &win every week",
                                          objectName="reminder_enabled")
        self.reminder_day = QComboBox(objectName="reminder_day")
        self.reminder_day.addItems(list(DAY_NAMES))
        self.reminder_time = QTimeEdit(objectName="reminder_time")
        self.reminder_time.setDisplayFormat("HH:mm")
        when = QHBoxLayout()
        self.on_label = QLabel("&Day")
        self.on_label.setBuddy(self.reminder_day)
        self.at_label = QLabel("&at")
        self.at_label.setBuddy(self.reminder_time)
        when.addWidget(self.on_label)
        when.addWidget(self.reminder_day)
        when.addWidget(self.at_label)
        when.addWidget(self.reminder_time)
        when.addStretch(1)
        explain = QLabel("From then until the week has a win, the window says so; a desktop "
                         "notification comes at most once a week. Follow-ups that have come "
                         "due are listed whenever bragdoc is open.")
        explain.setWordWrap(True)
        set_tone(explain, "muted")
        self.reminder_enabled.toggled.connect(self.reminder_day.setEnabled)
        self.reminder_enabled.toggled.connect(self.reminder_time.setEnabled)
        self.keep_in_tray = QCheckBox("&Keep bragdoc in the system tray when its window is "
                                      "closed (the reminder and “Log a win…” stay at hand)",
                                      objectName="keep_in_tray")
        self.keep_in_tray.setChecked(keeps_running_in_tray(ctx.settings))
        # The look belongs to the whole app, not to one database's window state.
        self.theme = QComboBox(objectName="theme")
        for mode in MODES:
            self.theme.addItem(MODE_LABELS[mode], mode)
        self.theme_shown = theme_mode(QSettings())
        self.theme.setCurrentIndex(MODES.index(self.theme_shown))
        self.theme.setAccessibleName("Appearance")
        theme_label = QLabel("A&ppearance")
        theme_label.setBuddy(self.theme)
        look = QHBoxLayout()
        look.addWidget(theme_label)
        look.addWidget(self.theme)
        look.addStretch(1)
        reminder = QVBoxLayout()
        reminder.addWidget(self.reminder_enabled)
        reminder.addLayout(when)
        reminder.addWidget(explain)
        reminder.addWidget(self.keep_in_tray)
        reminder.addLayout(look)
        reminder.addStretch(1)
        reminder_box = QGroupBox("Weekly reminder")
        reminder_box.setLayout(reminder)

        # --- what the weekly review scans ---------------------------------------------
        self.git_repositories = QPlainTextEdit(objectName="git_repositories")
        self.git_repositories.setPlaceholderText("One per line: a repository, or a folder "
                                                 "holding several (e.g. ~/code)")
        self.git_repositories.setTabChangesFocus(True)
        self.git_repositories.setMaximumHeight(80)
        self.add_repository = QPushButton("Add &folder…", objectName="add_repository")
        self.add_repository.clicked.connect(self._add_repository)
        self.git_authors = QLineEdit(objectName="git_authors_profile",
                                     placeholderText="you@work.com, you@home.org")
        self.git_authors.setToolTip("The emails your commits carry; empty: every author")
        repositories = QHBoxLayout()
        repositories.addWidget(self.git_repositories, stretch=1)
        repositories.addWidget(self.add_repository, alignment=Qt.AlignmentFlag.AlignTop)
        review = QFormLayout()
        repositories_label = QLabel("Repos&itories")
        repositories_label.setBuddy(self.git_repositories)
        review.addRow(repositories_label, repositories)
        authors_label = QLabel("Your commit &emails")
        authors_label.setBuddy(self.git_authors)
        review.addRow(authors_label, self.git_authors)
        review_note = QLabel("The weekly review looks through the week's commits here and "
                             "suggests wins in the Inbox; nothing is logged until you accept "
                             "it, and nothing leaves this computer.")
        review_note.setWordWrap(True)
        set_tone(review_note, "muted")
        review.addRow("", review_note)
        review_box = QGroupBox("Suggestions from your git repositories")
        review_box.setLayout(review)

        # --- where the data lives ------------------------------------------------------
        db_path = ctx.services.db.path.resolve()
        self.database_path = _read_only("database_path", str(db_path))
        backups = ctx.services.backups
        self.backup_folder = _read_only("backup_folder", str(backup_folder or backups.folder))
        if last_backup is None:
            taken = backups.newest_taken_at()
            last_backup = f"Backed up {moment_text(taken)}" if taken else "No backup yet"
        self.last_backup = QLabel(last_backup, objectName="last_backup")
        backup_note = QLabel("bragdoc backs up every half hour while something changed, when "
                             "you close it, and before upgrades, imports and restores. It "
                             "keeps all of today's and yesterday's, then one a day for 12 "
                             "days, one a week for 10 weeks and one a month for 9 months. "
                             "File ▸ Restore from backup lists them. To keep a copy "
                             "elsewhere too: bragdoc backup --to PATH.")
        backup_note.setWordWrap(True)
        set_tone(backup_note, "muted")
        data = QFormLayout()
        data.addRow("Database", self.database_path)
        data.addRow("Backups", self.backup_folder)
        data.addRow("Last backup", self.last_backup)
        data.addRow("", backup_note)
        data_box = QGroupBox("Where your data lives")
        data_box.setLayout(data)

        # --- buttons and layout --------------------------------------------------------
        self.save_error = error_label("save_error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.accept)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.accept)

        grid = QGridLayout()
        grid.addWidget(ladder_box, 0, 0)
        grid.addWidget(goals_box, 0, 1)
        grid.addWidget(reminder_box, 1, 0)
        grid.addWidget(data_box, 1, 1)
        grid.addWidget(review_box, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)

        order = [self.name, self.company, self.current_level, self.target_level,
                 *self.dates.values(), self.focus_area, self.goals_this_year,
                 self.goals_next_year, self.reminder_enabled, self.reminder_day,
                 self.reminder_time, self.keep_in_tray, self.theme, self.git_repositories,
                 self.add_repository, self.git_authors, self.database_path,
                 self.backup_folder, self.buttons]
        chain_tab_order(*order)

        self._fill(profile)
        self.name.setFocus()

    def _fill(self, profile: Profile) -> None:
        self.name.setText(profile.name)
        self.ladder_picker.select(profile.company, profile.current_level,
                                  profile.target_level)
        self.git_repositories.setPlainText("\n".join(profile.git_repositories))
        self.git_authors.setText(", ".join(profile.git_authors))
        for field, edit in self.dates.items():
            value: dt.date | None = getattr(profile, field)
            edit.setText(value.isoformat() if value else "")
        self.focus_area.setText(profile.focus_area)
        self.goals_this_year.setPlainText(profile.goals_this_year)
        self.goals_next_year.setPlainText(profile.goals_next_year)
        self.reminder_enabled.setChecked(profile.reminder_enabled)
        self.reminder_day.setCurrentIndex(profile.reminder_day)
        moment = parse_reminder_time(profile.reminder_time)
        self.reminder_time.setTime(QTime(moment.hour, moment.minute))
        self.reminder_day.setEnabled(profile.reminder_enabled)
        self.reminder_time.setEnabled(profile.reminder_enabled)

    def changes(self) -> dict[str, object] | None:
        """Every field as typed, or None after marking each date that is wrong."""
        from bragdoc.importers.git_history import split_emails  # not on start-up's path

        values: dict[str, object] = {}
        ok = True
        for field, what in _DATE_FIELDS:
            text = self.dates[field].text().strip()
            try:
                values[field] = parse_iso_date(text, what) if text else None
            except InvalidInput as exc:
                show_error(self.date_errors[field], str(exc))
                ok = False
            else:
                show_error(self.date_errors[field], None)
        if not ok:
            return None
        time = self.reminder_time.time()
        values.update(
            name=self.name.text().strip(),
            **self.ladder_picker.values(),
            git_repositories=self.git_repositories.toPlainText().splitlines(),
            git_authors=split_emails(self.git_authors.text()),
            focus_area=self.focus_area.text().strip(),
            goals_this_year=self.goals_this_year.toPlainText().strip(),
            goals_next_year=self.goals_next_year.toPlainText().strip(),
            reminder_enabled=self.reminder_enabled.isChecked(),
            reminder_day=self.reminder_day.currentIndex(),
            reminder_time=f"{time.hour():02d}:{time.minute():02d}",
        )
        return values

    def _add_repository(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Choose a git repository or a folder of repositories", str(Path.home()))
        if chosen:
            listed = self.git_repositories.toPlainText().rstrip("\n")
            self.git_repositories.setPlainText(f"{listed}\n{chosen}" if listed else chosen)

    def accept(self) -> None:
        values = self.changes()
        if values is None:
            return
        try:
            profile = self.ctx.services.profile
            wait_off_the_ui_thread(lambda: profile.update(**values))
        except UserError as exc:
            show_error(self.save_error, describe(exc, "Not saved"))
            return
        show_error(self.save_error, None)
        set_keep_running_in_tray(self.ctx.settings, self.keep_in_tray.isChecked())
        if self.theme.currentData() != self.theme_shown:
            self._use_theme(self.theme.currentData())
        self.ctx.signals.profile_changed.emit()
        super().accept()

    @staticmethod
    def _use_theme(chosen: str) -> None:
        """Keep the choice and show it at once, in every window."""
        set_theme_mode(QSettings(), chosen)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, chosen)
