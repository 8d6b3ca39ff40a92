"""Manifests: one transcript per row of a JSONL, CSV/TSV or Parquet table.

Corpora come as tables (NeMo and Hugging Face manifests are JSONL with a
``text`` field). A manifest is read row by row and written back in the same
format, row by row, so memory does not grow with the file. Only the one field
is cleaned; every other field and the row order are kept. A row that cannot be
cleaned (not JSON, no such field, not a string) is a ``Row`` with a
``problem``; the caller reports it and writes the row through or drops it.

Each format is a reader (rows out) and a writer (rows in). A row carries what
its writer needs to put it back: the raw line for JSONL (an unchanged row is
written byte for byte), the cells for CSV, the column values for Parquet.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..errors import InputError, UsageError
from .types import MANIFEST_KINDS, manifest_kind  # noqa: F401 (named here too, as before)

# The field that carries a row's edits with --format json.
EDITS_FIELD = "asrclean_edits"


@dataclass
class Row:
    number: int  # 1-based: the line of a JSONL or CSV file (where the record starts), the row of a Parquet table
    text: str | None  # the field's value, when it can be cleaned
    problem: str | None = None  # why it cannot
    raw: Any = None  # what the writer needs to write the row back (format's own)
    # Set by the caller before the row is written:
    cleaned: str | None = None  # None: write the row through unchanged
    extra: dict = field(default_factory=dict)  # new fields (the original text, the edits)


def open_reader(path: str, kind: str, column: str, new_fields: tuple[str, ...]) -> "Reader":
    if kind == "jsonl":
        return JsonlReader(path, column, new_fields)
    if kind in ("csv", "tsv"):
        return CsvReader(path, column, new_fields, "\t" if kind == "tsv" else ",")
    if kind == "parquet":
        return ParquetReader(path, column, new_fields)
    raise UsageError(f"unknown manifest format {kind!r}")


class Reader:
    """Rows of one manifest; ``writer(f)`` writes rows back in the same format."""

    def rows(self) -> Iterator[Row]:  # pragma: no cover - interface
        raise NotImplementedError

    def writer(self, f) -> "Writer":  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        pass


class Writer:
    def write(self, row: Row) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def drop(self, row: Row) -> None:
        """A row left out (``--drop-bad``): nothing to write, for a format written line by line."""

    def close(self) -> None:
        pass


# --- JSONL ----------------------------------------------------------------------


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


class JsonlReader(Reader):
    def __init__(self, path: str, column: str, new_fields: tuple[str, ...]):
        self.path = path
        self.column = column
        self.new_fields = new_fields
        try:
            self.f = open(path, "rb")
            head = self.f.peek(4)[:4] if hasattr(self.f, "peek") else b""
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
        wide = _wide_encoding(head)
        if wide is not None:
            self.f.close()
            raise InputError(
                f"{path}: in {wide}, but JSON Lines is UTF-8; convert it first "
                f"(iconv -f {wide} -t UTF-8 {path} > utf8.jsonl), nothing was written"
            )

    def rows(self) -> Iterator[Row]:
        for number, line in enumerate(self.f, 1):
            if number == 1 and line.startswith(BOM):
                self.bom = True
                line = line[3:]
            yield parse_jsonl_line(number, line, self.column, self.new_fields)

    def writer(self, f) -> "Writer":
        if getattr(self, "bom", False):
            f.write(BOM)
        return JsonlWriter(f, self.column)

    def close(self) -> None:
        self.f.close()


BOM = b"\xef\xbb\xbf"


def _wide_encoding(head: bytes) -> str | None:
    """The name of the UTF-16 or UTF-32 encoding (as iconv takes it) if a JSONL file starts as
    one does (its BOM, or the NUL bytes of UTF-16/32 around the first ASCII character:
    a JSON line opens with "{", "[" or a space, never with a NUL), else None.

    Such a file is refused whole rather than read: JSON Lines is UTF-8 by its
    definition (and RFC 8259 asks UTF-8 of any JSON between systems), the tools
    that read manifests (NeMo, Hugging Face datasets) read UTF-8 only, so
    writing UTF-16 back would hand them a file they cannot read either, and read
    as UTF-8 every row was "not UTF-8" and written through uncleaned with a
    report per row. One line with the command that converts it is the useful answer."""
    # With a byte order mark, the name without an order: iconv reads the mark.
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if len(head) >= 4 and head[0] and not head[1] and not head[2] and not head[3]:
        return "UTF-32LE"
    if len(head) >= 4 and not head[0] and not head[1] and not head[2] and head[3]:
        return "UTF-32BE"
    if len(head) >= 2 and head[0] and not head[1]:
        return "UTF-16LE"
    if len(head) >= 2 and not head[0] and head[1]:
        return "UTF-16BE"
    return None


def parse_jsonl_line(number: int, line: bytes, column: str, new_fields: tuple[str, ...]) -> Row:
    """One line of a JSONL manifest (its bytes, line ending included) as a Row. A function of
    the line alone, so that the process that cleans a batch of lines can parse them too."""
    body = line.rstrip(b"\r\n")
    if not body.strip():
        return Row(number, None, None, raw=(line, None))  # a blank line stays as it is, not a problem
    try:
        text = body.decode("utf-8")
        record = json.loads(text)
    except UnicodeDecodeError as exc:
        return Row(number, None, f"not UTF-8 (byte {exc.start + 1})", raw=(line, None))
    except json.JSONDecodeError as exc:
        return Row(number, None, f"column {exc.colno}: not JSON ({exc.msg})", raw=(line, None))
    except RecursionError:
        return Row(number, None, "not JSON (nested too deeply)", raw=(line, None))
    if not isinstance(record, dict):
        return Row(number, None, f"not a JSON object but {_describe(record)}", raw=(line, None))
    members = _members(text)
    if column not in members:
        return Row(number, None, f"no field {column!r}{_nested_hint(column, record)}", raw=(line, None))
    if len(members[column]) > 1:
        # json.loads keeps the last; which one the user meant is not ours to guess.
        return Row(number, None, f"field {column!r} given {len(members[column])} times", raw=(line, None))
    value = record[column]
    if not isinstance(value, str):
        return Row(number, None, f"field {column!r} is {_describe(value)}, not a string", raw=(line, None))
    lone = _LONE_SURROGATE_RE.search(value)
    if lone is not None:
        # JSON may escape half of a UTF-16 pair alone ("\ud800"), which is no
        # character: cleaning would have to write something else in its place.
        return Row(
            number, None, f"field {column!r} holds a lone UTF-16 surrogate (\\u{ord(lone.group()):04x}), not text",
            raw=(line, None),
        )
    taken = [n for n in new_fields if n in members]
    if taken:
        return Row(number, None, f"field {taken[0]!r} exists already (it would be overwritten)", raw=(line, None))
    return Row(number, value, raw=(line, (text, members)))


def _nested_hint(column: str, record: dict) -> str:
    """What to say when ``--field a.b`` names a field inside an object: a nested
    field is not read (``--field`` names a top-level key, as it names a column of
    a CSV or Parquet table), and the message says so rather than leave the user
    wondering why a field that is there is "not there"."""
    head = column.split(".", 1)[0]
    if "." in column and isinstance(record.get(head), dict):
        return f" (--field names a top-level key; {head!r} is an object, and a field inside one is not cleaned)"
    return ""


_WS = re.compile(r"[ \t\n\r]*")
_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_DECODER = json.JSONDecoder()


def _members(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each top-level member's value is in a JSON object's text: key ->
    [(start, end), ...] (more than one for a key given twice), and "" -> the
    closing brace's position. Only called on text that ``json.loads`` accepted."""
    from json.decoder import scanstring

    spans: dict[str, list[tuple[int, int]]] = {}
    i = _WS.match(text, 0).end() + 1  # past "{"
    i = _WS.match(text, i).end()
    while text[i] != "}":
        key, i = scanstring(text, i + 1)
        i = _WS.match(text, i).end() + 1  # past ":"
        i = _WS.match(text, i).end()
        _, end = _DECODER.raw_decode(text, i)
        spans.setdefault(key, []).append((i, end))
        i = _WS.match(text, end).end()
        if text[i] == ",":
            i = _WS.match(text, i + 1).end()
    spans.setdefault("", []).append((i, i))
    return spans


