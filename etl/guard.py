"""The gate a submission passes before any reader opens it: its size, its real type, a workbook's zip.

Parsers trust their input. These checks refuse, with a LoadError that names the file and the fix,
what would crash, hang or exhaust memory in them, or what they would misread: a PDF or Word file
renamed .xlsx, an encrypted or macro-enabled workbook, a zip bomb (caught from the sizes the zip
declares, before anything is inflated), a zip that lies about its sizes, and a sheet whose used
range spans millions of cells (calamine allocates the whole rectangle at once and aborts the
process when it cannot). Formats the loader does not read (.xls, .xlsm, .ods…) are refused with
the fix in the message. `admit` runs them all and says which reader the file goes to.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import NoReturn

from dvk import l10n
from etl.errors import LoadError, display_name

EXCEL_EXTS = {".xlsx"}
CSV_EXTS = {".csv", ".txt"}
# What a folder load picks up: the formats read, and spreadsheet formats refused by name (with the fix)
# rather than skipped in silence.
SUBMISSION_EXTS = EXCEL_EXTS | CSV_EXTS | {".xls", ".xlsm", ".xltm", ".xlam", ".xlsb", ".ods"}
MAX_FILE_MB_ENV = "DVK_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 20.0
MAX_INFLATED_BYTES = 512 * 1024 * 1024  # all parts of one workbook together, inflated
MAX_RATIO = 100  # inflated : compressed, for a part that inflates to more than RATIO_FLOOR
RATIO_FLOOR = 8 * 1024 * 1024
MAX_PARTS = 5000
MAX_CELLS = 10_000_000  # rows × columns (from A1) over all sheets: what the reader holds in memory
HEAD_BYTES = 8192

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def admit(path: Path) -> str:
    """Which reader a submission goes to ('xlsx' or 'csv') once its bytes pass every check; LoadError
    (naming the file and the fix) for a file no reader should open."""
    ext = path.suffix.lower()
    check_file(path)
    if ext in EXCEL_EXTS:
        check_xlsx(path)
        return "xlsx"
    if ext in CSV_EXTS:
        with open(path, "rb") as fh:
            kind = sniff(fh.read(HEAD_BYTES))
        if kind != "text":
            refuse_content(path, kind, "csv")
        return "csv"
    refuse_extension(path, ext)


def max_file_bytes() -> int:
    """The size limit for one submission: $DVK_MAX_FILE_MB megabytes, 20 by default."""
    raw = os.environ.get(MAX_FILE_MB_ENV, "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_FILE_MB
    except ValueError:
        mb = -1.0
    if not mb > 0:
        raise LoadError(f"{MAX_FILE_MB_ENV}={raw!r}: phải là một số megabyte dương, ví dụ {MAX_FILE_MB_ENV}=50.")
    return int(mb * 1024 * 1024)


def check_file(path: Path) -> int:
    """The file's size; LoadError when it is missing, not a regular file, empty or over the limit."""
    name = display_name(path)
    if path.is_symlink() and not path.exists():
        raise LoadError(
            f"{name}: là một liên kết (symlink) hỏng hoặc vòng lặp, không trỏ tới file nào. Chép file thật vào rồi nạp lại."
        )
    if path.is_dir():
        raise LoadError(f"{name}: là một thư mục, không phải file. Nạp các file .xlsx/.csv bên trong nó.")
    if not path.exists():
        raise LoadError(f"{path}: không tìm thấy file. Kiểm tra lại đường dẫn.")
    if not path.is_file():
        raise LoadError(f"{name}: không phải file thường (thiết bị, pipe…). Chép số liệu ra một file .xlsx hoặc .csv.")
    size = path.stat().st_size
    if size == 0:
        raise LoadError(f"{name}: file rỗng (0 byte). Xuất lại file từ Excel rồi nạp lại.")
    limit = max_file_bytes()
    if size > limit:
        raise LoadError(
            f"{name}: file quá lớn ({l10n.number(size / 1024 / 1024, 1)} MB, tối đa {l10n.number(limit / 1024 / 1024, None)} MB). "
            f"Tách thành nhiều file nhỏ hơn (ví dụ mỗi huyện, mỗi năm một file) hoặc đặt {MAX_FILE_MB_ENV} lớn hơn."
        )
    return size


