"""Opening an account, joining one, and the approvals that follow (all with emails)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tokens import make_email_token
from notifications.api import send_email
from organisations.models import AccountApplication, Membership, Role, Status
from sharing.models import Invitation, Organisation, OrganisationAccount
from sharing.shares import deliver_pending_shares


def _url(name: str, *args: object) -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse(name, args=args)


def send_confirmation(user: User) -> None:
    token = make_email_token(user, user.email, "organisation")
    context = {
        "name": user.get_full_name() or user.email,
        "url": _url("organisations:confirm_email", token),
    }
    send_email(user.email, "rvs_confirm_email", context, user.language)


def create_user(*, email: str, name: str, password: str, language: str) -> User:
    user = User(username=email.lower(), email=email.lower(), first_name=name, language=language)
    user.set_password(password)
    user.save()
    return user


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
        account = OrganisationAccount(
            organisation=organisation,
            listed=False,
            department=account_fields["department"],
            email=user.email,
        )
        account.refresh_search_text()
        account.save()
    Membership.objects.create(user=user, account=account, role=Role.ADMIN)
    application = AccountApplication.objects.create(
        account=account, applicant=user, invitation=invitation
    )
    send_confirmation(user)
    return application


def decide_application(application: AccountApplication, approve: bool) -> bool:
    """Staff's decision; emails the applicant. False if it was already decided."""
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
    if application.invitation_id:
        Invitation.objects.filter(pk=application.invitation_id).update(account=account)
    deliver_pending_shares(account)


def _email_decision(user: User, account: OrganisationAccount, approved: bool, name: str) -> None:
    context = {
        "name": user.get_full_name() or user.email,
        "account": str(account),
        "approved": approved,
        "url": _url("organisations:login"),
    }
    send_email(user.email, name, context, user.language)


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
            "account": str(membership.account),
            "url": _url("organisations:users"),
        }
        send_email(admin.user.email, "rvs_join_request", context, admin.user.language)


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
