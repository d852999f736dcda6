import io

from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from exams.api import release_session
from exams.models import Result
from statements.api import find_statement, statement_for
from statements.pdf import render_statement
from tests.factories import download, make_candidate, pdf_text, register


def _fonts(content: bytes) -> list[dict]:
    fonts = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.append(font.get_object())
    return fonts


def _descriptor(font: dict) -> dict:
    if font["/Subtype"] == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    return font["/FontDescriptor"].get_object()


def test_it_prints_a_japanese_name_family_name_first(client, pet_session) -> None:
    candidate = make_candidate(pet_session, "JPN001", score=85, family="佐藤", given="結衣")
    register(candidate, email="yui@example.org", language="ja")
    candidate.entries.update(centre="Tokyo Centre", centre_ja="東京センター")
    release_session(pet_session)
    client.force_login(candidate.user)
    text = pdf_text(download(client, Result.objects.get(entry__candidate=candidate), "ja"))
    assert "成績証明書" in text
    assert "佐藤 結衣" in text
    assert "受検者氏名" in text
    assert "2008年4月2日" in text
    assert "2026年6月13日" in text
    assert "ケンブリッジ英検 PET" in text
    assert "合格（良好）" in text
    assert "リーディング" in text
    assert "東京センター" in text and "Tokyo Centre" not in text


def test_it_embeds_every_font_it_uses(owner, released_result) -> None:
    for language in ("en", "ja"):
        content = render_statement(released_result, statement_for(released_result), language)
        fonts = _fonts(content)
        assert fonts
        for font in fonts:
            assert "IPAexGothic" in font["/BaseFont"]
            assert "/FontFile2" in _descriptor(font)


def test_it_names_the_document_and_the_board(owner, released_result, settings) -> None:
    settings.BOARD_NAME_EN = "Example Exam Board"
    settings.BOARD_SUPPORT_EMAIL = "help@board.example"
    content = render_statement(released_result, statement_for(released_result), "en")
    metadata = PdfReader(io.BytesIO(content)).metadata
    assert metadata.title == "Statement of Results"
    assert metadata.author == "Example Exam Board"
    text = pdf_text(content)
    assert "Example Exam Board" in text
    assert "help@board.example" in text


def test_it_prints_todays_date_of_issue(owner, released_result) -> None:
    text = pdf_text(render_statement(released_result, statement_for(released_result), "en"))
    with translation.override("en"):
        assert f"Date of issue: {date_format(timezone.localdate())}" in text


def test_it_prints_names_with_markup_characters_as_they_are(pet_session) -> None:
    candidate = make_candidate(pet_session, "AMP001", score=60, family="O'Brien & <Sons>")
    release_session(pet_session)
    result = Result.objects.get(entry__candidate=candidate)
    assert "PGD961 O'Brien & <Sons>" in pdf_text(
        render_statement(result, statement_for(result), "en")
    )


def test_it_marks_missing_component_scores(owner, pet_session) -> None:
    release_session(pet_session)
    result = Result.objects.get(entry__candidate=owner)  # only reading was imported
    text = pdf_text(render_statement(result, statement_for(result), "en"))
    assert "Reading 85" in text
    assert "Writing –" in text


def test_it_finds_a_statement_by_a_loosely_typed_reference(owner, released_result) -> None:
    statement = statement_for(released_result)
    typed = statement.reference.lower().replace("-", " ").replace("0", "o")
    assert find_statement(typed) == statement
    assert find_statement("AAAA-BBBB-CCCC") is None
