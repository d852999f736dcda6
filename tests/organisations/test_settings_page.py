from django.urls import reverse

from organisations.models import Membership

URL = reverse("organisations:settings")


def test_a_user_chooses_daily_digests(client, rvs_member) -> None:
    client.force_login(rvs_member)
    response = client.post(URL, {"notify": "daily"}, follow=True)
    assert "Your email preference has been saved." in response.text
    assert Membership.objects.get(user=rvs_member).notify == "daily"


def test_outsiders_get_403(client, owner, pending_user) -> None:
    client.force_login(owner.user)
    assert client.get(URL).status_code == 403
    client.force_login(pending_user)
    assert client.get(URL).status_code == 403
