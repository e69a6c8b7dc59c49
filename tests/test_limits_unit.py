"""The small parts of the server's limits: the bucket, failed logins, client keys, upload names, temp files."""

from __future__ import annotations

from pathlib import Path

from ui.limits import ClientKey, FailedLogins, TokenBucket
from ui.uploads import clean_name


def test_bucket_allows_a_burst_then_the_rate():
    b = TokenBucket(per_min=60, burst=3)
    assert [b.take("a", now=0.0) for _ in range(4)] == [0.0, 0.0, 0.0, 1.0]
    assert b.take("a", now=1.0) == 0.0 and b.take("b", now=1.0) == 0.0
    assert TokenBucket(per_min=0, burst=1).take("a") == 0.0  # 0 = no limit


def test_the_bucket_table_is_bounded():
    b = TokenBucket(per_min=60, burst=1, max_clients=100)
    for i in range(1000):
        b.take(f"c{i}", now=0.0)
    assert len(b._buckets) == 100


def test_failed_logins_lock_out_and_the_same_token_twice_counts_once():
    f = FailedLogins(allowed=2, window_s=60)
    f.failed("a", "t1", now=0.0)
    f.failed("a", "t1", now=1.0)  # the page sends one entry to two places
    assert f.blocked("a", now=2.0) == 0.0
    f.failed("a", "t2", now=2.0)
    assert 56 < f.blocked("a", now=3.0) <= 60 and f.blocked("b", now=3.0) == 0.0
    assert f.blocked("a", now=61.0) == 0.0


def test_forwarded_for_only_from_proxies():
    key = ClientKey(("10.0.0.0/8",))
    assert key("10.1.2.3", "198.51.100.7") == "198.51.100.7"
    assert key("10.1.2.3", "1.1.1.1, 198.51.100.7, 10.0.0.9") == "198.51.100.7"
    assert key("203.0.113.5", "198.51.100.7") == "203.0.113.5"
    assert key("10.1.2.3", "not-an-ip") == "10.1.2.3"


def test_long_upload_names_keep_their_extension():
    """Before: the 120-character cut dropped the extension (and the file was then refused as unsupported)."""
    name = clean_name("报" * 300 + ".docx")
    assert len(name) == 120 and name.endswith(".docx")
    assert clean_name("../../x/" + "a" * 200 + ".txt").endswith(".txt")
    assert clean_name("\x00.pdf") == "pdf" or clean_name("\x00.pdf").endswith("pdf")


def test_draft_download_folder_is_removed_after_it_is_sent(tmp_path):
    from ingest.config import Config, Secret
    from ui.staff import make_download

    config = Config(data_dir=tmp_path, staff_token=Secret("t"))
    download = make_download(config)
    update, folder = download("t", "答复稿正文")
    assert Path(update["value"]).is_file() and Path(folder).name.startswith("gongkai-draft-")
    download.cleanup(folder)
    assert not Path(folder).exists()
