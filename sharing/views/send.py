"""Send my result (the guide's step 6): search the directory, consent, send."""

from datetime import datetime
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from directory.api import OrganisationAccount, search_accounts
from exams.api import Candidate, Result, candidate_required, released_result_query
from limits.api import client_ip
from sharing.forms import SearchForm, SendForm
from sharing.shares import consent_sentence, send_result

# The candidate's own released result, its SQL compiled once: the type-ahead asks for
# this page at every key typed (docs/decisions/0005).
own_released_result = released_result_query()


def _page(
    request: HttpRequest, result: Result, send_form: SendForm | None = None, status: int = 200
) -> HttpResponse:
    # After a refused POST the list stays as it was: the query travels in a hidden field.
    search_form = SearchForm((request.POST if request.method == "POST" else request.GET) or None)
    query = search_form.cleaned_data["q"].strip() if search_form.is_valid() else ""
    hits = search_accounts(query) if query else []
    context = {
        "result": result,
        "exam": result.entry.session.exam,
        "search_form": search_form,
        "query": query,
        "hits": hits,
        "send_form": send_form,
        "consent": consent_sentence(),
        # The invitation carries this result, to be sent once the account opens.
        "invite_url": f"{reverse('sharing:invite')}?result={result.uuid}",
    }
    template = "sharing/hits.html" if request.GET.get("partial") else "sharing/send.html"
    return render(request, template, context, status=status)


def _chosen_account(form: SendForm) -> OrganisationAccount | None:
    if not form.is_valid():
        return None
    # Only what the directory lists: not a new organisation's account before staff approve it.
    account = (
        OrganisationAccount.objects.select_related("organisation")
        .filter(uuid=form.cleaned_data["account"], listed=True)
        .first()
    )
    if account is None:
        form.add_error(
            "account",
            _(
                "That organisation is not in our directory any more. "
                "Search again and choose another."
            ),
        )
    return account


def _local_date(moment: datetime) -> str:
    """The day in the site's time zone, as the shares table shows it (a template's `date`
    filter converts; a view must: 20:00 UTC on 29 November is 30 November in Japan)."""
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


@candidate_required
def send(request: HttpRequest, result_uuid: UUID, candidate: Candidate) -> HttpResponse:
    result = own_released_result(candidate, result_uuid)
    if request.method != "POST":
        return _page(request, result)
    form = SendForm(request.POST)
    account = _chosen_account(form)
    if account is None:
        return _page(request, result, send_form=form, status=400)
    outcome = send_result(result, account, client_ip(request))
    if outcome.created:
        messages.success(
            request, _("Your result has been sent to %(account)s.") % {"account": account}
        )
    else:
        messages.info(
            request,
            _(
                "You already sent this result to %(account)s on %(date)s. "
                "It has not been sent again."
            )
            % {"account": account, "date": _local_date(outcome.share.created_at)},
        )
    return redirect("sharing:shares")
