"""Bytes -> text: BOMs, UTF-8/16/32, legacy code pages, and binary files refused.

A few bad bytes or stray NULs are tolerated and noted; anything worse is an
``InputError`` naming the file. The text handed on is valid Unicode.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError
from ..lazyre import lazy

# UTF-32 LE first: its BOM begins with the UTF-16 LE BOM.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, newlines and form feed, DEL and the C1 controls:
# text has almost none, binary data decoded by a permissive codec has many.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.02
# Below this share of GB2312 characters (the common simplified set) a GB18030
# decoding is doubtful: Big5 bytes, for one, always decode as GB18030, but into
# kana, box drawing and rare characters.
_MIN_GB2312_SHARE = 0.9
# Share of UTF-16 code units that must be ASCII (a zero byte on one side) to
# read a file that has NUL bytes and no BOM as UTF-16.
_MIN_UTF16_ZERO_SHARE = 0.05
SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_LATIN_CODEPAGES = frozenset(
    "cp1250 cp1252 cp1254 cp1257 cp775 cp850 cp858 latin_1 iso8859_2 iso8859_3 iso8859_4 iso8859_9 "
    "iso8859_10 iso8859_13 iso8859_14 iso8859_15 iso8859_16 mac_latin2 mac_roman".split()
)


_PLAUSIBLE = _LATIN_CODEPAGES | frozenset(
    "big5 big5hkscs cp950 gb2312 gbk hz cp932 shift_jis euc_jp cp949 euc_kr cp1251 koi8_r koi8_u "
    "iso8859_5 mac_cyrillic cp1253 iso8859_7 cp1255 iso8859_8 cp1256 iso8859_6 cp874 tis_620 cp1258".split()
)
# charset-normalizer's "mess" ratio of its best guess: above this, the bytes are noise.
_MAX_CHAOS = 0.2


def _few(count: int, data: bytes) -> bool:
    """Whether ``count`` damaged bytes are few enough to read the file anyway: one
    in a thousand (at least one), as a cut, a bad sector or a stray byte leaves."""
    return count <= max(1, len(data) // 1000)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) of a file's bytes; ``InputError`` if it is not text."""
    text, encoding, _ = decode_noting(data, name)
    return text, encoding


