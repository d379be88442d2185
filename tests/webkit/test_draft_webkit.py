"""A post being written when WebKit reloads the page (iOS reloads tabs it put to sleep in the background): the
draft (caption, photo and its description) is kept in IndexedDB and comes back, until it is discarded."""

from __future__ import annotations

from tests.webkit.conftest import PHOTOS, sign_in, wait_for_service_worker

CAPTION = "Pond dipping before lunch: three newts and a very surprised frog."
SAVED_JS = """(wanted) => new Promise((resolve) => {
  const request = indexedDB.open("tripcast-device");
  request.onsuccess = () => {
    const db = request.result;
    if (!db.objectStoreNames.contains("drafts")) { resolve(false); return; }
    const get = db.transaction("drafts").objectStore("drafts").getAll();
    get.onsuccess = () => resolve(get.result.some((d) => d.text === wanted && d.photos.length === 1
      && JSON.stringify(d).includes("A newt in a white tray")));
  };
  request.onerror = () => resolve(false);
})"""


def test_draft_survives_a_reload_until_it_is_discarded(server, phone):
    page = phone
    sign_in(page, server.url)
    wait_for_service_worker(page)
    page.set_input_files("Photos", PHOTOS / "Landscape_1.jpg")
    page.expect_count("#thumbs img", 1)
    page.fill("Caption", CAPTION)
    page.fill("Description of photo 1", "A newt in a white tray")
    page.poll(SAVED_JS, CAPTION)  # saved on the device (the caption is saved a moment after typing stops)

    page.reload()
    page.wait(lambda: page.value("Caption") == CAPTION, "the caption to come back")
    page.expect_count("#thumbs img", 1)
    assert page.value("Description of photo 1") == "A newt in a white tray"
