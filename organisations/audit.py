"""The audit log: every view, verification and export, readable by account admins.

An event stores what happened as data (its action and `params`: ID Number, reference,
counts), never a sentence, so the log reads in the language of whoever opens it.
`detail` is free text kept from before (migration 0004) and shown as it is.
"""

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from organisations.models import AuditEvent, Membership

if TYPE_CHECKING:
    from sharing.api import Share


def record(
    membership: Membership,
    action: str,
    *,
    share: "Share | None" = None,
    detail: str = "",
    params: dict[str, Any] | None = None,
) -> None:
    AuditEvent.objects.create(
        account=membership.account,
        user=membership.user,
        action=action,
        share=share,
        detail=detail[:300],
        params=params or {},
    )


def share_params(share: "Share") -> dict[str, str]:
    """Who and which exam, kept in the event: still readable once the share is withdrawn."""
    entry = share.result.entry
    return {
        "candidate_id": entry.candidate.candidate_id,
        "name": entry.candidate.full_name,
        "exam": entry.session.exam.code,
        "session_date": entry.session.date.isoformat(),
    }


def describe(event: AuditEvent) -> str:
    """The event's detail in the current language."""
    params = event.params or {}
    describer = _DESCRIBERS.get(event.action)
    if describer is None or not params:
        return event.detail
    return describer(params)


def _share(params: dict[str, Any]) -> str:
    day = parse_date(params.get("session_date", ""))
    values = {
        "name": params.get("name", ""),
        "candidate_id": params.get("candidate_id", ""),
        "exam": params.get("exam", ""),
        "date": formats.date_format(day, "DATE_FORMAT") if day else "",
    }
    return _("%(name)s (ID Number %(candidate_id)s), %(exam)s of %(date)s") % values


def _process(params: dict[str, Any]) -> str:
    if params.get("undo"):
        return _("Marked as not processed: %(share)s") % {"share": _share(params)}
    return _share(params)


_OUTCOMES = {
    "match": lambda: _("match"),
    "no_match": lambda: _("no match"),
    "paused": lambda: _("not checked: verification paused"),
    "date_of_birth_needed": lambda: _("not checked: date of birth needed"),
}


def _verify(params: dict[str, Any]) -> str:
    outcome = _OUTCOMES.get(params.get("outcome", ""), lambda: params.get("outcome", ""))()
    if params.get("reference"):
        what = _("Statement of Results reference %(reference)s") % params
    elif params.get("candidate_id"):
        what = _("ID Number %(candidate_id)s") % params
    else:  # logged before events named what was checked
        return outcome
    return f"{what}: {outcome}"


def _bulk_verify(params: dict[str, Any]) -> str:
    rows = params.get("rows", 0)
    counts = ngettext("%(rows)s row", "%(rows)s rows", rows) % {"rows": rows}
    found = _(
        "%(match)s match, %(no_match)s no match, %(malformed)s malformed, "
        "%(not_checked)s not checked, %(needs_date_of_birth)s need the date of birth"
    ) % {key: params.get(key, 0) for key in _BULK_COUNTS}
    return f"{counts}: {found}"


_BULK_COUNTS = ["match", "no_match", "malformed", "not_checked", "needs_date_of_birth"]


def _export(params: dict[str, Any]) -> str:
    rows = params.get("rows", 0)
    text = ngettext("%(rows)s row", "%(rows)s rows", rows) % {"rows": rows}
    if params.get("filters"):
        text += " · " + _("filters: %(filters)s") % {"filters": params["filters"]}
    return text


_CHANGES = {
    "approve": lambda: _("approved %(email)s"),
    "reject": lambda: _("rejected %(email)s"),
    "admin": lambda: _("made %(email)s an administrator"),
    "member": lambda: _("made %(email)s a member"),
    "remove": lambda: _("removed %(email)s"),
}


def _users(params: dict[str, Any]) -> str:
    change = _CHANGES.get(params.get("change", ""))
    email = params.get("email", "")
    return change() % {"email": email} if change else f"{params.get('change', '')} {email}"


_REQUIREMENT_WORDS = {"accepted": lambda: _("accepted"), "removed": lambda: _("removed")}


def _requirements(params: dict[str, Any]) -> str:
    """`PET: accepted overall>=80 writing>=65 age<=24m` (requirements.describe, stored as
    data) put into the reader's words: "PET: accepted, overall score at least 80, …"."""
    lines = []
    for change in params.get("changes", []):
        exam, _colon, rule = change.partition(": ")
        terms = [_requirement_term(term) for term in rule.split()]
        lines.append(f"{exam}: " + pgettext("between list items", ", ").join(terms))
    return "; ".join(lines)


def _requirement_term(term: str) -> str:
    if term in _REQUIREMENT_WORDS:
        return str(_REQUIREMENT_WORDS[term]())
    if match := re.fullmatch(r"age<=(\d+)m", term):
        return _("taken at most %(months)s months ago") % {"months": match[1]}
    if match := re.fullmatch(r"overall>=(\d+)", term):
        return _("overall score at least %(score)s") % {"score": match[1]}
    if match := re.fullmatch(r"(\w+)>=(\d+)", term):
        return _("%(component)s at least %(score)s") % {"component": match[1], "score": match[2]}
    return term  # a shape this version does not know: shown as it was stored


_DESCRIBERS: dict[str, Callable[[dict[str, Any]], str]] = {
    AuditEvent.Action.VIEW: _share,
    AuditEvent.Action.PROCESS: _process,
    AuditEvent.Action.VERIFY: _verify,
    AuditEvent.Action.BULK_VERIFY: _bulk_verify,
    AuditEvent.Action.EXPORT: _export,
    AuditEvent.Action.USERS: _users,
    AuditEvent.Action.REQUIREMENTS: _requirements,
}
