"""The client address every limit counts by: forwarded headers only from declared proxies."""

import pytest
from django.test import RequestFactory

from limits.api import client_ip

REAL, SPOOFED, PROXY = "203.0.113.7", "198.51.100.99", "10.0.0.5"


def request(remote: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_it_ignores_forwarded_headers_without_declared_proxies(settings) -> None:
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = [], 0
    assert client_ip(request(REAL, forwarded=SPOOFED)) == REAL


@pytest.mark.parametrize(("proxies", "count"), [(["10.0.0.0/8"], 0), (["10.0.0.5"], 0), ([], 1)])
def test_it_takes_the_address_a_declared_proxy_saw_as_the_client(settings, proxies, count):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = proxies, count
    assert client_ip(request(PROXY, forwarded=REAL)) == REAL


@pytest.mark.parametrize(("proxies", "count"), [(["10.0.0.0/8"], 0), ([], 1)])
def test_it_ignores_a_spoofed_address_the_client_prepends(settings, proxies, count) -> None:
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = proxies, count
    # The client sent "X-Forwarded-For: SPOOFED"; the proxy appended the address it saw.
    assert client_ip(request(PROXY, forwarded=f"{SPOOFED}, {REAL}")) == REAL


def test_it_keeps_a_client_bypassing_the_declared_proxy_from_choosing_its_address(settings) -> None:
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["10.0.0.0/8"], 0
    assert client_ip(request(REAL, forwarded=SPOOFED)) == REAL


def test_it_falls_back_to_the_peer_on_garbage_in_the_header(settings) -> None:
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["10.0.0.0/8"], 0
    assert client_ip(request(PROXY, forwarded="not-an-address\x00")) == PROXY
