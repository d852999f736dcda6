"""Candidates' data lives in `exams.Candidate` (the Confirmation of Entry) and
`accounts.User` (the account). Wrong Secret Numbers at registration are counted by the
`limits` app (docs/decisions/0003), which stores no ID Number or address in clear."""
