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
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError, UsageError

MANIFEST_KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".parquet": "parquet"}

# The field that carries a row's edits with --format json.
EDITS_FIELD = "asrclean_edits"


def manifest_kind(name: str) -> str | None:
    """The manifest format a file name's suffix implies, or None."""
    return MANIFEST_KINDS.get(Path(name).suffix.lower())


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
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None

    def rows(self) -> Iterator[Row]:
        column = self.column
        for number, line in enumerate(self.f, 1):
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            body = line.rstrip(b"\r\n")
            if not body.strip():
                yield Row(number, None, None, raw=(line, None))  # a blank line stays as it is, not a problem
                continue
            try:
                record = json.loads(body.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield Row(number, None, f"not UTF-8 (byte {exc.start + 1})", raw=(line, None))
                continue
            except json.JSONDecodeError as exc:
                yield Row(number, None, f"column {exc.colno}: not JSON ({exc.msg})", raw=(line, None))
                continue
            except RecursionError:
                yield Row(number, None, "not JSON (nested too deeply)", raw=(line, None))
                continue
            if not isinstance(record, dict):
                yield Row(number, None, f"not a JSON object but {_describe(record)}", raw=(line, None))
                continue
            if column not in record:
                yield Row(number, None, f"no field {column!r}", raw=(line, None))
                continue
            value = record[column]
            if not isinstance(value, str):
                yield Row(number, None, f"field {column!r} is {_describe(value)}, not a string", raw=(line, None))
                continue
            taken = [n for n in self.new_fields if n in record]
            if taken:
                yield Row(number, None, f"field {taken[0]!r} exists already (it would be overwritten)", raw=(line, None))
                continue
            yield Row(number, value, raw=(line, record))

    def writer(self, f) -> "Writer":
        return JsonlWriter(f, self.column)

    def close(self) -> None:
        self.f.close()


# The four ways writers commonly print a row; the row's own is found by trying
# them, so that a changed row looks like its neighbours.
_STYLES = ((True, (", ", ": ")), (False, (", ", ": ")), (True, (",", ":")), (False, (",", ":")))


class JsonlWriter(Writer):
    def __init__(self, f, column: str):
        self.f = f
        self.column = column
        self.style = None

    def write(self, row: Row) -> None:
        line, record = row.raw
        if record is None or (row.cleaned is None and not row.extra):
            self.f.write(line)
            return
        body = line.rstrip(b"\r\n")
        ending = line[len(body):]
        out = dict(record)
        if row.cleaned is not None:
            out[self.column] = row.cleaned
        out.update(row.extra)
        style = self._style(body, record)
        self.f.write(json.dumps(out, ensure_ascii=style[0], separators=style[1]).encode("utf-8") + ending)

    def _style(self, body: bytes, record: dict):
        text = body.decode("utf-8").strip()
        for style in _STYLES:
            if json.dumps(record, ensure_ascii=style[0], separators=style[1]) == text:
                self.style = style
                return style
        # Not one of them (extra spaces, reordered escapes): as the last known row did, else Python's default.
        return self.style or _STYLES[1]


# --- CSV and TSV ------------------------------------------------------------------


class _LineCounter:
    """Lines of a text file, counted, for record numbers that name the line."""

    def __init__(self, f):
        self.f = f
        self.lines = 0
        self.newline = None

    def __iter__(self):
        return self

    def __next__(self):
        line = self.f.readline()
        if not line:
            raise StopIteration
        self.lines += 1
        if self.newline is None:
            self.newline = "\r\n" if line.endswith("\r\n") else "\n"
        return line


class CsvReader(Reader):
    def __init__(self, path: str, column: str, new_fields: tuple[str, ...], delimiter: str):
        self.path = path
        self.column = column
        self.delimiter = delimiter
        try:
            raw = open(path, "rb")
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
        # utf-8-sig: a spreadsheet's BOM is not part of the first column's name.
        self.f = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        self.lines = _LineCounter(self.f)
        self.reader = csv.reader(self.lines, delimiter=delimiter, strict=True)
        try:
            self.header = next(self.reader)
        except StopIteration:
            raise InputError(f"{path}: empty, no header row") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{path}:1: cannot read the header row: {exc}") from None
        if column not in self.header:
            shown = ", ".join(self.header[:12]) + (", ..." if len(self.header) > 12 else "")
            raise InputError(f"{path}:1: no column {column!r} (columns: {shown})")
        taken = [n for n in new_fields if n in self.header]
        if taken:
            raise InputError(f"{path}:1: column {taken[0]!r} exists already (it would be overwritten)")
        self.index = self.header.index(column)
        self.new_fields = new_fields

    def rows(self) -> Iterator[Row]:
        index = self.index
        while True:
            start = self.lines.lines + 1
            try:
                cells = next(self.reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                # The decoder cannot go on past bytes that are not UTF-8: the file stops here.
                raise InputError(f"{self.path}:{start}: not UTF-8 ({exc.reason})") from None
            except csv.Error as exc:
                raise InputError(f"{self.path}:{start}: not valid CSV ({exc})") from None
            if not cells:
                yield Row(start, None, None, raw=cells)  # a blank line
            elif len(cells) <= index:
                yield Row(start, None, f"no field {self.column!r} (the row has {len(cells)} of {len(self.header)} columns)", raw=cells)
            else:
                yield Row(start, cells[index], raw=cells)

    def writer(self, f) -> "Writer":
        return CsvWriter(f, self)

    def close(self) -> None:
        self.f.close()


class CsvWriter(Writer):
    def __init__(self, f, reader: CsvReader):
        self.text = io.TextIOWrapper(f, encoding="utf-8", newline="", write_through=False)
        self.reader = reader
        self.out = csv.writer(self.text, delimiter=reader.delimiter, lineterminator=reader.lines.newline or "\n")
        self.out.writerow(reader.header + list(reader.new_fields))
        self.width = len(reader.header)

    def write(self, row: Row) -> None:
        cells = row.raw
        if not cells:
            self.text.write(self.reader.lines.newline or "\n")
            return
        if row.cleaned is not None:
            cells = list(cells)
            cells[self.reader.index] = row.cleaned
        if self.reader.new_fields:
            # New columns go after the header's; a ragged row is padded so they line up.
            pad = [""] * (self.width - len(cells)) if len(cells) < self.width else []
            cells = list(cells) + pad + [row.extra.get(n, "") for n in self.reader.new_fields]
        self.out.writerow(cells)

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
        taken = [n for n in new_fields if n in self.schema.names]
        if taken:
            raise InputError(f"{path}: column {taken[0]!r} exists already (it would be overwritten)")
        kind = self.schema.field(column).type
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