class JsonlWriter(Writer):
    """A changed row is the input line with the field's value replaced and new
    members put before the closing brace: every other byte of the row (numbers
    as written, escapes, spacing, key order) stays as it was."""

    def __init__(self, f, column: str):
        self.f = f
        self.column = column

    def write(self, row: Row) -> None:
        line, parsed = row.raw
        if parsed is None or (row.cleaned is None and not row.extra):
            self.f.write(line)
            return
        text, members = parsed
        body_end = len(line.rstrip(b"\r\n"))
        ending = line[body_end:]
        start, end = members[self.column][0]
        escaped = "\\u" in text[start:end] and not any(ord(c) > 127 for c in text[start:end])
        value = json.dumps(row.cleaned, ensure_ascii=escaped) if row.cleaned is not None else text[start:end]
        # New members go right after the last one (or inside an empty object).
        keys = [spans[-1][1] for key, spans in members.items() if key]
        at = max(keys) if keys else members[""][0][0]
        added = ""
        if row.extra:
            comma, colon = _style(text, members)
            parts = [
                f"{json.dumps(name, ensure_ascii=escaped)}{colon}{json.dumps(v, ensure_ascii=escaped, separators=(comma, colon))}"
                for name, v in row.extra.items()
            ]
            added = (comma if keys else "") + comma.join(parts)
        if at <= start:
            out = text[:at] + added + text[at:start] + value + text[end:]
        else:
            out = text[:start] + value + text[end:at] + added + text[at:]
        self.f.write(out.encode("utf-8") + ending)


