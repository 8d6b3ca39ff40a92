"""A real Dask cluster: a LocalCluster with two worker processes. Results must be
those of a local run, byte for byte."""

import json
import os
import subprocess
import sys

import pytest

distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")
db = pytest.importorskip("dask.bag")
pd = pytest.importorskip("pandas")

from asrclean.api import Cleaner  # noqa: E402
from asrclean.dask import clean_bag, clean_column  # noqa: E402

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}
TEXTS = ["呃，我我我觉得这个方案可以。", None, "那个那个，我们开始吧。", "今天天气很好。", "嗯嗯，然后然后就结束了。"] * 4


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        with distributed.Client(c) as client:
            yield c, client


def clean(*args):
    return subprocess.run([sys.executable, "-m", "asrclean", *map(str, args)], capture_output=True, text=True, env=ENV)


def local(text):
    return text if text is None else Cleaner().clean_text(text).text


def test_dataframe_column_and_bag(cluster):
    _, client = cluster
    df = dd.from_pandas(pd.DataFrame({"text": TEXTS, "n": range(len(TEXTS))}), npartitions=4)
    out = clean_column(df, "text", keep_original="raw").compute()
    assert list(out["n"]) == list(range(len(TEXTS)))
    assert [None if pd.isna(t) else t for t in out["text"]] == [local(t) for t in TEXTS]
    assert [None if pd.isna(t) else t for t in out["raw"]] == TEXTS
    bag = db.from_sequence([t for t in TEXTS if t], npartitions=3)
    assert clean_bag(bag).compute() == [local(t) for t in TEXTS if t]
    # Each worker process built its cleaner once, whatever the number of partitions.
    built = client.run(lambda: len(__import__("asrclean.dask", fromlist=["_CLEANERS"])._CLEANERS))
    assert set(built.values()) == {1}


def test_command_line_on_the_cluster_matches_a_local_run(cluster, tmp_path):
    c, _ = cluster
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, text in enumerate(t for t in TEXTS if t):
        (docs / f"t{i:02}.txt").write_text(text, encoding="utf-8")
    (docs / "cues.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\n呃那个我们开始吧\n", encoding="utf-8")
    (docs / "bad.json").write_text('{"segments": [', encoding="utf-8")
    a = clean(docs, "--out-dir", tmp_path / "local", "-j", "1")
    b = clean(docs, "--out-dir", tmp_path / "remote", "--scheduler", c.scheduler_address)
    assert a.returncode == b.returncode == 2  # the bad file, reported by both
    assert a.stderr == b.stderr
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "remote").iterdir())
    for name in names:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "remote" / name).read_bytes()
    # A second run on the cluster finds its own outputs unchanged.
    again = clean(docs, "--out-dir", tmp_path / "remote", "--scheduler", c.scheduler_address)
    assert "0 cleaned" in again.stderr.splitlines()[-1]

    manifest = tmp_path / "m.jsonl"
    manifest.write_text("".join(json.dumps({"i": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(TEXTS)), encoding="utf-8")
    a = clean(manifest, "-o", tmp_path / "a.jsonl", "--format", "json")
    b = clean(manifest, "-o", tmp_path / "b.jsonl", "--format", "json", "--scheduler", c.scheduler_address)
    assert a.returncode == b.returncode == 2  # the null rows
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_a_scheduler_that_is_not_there(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("好。", encoding="utf-8")
    proc = clean(src, "--scheduler", "tcp://127.0.0.1:9")
    assert proc.returncode == 2
    assert "cannot connect" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("address", ["notanaddress", "tcp://host:notaport", "foo://x:1"])
def test_a_scheduler_address_that_is_no_address(tmp_path, address):
    """Dask's ValueError for an address it cannot parse was reported as an internal error."""
    src = tmp_path / "a.txt"
    src.write_text("好。", encoding="utf-8")
    proc = clean(src, "--scheduler", address)
    assert proc.returncode == 2
    assert "not an address" in proc.stderr and "internal error" not in proc.stderr