def sniff(head: bytes) -> str:
    """What the first bytes say a file is: zip, ole, pdf, html, xml, rtf, image, archive or text."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return "image"
    if head.startswith((b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh")):
        return "archive"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body")):
        return "html"
    if text.startswith(b"<?xml"):
        return "html" if b"<html" in text else "xml"
    return "text"


_WHAT = {
    "pdf": "file PDF",
    "image": "file ảnh",
    "archive": "file nén (.zip/.rar/.7z/.gz)",
    "rtf": "file Word (RTF)",
    "html": "trang web (HTML), thường do phần mềm xuất 'Excel' tạo ra",
    "xml": "file XML (Excel 2003 XML hoặc khác)",
    "text": "file văn bản",
}


def ole_is_encrypted(path: Path) -> bool:
    """True for an OLE container holding an encrypted workbook (Excel 'Encrypt with Password')."""
    return _ENCRYPTED in path.read_bytes()


def refuse_content(path: Path, kind: str, expected: str) -> NoReturn:
    """LoadError for a file whose bytes are not what its extension promises."""
    name = display_name(path)
    save_as = "Mở bằng Excel và chọn Lưu thành (Save As) 'Excel Workbook (.xlsx)', rồi nạp file .xlsx đó."
    if kind == "ole":
        if ole_is_encrypted(path):
            raise LoadError(
                f"{name}: file Excel có mật khẩu (được mã hóa), không đọc được. Mở bằng Excel, gỡ mật khẩu "
                "(File › Info › Protect Workbook › Encrypt with Password: xóa trống) rồi lưu thành .xlsx không mật khẩu."
            )
        raise LoadError(f"{name}: file Excel 97–2003 (.xls) cũ, không được nhận. {save_as}")
    if kind == "zip" and expected == "csv":
        raise LoadError(f"{name}: đây là file Excel bị đặt đuôi .csv. Đổi đuôi thành .xlsx rồi nạp lại.")
    what = _WHAT.get(kind, "file khác")
    fix = save_as if expected == "xlsx" else "Xuất lại từ Excel: Lưu thành 'CSV UTF-8 (Comma delimited)'."
    raise LoadError(f"{name}: không phải file {'Excel .xlsx' if expected == 'xlsx' else 'CSV'} mà là {what}. {fix}")


def refuse_extension(path: Path, ext: str) -> NoReturn:
    """LoadError for a file in a format the loader does not read (.xls, .xlsm, .xlsb, .ods, anything else)."""
    name = display_name(path)
    save_as = "Mở bằng Excel và chọn Lưu thành (Save As) 'Excel Workbook (.xlsx)', rồi nạp file .xlsx đó."
    if ext == ".xls":
        with open(path, "rb") as fh:
            kind = sniff(fh.read(HEAD_BYTES))
        if kind in ("ole", "html", "xml"):
            refuse_content(path, kind, "xlsx")
        raise LoadError(f"{name}: file Excel 97–2003 (.xls) cũ, không được nhận. {save_as}")
    if ext in (".xlsm", ".xltm", ".xlam"):
        raise LoadError(f"{name}: file có macro ({ext}), không được nhận vì lý do an toàn. {save_as}")
    if ext == ".xlsb":
        raise LoadError(f"{name}: workbook nhị phân (.xlsb) không được nhận. {save_as}")
    if ext == ".ods":
        raise LoadError(
            f"{name}: file LibreOffice (.ods) không được nhận. Mở bằng LibreOffice, Lưu thành 'Excel 2007-365 (.xlsx)'."
        )
    raise LoadError(
        f"{name}: định dạng '{ext or '(không có đuôi)'}' không được hỗ trợ. "
        "Lưu file dưới dạng Excel (.xlsx) hoặc CSV (UTF-8) rồi nạp lại."
    )


# ------------------------------------------------------------------------------------------------
# Workbooks (.xlsx): the zip's declared sizes, then every part inflated once with a cap
# ------------------------------------------------------------------------------------------------

_ATTRS = rb"""(?:[^>"']|"[^"]*"|'[^']*')*?"""
# Writers put a cell's or row's position first: <c r="B7" …>, <row r="7" …>. A tag without it there
# (or with a namespace prefix) sends the part to the slower, tag-by-tag measurement.
_ODD = (
    re.compile(rb'<c(?:[\t\n\r>/]| (?!r="))'),
    re.compile(rb'<row(?:[\t\n\r>/]| (?!r="))'),
    re.compile(rb":(?:c|row)[\s/>]"),
)
_DIGITS = [re.compile(rb'r="[A-Z]{0,3}\d{%d}' % k) for k in range(1, 13)]
_LETTERS = [re.compile(rb'<c r="[A-Z]{%d}' % k) for k in range(1, 4)]
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])(" + _ATTRS + rb")/?>")
_R_ATTR = re.compile(rb"""\br\s*=\s*["']\s*([A-Z]{0,3})(\d*)""")
_CHUNK = 1 << 20
_MAX_TAG = 1 << 16
_MAX_COL = {0: 0, 1: 26, 2: 702, 3: 18278}


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