def _style(text: str, members: dict) -> tuple[str, str]:
    """The row's own separators (", " or ",", ": " or ":"), for members added to it."""
    first = min((spans[0] for key, spans in members.items() if key), default=None)
    if first is None:
        return ", ", ": "
    start, end = first
    colon = ": " if text[:start].rstrip().endswith(":") and text[start - 1] in " \t" else ":"
    rest = text[end:]
    # One member only: nothing to copy, so the spacing follows the colon's.
    comma = ", " if rest.startswith(", ") or (len(members) <= 2 and colon == ": ") else ","
    return comma, colon


# --- CSV and TSV ------------------------------------------------------------------


class _LineCounter:
    """Lines of a text file, counted, and kept since the last record was taken:
    a record's own text, so that a row cleaning leaves alone is written back as
    it was (quotes, spacing and all)."""

    def __init__(self, f):
        self.f = f
        self.lines = 0
        self.newline = None
        self.taken: list[str] = []

    def __iter__(self):
        return self

    def __next__(self):
        line = self.f.readline()
        if not line:
            raise StopIteration
        self.lines += 1
        if self.newline is None and line.endswith("\n"):
            self.newline = "\r\n" if line.endswith("\r\n") else "\n"
        self.taken.append(line)
        return line

    def take(self) -> str:
        text = "".join(self.taken)
        self.taken = []
        return text


_SAMPLE = 1 << 18
_UNDECODED = re.compile("[\udc80-\udcff]")


