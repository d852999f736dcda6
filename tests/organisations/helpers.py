from django.core import mail


def link_in_last_email(fragment: str, to: str | None = None) -> str:
    """The path of the first link containing `fragment` in the newest matching email."""
    messages = [m for m in mail.outbox if to is None or to in m.to]
    word = next(w for w in messages[-1].body.split() if fragment in w)
    return word.replace("http://testserver", "")
