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


def check_data_dir(data_dir: Path) -> None:
    """Raise DataDirError when data_dir/chroma holds something that is not a Gongkai index."""
    db = Path(data_dir) / "chroma" / "chroma.sqlite3"
    if not db.is_file():
        return  # a new index, or a problem Chroma itself reports (with open_client's message)
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            names = [row[0] for row in conn.execute("SELECT name FROM collections")] if "collections" in tables else []
    except sqlite3.DatabaseError as exc:
        raise DataDirError(f"数据文件夹 {data_dir} 中的索引文件已损坏（{exc}）。{REBUILD}") from exc
    if not {"collections", "embeddings", "migrations"} <= tables:
        raise DataDirError(f"数据文件夹 {data_dir} 中的 chroma.sqlite3 不是 Chroma 索引，可能是其他程序建立的。{REBUILD}")
    foreign = [n for n in names if not n.startswith("gongkai-")]
    if names and len(foreign) == len(names):
        raise DataDirError(f"数据文件夹 {data_dir} 中的索引是其他程序建立的（集合：{'、'.join(foreign[:5])}）。{REBUILD}")