def _encoding(path: str) -> str:
    """The encoding of a table, told from its first 256 KB as a transcript's
    would be (BOMs, UTF-8, UTF-16, GB18030 and the other code pages)."""
    from .decoding import decode_noting

    try:
        with open(path, "rb") as f:
            sample = f.read(_SAMPLE + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(sample) > _SAMPLE:
        sample = sample[: sample.rfind(b"\n", 0, _SAMPLE) + 1 or _SAMPLE]
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if sample.startswith(bom) and not sample.startswith(b"\xff\xfe\x00\x00"):
            return encoding  # a row with a bad byte is that row's problem, not the file's
    try:
        return decode_noting(sample, path)[1]
    except InputError:
        # Too many bad bytes for a transcript; in a table they may be a few
        # rows' (each reported on its own) if the rest is UTF-8.
        text = sample.decode("utf-8", "replace")
        if text.count("\ufffd") * 100 <= len(text):
            return "utf-8"
        raise


# The longest cell read. The csv module's own limit (131,072 characters) would
# refuse a whole manifest for one long-form transcript; a bound is still kept so
# that an unclosed quote stops with an error before it reads a huge file into memory.
MAX_CELL = 1 << 26


class CsvReader(Reader):
    """CSV (quotes as RFC 4180 has them) or TSV (no quoting at all: a quote is
    a character like any other, as Common Voice and Kaldi write them)."""

    def __init__(self, path: str, column: str, new_fields: tuple[str, ...], delimiter: str):
        # (The limit is the csv module's, for the whole process: only ever raised.)
        if csv.field_size_limit() < MAX_CELL:
            csv.field_size_limit(MAX_CELL)
        self.path = path
        self.column = column
        self.new_fields = new_fields
        self.encoding = _encoding(path)
        self.tsv = delimiter == "\t"
        raw = open(path, "rb")
        # Bytes that do not decode are kept as they are (surrogateescape): such a
        # row is reported and written back byte for byte; the rest are cleaned.
        self.f = io.TextIOWrapper(raw, encoding=self.encoding, errors="surrogateescape", newline="")
        self.lines = _LineCounter(self.f)
        try:
            first = self.f.readline()
        except UnicodeError as exc:
            raise InputError(f"{path}:1: cannot read the header row ({exc})") from None
        if not first:
            raise InputError(f"{path}: empty, no header row")
        self.lines.lines = 1
        self.lines.newline = "\r\n" if first.endswith("\r\n") else ("\n" if first.endswith("\n") else None)
        if not self.tsv and "," not in first and ";" in first:
            delimiter = ";"  # the spreadsheet export of a comma-decimal locale
        self.delimiter = delimiter
        quoting = csv.QUOTE_NONE if self.tsv else csv.QUOTE_MINIMAL
        self.dialect = {"delimiter": delimiter, "quoting": quoting}
        try:
            header = next(csv.reader([first], strict=not self.tsv, **self.dialect))
        except (csv.Error, StopIteration) as exc:
            raise InputError(f"{path}:1: cannot read the header row ({exc})") from None
        self.header_line = first
        self.header = header
        if column not in header:
            shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
            raise InputError(f"{path}:1: no column {column!r} (columns: {shown})")
        if header.count(column) > 1:
            # Which of them is the transcript? Cleaning the first alone left the others
            # raw without a word (as a JSONL row with the field twice is a bad row).
            raise InputError(f"{path}:1: column {column!r} appears {header.count(column)} times in the header")
        taken = [n for n in new_fields if n in header]
        if taken:
            raise InputError(f"{path}:1: column {taken[0]!r} exists already (it would be overwritten)")
        self.index = header.index(column)
        self.reader = csv.reader(self.lines, strict=not self.tsv, **self.dialect)

    def rows(self) -> Iterator[Row]:
        index = self.index
        width = len(self.header)
        while True:
            start = self.lines.lines + 1
            try:
                cells = next(self.reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "field limit" in str(exc):
                    exc = f"a cell longer than {MAX_CELL:,} characters: an unclosed quote?"
                raise InputError(f"{self.path}:{start}: not valid CSV ({exc})") from None
            raw = self.lines.take()
            if not cells:
                yield Row(start, None, None, raw=(raw, cells))  # a blank line
            elif len(cells) <= index:
                yield Row(start, None, f"no field {self.column!r} (the row has {len(cells)} of {width} columns)", raw=(raw, cells))
            elif self.new_fields and len(cells) > width:
                yield Row(start, None, f"{len(cells)} cells for {width} columns: the new column would not line up", raw=(raw, cells))
            elif _UNDECODED.search(cells[index]):
                yield Row(start, None, f"not valid {self.encoding.upper()} text", raw=(raw, cells))
            else:
                yield Row(start, cells[index], raw=(raw, cells))

    def writer(self, f) -> "Writer":
        return CsvWriter(f, self)

    def close(self) -> None:
        self.f.close()


class CsvWriter(Writer):
    """Rows cleaning leaves alone are written as they were read; a changed row
    is written again from its cells (in the file's delimiter and line ending)."""

    def __init__(self, f, reader: CsvReader):
        self.text = io.TextIOWrapper(f, encoding=reader.encoding, errors="surrogateescape", newline="", write_through=False)
        self.reader = reader
        self.newline = reader.lines.newline or "\n"
        header = reader.header_line
        if reader.new_fields:
            body = header.rstrip("\r\n")
            added = "".join(reader.delimiter + self._cell(n) for n in reader.new_fields)
            header = body + added + (header[len(body):] or self.newline)
        self.text.write(header)
        self.width = len(reader.header)

    def _cell(self, value: str) -> str:
        if self.reader.tsv:
            # No quoting in TSV: a tab or line break inside a cell would break the row.
            return re.sub(r"[\t\r\n]+", " ", value)
        if any(c in value for c in (self.reader.delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    def write(self, row: Row) -> None:
        raw, cells = row.raw
        if row.cleaned is None and not row.extra:
            self.text.write(raw)
            return
        cells = list(cells)
        if row.cleaned is not None:
            cells[self.reader.index] = row.cleaned
        if self.reader.new_fields:
            # A short row is padded so that the new columns line up.
            cells += [""] * (self.width - len(cells))
            cells += [row.extra.get(n, "") for n in self.reader.new_fields]
        body = raw.rstrip("\r\n")
        ending = raw[len(body):] or ""
        self.text.write(self.reader.delimiter.join(self._cell(c) for c in cells) + ending)

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


# --- Parquet ----------------------------------------------------------------------

_BATCH_ROWS = 2048


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise UsageError("Parquet needs pyarrow: pip install 'asrclean[parquet]'") from None
    return pyarrow


class ParquetReader(Reader):
    def __init__(self, path: str, column: str, new_fields: tuple[str, ...]):
        pa = _pyarrow()
        self.pa = pa
        self.path = path
        self.column = column
        self.new_fields = new_fields
        try:
            self.file = pa.parquet.ParquetFile(path)
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except Exception as exc:  # pyarrow's ArrowInvalid and friends
            raise InputError(f"{path}: not a Parquet file ({_first_line(exc)})") from None
        self.schema = self.file.schema_arrow
        if column not in self.schema.names:
            raise InputError(f"{path}: no column {column!r} (columns: {', '.join(self.schema.names[:12])})")
        if self.schema.names.count(column) > 1:  # (as in a CSV header; pyarrow finds no such field then)
            raise InputError(f"{path}: column {column!r} appears {self.schema.names.count(column)} times")
        taken = [n for n in new_fields if n in self.schema.names]
        if taken:
            raise InputError(f"{path}: column {taken[0]!r} exists already (it would be overwritten)")
        kind = self.schema.field(column).type
        if pa.types.is_dictionary(kind):
            kind = kind.value_type  # a pandas "category" column of strings
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            raise InputError(f"{path}: column {column!r} is {kind}, not a string")

    def rows(self) -> Iterator[Row]:
        number = 0
        try:
            for batch in self.file.iter_batches(batch_size=_BATCH_ROWS):
                values = batch.column(self.column).to_pylist()
                for i, value in enumerate(values):
                    number += 1
                    ref = (batch, i)
                    if value is None:
                        yield Row(number, None, f"field {self.column!r} is null", raw=ref)
                    else:
                        yield Row(number, value, raw=ref)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read: {exc.strerror or exc}") from None
        except Exception as exc:
            if isinstance(exc, (InputError, UsageError)):
                raise
            raise InputError(f"{self.path}: row {number + 1}: cannot read ({_first_line(exc)})") from None

    def writer(self, f) -> "Writer":
        return ParquetWriter(f, self)


class ParquetWriter(Writer):
    """Rows are gathered per input batch and written as one record batch, with
    the cleaned column (and any new ones) swapped in."""

    def __init__(self, f, reader: ParquetReader):
        pa = reader.pa
        self.pa = pa
        self.reader = reader
        schema = reader.schema
        for name in reader.new_fields:
            schema = schema.append(pa.field(name, pa.string()))
        self.schema = schema
        self.out = pa.parquet.ParquetWriter(f, schema)
        self.batch = None
        self.values: list = []
        self.kept: list[int] = []
        self.extra: dict[str, list] = {n: [] for n in reader.new_fields}

    def _enter(self, batch) -> None:
        if batch is not self.batch:
            self._flush()
            self.batch = batch
            self.values = batch.column(self.reader.column).to_pylist()

    def write(self, row: Row) -> None:
        batch, i = row.raw
        self._enter(batch)
        if row.cleaned is not None:
            self.values[i] = row.cleaned
        self.kept.append(i)
        for name in self.reader.new_fields:
            self.extra[name].append(row.extra.get(name))

    def drop(self, row: Row) -> None:
        self._enter(row.raw[0])

    def _flush(self) -> None:
        if self.batch is None:
            return
        pa = self.pa
        index = self.batch.schema.get_field_index(self.reader.column)
        kind = self.batch.schema.field(index).type
        columns = list(self.batch.columns)
        columns[index] = pa.array(self.values, type=kind)
        if len(self.kept) != self.batch.num_rows:
            take = pa.array(self.kept, type=pa.int64())
            columns = [c.take(take) for c in columns]
        columns += [pa.array(self.extra[n], type=pa.string()) for n in self.reader.new_fields]
        if self.kept:
            self.out.write_batch(pa.RecordBatch.from_arrays(columns, schema=self.schema))
        self.batch = None
        self.kept = []
        self.extra = {n: [] for n in self.reader.new_fields}

    def close(self) -> None:
        self._flush()
        self.out.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return re.sub(r"\s+", " ", text[0]) if text else type(exc).__name__
