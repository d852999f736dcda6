"""The set-based half of the results import: SQL shared by PostgreSQL and SQLite.

`ROWS` holds each checked row of the file; `CHECKED` adds, for each, what the database
knows (candidate, entry, current result, released or not, unchanged or not) and the first
line of its (candidate, session) in the file. Rows given twice are found by a GROUP BY,
not a window: a sort of a million rows costs more than a hash of the few keys repeated. The checks
and the writes then read `CHECKED` only.
"""

from exams.importing.staging import Dialect

ROWS = "import_result_rows"
CHECKED = "import_result_checked"
ROW_COLUMNS = [
    ("line", "integer NOT NULL"),
    ("candidate_id", "varchar(32) NOT NULL"),
    ("session_ref", "integer NOT NULL"),  # Sessions.met index: names it in messages
    ("session_id", "integer"),  # NULL: there is no such session
    ("band_id", "integer NOT NULL"),
    ("overall_score", "integer NOT NULL"),
    ("component_scores", "text NOT NULL"),  # JSON
]

# Problem kinds (`kind` in PROBLEMS), in the order a line's problems are listed.
DUPLICATE, UNKNOWN_CANDIDATE, NO_SESSION, NO_ENTRY, RELEASED = range(5)


def checked(sql: Dialect) -> str:
    same_scores = sql.same_json("r.component_scores", "s.component_scores")
    return f"""
CREATE TEMPORARY TABLE {CHECKED} AS
SELECT s.line, s.candidate_id, s.session_ref, s.session_id, s.overall_score,
    s.component_scores, b.grade_en, b.grade_ja, b.cefr_level,
    COALESCE(d.first_line, s.line) AS first_line,
    c.id AS candidate_pk, e.id AS entry_pk, r.id AS result_pk,
    es.released_at IS NOT NULL AS released,
    COALESCE(r.overall_score = s.overall_score AND r.grade_en = b.grade_en
        AND r.grade_ja = b.grade_ja AND r.cefr_level = b.cefr_level AND {same_scores},
        FALSE) AS unchanged
FROM {ROWS} s
JOIN exams_gradeband b ON b.id = s.band_id
LEFT JOIN (
    SELECT candidate_id, session_ref, min(line) AS first_line FROM {ROWS}
    GROUP BY candidate_id, session_ref HAVING count(*) > 1
) d ON d.candidate_id = s.candidate_id AND d.session_ref = s.session_ref
LEFT JOIN exams_candidate c ON c.candidate_id = s.candidate_id
LEFT JOIN exams_examsession es ON es.id = s.session_id
LEFT JOIN exams_entry e ON e.candidate_id = c.id AND e.session_id = s.session_id
LEFT JOIN exams_result r ON r.entry_id = e.id
"""  # noqa: S608 (constants and dialect fragments only, never input)  # nosec B608


# A row given twice is reported as such only; the other checks are for first rows. The
# numbers in `kind` are the constants above.
PROBLEMS = """
SELECT line, kind, first_line, candidate_id, session_ref, result_pk IS NOT NULL AS has_result
FROM (
    SELECT *, 0 AS kind FROM import_result_checked WHERE line > first_line
    UNION ALL
    SELECT *, 1 FROM import_result_checked WHERE line = first_line AND candidate_pk IS NULL
    UNION ALL
    SELECT *, 2 FROM import_result_checked WHERE line = first_line AND session_id IS NULL
    UNION ALL
    SELECT *, 3 FROM import_result_checked
    WHERE line = first_line AND candidate_pk IS NOT NULL AND session_id IS NOT NULL
        AND entry_pk IS NULL
    UNION ALL
    SELECT *, 4 FROM import_result_checked
    WHERE line = first_line AND entry_pk IS NOT NULL AND released AND NOT unchanged
        AND NOT %(amend)s
) found
"""

# new, replaced, amended, unchanged: the order of ResultsReport's fields.
COUNTS = """
SELECT
    COALESCE(SUM(CASE WHEN NOT unchanged AND NOT released AND result_pk IS NULL
        THEN 1 ELSE 0 END), 0),
    COALESCE(SUM(CASE WHEN NOT unchanged AND NOT released AND result_pk IS NOT NULL
        THEN 1 ELSE 0 END), 0),
    COALESCE(SUM(CASE WHEN NOT unchanged AND released THEN 1 ELSE 0 END), 0),
    COALESCE(SUM(CASE WHEN unchanged THEN 1 ELSE 0 END), 0)
FROM import_result_checked
"""

RELEASED_SESSIONS = """
SELECT DISTINCT session_id FROM import_result_checked WHERE released AND NOT unchanged
ORDER BY session_id
"""


def apply(sql: Dialect) -> list[str]:
    """Revisions of the released results about to change, then the changes, then the new
    results. A replaced result keeps its UUID (its links were made with it); an amended
    one keeps its imported_at and gets amended_at."""
    return [
        f"""
INSERT INTO exams_resultrevision (result_id, overall_score, grade_en, grade_ja,
    cefr_level, component_scores, valid_from, replaced_at)
SELECT r.id, r.overall_score, r.grade_en, r.grade_ja, r.cefr_level, r.component_scores,
    COALESCE(r.amended_at, r.imported_at), %(now)s
FROM {CHECKED} x JOIN exams_result r ON r.id = x.result_pk
WHERE x.released AND NOT x.unchanged
""",  # noqa: S608 (constants only)  # nosec B608
        f"""
UPDATE exams_result SET overall_score = x.overall_score, grade_en = x.grade_en,
    grade_ja = x.grade_ja, cefr_level = x.cefr_level,
    component_scores = {sql.json("x.component_scores")},
    imported_at = CASE WHEN x.released THEN exams_result.imported_at ELSE %(now)s END,
    amended_at = CASE WHEN x.released THEN %(now)s ELSE NULL END
FROM {CHECKED} x
WHERE exams_result.id = x.result_pk AND NOT x.unchanged
""",  # noqa: S608 (constants and dialect fragments only)  # nosec B608
        f"""
INSERT INTO exams_result (uuid, entry_id, overall_score, grade_en, grade_ja, cefr_level,
    component_scores, imported_at)
SELECT {sql.new_uuid()}, x.entry_pk, x.overall_score, x.grade_en, x.grade_ja,
    x.cefr_level, {sql.json("x.component_scores")}, %(now)s
FROM {CHECKED} x WHERE x.result_pk IS NULL
""",  # noqa: S608 (constants and dialect fragments only)  # nosec B608
    ]