def decode_noting(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """``decode`` plus notes on what was tolerated (bytes replaced, NUL bytes).

    A few damaged bytes are tolerated the same way whatever the encoding and
    whether or not there is a BOM: each becomes U+FFFD and the note says how
    many; more than a few make the file unreadable.
    """
    notes: list[str] = []
    if not data:
        return "", "utf-8", notes
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                cut = _cut_at_end(data, encoding, exc, name)
                if cut is not None:
                    notes.append(cut[1])
                    return _check_text(cut[0], name), encoding, notes
                text = data.decode(encoding, "replace")
                # U+FFFD that the file itself holds are not damage: 'ignore' keeps them.
                damaged = text.count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd")
                if not _few(damaged, data):
                    problem = f"{exc.reason} at byte {exc.start}"
                    raise InputError(f"{name}: not valid {encoding.upper()} text ({problem})") from None
                notes.append(_replaced_note(name, damaged, encoding))
            return _check_text(text, name), encoding, notes
    if b"\xed" in data:
        data, surrogates = _mend_surrogates(data)
        if surrogates and not _few(surrogates, data):
            raise InputError(f"{name}: not valid UTF-8 text ({surrogates} halves of UTF-16 pairs written as UTF-8)")
        if surrogates:
            notes.append(
                f"{name}: {surrogates} lone half{'s' if surrogates > 1 else ''} of a UTF-16 pair "
                "(not UTF-8), replaced with U+FFFD"
            )
    nuls = data.count(0)
    if nuls:
        # NUL bytes: BOM-less UTF-16 (ASCII-heavy text puts them on one side
        # of every pair), binary data, or a few stray ones in a text file
        # (the normalize stage removes them, as it does every control character).
        encoding = _bomless_utf16(data)
        if encoding is not None:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{name}: not a text file (binary data)") from None
            return _check_text(text, name), encoding, notes
        if not _few(nuls, data):
            raise InputError(f"{name}: not a text file (binary data)")
        notes.append(f"{name}: {nuls} NUL byte{'s' if nuls > 1 else ''} in the text (removed as control characters)")
    try:
        return _check_text(data.decode("utf-8"), name), "utf-8", notes
    except UnicodeDecodeError as exc:
        cut = _cut_at_end(data, "utf-8", exc, name)
        if cut is not None:
            notes.append(cut[1])
            return _check_text(cut[0], name), "utf-8", notes
    # UTF-8 with a few bad bytes is still UTF-8: a file cut in the middle of a
    # character (head -c, a stream stopped early) must not be lost whole.
    text = data.decode("utf-8", "replace")
    damaged = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    if _few(damaged, data) and _good_multibyte(text) >= 20 * damaged:
        notes.append(_replaced_note(name, damaged, "utf-8"))
        return _check_text(text, name), "utf-8", notes
    text, encoding = _decode_legacy(data, name)
    return text, encoding, notes


# UTF-16 surrogates written as UTF-8 bytes, as Java, JavaScript and Windows
# strings can hold them: a pair (CESU-8) stands for one character, a lone half
# for none. Python's decoder takes each such byte as damage on its own, so one
# half cost three bytes of the one-in-a-thousand allowance, and a short file
# went to the legacy code pages and came out as mojibake.
_SURROGATE_PAIR_RE = re.compile(rb"\xed([\xa0-\xaf])([\x80-\xbf])\xed([\xb0-\xbf])([\x80-\xbf])")
_SURROGATE_BYTES_RE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
_REPLACEMENT = "\ufffd".encode("utf-8")


def _mend_surrogates(data: bytes) -> tuple[bytes, int]:
    """``data`` with each surrogate pair written as UTF-8 made the character it
    stands for, and each lone half U+FFFD, and how many halves were lone; if
    the bytes are UTF-8 then, else ``data`` untouched and 0."""

    def pair(m: re.Match) -> bytes:
        high = 0xD800 | (m.group(1)[0] & 0x0F) << 6 | (m.group(2)[0] & 0x3F)
        low = 0xDC00 | (m.group(3)[0] & 0x0F) << 6 | (m.group(4)[0] & 0x3F)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).encode("utf-8")

    if _SURROGATE_BYTES_RE.search(data) is None:
        return data, 0
    mended, lone = _SURROGATE_BYTES_RE.subn(_REPLACEMENT, _SURROGATE_PAIR_RE.sub(pair, data))
    try:
        mended.decode("utf-8")
    except UnicodeDecodeError:
        # Not UTF-8 for other reasons too: those bytes may be a GBK character
        # and the next one's lead. The file is read as it is.
        return data, 0
    return mended, lone


def _cut_at_end(data: bytes, encoding: str, exc: UnicodeDecodeError, name: str) -> tuple[str, str] | None:
    """A file cut inside its last character (head -c, a stream stopped early) and
    valid before that: (its text without the piece of a character, a note).

    The piece is left out rather than shown as U+FFFD: it is not text, and a
    replacement character would end up in the cleaned output.
    """
    # (utf-8-sig reports places in the bytes after its BOM.)
    skipped = len(data) - len(exc.object)
    start, end = exc.start + skipped, exc.end + skipped
    if exc.reason not in ("unexpected end of data", "truncated data") or end != len(data):
        return None
    try:
        text = data[:start].decode(encoding)
    except UnicodeDecodeError:
        return None
    n = len(data) - start
    return text, f"{name}: the file ends inside a character ({n} byte{'s' if n > 1 else ''} of it left out)"


