"""Directory entries for sharing tests."""

from directory.models import Organisation, OrganisationAccount


def make_account(
    name: str,
    department: str = "",
    *,
    country: str = "JP",
    city: str = "Tokyo",
    aliases: str = "",
    active: bool = False,
    email: str = "admissions@example.jp",
) -> OrganisationAccount:
    organisation, _ = Organisation.objects.get_or_create(
        name=name,
        country=country,
        city=city,
        defaults={"type": "university", "aliases": aliases},
    )
    account = OrganisationAccount(
        organisation=organisation, department=department, email=email, is_active=active
    )
    account.refresh_search_text()
    account.save()
    return account
