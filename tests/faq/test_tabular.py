"""CSV and XLSX loaders: BOM, grouping rows into entries, sheets named after languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from faq.loader import KBError, load_kb, load_kb_bytes

HEADER = "id,prefecture,type,lang,question,answer,links,tags\n"
ROWS = (
    "kobe-beef,Hyogo,food,en,Where can I eat Kobe beef?,Around Sannomiya.,https://a.example,kobe|beef\n"
    "kobe-beef,,,en,Is Kobe beef expensive?,,,wagyu\n"
    "kobe-beef,,,th,กินเนื้อโกเบที่ไหน,แถวซันโนมิยะ,,\n"
)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_csv_with_or_without_bom(bom: bytes) -> None:
    kb = load_kb_bytes("kb.csv", bom + (HEADER + ROWS).encode())
    entry = kb.get("kobe-beef")
    assert entry is not None and entry.prefecture == "JP-28" and entry.type == "food"
    assert entry.questions["en"] == ("Where can I eat Kobe beef?", "Is Kobe beef expensive?")
    assert entry.answer_in("th") == ("แถวซันโนมิยะ", "th")
    assert entry.answer_in("vi") == ("Around Sannomiya.", "en")
    assert entry.tags == ("kobe", "beef", "wagyu") and entry.links == ("https://a.example",)


def test_csv_header_names_are_case_insensitive_and_order_free() -> None:
    data = b"Question,ANSWER,Lang,Type,Id\nVisa?,Depends.,en,documents,visa\n"
    assert load_kb_bytes("kb.csv", data).get("visa") is not None


@pytest.mark.parametrize(
    ("rows", "row", "field", "words"),
    [
        ("a,,transport,en,Q1?,A1.,,\na,,transport,en,Q2?,A2.,,\n", 3, "answer", "already given"),
        ("a,,transport,,Q1?,A1.,,\n", 2, "lang", "missing language"),
        ("a,,bogus,en,Q1?,A1.,,\n", 2, "type", "unknown type"),
        ("a,Mars,transport,en,Q1?,A1.,,\n", 2, "prefecture", "unknown prefecture"),
        ("a,,transport,th,Q1?,A1.,,\n", 2, "answer", "missing english"),
        ("a b,,transport,en,Q1?,A1.,,\n", 2, "id", "bad id"),
        ("a,,transport,en,Q1?,A1.,,\na,,food,en,Q2?,,,\n", 3, "type", "conflicts"),
    ],
)
def test_csv_errors_name_file_row_and_field(rows: str, row: int, field: str, words: str) -> None:
    with pytest.raises(KBError) as info:
        load_kb_bytes("faq.csv", (HEADER + rows).encode())
    issue = info.value.issues[0]
    assert (issue.file, issue.row, issue.field) == ("faq.csv", row, field)
    assert words in issue.message.casefold()


def test_csv_missing_column_and_bad_encoding() -> None:
    with pytest.raises(KBError) as info:
        load_kb_bytes("kb.csv", b"id,lang,question\nx,en,Q?\n")
    assert info.value.issues[0].field == "type" and info.value.issues[0].row == 1
    with pytest.raises(KBError) as info:
        load_kb_bytes("kb.csv", (HEADER + ROWS).encode("utf-16"))
    assert "UTF-8" in info.value.issues[0].message


def _workbook(path: Path) -> None:
    book = Workbook()
    main = book.active
    main.title = "entries"
    main.append(["id", "prefecture", "type", "lang", "question", "answer", "tags"])
    main.append(
        ["kyoto-access", "JP-26", "transport", "en", "How to get to Kyoto?", "Haruka.", "kyoto"]
    )
    th = book.create_sheet("th")
    th.append(["id", "question", "answer", "type"])
    th.append(["kyoto-access", "ไปเกียวโตยังไง", "นั่งรถไฟ Haruka", None])
    th.append(["kyoto-access", "เดินทางไปเกียวโต", None, None])
    zh = book.create_sheet("zh")
    zh.append(["ID", "Question", "Answer", "Lang", "Type"])
    zh.append(["visa", "需要签证吗", None, None, "documents"])
    zh.append(["visa", "Do I need a visa?", "It depends.", "en", None])
    book.save(path)


def test_xlsx_reads_every_sheet_and_sheet_names_supply_lang(tmp_path: Path) -> None:
    path = tmp_path / "kb.xlsx"
    _workbook(path)
    kb = load_kb(path)
    access = kb.get("kyoto-access")
    assert access is not None
    assert access.questions["th"] == ("ไปเกียวโตยังไง", "เดินทางไปเกียวโต")
    assert access.answer["th"] == "นั่งรถไฟ Haruka"
    visa = kb.get("visa")
    assert visa is not None and visa.questions["zh"] == ("需要签证吗",)
    assert visa.questions["en"] == ("Do I need a visa?",)


def test_xlsx_errors_name_the_sheet_and_row(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "en"
    sheet.append(["id", "type", "question", "answer"])
    sheet.append(["ok", "transport", "Q?", "A."])
    sheet.append(["ok2", "nonsense", "Q?", "A."])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(KBError) as info:
        load_kb(path)
    [issue] = info.value.issues
    assert issue.file.endswith("bad.xlsx[en]") and issue.row == 3 and issue.field == "type"


def test_folder_mixes_formats(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes((HEADER + ROWS).encode())
    _workbook(tmp_path / "b.xlsx")
    (tmp_path / "notes.txt").write_text("ignored")
    kb = load_kb(tmp_path)
    assert {e.id for e in kb.entries} == {"kobe-beef", "kyoto-access", "visa"}
    assert len(kb.sources) == 2