def _replaced_note(name: str, count: int, encoding: str) -> str:
    enc = encoding.upper().replace("-SIG", "")
    return f"{name}: {count} invalid byte sequence{'s' if count > 1 else ''} (not {enc}), replaced with U+FFFD"


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """A file that is not UTF-8: GB18030, or what charset-normalizer finds."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _gb2312_share(text) >= _MIN_GB2312_SHARE:
        return _check_text(text, name), "gb18030"
    # charset-normalizer weighs several codecs by language statistics; it is
    # asked only now because its guesses on short Chinese text are unreliable
    # (six GBK characters come out as Korean cp949).
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    # Only encodings that transcripts are really written in: without a BOM or
    # NUL bytes a file is not UTF-16, and nobody's transcript is EBCDIC, which
    # is what random bytes "decode" to.
    if best is not None and best.encoding in _PLAUSIBLE and best.chaos <= _MAX_CHAOS:
        encoding = best.encoding
        # Its statistics cannot tell the Latin code pages apart on a few
        # accented letters ("crème" came out as cp1250 "crčme"); Windows-1252
        # is by far the commonest of them, so it wins whenever it fits.
        if encoding in _LATIN_CODEPAGES and any(m.encoding == "cp1252" for m in matches):
            encoding = "cp1252"
        guess = data.decode(encoding, "replace") if encoding != best.encoding else str(best)
        if not _too_many_controls(guess):
            return guess, encoding
    if text is not None:
        return _check_text(text, name), "gb18030"
    raise InputError(f"{name}: not a text file (binary data or an unknown encoding)")


def _good_multibyte(text: str) -> int:
    """Non-ASCII characters that decoded well: a real UTF-8 file has many for
    each bad byte; a cp1252 file has none."""
    return len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")


def _bomless_utf16(data: bytes) -> str | None:
    if len(data) % 2:
        return None
    zeros_even, zeros_odd = data[0::2].count(0), data[1::2].count(0)
    # Every ASCII character gives a zero on one side, so UTF-16 text has many
    # there; a stray NUL or two in a UTF-8 file must not pass for UTF-16.
    # Characters U+xx00 (一 is U+4E00) put some on the other side too, so the
    # test is a strong imbalance, not an absence.
    enough = max(2, len(data) // 2 * _MIN_UTF16_ZERO_SHARE)
    if zeros_odd >= enough and zeros_odd > 4 * zeros_even:
        guess, other = "utf-16-le", "utf-16-be"
    elif zeros_even >= enough and zeros_even > 4 * zeros_odd:
        guess, other = "utf-16-be", "utf-16-le"
    else:
        return None
    # Chinese alone can fool the zero count: 一 (U+4E00) is 00 4E in UTF-16-LE, a
    # zero on the "big-endian" side. The other order wins if it reads as more
    # plausible text (Han, kana, ASCII, common marks) than the guess, and reads
    # as text through and through (binary data reads as neither).
    theirs, ours = data.decode(other, "replace"), data.decode(guess, "replace")
    if _plausible(theirs) >= _MIN_PLAUSIBLE_SHARE * len(theirs) and _plausible(theirs) > _plausible(ours):
        return other
    return guess


_MIN_PLAUSIBLE_SHARE = 0.9


_PLAUSIBLE_RE = lazy("[\t\n\r\x20-\x7e\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")


def _plausible(text: str) -> int:
    return len(_PLAUSIBLE_RE.findall(text))


def _gb2312_share(text: str) -> float:
    """Share of non-ASCII characters that are in GB2312, counted by encoders (C speed)."""
    ascii_count = len(text.encode("ascii", "ignore"))
    others = len(text) - ascii_count
    if not others:
        return 1.0
    # Every GB2312 character takes two bytes.
    return (len(text.encode("gb2312", "ignore")) - ascii_count) / 2 / others


def _too_many_controls(text: str) -> bool:
    # NUL counts like any control character: a few stray ones are tolerated
    # (``decode_noting`` already refused files with more than a few).
    # One is tolerated even in a short text: a stray byte is not binary data.
    return len(_CONTROL_RE.findall(text)) > max(1, _MAX_CONTROL_SHARE * len(text))


def _check_text(text: str, name: str) -> str:
    if _too_many_controls(text):
        raise InputError(f"{name}: not a text file (binary data)")
    return text
