"""Manifests (JSONL, CSV/TSV, Parquet): one field cleaned, everything else kept,
bad rows reported by line, rows in order whatever runs them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from asrclean import corpus
from asrclean.api import Cleaner
from asrclean.corpus import LocalPool, ManifestOptions, Serial, clean_manifest

DATA = Path(__file__).parent / "data" / "manifests"
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def clean(*args, **kw):
    return subprocess.run([sys.executable, "-m", "asrclean", *map(str, args)], capture_output=True, text=True, env=ENV, **kw)


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir() if ".expected." not in p.name and p.suffix != ".md"))
def test_manifest_cases(tmp_path, name):
    src = DATA / name
    expected = src.with_name(f"{src.stem}.expected{src.suffix}")
    out = tmp_path / f"out{src.suffix}"
    proc = clean(src, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == expected.read_bytes()
    # Cleaning the result again changes nothing.
    again = tmp_path / f"again{src.suffix}"
    assert clean(out, "-o", again).returncode == 0
    assert again.read_bytes() == out.read_bytes()


def test_default_output_beside_the_input_and_never_over_a_file(tmp_path):
    src = tmp_path / "m.jsonl"
    src.write_text('{"text": "呃，好。"}\n', encoding="utf-8")
    proc = clean(src)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "m.clean.jsonl").read_text(encoding="utf-8") == '{"text": "好。"}\n'
    assert "m.jsonl -> " in proc.stderr and "1 row, 1 changed" in proc.stderr
    # A second run refuses to replace the file it cannot tell from a user's...
    proc = clean(src)
    assert proc.returncode == 2 and "refusing to overwrite" in proc.stderr and "--force" in proc.stderr
    assert clean(src, "--force").returncode == 0
    # ...and never writes over an input, even with --force.
    proc = clean(src, "-o", src, "--force")
    assert proc.returncode == 2 and "input" in proc.stderr
    assert src.read_text(encoding="utf-8") == '{"text": "呃，好。"}\n'


def test_bad_rows_are_reported_by_line_and_written_through(tmp_path):
    lines = [
        '{"text": "呃，好。", "id": 1}',
        "not json",
        '{"id": 3}',
        '{"text": 5}',
        '{"text": null}',
        "[1, 2]",
        "",
        '{"text": "没问题。"}',
    ]
    src = tmp_path / "m.jsonl"
    src.write_bytes(("\n".join(lines) + "\n").encode("utf-8") + b'{"text": "\xff"}\n')
    out = tmp_path / "o.jsonl"
    proc = clean(src, "-o", out)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert [e.split(":")[2] for e in errors] == ["2", "3", "4", "5", "6", "9"]
    assert "m.jsonl:2: column 1: not JSON" in proc.stderr
    assert "no field 'text'" in proc.stderr and "is a number, not a string" in proc.stderr and "is null" in proc.stderr
    written = out.read_bytes().split(b"\n")
    assert written[0] == '{"text": "好。", "id": 1}'.encode()
    assert written[1:8] == [line.encode() for line in lines[1:]]  # unchanged, blank line included
    assert written[8] == b'{"text": "\xff"}'
    # --drop-bad leaves them out; the run still says so and exits 2.
    proc = clean(src, "-o", out, "--force", "--drop-bad")
    assert proc.returncode == 2
    assert out.read_text(encoding="utf-8") == '{"text": "好。", "id": 1}\n\n{"text": "没问题。"}\n'


def test_a_lone_surrogate_escape_is_a_bad_row_written_through(tmp_path):
    """JSON can escape half a UTF-16 pair alone; it is no character, so the row is
    reported and kept as it was (a pair is one character and is cleaned)."""
    src = tmp_path / "m.jsonl"
    src.write_text('{"text": "\\ud800呃你好。"}\n{"text": "\\ud83d\\ude00呃你好。"}\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    proc = clean(src, "-o", out)
    assert proc.returncode == 2 and "m.jsonl:1: field 'text' holds a lone UTF-16 surrogate (\\ud800)" in proc.stderr
    first, second = out.read_text(encoding="utf-8").splitlines()
    assert first == '{"text": "\\ud800呃你好。"}'
    assert "呃" not in second and "\U0001f600" in json.loads(second)["text"]


def test_keep_original_and_edits_per_row(tmp_path):
    src = tmp_path / "m.jsonl"
    src.write_text('{"text": "呃，我我我觉得可以。"}\n{"text": "好的。"}\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert clean(src, "-o", out, "--keep-original", "raw", "--format", "json").returncode == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["text"] == "我觉得可以。" and rows[0]["raw"] == "呃，我我我觉得可以。"
    assert {(e["stage"], e["before"]) for e in rows[0]["asrclean_edits"]} >= {("fillers", "我我我")}
    assert rows[1] == {"text": "好的。", "raw": "好的。", "asrclean_edits": []}
    # A field that would be overwritten is a bad row, not lost data.
    src.write_text('{"text": "呃，好。", "raw": "keep me"}\n', encoding="utf-8")
    proc = clean(src, "-o", out, "--force", "--keep-original", "raw")
    assert proc.returncode == 2 and "'raw' exists already" in proc.stderr
    assert out.read_text(encoding="utf-8") == '{"text": "呃，好。", "raw": "keep me"}\n'


def test_csv_field_by_header_and_errors_name_the_line(tmp_path):
    src = tmp_path / "t.csv"
    src.write_text("id,utterance\n1,呃，好。\n", encoding="utf-8")
    proc = clean(src, "-o", tmp_path / "o.csv")
    assert proc.returncode == 2 and "t.csv:1: no column 'text' (columns: id, utterance)" in proc.stderr
    assert not (tmp_path / "o.csv").exists()
    proc = clean(src, "-o", tmp_path / "o.csv", "--field", "utterance", "--keep-original", "raw")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o.csv").read_text(encoding="utf-8") == "id,utterance,raw\n1,好。,呃，好。\n"
    src.write_text('id,text\n1,好。\n2,"not closed\n', encoding="utf-8")
    proc = clean(src, "-o", tmp_path / "p.csv")
    assert proc.returncode == 2 and "t.csv:3: not valid CSV" in proc.stderr
    assert not (tmp_path / "p.csv").exists()  # nothing half-written


def test_a_field_named_twice_in_the_header_is_refused(tmp_path):
    """Cleaning the first of two columns of that name left the other raw without a word;
    in Parquet it was an internal error."""
    src = tmp_path / "t.csv"
    src.write_text("text,text\n呃，好。,呃，好。\n", encoding="utf-8")
    proc = clean(src, "-o", tmp_path / "o.csv")
    assert proc.returncode == 2 and "t.csv:1: column 'text' appears 2 times in the header" in proc.stderr
    assert not (tmp_path / "o.csv").exists()
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_arrays([pa.array(["呃，好。"]), pa.array(["呃，好。"])], names=["text", "text"]), tmp_path / "t.parquet")
    proc = clean(tmp_path / "t.parquet", "-o", tmp_path / "o.parquet")
    assert proc.returncode == 2 and "t.parquet: column 'text' appears 2 times" in proc.stderr
    assert "internal error" not in proc.stderr and not (tmp_path / "o.parquet").exists()


def test_parquet_round_trip(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    src = tmp_path / "t.parquet"
    pq.write_table(pa.table({"id": [1, 2, 3], "text": ["呃，我我我觉得可以。", None, "好的。"], "score": [0.5, 0.25, 1.0]}), src)
    out = tmp_path / "o.parquet"
    proc = clean(src, "-o", out, "--keep-original", "raw")
    assert proc.returncode == 2 and "t.parquet:2: field 'text' is null" in proc.stderr
    table = pq.read_table(out)
    assert table.column_names == ["id", "text", "score", "raw"]
    assert table.to_pylist() == [
        {"id": 1, "text": "我觉得可以。", "score": 0.5, "raw": "呃，我我我觉得可以。"},
        {"id": 2, "text": None, "score": 0.25, "raw": None},
        {"id": 3, "text": "好的。", "score": 1.0, "raw": "好的。"},
    ]
    assert clean(src, "-o", out, "--force", "--drop-bad").returncode == 2
    assert pq.read_table(out).column("id").to_pylist() == [1, 3]


def test_check_writes_nothing(tmp_path):
    src = tmp_path / "m.jsonl"
    src.write_text('{"text": "好的。"}\n', encoding="utf-8")
    proc = clean(src, "--check")
    assert proc.returncode == 1  # the output does not exist yet
    assert not (tmp_path / "m.clean.jsonl").exists()
    assert clean(src, "-o", tmp_path / "o.jsonl").returncode == 0
    assert clean(src, "-o", tmp_path / "o.jsonl", "--check").returncode == 0
    src.write_text('{"text": "呃，好的。"}\n', encoding="utf-8")
    assert clean(src, "-o", tmp_path / "o.jsonl", "--check").returncode == 1


def test_usage_errors(tmp_path):
    src = tmp_path / "m.jsonl"
    src.write_text('{"text": "好。"}\n', encoding="utf-8")
    txt = tmp_path / "a.txt"
    txt.write_text("好。", encoding="utf-8")
    assert "cannot be cleaned in one run" in clean(src, txt).stderr
    assert "for manifests" in clean(txt, "--field", "x").stderr
    assert "--diff" in clean(src, "--diff").stderr
    proc = clean(src, "-o", tmp_path / "o.csv")
    assert proc.returncode == 2 and "own format" in proc.stderr


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_pool_gives_the_serial_bytes_in_order(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(corpus, "BATCH_ROWS", 7)  # many batches in flight at once
    texts = [f"呃，第{i}行我我我说完了。" if i % 3 else "这一行很好。" for i in range(200)]
    src = tmp_path / f"m{suffix}"
    if suffix == ".jsonl":
        src.write_text("".join(json.dumps({"i": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    else:
        src.write_text("i,text\n" + "".join(f"{i},{t}\n" for i, t in enumerate(texts)), encoding="utf-8")
    cleaner = Cleaner()
    opts = ManifestOptions(keep_original="raw")
    serial = clean_manifest(str(src), str(tmp_path / f"s{suffix}"), Serial(cleaner), opts)
    from asrclean.runner import open_pool

    pool = open_pool(cleaner, Cleaner, None, 2)
    try:
        parallel = clean_manifest(str(src), str(tmp_path / f"p{suffix}"), LocalPool(pool), opts, in_flight=4)
    finally:
        pool.shutdown()
    assert (serial.rows, serial.changed, serial.bad) == (200, 133, 0)
    assert (parallel.rows, parallel.changed) == (serial.rows, serial.changed)
    assert (tmp_path / f"p{suffix}").read_bytes() == (tmp_path / f"s{suffix}").read_bytes()


def test_a_crash_leaves_no_output_and_no_temporary(tmp_path):
    src = tmp_path / "m.jsonl"
    src.write_text('{"text": "好。"}\n' * 10, encoding="utf-8")

    class Boom:
        def submit(self, fn, *args):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        clean_manifest(str(src), str(tmp_path / "o.jsonl"), Boom(), ManifestOptions())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.jsonl"]


def test_jsonl_changed_row_keeps_every_other_byte(tmp_path):
    # Numbers as written (1E5, 1.0e400 and a long decimal would not survive a
    # parse and print), escapes, spacing and key order.
    line = '{"id":1,"text":"呃我觉得","f":1E5,"g":1.0e400,"p":3.141592653589793238462643383279,"x":"\\ud83d\\ude00"}'
    src = tmp_path / "m.jsonl"
    src.write_text(line + "\n" + '{ "text" : "\\u5443\\uff0c\\u597d", "n": [1, 2] }\r\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert clean(src, "-o", out, "--keep-original", "raw").returncode == 0
    first, second = out.read_bytes().split(b"\n")[:2]
    assert first.decode().startswith('{"id":1,"text":"我觉得","f":1E5,"g":1.0e400,"p":3.141592653589793238462643383279,"x":"\\ud83d\\ude00"')
    assert first.decode().endswith(',"raw":"呃我觉得"}')
    assert second == '{ "text" : "\\u597d", "n": [1, 2], "raw": "\\u5443\\uff0c\\u597d" }\r'.encode()


def test_jsonl_field_given_twice_is_a_bad_row(tmp_path):
    src = tmp_path / "m.jsonl"
    src.write_text('{"a":1,"text":"x","text":"呃好"}\n', encoding="utf-8")
    proc = clean(src, "-o", tmp_path / "o.jsonl")
    assert proc.returncode == 2 and "m.jsonl:1: field 'text' given 2 times" in proc.stderr
    assert (tmp_path / "o.jsonl").read_text(encoding="utf-8") == '{"a":1,"text":"x","text":"呃好"}\n'


def test_tsv_has_no_quoting(tmp_path):
    src = tmp_path / "a.tsv"
    src.write_text('id\ttext\n1\t他说"不行" 呃 好\n2\t"Hi" 呃 好\n', encoding="utf-8")
    proc = clean(src, "-o", tmp_path / "o.tsv")
    assert proc.returncode == 0, proc.stderr
    lines = (tmp_path / "o.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id\ttext" and len(lines) == 3
    # Quotes are characters of the text, neither doubled nor taken as quoting.
    assert lines[1].startswith('1\t他说"不行"') and "呃" not in lines[1]
    assert lines[2].startswith('2\t"Hi"') and "呃" not in lines[2]


def test_csv_keeps_untouched_rows_bytes_and_reports_undecodable_rows(tmp_path):
    rows = ["id,text,code", '1,好的。,"007"', '2,呃，好。,"008"']
    data = ("\r\n".join(rows)).encode("utf-8")  # no final line break
    data = b"\xef\xbb\xbf" + data + b'\r\n3,\xe9t\xe9,"009"\r\n'
    src = tmp_path / "t.csv"
    src.write_bytes(data)
    out = tmp_path / "o.csv"
    proc = clean(src, "-o", out)
    assert proc.returncode == 2 and "t.csv:4: not valid UTF-8" in proc.stderr
    written = out.read_bytes()
    assert written.startswith(b"\xef\xbb\xbfid,text,code\r\n1,\xe5\xa5\xbd\xe7\x9a\x84\xe3\x80\x82,\"007\"\r\n")
    assert written.endswith(b'\r\n3,\xe9t\xe9,"009"\r\n')  # written back byte for byte
    assert "2,好。,008".encode() in written


def test_csv_in_gbk_and_semicolons(tmp_path):
    src = tmp_path / "g.csv"
    src.write_bytes("id;text\n1;呃，我们今天谈谈稀土。\n2;好的\n".encode("gbk"))
    out = tmp_path / "o.csv"
    assert clean(src, "-o", out).returncode == 0
    assert out.read_bytes().decode("gbk") == "id;text\n1;我们今天谈谈稀土。\n2;好的\n"


def test_extra_cells_do_not_misplace_a_new_column(tmp_path):
    src = tmp_path / "r.csv"
    src.write_text("id,text\n1,呃好\n2,嗯好,x,extra\n", encoding="utf-8")
    proc = clean(src, "--keep-original", "raw", "-o", tmp_path / "o.csv")
    assert proc.returncode == 2 and "r.csv:3: 4 cells for 2 columns" in proc.stderr
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").splitlines()[2] == "2,嗯好,x,extra"


def test_a_folder_walk_does_not_read_tables_as_transcripts(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "c.csv").write_text("id,text\n1,呃好\n", encoding="utf-8")
    proc = clean(d, "--out-dir", tmp_path / "out", "--include", "*.csv")
    assert proc.returncode == 2 and "name it on the command line" in proc.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_byte_order_mark_is_written_back(tmp_path, jobs):
    src = tmp_path / "m.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + '{"text": "呃，好的。"}\n{"text": "好的。"}\n'.encode())
    out = tmp_path / "o.jsonl"
    proc = clean(src, "-o", out, "-j", jobs)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == b"\xef\xbb\xbf" + '{"text": "好的。"}\n{"text": "好的。"}\n'.encode()


def test_jsonl_lines_cleaned_in_a_batch_are_the_rows_cleaned_one_by_one(tmp_path, monkeypatch):
    # The batch path (parse, clean and write in the worker) against the row path CSV uses,
    # on a JSONL file: problems, explanations, counts and bytes the same.
    lines = []
    for i in range(60):
        if i % 7 == 3:
            lines.append("not json\n" if i % 2 else "\n")
        elif i % 11 == 5:
            lines.append(json.dumps({"text": i}) + "\r\n")
        else:
            lines.append(json.dumps({"i": i, "text": f"呃，第{i}行我我我说完了。"}, ensure_ascii=i % 2 == 0) + "\n")
    src = tmp_path / "m.jsonl"
    src.write_text("".join(lines), encoding="utf-8")
    opts = ManifestOptions(keep_original="raw", edits=True, explain=True)
    cleaner = Cleaner()

    def run(name, by_lines):
        if not by_lines:
            monkeypatch.setattr(corpus, "_run_lines", lambda reader, out, *a: corpus._run(reader, reader.writer(out), *a))
        said = []
        r = clean_manifest(str(src), str(tmp_path / name), Serial(cleaner), opts,
                           on_problem=said.append, on_explain=said.append)
        monkeypatch.undo()
        return r, said, (tmp_path / name).read_bytes()

    monkeypatch.setattr(corpus, "BATCH_ROWS", 8)
    a, said_a, bytes_a = run("a.jsonl", True)
    monkeypatch.setattr(corpus, "BATCH_ROWS", 8)
    b, said_b, bytes_b = run("b.jsonl", False)
    assert (a.rows, a.changed, a.bad, a.problems) == (b.rows, b.changed, b.bad, b.problems)
    assert a.bad > 0 and a.changed > 0
    assert said_a == said_b and bytes_a == bytes_b


@pytest.mark.parametrize("suffix,delimiter", [(".csv", ","), (".tsv", "\t")])
def test_a_cell_longer_than_the_csv_modules_limit_is_read(tmp_path, suffix, delimiter):
    # A long-form transcript (a whole meeting) in one cell: more than the
    # 131,072 characters the csv module reads by default.
    long = "我们今天讨论一下这个问题，" * 20_000
    src = tmp_path / f"m{suffix}"
    src.write_text(f"id{delimiter}text\n1{delimiter}{long}\n2{delimiter}呃，好。\n", encoding="utf-8")
    out = tmp_path / f"o{suffix}"
    proc = clean(src, "-o", out)
    assert proc.returncode == 0, proc.stderr
    import csv

    from asrclean.readers.manifests import MAX_CELL

    csv.field_size_limit(MAX_CELL)  # for reading it back here
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=delimiter))
    assert len(rows) == 3 and rows[1][1].count("讨论") == 20_000 and rows[2] == ["2", "好。"]


def test_a_cell_over_the_limit_is_one_error_naming_its_line(tmp_path, monkeypatch):
    import csv

    from asrclean.readers import manifests

    src = tmp_path / "m.csv"
    src.write_text('id,text\n1,好。\n2,"not closed\n' + "我们\n" * 200, encoding="utf-8")
    old = csv.field_size_limit(100)
    monkeypatch.setattr(manifests, "MAX_CELL", 100)
    try:
        reader = manifests.CsvReader(str(src), "text", (), ",")
        with pytest.raises(manifests.InputError, match=r"m\.csv:3: not valid CSV \(a cell longer than 100 characters: an unclosed quote\?\)"):
            list(reader.rows())
        reader.close()
    finally:
        csv.field_size_limit(old)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_jsonl_is_refused_whole_with_one_line(tmp_path, encoding):
    # JSON Lines is UTF-8: every row read as "not UTF-8" and written through uncleaned
    # was a report per row and a copy nobody wanted. One line, the fix, nothing written.
    src = tmp_path / "m.jsonl"
    src.write_bytes('{"text": "呃，好。"}\n{"text": "嗯，对。"}\n'.encode(encoding))
    out = tmp_path / "o.jsonl"
    proc = clean(src, "-o", out)
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "JSON Lines is UTF-8" in errors[0] and "iconv -f UTF-" in errors[0], proc.stderr
    assert not out.exists()


def test_utf8_jsonl_with_its_bom_is_not_taken_for_utf16(tmp_path):
    # Must not change: a UTF-8 byte order mark stays, the rows are cleaned.
    src = tmp_path / "m.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + '{"text": "呃，好。"}\n'.encode())
    out = tmp_path / "o.jsonl"
    assert clean(src, "-o", out).returncode == 0
    assert out.read_bytes() == b"\xef\xbb\xbf" + '{"text": "好。"}\n'.encode()


def test_a_dotted_field_that_is_nested_says_so(tmp_path):
    # --field names a top-level key (a literal key with a dot is one); a field inside an
    # object is not cleaned, and the report says why rather than only "no field".
    src = tmp_path / "m.jsonl"
    src.write_text('{"meta": {"text": "呃，好。"}}\n{"meta.text": "呃，好。"}\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    proc = clean(src, "-o", out, "--field", "meta.text")
    assert proc.returncode == 2
    assert "m.jsonl:1: no field 'meta.text' (--field names a top-level key; 'meta' is an object" in proc.stderr
    assert ":2:" not in proc.stderr
    assert out.read_text(encoding="utf-8") == '{"meta": {"text": "呃，好。"}}\n{"meta.text": "好。"}\n'
