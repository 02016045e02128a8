"""Argument parsing for `python -m etl`: one sub-command per job, errors as plain messages."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import sys
from pathlib import Path

from dvk.config import db_path
from etl.errors import LoadError


def _load(args: argparse.Namespace) -> int:
    from etl.load import load

    db = db_path(args.db)
    received = None
    if args.received:
        try:
            received = dt.date.fromisoformat(args.received)
        except ValueError:
            raise LoadError(f"--received {args.received}: ngày phải dạng YYYY-MM-DD, ví dụ 2025-06-20.") from None
    summary = load(
        args.paths,
        db,
        command=shlex.join(["python", "-m", "etl", *sys.argv[1:]]),
        reread=args.reread,
        unit=args.unit,
        period=args.period,
        received=received,
        rebuild=args.rebuild,
    )
    print(summary.text())
    return 0


def _boundaries(args: argparse.Namespace) -> int:
    from etl.boundaries import import_boundaries

    db = db_path(args.db)
    report = import_boundaries(Path(args.file), db, level=args.level, allow_partial=args.allow_partial)
    print(f"Đã lưu ranh giới {len(report.matched)} đơn vị vào {db}.")
    return 0


def _denominators(args: argparse.Namespace) -> int:
    from etl.denominators import load_denominators

    db = db_path(args.db)
    print(load_denominators(Path(args.file), db).text(db))
    return 0


def _template(args: argparse.Namespace) -> int:
    from etl.template import write_template

    out = write_template(Path(args.out))
    print(f"Đã ghi mẫu nộp số liệu: {out}")
    return 0


def _sample(args: argparse.Namespace) -> int:
    from etl.sample import generate

    files = generate(Path(args.out), seed=args.seed, scale=args.scale, fmt=args.format)
    print(f"Đã tạo {len(files)} file dữ liệu mẫu tổng hợp (không phải số liệu thật) trong {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The `python -m etl` argument parser."""
    p = argparse.ArgumentParser(prog="python -m etl", description="Nạp số liệu phong trào Dân vận khéo vào kho DuckDB.")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("template", help="ghi file Excel mẫu để các đơn vị điền số liệu")
    t.add_argument("--out", required=True, help="đường dẫn file .xlsx sẽ ghi")
    t.set_defaults(func=_template)

    s = sub.add_parser("sample", help="tạo bộ file nộp mẫu TỔNG HỢP (không phải số liệu thật), 2016–2026")
    s.add_argument("--out", required=True, help="thư mục ghi các file mẫu")
    s.add_argument("--seed", type=int, default=2026, help="hạt giống ngẫu nhiên (cùng hạt giống → cùng dữ liệu)")
    s.add_argument("--scale", type=float, default=1.0, help="hệ số khối lượng, ví dụ 10 hoặc 100 để đo hiệu năng")
    s.add_argument(
        "--format",
        choices=["mixed", "xlsx", "csv"],
        default="mixed",
        help="định dạng file (mặc định: chủ yếu xlsx, một số csv)",
    )
    s.set_defaults(func=_sample)

    ld = sub.add_parser("load", help="nạp file .xlsx/.csv (hoặc cả thư mục) vào kho dữ liệu")
    ld.add_argument("paths", nargs="*", help="file hoặc thư mục (không bắt buộc với --rebuild)")
    ld.add_argument("--db", help="đường dẫn kho DuckDB (mặc định $DVK_DB hoặc data/warehouse.duckdb)")
    ld.add_argument(
        "--reread",
        action="store_true",
        help="đọc lại cả các file đã nạp và không đổi (sau khi cập nhật chương trình: dòng bị loại theo quy tắc cũ được nạp lại)",
    )
    ld.add_argument("--unit", help="đơn vị báo cáo (mã hoặc tên) cho các file không tự cho biết")
    ld.add_argument("--period", help="kỳ báo cáo, ví dụ 2025-H1 hoặc 2025-N, cho các file không tự cho biết")
    ld.add_argument("--received", help="ngày nhận file YYYY-MM-DD (file gửi qua bưu điện, e-mail); mặc định hôm nay")
    ld.add_argument(
        "--rebuild",
        action="store_true",
        help="dựng lại toàn bộ kho (thứ tự danh sách, số liệu tổng hợp, liên kết) thay vì chỉ phần các file thay đổi; "
        "không cần file: dựng lại kho hiện có",
    )
    ld.set_defaults(func=_load)
    b = sub.add_parser("boundaries", help="nạp ranh giới chính thức (GeoJSON, Shapefile .shp/.zip, GeoPackage)")
    b.add_argument("file", help="file ranh giới, ở hệ tọa độ bất kỳ được khai báo (kể cả VN-2000)")
    b.add_argument("--level", choices=["district", "commune"], help="cấp đơn vị (mặc định: đoán theo số đối tượng)")
    b.add_argument(
        "--allow-partial", action="store_true", help="cho phép thiếu đơn vị: chỉ thay những đơn vị có trong file"
    )
    b.add_argument("--db", help="đường dẫn kho DuckDB (mặc định $DVK_DB hoặc data/warehouse.duckdb)")
    b.set_defaults(func=_boundaries)
    dn = sub.add_parser("denominators", help="nạp dân số các xã/phường mới (CSV: mã hoặc tên xã, dân số, năm, nguồn)")
    dn.add_argument("file", help="file CSV UTF-8: code (hoặc name), population, year, source")
    dn.add_argument("--db", help="đường dẫn kho DuckDB (mặc định $DVK_DB hoặc data/warehouse.duckdb)")
    dn.set_defaults(func=_denominators)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a sub-command; a LoadError (or any other error) prints a message and exits 1 without a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except LoadError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        print("Kho dữ liệu không thay đổi.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng. Kho dữ liệu không thay đổi.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: a plain message, the traceback only on request
        if os.environ.get("DVK_DEBUG"):
            raise
        print(f"Lỗi không mong đợi ({type(exc).__name__}: {exc}).", file=sys.stderr)
        print("Báo cho nhóm phát triển; chạy lại với DVK_DEBUG=1 để xem chi tiết.", file=sys.stderr)
        return 1
