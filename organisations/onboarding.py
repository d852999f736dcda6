"""Opening an account, joining one, and the approvals that follow (all with emails)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.api import User, make_email_token, tell_old_address
from directory.api import Organisation, OrganisationAccount
from limits import api as limits
from notifications.api import send_email
from organisations.models import AccountApplication, Membership, Role, Status
from sharing.api import Invitation, deliver_pending_shares, send_invited_result


def _url(name: str, *args: object) -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse(name, args=args)


def send_confirmation(user: User) -> None:
    """Sends the link for the address the account waits to confirm (new, or changed)."""
    to = user.address_to_confirm
    if not to:
        return
    context = {
        "name": user.get_full_name() or to,
        "url": _url("organisations:confirm_email", make_email_token(user, "organisation")),
    }
    send_email(to, "rvs_confirm_email", context, user.email_language)


def email_taken(email: str) -> bool:
    return User.objects.filter(username=email.lower()).exists()


def tell_owner_of_attempt(email: str, client_address: str | None) -> None:
    """Someone tried to sign up (or move an account) with an address that has an account:
    its owner hears of it, the person trying sees what a new address would show.
    Rationed, so this cannot flood a mailbox."""
    owner = User.objects.filter(username=email.lower()).first()
    if owner is None or not limits.allow_email("rvs_account_exists", email, client_address):
        return
    context = {
        "login_url": _url("organisations:login"),
        "forgot_url": _url("organisations:forgot_password"),
    }
    send_email(owner.email, "rvs_account_exists", context, owner.email_language)


def start_email_change(user: User, new_email: str, client_address: str | None) -> None:
    """The new address gets its link and becomes the username once confirmed; the old
    one is told, with a link that undoes the change."""
    new_email = new_email.lower()
    if user.email_taken_by_someone_else(new_email):
        tell_owner_of_attempt(new_email, client_address)
        return
    old_email = user.email
    user.ask_to_change_email(new_email)
    send_confirmation(user)
    if user.pending_email and old_email:
        name = user.get_full_name() or old_email
        tell_old_address(user, old_email, name, "organisations:undo_email_change")


def create_user(*, email: str, name: str, password: str, language: str) -> User:
    user = User(username=email.lower(), email=email.lower(), first_name=name, language=language)
    user.set_password(password)
    user.save()
    return user


def account_taken(account_fields: dict) -> bool:
    """Whether the new organisation's department already has an account (open or applied
    for): one account per department, so a second applicant asks to join instead."""
    return OrganisationAccount.objects.filter(
        organisation__name=account_fields["name"],
        organisation__country=account_fields["country"],
        organisation__city=account_fields["city"],
        department=account_fields["department"],
    ).exists()


@transaction.atomic
def apply_for_account(
    user: User,
    account_fields: dict,
    invitation: Invitation | None,
    existing: OrganisationAccount | None = None,
) -> AccountApplication:
    """The user applies to open an account (from the directory, or a new organisation)."""
    if existing is not None:
        account = existing
    else:
        organisation, _ = Organisation.objects.get_or_create(
            name=account_fields["name"],
            country=account_fields["country"],
            city=account_fields["city"],
            defaults={"type": account_fields["type"], "website": account_fields["website"]},
        )
        # No contact email: the applicant's address is what staff check, not a fact of
        # the directory (the website's domain stands for the organisation instead).
        account = OrganisationAccount(
            organisation=organisation, listed=False, department=account_fields["department"]
        )
        account.refresh_search_text()
        account.save()
    Membership.objects.create(user=user, account=account, role=Role.ADMIN)
    application = AccountApplication.objects.create(
        account=account, applicant=user, invitation=invitation
    )
    send_confirmation(user)
    return application


def can_approve(application: AccountApplication) -> bool:
    """Only an applicant who proved their address can open an account."""
    return application.status == Status.PENDING and application.applicant.has_confirmed_email


def decide_application(application: AccountApplication, approve: bool) -> bool:
    """Staff's decision; emails the applicant. False if it was already decided, or if
    approving while the applicant has not confirmed their address."""
    if approve and not can_approve(application):
        return False
    with transaction.atomic():
        claimed = AccountApplication.objects.filter(
            pk=application.pk, status=Status.PENDING
        ).update(status=Status.APPROVED if approve else Status.REJECTED, decided_at=timezone.now())
        if not claimed:
            return False
        application.refresh_from_db()
        account = application.account
        membership = Membership.objects.get(user=application.applicant, account=account)
        membership.status = Status.APPROVED if approve else Status.REJECTED
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_at"])
        if approve:
            _open(account, application)
        _email_decision(application.applicant, account, approve, "rvs_application_decided")
    return True


def _open(account: OrganisationAccount, application: AccountApplication) -> None:
    account.is_active = True
    account.listed = True
    account.save(update_fields=["is_active", "listed"])
    if application.invitation is not None:
        send_invited_result(application.invitation, account, application.applicant.email)
    deliver_pending_shares(account)


def _email_decision(user: User, account: OrganisationAccount, approved: bool, name: str) -> None:
    context = {
        "name": user.get_full_name() or user.email,
        "account": account.name_in(user.email_language),
        "approved": approved,
        "url": _url("organisations:login"),
    }
    send_email(user.email, name, context, user.email_language)


@transaction.atomic
def ask_to_join(user: User, account: OrganisationAccount) -> Membership:
    membership = Membership.objects.create(user=user, account=account, role=Role.MEMBER)
    send_confirmation(user)
    return membership


def tell_admins_of_join_request(membership: Membership) -> None:
    """Once the joiner confirmed their address, the account's administrators decide."""
    for admin in Membership.objects.admins().filter(account=membership.account):
        context = {
            "name": admin.user.get_full_name() or admin.user.email,
            "joiner": membership.user.get_full_name(),
            "joiner_email": membership.user.email,
            "account": membership.account.name_in(admin.user.email_language),
            "url": _url("organisations:users"),
        }
        send_email(admin.user.email, "rvs_join_request", context, admin.user.email_language)


def can_approve_member(membership: Membership) -> bool:
    """A joiner of an open account who proved their address (staff, in the admin)."""
    return (
        membership.status == Status.PENDING
        and membership.account.is_active
        and membership.user.has_confirmed_email
    )


def decide_member(membership: Membership, approve: bool) -> None:
    membership.status = Status.APPROVED if approve else Status.REJECTED
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_at"])
    _email_decision(membership.user, membership.account, approve, "rvs_join_decided")


class LastAdministrator(Exception):
    """The account would be left without an administrator."""


def _is_last_admin(membership: Membership) -> bool:
    others = (
        Membership.objects.admins().filter(account=membership.account).exclude(pk=membership.pk)
    )
    return membership.is_admin and not others.exists()


@transaction.atomic
def change_role(membership: Membership, role: str) -> None:
    # Lock the account's admin rows so two admins demoting each other can't both succeed.
    list(Membership.objects.select_for_update().filter(account=membership.account, role=Role.ADMIN))
    if role != Role.ADMIN and _is_last_admin(membership):
        raise LastAdministrator
    membership.role = role
    membership.save(update_fields=["role"])


@transaction.atomic
def remove_member(membership: Membership) -> None:
    list(Membership.objects.select_for_update().filter(account=membership.account, role=Role.ADMIN))
    if _is_last_admin(membership):
        raise LastAdministrator
    membership.delete()
