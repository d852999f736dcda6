"""Staging tables: an import streams its rows into one, then checks and applies them with a
few set-based statements (docs/decisions/0012). The one place where PostgreSQL and SQLite
differ: how rows get in (COPY or executemany), JSON values and new UUIDs."""

import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection

from exams.importing.common import ErrorLog, RowError

Row = Sequence[Any]


class Dialect:
    """SQLite's way (tests, the demo); PostgreSQL's differs where it is faster."""

    def load(self, table: str, columns: list[str], rows: list[Row]) -> None:
        placeholders = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            names = ", ".join(columns)
            sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608  # nosec B608
            cursor.executemany(sql, rows)

    def prepare(self) -> None:
        # SQLite keeps JSON as text: compare values, not spellings ({"a": 1} is {"a":1}).
        raw = connection.connection
        raw.create_function("rb_same_json", 2, _same_json, deterministic=True)
        raw.create_function("rb_uuid4", 0, lambda: uuid.uuid4().hex)

    def json(self, expression: str) -> str:
        return expression

    def same_json(self, stored: str, staged: str) -> str:
        return f"rb_same_json({stored}, {staged})"

    def new_uuid(self) -> str:
        return "rb_uuid4()"


class PostgresDialect(Dialect):
    def load(self, table: str, columns: list[str], rows: list[Row]) -> None:
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def prepare(self) -> None:
        with connection.cursor() as cursor:
            # Hash joins and sorts over a million staged rows stay in memory (server side,
            # this transaction only) instead of spilling to disk in 4 MB pieces.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            # Compiling these few big statements costs more (1-2 s each) than it saves.
            cursor.execute("SET LOCAL jit = off")

    def json(self, expression: str) -> str:
        return f"CAST({expression} AS jsonb)"

    def same_json(self, stored: str, staged: str) -> str:
        return f"{stored} = CAST({staged} AS jsonb)"

    def new_uuid(self) -> str:
        return "gen_random_uuid()"


def dialect() -> Dialect:
    return PostgresDialect() if connection.vendor == "postgresql" else Dialect()


class Staging:
    """A temporary table for one import's rows, inside the import's transaction: rolled
    back with it when the file is rejected, dropped by `drop` when it is applied."""

    def __init__(self, table: str, columns: list[tuple[str, str]]) -> None:
        self.table = table
        self.columns = columns
        self.sql = dialect()

    def create(self) -> None:
        connection.ensure_connection()
        self.sql.prepare()
        definition = ", ".join(f"{name} {kind}" for name, kind in self.columns)
        execute(f"DROP TABLE IF EXISTS {self.table}")
        execute(f"CREATE TEMPORARY TABLE {self.table} ({definition})")

    def load(self, rows: list[Row]) -> None:
        if rows:
            self.sql.load(self.table, [name for name, _kind in self.columns], rows)

    def analyze(self) -> None:
        # Temporary tables get no statistics by themselves; the planner needs them to
        # pick hash joins over a million rows.
        execute(f"ANALYZE {self.table}")

    def drop(self) -> None:
        execute(f"DROP TABLE {self.table}")


def execute(sql: str, params: dict[str, Any] | None = None) -> int:
    """Runs one statement; returns the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch(sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def add_errors(
    errors: ErrorLog,
    problems_sql: str,
    params: dict[str, Any] | None,
    describe: Callable[..., str],
) -> None:
    """Adds the problems a query finds to `errors`, in line order.

    `problems_sql` selects `line, kind, ...` (one row per problem; `kind` orders the
    problems of one line); `describe(kind, ...)` words one. Only the first few hundred
    leave the database, with the count of all.
    """
    rows = fetch(
        f"SELECT problems.*, count(*) OVER () AS total FROM ({problems_sql}) problems "  # noqa: S608  # nosec B608
        f"ORDER BY line, kind LIMIT {errors.limit}",
        params,
    )
    found = [RowError(row[0], describe(*row[1:-1])) for row in rows]
    errors.merge(found, rows[0][-1] if rows else 0)


def _same_json(stored: str | None, staged: str | None) -> bool | None:
    if stored is None or staged is None:
        return None
    return bool(json.loads(stored) == json.loads(staged))
