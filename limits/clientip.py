"""The client's address, trusting forwarded headers only from declared proxies.

Behind a TLS proxy every request comes from the proxy's address, so limits per address
would treat all candidates as one; but a forwarded header from anyone else is a lie the
sender chose. `TRUSTED_PROXIES` names the proxies (addresses or CIDR ranges, one per hop,
the one nearest the app last) or `TRUSTED_PROXY_COUNT` says how many there are; with
neither, X-Forwarded-For is ignored and REMOTE_ADDR is the client.
"""

from django.conf import settings
from django.http import HttpRequest
from python_ipware import IpWare

HEADER = "HTTP_X_FORWARDED_FOR"


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies, count = settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get(HEADER, "")
    if not (proxies or count) or not forwarded or remote is None:
        return remote
    # The chain of hops as this server saw them: what the proxies wrote, then the peer
    # that connected to us, so that ipware can check the peer is the last trusted proxy.
    chain = f"{forwarded}, {remote}"
    ipware = IpWare(precedence=(HEADER,), proxy_list=proxies or None, proxy_count=count or None)
    # Not strict: a client may prepend whatever it likes; only the hops the trusted
    # proxies appended, counted from the right, are believed.
    found, _trusted = ipware.get_client_ip({HEADER: chain}, strict=False)
    return str(found) if found is not None else remote
