"""Drops and recreates a scratch PostgreSQL database for a benchmark.

Only bench databases (names starting with `rb_`) are ever dropped: a DATABASE_URL pointing
anywhere else is refused, so that a stray environment variable cannot wipe real data.
"""

from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def recreate(url: str) -> None:
    """An empty database at `url` (PostgreSQL only), dropping what was there."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"a scratch database must be PostgreSQL, not {parts.scheme}")
    name = database_name(url)
    if not name.startswith("rb_"):
        raise SystemExit(f"refusing to drop {name!r}: bench databases start with rb_")
    # CREATE/DROP DATABASE run outside a transaction, from the maintenance database.
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop(url: str) -> None:
    name = database_name(url)
    if not name.startswith("rb_"):
        return
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
