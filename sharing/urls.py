from django.urls import path

from sharing.views import invitations, send, shares

app_name = "sharing"

urlpatterns = [
    path("results/<uuid:result_uuid>/send/", send.send, name="send"),
    path("shares/", shares.shares, name="shares"),
    path("shares/<uuid:share_uuid>/withdraw/", shares.withdraw, name="withdraw"),
    path("invite/", invitations.invite, name="invite"),
    path("invitations/", invitations.invitations, name="invitations"),
    path("invitations/<uuid:invitation_uuid>/", invitations.invitation_landing, name="invitation"),
]
