"""HTML -> PDF with WeasyPrint, the only module that imports it (lazily: it costs ~0.5 s).

Fetching is WeasyPrint's attack surface: a stylesheet, image or ``rel=attachment`` link can read
any file or reach the network. Our fetcher serves ``data:`` URLs and files inside the bundled
templates folder, and stops the rendering for anything else.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assessor import heap
from assessor.errors import RenderError
from assessor.report.libraries import forget, remembered_lookups

DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core"


def _weasyprint(cache: Path | None = None):
    try:
        return _import_weasyprint(cache)
    except (OSError, AttributeError, ImportError) as exc:
        raise RenderError(
            "The PDF engine (WeasyPrint) cannot start because system libraries are missing or too "
            f"old ({type(exc).__name__}: {exc}). On Debian/Ubuntu install them with "
            f"`sudo apt-get install -y {DEBIAN_PACKAGES}`, or choose --format html, md or json."
        ) from None


def _import_weasyprint(cache: Path | None):
    """Import with remembered library lookups (see :mod:`assessor.report.libraries`); if that
    fails after answers came from the cache, forget them and import once more from scratch."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    with remembered_lookups(cache) as served:
        try:
            import weasyprint

            return weasyprint
        except (OSError, AttributeError, ImportError):
            if not served:
                raise
    forget(cache)
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        del sys.modules[name]
    with remembered_lookups(cache):  # nothing is remembered now: every answer is asked afresh
        import weasyprint

    return weasyprint


def make_fetcher(allowed_root: Path, cache: Path | None = None):
    weasyprint = _weasyprint(cache)
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    root = allowed_root.resolve()

    class BundledOnlyFetcher(URLFetcher):
        """Serves ``data:`` and bundled files; anything else aborts the render, never fetched."""

        def __init__(self):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                from urllib.parse import unquote, urlsplit

                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_relative_to(root) and path.is_file():
                    return super().fetch(url, headers)
            raise FatalURLFetchingError(f"blocked fetch of {url!r}: only bundled assets are allowed")

    return weasyprint, BundledOnlyFetcher()


MIN_LAST_PAGE_FILL = 0.25  # a last page less full than this is re-laid out with compact.css


def html_to_pdf(html: str, base_dir: Path, stylesheets: list[Path], *,
                compact: Path | None = None, cache: Path | None = None) -> bytes:
    """Lay out once; if the last page would hold only a few lines, lay out again with the
    ``compact`` stylesheet (slightly tighter type) and keep that when it saves the page.
    ``cache``: the user's cache folder, for WeasyPrint's library lookups; None: no cache."""
    # Importing WeasyPrint and rendering build ~10^5 objects that are freed by reference counting;
    # the cyclic collector's passes over them cost ~10% of the render (0.18 s of 1.9 s) and find
    # little (see assessor.heap).
    with heap.paused():
        return _render_pdf(html, base_dir, stylesheets, compact, cache)


def _render_pdf(html: str, base_dir: Path, stylesheets: list[Path], compact: Path | None,
                cache: Path | None) -> bytes:
    weasyprint, fetcher = make_fetcher(base_dir, cache)
    from weasyprint.urls import FatalURLFetchingError

    options = dict(pdf_tags=True, presentational_hints=False, uncompressed_pdf=False)
    try:
        def render(paths):
            css = [weasyprint.CSS(filename=str(p), url_fetcher=fetcher) for p in paths]
            source = weasyprint.HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher)
            return source.render(stylesheets=css, **options)

        doc = render(stylesheets)
        if compact is not None and len(doc.pages) > 1 and last_page_fill(doc) < MIN_LAST_PAGE_FILL:
            tighter = render([*stylesheets, compact])
            if len(tighter.pages) < len(doc.pages):
                doc = tighter
        return doc.write_pdf(**options)
    except FatalURLFetchingError as exc:
        raise RenderError(f"The report tried to load a resource that is not allowed ({exc}); "
                          "nothing was fetched. This is a bug in a template.") from None


def last_page_fill(doc) -> float:
    """Share of the last page's content height that holds laid-out lines or images."""
    page = doc.pages[-1]._page_box
    top, height = page.content_box_y(), page.height

    def bottom(box) -> float:
        children = getattr(box, "children", None) or []
        if not children or type(box).__name__ == "LineBox":
            return box.position_y + box.margin_height()
        return max(bottom(c) for c in children)

    content = [b for b in page.children if type(b).__name__ != "MarginBox"]
    used = max((bottom(b) for b in content), default=top) - top
    return max(0.0, min(1.0, used / height)) if height else 1.0
