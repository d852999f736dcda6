"""The set-based half of the entries import: SQL shared by PostgreSQL and SQLite."""

ROWS = "import_entry_rows"
ROW_COLUMNS = [
    ("line", "integer NOT NULL"),
    ("candidate_id", "varchar(32) NOT NULL"),
    ("secret_number_hash", "varchar(64) NOT NULL"),
    ("family_name", "varchar(150) NOT NULL"),
    ("given_name", "varchar(150) NOT NULL"),
    ("date_of_birth", "date NOT NULL"),
    ("email", "varchar(254) NOT NULL"),
    ("session_id", "integer NOT NULL"),
    ("centre", "varchar(200) NOT NULL"),
    ("centre_ja", "varchar(200) NOT NULL"),
]

# Problem kinds (`kind` in PROBLEMS), in the order a line's problems are listed; the first
# two index entries._CLASHES.
OTHER_SECRET, OTHER_PERSON, REPEATED_ENTRY = range(3)

# One ID Number may come back (other sessions), but as the same person as on its first
# line, and once a session. The numbers in `kind` are the constants above.
PROBLEMS = """
WITH firsts AS (
    SELECT line, candidate_id, session_id,
        first_value(line) OVER person AS person_line,
        first_value(secret_number_hash) OVER person <> secret_number_hash AS other_secret,
        (first_value(family_name) OVER person <> family_name
            OR first_value(given_name) OVER person <> given_name
            OR first_value(date_of_birth) OVER person <> date_of_birth) AS other_person,
        min(line) OVER (PARTITION BY candidate_id, session_id) AS entry_line
    FROM import_entry_rows
    WINDOW person AS (PARTITION BY candidate_id ORDER BY line)
)
SELECT line, 0 AS kind, candidate_id, person_line, session_id FROM firsts WHERE other_secret
UNION ALL
SELECT line, 1, candidate_id, person_line, session_id FROM firsts WHERE other_person
UNION ALL
SELECT line, 2, candidate_id, entry_line, session_id FROM firsts WHERE line > entry_line
"""

# Entries of the file that exist already (counted before they are written).
EXISTING = """
SELECT count(*) FROM import_entry_rows s
JOIN exams_candidate c ON c.candidate_id = s.candidate_id
JOIN exams_entry e ON e.candidate_id = c.id AND e.session_id = s.session_id
"""

# A candidate on several lines is the same person on each (PROBLEMS): the last line gives
# the email, as a later line of a file replaces an earlier one. `WHERE` before `ON
# CONFLICT` is what SQLite needs to parse an INSERT ... SELECT upsert.
APPLY = [
    """
INSERT INTO exams_candidate (candidate_id, secret_number_hash, family_name, given_name,
    date_of_birth, email)
SELECT candidate_id, secret_number_hash, family_name, given_name, date_of_birth, email
FROM import_entry_rows
WHERE line IN (SELECT max(line) FROM import_entry_rows GROUP BY candidate_id)
ON CONFLICT (candidate_id) DO UPDATE SET secret_number_hash = excluded.secret_number_hash,
    family_name = excluded.family_name, given_name = excluded.given_name,
    date_of_birth = excluded.date_of_birth, email = excluded.email
""",
    """
INSERT INTO exams_entry (candidate_id, session_id, centre, centre_ja)
SELECT c.id, s.session_id, s.centre, s.centre_ja
FROM import_entry_rows s JOIN exams_candidate c ON c.candidate_id = s.candidate_id
WHERE TRUE
ON CONFLICT (candidate_id, session_id) DO UPDATE SET centre = excluded.centre
""",
]
# With a centre_ja column in the file, a re-import replaces the Japanese names too; without
# one, they stay as they are.
UPDATE_CENTRE_JA = ", centre_ja = excluded.centre_ja\n"
