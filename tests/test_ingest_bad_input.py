"""Bad input gets a clear message naming the file, the same through the command line
(``flask --app webapp ingest FILE``) and the upload (``POST /ingest.json`` and the
``/ingest`` page); re-ingesting the same bytes updates one draft; drafts survive a
restart (a new app reads them from INGEST_DRAFTS_DIR). Real files, a real app."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

DOCS = Path(__file__).parent / "ingest_docs"
LIMIT = 200_000


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


BAD = {
    "scan.pdf": (_blank_pdf, "the PDF has no text layer (a scanned image?)"),
    "empty.txt": (lambda: b"", "the file is empty"),
    "blank.txt": (lambda: b" \n\n \n", "the file is empty"),
    "big.txt": (lambda: "中".encode() * (LIMIT // 3 + 10), f"MAX_INGEST_BYTES={LIMIT}"),
    "english.txt": (lambda: b"A notice about small firms. " * 30, "not a Chinese document"),
    "fake.pdf": (lambda: b"hello, not a pdf", "named .pdf but not a PDF"),
    "fake.docx": (lambda: b"PK\x03\x04garbage", "not a readable DOCX document"),
    "old.doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50, "old Word .doc"),
    "pic.png": (lambda: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a binary file"),
}


@pytest.fixture
def make_app(tmp_path):
    from webapp import create_app
    from webapp.extensions import close_store

    made = []

    def make():
        app = create_app(
            {
                "TESTING": True,
                "GRAPH_URI": f"embedded://{tmp_path / 'graph'}",
                "LOAD_BUNDLED_IF_EMPTY": False,
                "INGEST_DRAFTS_DIR": str(tmp_path / "drafts"),
                "MAX_INGEST_BYTES": LIMIT,
            }
        )
        made.append(app)
        return app

    yield make
    for app in made:
        close_store(app)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_on_cli_and_upload(make_app, tmp_path, name):
    make_data, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(make_data())
    app = make_app()
    result = app.test_cli_runner().invoke(args=["ingest", str(path)])
    assert result.exit_code == 1
    assert f"{name}: " in result.output and message in result.output, result.output
    assert "Traceback" not in result.output
    client = app.test_client()
    r = client.post(
        "/ingest.json",
        data={"file": (io.BytesIO(path.read_bytes()), name)},
        content_type="multipart/form-data",
    )
    body = r.get_json()
    assert r.status_code == 400 and body["ok"] is False
    assert body["error"].startswith(f"{name}: ") and message in body["error"]
    r = client.post(
        "/ingest",
        data={"file": (io.BytesIO(path.read_bytes()), name)},
        content_type="multipart/form-data",
    )
    assert r.status_code == 400 and message.encode() in r.data  # the page says it too
    assert client.get("/ingest.json").get_json()["drafts"] == []  # nothing half-made


def test_html_scripts_and_styles_never_kept(make_app):
    client = make_app().test_client()
    data = (DOCS / "news_report.html").read_bytes()
    r = client.post(
        "/ingest.json",
        data={"file": (io.BytesIO(data), "news_report.html")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 200, r.get_json()
    draft_id = r.get_json()["draft"]["id"]
    draft = client.get(f"/ingest/{draft_id}.json").get_json()["draft"]
    assert draft["format"] == "html" and draft["kind"] == "news"
    for noise in ("tracker", "document.write", "alert", "font-family", "display:none"):
        assert noise not in draft["text"]
    evidence = " ".join(p["evidence"] for part in draft["proposals"].values() for p in part)
    assert "1000亿元" not in evidence  # the figure in the script is never proposed
    assert "广东省融资再担保有限公司宣布" in draft["text"]


def test_gbk_and_docx_give_the_same_proposals_as_utf8(make_app, tmp_path):
    text = (DOCS / "hefei_pilot_joint.txt").read_text(encoding="utf-8")
    app = make_app()
    runner = app.test_cli_runner()
    names = {}
    for name, data in (
        ("utf8.txt", text.encode("utf-8")),
        ("gbk.txt", text.encode("gbk")),
        ("plan.docx", _docx(text)),
    ):
        (tmp_path / name).write_bytes(data)
        result = runner.invoke(args=["ingest", str(tmp_path / name), "--json"])
        assert result.exit_code == 0, result.output
        import json

        out = json.loads(result.output)
        names[name] = sorted(
            (n["label"], n["properties"]["name"]) for n in out["proposals"]["nodes"]
        )
    assert names["gbk.txt"] == names["utf8.txt"] == names["plan.docx"]
    assert ("Agency", "合肥市数据资源局") in names["plan.docx"]


def test_same_bytes_update_one_draft_and_drafts_survive_a_restart(make_app, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes((DOCS / "jiangsu_implementation.txt").read_bytes())
    first = make_app()
    result = first.test_cli_runner().invoke(args=["ingest", str(path)])
    assert result.exit_code == 0, result.output
    client = first.test_client()
    (summary,) = client.get("/ingest.json").get_json()["drafts"]
    draft = client.get(f"/ingest/{summary['id']}.json").get_json()["draft"]
    rejected = draft["proposals"]["nodes"][1]["id"]
    r = client.post(
        f"/ingest/{summary['id']}/decisions",
        json={"decisions": [{"id": rejected, "decision": "rejected"}]},
    )
    assert r.get_json()["ok"]
    # the same bytes again, by upload under another name: the same draft, decisions kept
    r = client.post(
        "/ingest.json",
        data={"file": (io.BytesIO(path.read_bytes()), "again.txt")},
        content_type="multipart/form-data",
    )
    assert r.get_json()["draft"]["id"] == summary["id"]
    assert len(client.get("/ingest.json").get_json()["drafts"]) == 1
    # a new process: the draft and its decision are read back from disk
    second = make_app().test_client()
    again = second.get(f"/ingest/{summary['id']}.json").get_json()["draft"]
    by_id = {p["id"]: p for p in again["proposals"]["nodes"]}
    assert by_id[rejected]["decision"] == "rejected"
    assert second.get(f"/ingest/{summary['id']}").status_code == 200
