"""Before Chroma opens an embedded index: is the data folder's chroma.sqlite3 Gongkai's, and readable?

Chroma would otherwise migrate any SQLite file it finds into its own schema, or add Gongkai's
collections to another program's index: a foreign folder is refused instead, with the way to rebuild.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ingest.errors import GongkaiError

REBUILD = "请换一个数据文件夹（--data 或 GONGKAI_DATA），或删除该文件夹后重新运行 gongkai ingest 重建索引。"


class DataDirError(GongkaiError):
    pass


# What Gongkai itself keeps in a data folder: anything else there, and no index, is another program's folder.
OURS = {"chroma", "snapshot", "uploads", "originals", "secret"} | {
    f"{db}.sqlite{end}" for db in ("feedback", "questions") for end in ("", "-journal", "-wal", "-shm")}


def check_data_dir(data_dir: Path, create: bool = True) -> None:
    """Raise DataDirError when data_dir is a file, or data_dir/chroma holds something that is not a Gongkai
    index, or (`create=False`: a command that only reads) the folder holds another program's files and no
    index — nothing is created in it then."""
    data_dir = Path(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        raise DataDirError(f"--data 指向的 {data_dir} 是一个文件，不是文件夹。请用 --data（或 GONGKAI_DATA）"
                           "指向 Gongkai 的数据文件夹，或一个还不存在的路径（导入时会新建）。")
    db = data_dir / "chroma" / "chroma.sqlite3"
    if not db.is_file():
        if not create and data_dir.is_dir() and not (data_dir / "chroma").exists():
            foreign = sorted(p.name for p in data_dir.iterdir() if p.name not in OURS)
            if foreign:
                shown = "、".join(n[:40] for n in foreign[:3]) + ("等" if len(foreign) > 3 else "")
                raise DataDirError(f"数据文件夹 {data_dir} 里没有 Gongkai 的索引，却有其他文件（{shown}），"
                                   "可能是其他程序的文件夹；未做任何改动。请用 --data 指向 Gongkai 的数据文件夹，"
                                   "或指向一个新文件夹后运行 gongkai ingest 导入报告。")
        return  # a new index, or a problem Chroma itself reports (with open_client's message)
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            names = [row[0] for row in conn.execute("SELECT name FROM collections")] if "collections" in tables else []
    except sqlite3.DatabaseError as exc:
        raise DataDirError(f"数据文件夹 {data_dir} 中的索引文件已损坏（{exc}）。{REBUILD}") from exc
    if not {"collections", "embeddings", "migrations"} <= tables:
        raise DataDirError(
            f"数据文件夹 {data_dir} 中的 chroma.sqlite3 不是 Chroma 索引，可能是其他程序建立的。{REBUILD}")
    foreign = [n for n in names if not n.startswith("gongkai-")]
    if names and len(foreign) == len(names):
        raise DataDirError(
            f"数据文件夹 {data_dir} 中的索引是其他程序建立的（集合：{'、'.join(foreign[:5])}）。{REBUILD}")