class _Extent:
    """A bound on the rectangle (from A1) a part's cells span, from the longest row number and column
    letters in its cell references: a few fast searches per chunk as the part inflates."""

    def __init__(self) -> None:
        self.digits = self.letters = 0
        self.odd = False

    def feed(self, xml: bytes) -> None:
        if not self.odd and any(rx.search(xml) for rx in _ODD):
            self.odd = True
        while self.digits < len(_DIGITS) and _DIGITS[self.digits].search(xml):
            self.digits += 1
        while self.letters < len(_LETTERS) and _LETTERS[self.letters].search(xml):
            self.letters += 1

    @property
    def bound(self) -> int:
        return (10**self.digits - 1) * _MAX_COL[self.letters] if self.letters else 0


class _ExactExtent:
    """The exact rectangle: row and cell positions followed as the reader places them, tag by tag when
    some tags lack their position, else from the longest references alone."""

    def __init__(self, digits: int, letters: int, tag_by_tag: bool) -> None:
        self.rows = self.cols = 0
        self.row = self.col = 0
        self.tag_by_tag = tag_by_tag
        self._rows = re.compile(rb'r="[A-Z]{0,3}(\d{%d})' % max(digits, 1))
        self._cols = re.compile(rb'<c r="([A-Z]{%d})\d' % max(letters, 1))

    def feed(self, xml: bytes) -> None:
        if not self.tag_by_tag:
            self.rows = max([self.rows, *map(int, self._rows.findall(xml))])
            self.cols = max([self.cols, *map(_col_number, set(self._cols.findall(xml)))])
            return
        for m in _TAG.finditer(xml):
            ref = _R_ATTR.search(m.group(2))
            if m.group(1) == b"row":
                self.row = int(ref.group(2)) if ref and ref.group(2) else self.row + 1
                self.col = 0
            elif ref and ref.group(1) and ref.group(2):
                self.col = _col_number(ref.group(1))
                self.rows = max(self.rows, int(ref.group(2)))
            else:
                self.col += 1
            self.rows = max(self.rows, self.row)
            self.cols = max(self.cols, self.col)

    @property
    def bound(self) -> int:
        return self.rows * self.cols if self.cols else 0


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Part name → sheet name, read loosely from workbook.xml and its relationships (for messages only)."""
    try:
        wb = zf.read("xl/workbook.xml") if zf.getinfo("xl/workbook.xml").file_size < 1 << 22 else b""
        rels = (
            zf.read("xl/_rels/workbook.xml.rels")
            if zf.getinfo("xl/_rels/workbook.xml.rels").file_size < 1 << 22
            else b""
        )
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, zlib.error):
        return {}
    targets = {}
    for m in re.finditer(rb"<Relationship\b([^>]*)>", rels):
        rid = re.search(rb'\bId="([^"]*)"', m.group(1))
        tgt = re.search(rb'\bTarget="([^"]*)"', m.group(1))
        if rid and tgt:
            t = tgt.group(1).decode("utf-8", "replace").lstrip("/")
            targets[rid.group(1)] = t if t.startswith("xl/") else "xl/" + t
    out = {}
    for m in re.finditer(rb"<(?:\w+:)?sheet\b([^>]*)>", wb):
        name = re.search(rb'\bname="([^"]*)"', m.group(1))
        rid = re.search(rb'\b(?:\w+:)?id="([^"]*)"', m.group(1))
        if name and rid and rid.group(1) in targets:
            out[targets[rid.group(1)]] = name.group(1).decode("utf-8", "replace")
    return out


def check_xlsx(path: Path) -> None:
    """Refuse a .xlsx that is not a plain, honest, reasonably sized workbook (see the module docstring)."""
    name = display_name(path)
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    kind = sniff(head)
    if kind != "zip":
        refuse_content(path, kind, "xlsx")
    damaged = f"{name}: file .xlsx bị hỏng hoặc tải về chưa hết. Mở lại bằng Excel và lưu lại, hoặc gửi lại file gốc."
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, struct.error, EOFError):
        raise LoadError(damaged) from None
    with zf:
        names = {i.filename for i in infos}
        lower = {n.lower() for n in names}
        if len(infos) > MAX_PARTS:
            raise LoadError(
                f"{name}: file gồm {l10n.number(len(infos))} phần, quá nhiều cho một bảng số liệu. Chép bảng sang một workbook mới rồi lưu .xlsx."
            )
        if "[Content_Types].xml" not in names:
            if "mimetype" in names and b"opendocument" in _small(zf, "mimetype"):
                raise LoadError(
                    f"{name}: file LibreOffice/OpenOffice (.ods) bị đặt đuôi .xlsx. Mở bằng LibreOffice, Lưu thành 'Excel 2007-365 (.xlsx)'."
                )
            raise LoadError(
                f"{name}: file nén .zip bị đặt đuôi .xlsx, không phải workbook Excel. Giải nén và nạp file .xlsx/.csv bên trong."
            )
        if "word/document.xml" in names:
            raise LoadError(
                f"{name}: file Word (.docx) bị đặt đuôi .xlsx. Chép bảng số liệu sang Excel và lưu thành .xlsx."
            )
        if "ppt/presentation.xml" in names:
            raise LoadError(
                f"{name}: file PowerPoint bị đặt đuôi .xlsx. Chép bảng số liệu sang Excel và lưu thành .xlsx."
            )
        if "xl/workbook.bin" in names:
            raise LoadError(
                f"{name}: workbook nhị phân (.xlsb) bị đặt đuôi .xlsx. Mở bằng Excel, Lưu thành 'Excel Workbook (.xlsx)'."
            )
        if (
            any(n.endswith("vbaproject.bin") for n in lower)
            or b"macroenabled" in _small(zf, "[Content_Types].xml").lower()
        ):
            raise LoadError(
                f"{name}: file có macro (VBA), không được nhận vì lý do an toàn. Mở bằng Excel, Lưu thành "
                "'Excel Workbook (.xlsx)' (không macro) rồi nạp file .xlsx đó."
            )
        if "xl/workbook.xml" not in names:
            raise LoadError(
                f"{name}: không phải workbook Excel (thiếu xl/workbook.xml). Mở bằng Excel và lưu lại thành .xlsx."
            )
        for i in infos:
            if i.flag_bits & 0x1:
                raise LoadError(
                    f"{name}: file có phần bị mã hóa (mật khẩu zip). Lưu lại bằng Excel thành .xlsx không mật khẩu."
                )
            if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise LoadError(f"{name}: file nén theo cách Excel không dùng. Mở bằng Excel và lưu lại thành .xlsx.")
        _check_declared_sizes(name, infos)
        _check_parts(path, name, zf, infos, damaged)


def _small(zf: zipfile.ZipFile, part: str) -> bytes:
    try:
        info = zf.getinfo(part)
    except KeyError:
        return b""
    if info.file_size > 1 << 20 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return b""
    try:
        return zf.read(part)
    except (zipfile.BadZipFile, OSError, RuntimeError, zlib.error, NotImplementedError):
        return b""


def _bomb(name: str, detail: str) -> LoadError:
    return LoadError(
        f"{name}: file nén bất thường ({detail}) — có thể là 'zip bomb', không mở để bảo vệ máy chủ. "
        "Nếu đây là file số liệu thật: mở bằng Excel, xóa các dòng/cột thừa, lưu lại thành .xlsx rồi nạp lại."
    )


def _check_declared_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse from the sizes the zip declares, before inflating anything."""
    total = sum(i.file_size for i in infos)
    if total > MAX_INFLATED_BYTES:
        raise _bomb(
            name,
            f"giải nén ra {l10n.number(total / 1024 / 1024)} MB, tối đa {l10n.number(MAX_INFLATED_BYTES / 1024 / 1024)} MB",
        )
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise _bomb(
                name,
                f"phần {i.filename} nén {l10n.number(i.file_size / max(i.compress_size, 1))} lần, tối đa {MAX_RATIO} lần",
            )


