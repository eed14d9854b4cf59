"""Schema revisions: the code's list matches Alembic, the tables match the models, and
every past revision upgrades with its data intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from bragdoc.store.database import MIGRATIONS_DIR, Database
from bragdoc.store.schema import HEAD, REVISIONS
from bragdoc.store.tables import managed_by_models, metadata


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _schema(path: Path) -> set[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return {
            (kind, name, " ".join((sql or "").split()))
            for kind, name, sql in conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        }
    finally:
        conn.close()


def test_known_revisions_match_the_migration_scripts() -> None:
    scripts = ScriptDirectory.from_config(_config())
    walked = [rev.revision for rev in scripts.walk_revisions()]
    assert tuple(reversed(walked)) == REVISIONS
    assert scripts.get_current_head() == HEAD


def test_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": managed_by_models}
        )
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_search_triggers_exist_after_migration(db: Database) -> None:
    names = {name for kind, name, _ in _schema(db.path) if kind == "trigger"}
    assert names == {
        f"{table}_search_{event}"
        for table in ("win", "project", "feedback", "metric")
        for event in ("insert", "update", "delete")
    }


def _insert_sample(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        INSERT INTO project (id, name, summary, scope, role, pillars, tags, links, situation,
                             task, action, result, created_at, updated_at)
        VALUES ('p1', 'Checkout', 'Faster checkout', 'cross_team', 'lead', '[]', '[]', '[]',
                '', '', '', '', '2025-01-01 00:00:00', '2025-01-01 00:00:00');
        INSERT INTO win (id, date, title, details, project_id, pillars, tags, links,
                         created_at, updated_at)
        VALUES ('w1', '2025-02-14', 'Shipped cache', 'details', 'p1',
                '["technical_excellence"]', '["perf"]', '[]',
                '2025-02-14 00:00:00', '2025-02-14 00:00:00');
        INSERT INTO metric (id, win_id, position, name, text, kind, before_text, after_text,
                            quantified, direction, direction_source, category_source, is_new,
                            business_value)
        VALUES ('m1', 'w1', 0, 'p95 latency', 'p95 latency: 2.4s -> 0.6s', 'change', '2.4s',
                '0.6s', 1, 'lower', 'inferred', 'inferred', 0, 0);
        """
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_populated_database_of_each_revision_upgrades_without_loss(
    tmp_path: Path, revision: str
) -> None:
    old = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{old}")
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()
    _insert_sample(old)

    upgraded = Database.open(old)
    fresh = Database.open(tmp_path / "fresh.sqlite3")
    assert _schema(upgraded.path) == _schema(fresh.path)
    with upgraded.reading() as conn:
        assert conn.execute("SELECT title FROM win").fetchall() == [("Shipped cache",)]
        assert conn.execute("SELECT count(*) FROM search_index WHERE search_index MATCH 'cache'"
                            ).fetchone() == (1,)
