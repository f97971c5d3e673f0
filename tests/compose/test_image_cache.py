"""The prepared-pixel cache is an LRU bounded in bytes: a long-lived process placing many photos stays flat."""
import numpy as np
from PIL import Image as PILImage

from layout.compose import images
from layout.model.types import Box


def test_many_distinct_images_stay_within_the_cache_budget(tmp_path, monkeypatch):
    cache = images._PixelCache(200_000)
    monkeypatch.setattr(images, "_CACHE", cache)
    frame = Box(0, 0, 100, 100)
    rng = np.random.default_rng(1)
    sizes = []
    for n in range(40):
        path = tmp_path / f"p{n}.png"
        PILImage.fromarray(rng.integers(0, 255, (120, 120), dtype=np.uint8), "L").save(path)
        prepared, _ = images.prepare(str(path), frame)
        sizes.append(len(prepared.data))
        assert cache.used <= cache.budget
    assert cache.used == sum(len(item.data) for item in cache._items.values())
    assert len(cache) == cache.budget // sizes[0] < 40  # only the most recent ones kept
    last = str(tmp_path / "p39.png")
    again, _ = images.prepare(last, frame)
    assert again.data == images._prepare_uncached(last, frame, "fill").data


def test_least_recently_used_goes_first_and_an_oversized_item_is_not_kept():
    cache = images._PixelCache(30)
    item = lambda n: images.PreparedImage("L", (n, 1), bytes(n), 0.0)  # noqa: E731
    cache.put("a", item(10))
    cache.put("b", item(10))
    cache.put("c", item(10))
    assert cache.get("a") is not None  # a is now the most recent
    cache.put("d", item(10))
    assert cache.get("b") is None and cache.get("a") is not None and cache.used == 30
    cache.put("huge", item(31))
    assert cache.get("huge") is None and cache.used == 30