def _check_parts(path: Path, name: str, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], damaged: str) -> None:
    """Inflate every part once, never past its declared size, and bound the cells each sheet spans."""
    spans: list[tuple[int, int]] = []
    cells = 0
    with open(path, "rb") as fh:
        for info in sorted(infos, key=lambda i: i.header_offset):
            start = _data_start(fh, info, damaged)
            spans.append((info.header_offset, start + info.compress_size))
            extent = _Extent()
            _inflate(fh, start, info, name, damaged, extent.feed, verify=True)
            bound = extent.bound
            if extent.odd or cells + bound > MAX_CELLS:  # the quick bound is not enough: measure exactly
                exact = _ExactExtent(extent.digits, extent.letters, tag_by_tag=extent.odd)
                _inflate(fh, start, info, name, damaged, exact.feed, verify=False)
                bound = exact.bound
                if cells + bound > MAX_CELLS:
                    sheet = _sheet_names(zf).get(info.filename, info.filename)
                    raise LoadError(
                        f"{name}, sheet '{sheet}': có ô ở tận dòng {l10n.number(exact.rows)}, cột {l10n.number(exact.cols)} — vùng "
                        f"{l10n.number(exact.rows * exact.cols)} ô, quá {l10n.number(MAX_CELLS)} ô. Xóa các dòng và cột thừa ngoài bảng "
                        "số liệu (hoặc chép bảng sang một sheet mới), lưu lại rồi nạp lại."
                    )
            cells += bound
    for (_, end), (nxt, _) in zip(spans, spans[1:]):
        if end > nxt:  # parts sharing compressed bytes: a known way to multiply a zip bomb
            raise _bomb(name, "các phần dùng chung dữ liệu nén")


