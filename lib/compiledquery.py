"""A query built by the ORM once per process and then only executed (docs/decisions/0010).

Every signed-in candidate page reads its session, its user and (the result page) its result
by key. Through the ORM each read costs 0.5–1.7 ms of CPU, nearly all of it building the
QuerySet and compiling its SQL again; executing the same SQL costs ~0.07 ms. Here the ORM
still writes the SQL and says how to turn rows into model instances (Django's own
compiler, converters and related-object populators, as `ModelIterable` uses them); this
class only keeps them and runs them again with new parameters.

Only simple filters belong here: each parameter is one value compared with one field, so
it is prepared for the database exactly as the ORM prepares it (`get_db_prep_value`).

On PostgreSQL these queries are also server-side prepared statements (settings
DATABASE_PREPARED_STATEMENTS): PostgreSQL spent 0.25–0.36 ms planning each of them and
0.05–0.08 ms running it, and the same SQL comes back on every page. Only these queries
are prepared: the rest of the app keeps Django's client-side binding.
"""

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import connections, router
from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]
from django.db.models import Field, Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]

M = TypeVar("M", bound=Model)


class _PreparingCursor(ServerBindingCursor):
    """Django's server-side binding cursor for psycopg 3, each query prepared on the
    connection the first time it runs and executed by name afterwards."""

    def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
        return super().execute(query, params, **{**options, "prepare": True})


def _cursor(connection: Any) -> Any:
    """On PostgreSQL a cursor that prepares, wrapped by Django as any (errors translated).
    While queries are logged (DEBUG, tests counting queries) Django's own cursor: Django
    logs a query with its values only as bound on the client."""
    if (
        connection.vendor != "postgresql"
        or not settings.DATABASE_PREPARED_STATEMENTS
        or connection.queries_logged
    ):
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        return connection.make_cursor(_PreparingCursor(connection.connection))


class _Compiled:
    """The SQL and the row-to-instance plan of one query on one database connection."""

    def __init__(self, queryset: QuerySet[Any], samples: Sequence[object], fields: Sequence[Field]):
        db = queryset.db
        connection = connections[db]
        compiler = queryset.query.get_compiler(using=db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.positions = [
            self._position(field, sample, connection)
            for field, sample in zip(fields, samples, strict=True)
        ]
        klass_info, select = compiler.klass_info, compiler.select
        assert klass_info is not None
        self.model: type[Model] = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.model_slice = slice(start, end)
        self.init_list = [column[0].target.attname for column in select[start:end]]
        self.populators = get_related_populators(klass_info, select, db)
        self.annotations = dict(compiler.annotation_col_map or {})
        self.converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])
        self.compiler, self.db, self.fields = compiler, db, list(fields)

    def _position(self, field: Field, sample: object, connection: Any) -> int:
        prepared = field.get_db_prep_value(sample, connection)
        found = [i for i, param in enumerate(self.params) if param == prepared]
        if len(found) != 1:
            raise ValueError(f"{sample!r} must appear once in the query's parameters")
        return found[0]

    def run(self, values: Sequence[object]) -> list[Model]:
        connection = connections[self.db]
        params = list(self.params)
        for position, field, value in zip(self.positions, self.fields, values, strict=True):
            params[position] = field.get_db_prep_value(value, connection)
        with _cursor(connection) as cursor:
            cursor.execute(self.sql, params)
            rows: Any = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [self._instance(row) for row in rows]

    def _instance(self, row: Sequence[Any]) -> Model:
        obj = self.model.from_db(self.db, self.init_list, row[self.model_slice])
        for populator in self.populators:
            populator.populate(row, obj)  # sets the related objects' caches
        for name, column in self.annotations.items():
            setattr(obj, name, row[column])
        return obj


class CompiledQuery(Generic[M]):
    """`build(*values)` made once per database and executed with new `values`.

    `params` pairs each of build's arguments with the field it is compared with and a sample
    value (any value, distinct from the other samples): the sample shows where the value
    goes among the compiled query's parameters.
    """

    def __init__(self, build: Callable[..., QuerySet[M]], *params: tuple[Field, object]) -> None:
        self.build = build
        self.params = params
        self._model: type[M] | None = None
        self._compiled: dict[str, _Compiled] = {}

    def __call__(self, *values: object) -> list[M]:
        db = router.db_for_read(self._model) if self._model else None
        compiled = self._compiled.get(db) if db else None
        if compiled is None:
            samples = [sample for _, sample in self.params]
            queryset = self.build(*samples)
            self._model, fields = queryset.model, [field for field, _ in self.params]
            compiled = self._compiled[queryset.db] = _Compiled(queryset, samples, fields)
        return compiled.run(values)  # type: ignore[return-value]
