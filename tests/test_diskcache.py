"""The on-disk cache: hits equal builds bit for bit, and no cache state can fail a computation."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, box

from caspian_sim import diskcache, partition
from caspian_sim.distance_field import clear_cache, distance_field


@pytest.fixture
def cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("CASPIAN_SIM_CACHE_DIR", str(d))
    return d


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return {"a": np.asarray(value, float)}

    return build, calls


def test_second_call_is_read_from_disk(cache):
    build, calls = counting([1.0, 2.5])
    k = diskcache.key("t", b"x")
    first = diskcache.load_or_build("t", k, build)
    second = diskcache.load_or_build("t", k, build)
    assert len(calls) == 1
    np.testing.assert_array_equal(first["a"], second["a"])
    assert len(list(cache.glob("t-*.npz"))) == 1


def test_keys_change_with_every_input():
    base = diskcache.key("t", b"x")
    assert base == diskcache.key("t", b"x")
    assert base != diskcache.key("u", b"x")
    assert base != diskcache.key("t", b"y")
    assert diskcache.key("t", b"ab", b"c") != diskcache.key("t", b"a", b"bc")  # parts are length-prefixed
    assert base != diskcache.key("t", b"x", modules=("caspian_sim.geodesy",))  # the code is part of the key


@pytest.mark.parametrize("off", ["off", "0", "false", "OFF"])
def test_disabled_cache_builds_every_time_and_writes_nothing(tmp_path, monkeypatch, off):
    monkeypatch.setenv("CASPIAN_SIM_CACHE_DIR", off)
    monkeypatch.chdir(tmp_path)
    assert diskcache.cache_dir() is None
    build, calls = counting([3.0])
    for _ in range(2):
        diskcache.load_or_build("t", diskcache.key("t", b"x"), build)
    assert len(calls) == 2
    assert not list(tmp_path.rglob("*.npz"))


def test_default_directory_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("CASPIAN_SIM_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert diskcache.cache_dir() == tmp_path / "caspian-sim"


def test_corrupt_entry_is_rebuilt_and_replaced(cache):
    build, calls = counting([4.0, 5.0])
    k = diskcache.key("t", b"x")
    diskcache.load_or_build("t", k, build)
    (entry,) = cache.glob("t-*.npz")
    entry.write_bytes(entry.read_bytes()[:40])  # truncated
    out = diskcache.load_or_build("t", k, build)
    assert out["a"].tolist() == [4.0, 5.0] and len(calls) == 2
    assert diskcache.load_or_build("t", k, build)["a"].tolist() == [4.0, 5.0] and len(calls) == 2  # rewritten


def test_entry_missing_a_required_array_is_rebuilt(cache):
    k = diskcache.key("t", b"x")
    diskcache.load_or_build("t", k, counting([1.0])[0])
    (entry,) = cache.glob("t-*.npz")
    np.savez(entry, other=np.zeros(2))  # a readable file without the array the caller needs
    build, calls = counting([7.0])
    assert diskcache.load_or_build("t", k, build, required=("a",))["a"].tolist() == [7.0] and calls == [1]


def test_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CASPIAN_SIM_CACHE_DIR", str(blocker / "cache"))
    build, calls = counting([6.0])
    assert diskcache.load_or_build("t", diskcache.key("t", b"x"), build)["a"].tolist() == [6.0]
    assert blocker.read_text() == "not a directory"


def test_only_the_newest_entries_are_kept(cache, monkeypatch):
    monkeypatch.setattr(diskcache, "MAX_ENTRIES", 3)
    for i in range(5):
        diskcache.load_or_build("t", diskcache.key("t", bytes([i])), counting([i])[0])
    assert len(list(cache.glob("*.npz"))) == 3
    assert diskcache.clear() == 3 and not list(cache.glob("*.npz"))


def test_distance_field_read_from_disk_equals_the_built_one(cache):
    lake = box(0, 0, 1, 1)
    coasts = {"W": LineString([(0, 0), (0, 1)]), "E": LineString([(1, 0), (1, 1)]), "S": LineString([(0, 0), (1, 0)])}
    clear_cache()
    built = distance_field(lake, coasts, 5.0, 250.0)
    a = partition(lake, coasts, {"W": 1.2})
    assert len(list(cache.glob("field-*.npz"))) >= 1
    clear_cache()
    loaded = distance_field(lake, coasts, 5.0, 250.0)
    assert loaded is not built
    for attr in ("x", "y", "tri", "used", "approx"):
        np.testing.assert_array_equal(getattr(loaded, attr), getattr(built, attr))
    for attr in ("_xyz", "_nbr", "_first"):  # the coasts' index, rebuilt from the stored vertices
        np.testing.assert_array_equal(getattr(loaded.index, attr), getattr(built.index, attr))
    b = partition(lake, coasts, {"W": 1.2})
    assert a.areas_km2 == b.areas_km2
    assert all(shapely.equals_exact(a.sectors[k], b.sectors[k], 0) for k in a.labels)


def test_share_sample_read_from_disk_equals_the_built_one(cache, pentagon):
    from caspian_sim.methods._common import engine_inputs
    from caspian_sim.methods.sample import ShareSample

    water, coasts, _, groups = engine_inputs(pentagon, islands="basepoint", island_effect=1.0)
    one = ShareSample(water, coasts, groups, pentagon.states)
    two = ShareSample(water, coasts, groups, pentagon.states)
    assert len(list(cache.glob("sample-*.npz"))) == 1
    np.testing.assert_array_equal(one.dist, two.dist)
    np.testing.assert_array_equal(one.area, two.area)
    w = np.exp(np.linspace(-0.2, 0.2, len(pentagon.states)))
    np.testing.assert_array_equal(one.shares(w, np.ones(len(one.labels))), two.shares(w, np.ones(len(two.labels))))


def test_median_partition_read_from_disk_equals_the_computed_one(cache, pentagon, monkeypatch):
    """The median line (every report's reference) is stored once per machine: a new process (an
    empty memory cache) reads it back bit for bit and does not divide the sea again."""
    from caspian_sim.methods import _common
    from caspian_sim.methods._common import _partition_of, engine_inputs, median_partition

    _common._CACHE.clear()
    stored = median_partition(pentagon, "basepoint", 1.0, 3.0)
    assert len(list(cache.glob("median-*.npz"))) == 1
    computed = _partition_of(engine_inputs(pentagon, islands="basepoint", island_effect=1.0), 3.0)
    assert stored.areas_km2 == computed.areas_km2 and stored.labels == computed.labels
    assert all(shapely.equals_exact(stored.sectors[k], computed.sectors[k], 0) for k in computed.labels)
    assert stored.boundaries.keys() == computed.boundaries.keys()
    assert all(shapely.equals_exact(stored.boundaries[p], computed.boundaries[p], 0) for p in computed.boundaries)
    assert stored.tripoints == computed.tripoints
    _common._CACHE.clear()
    monkeypatch.setattr(_common, "partition", lambda *a, **k: pytest.fail("divided again"))
    again = median_partition(pentagon, "basepoint", 1.0, 3.0)
    assert again.areas_km2 == stored.areas_km2
    _common._CACHE.clear()


def test_stored_median_that_does_not_decode_is_recomputed_and_replaced(cache, pentagon):
    """An entry that reads as arrays but whose geometry does not decode is a miss, like a corrupt file."""
    from caspian_sim.methods import _common
    from caspian_sim.methods._common import median_partition

    _common._CACHE.clear()
    good = median_partition(pentagon, "basepoint", 1.0, 3.0)
    (path,) = cache.glob("median-*.npz")
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["wkb"] = np.zeros_like(arrays["wkb"])  # valid npz, invalid WKB
    np.savez(path, **arrays)
    _common._CACHE.clear()
    again = median_partition(pentagon, "basepoint", 1.0, 3.0)
    assert again.areas_km2 == good.areas_km2
    with np.load(path) as z:
        assert z["wkb"].any()  # rewritten
    _common._CACHE.clear()