def _data_start(fh, info: zipfile.ZipInfo, damaged: str) -> int:
    fh.seek(info.header_offset)
    local = fh.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise LoadError(damaged)
    n, m = struct.unpack("<HH", local[26:30])
    return info.header_offset + 30 + n + m


def _inflate(fh, start: int, info: zipfile.ZipInfo, name: str, damaged: str, feed, verify: bool) -> None:
    """Inflate one part, giving `feed` whole tags; refuse as soon as it outgrows its declared size."""
    fh.seek(start)
    carry = b""
    crc = out = 0
    left = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None

    def emit(data: bytes) -> None:
        nonlocal carry, crc, out
        out += len(data)
        if out > info.file_size:
            raise _bomb(name, f"phần {info.filename} giải nén ra nhiều hơn kích thước khai báo")
        if verify:
            crc = zlib.crc32(data, crc)
        buf = carry + data
        cut = buf.rfind(b"<")  # keep a tag cut by the chunk boundary for the next round
        if cut < 0 or len(buf) - cut > _MAX_TAG:
            cut = len(buf)
        feed(buf[:cut])
        carry = buf[cut:]

    try:
        while left > 0:
            chunk = fh.read(min(_CHUNK, left))
            if not chunk:
                raise LoadError(damaged)
            left -= len(chunk)
            if inflater is None:
                emit(chunk)
                continue
            data = chunk
            while data:
                piece = inflater.decompress(data, _CHUNK)
                if piece:
                    emit(piece)
                data = inflater.unconsumed_tail
        if inflater is not None:
            tail = inflater.flush()
            if tail:
                emit(tail)
            if not inflater.eof:
                raise LoadError(damaged)
    except zlib.error:
        raise LoadError(damaged) from None
    if carry:
        feed(carry)
    if verify and (out != info.file_size or crc != info.CRC):
        raise LoadError(damaged)
