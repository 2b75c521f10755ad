"""HTML -> PDF with WeasyPrint, the only module that imports it (lazily: it costs ~0.5 s).

Fetching is WeasyPrint's attack surface: a stylesheet, image or ``rel=attachment`` link can read
any file or reach the network. Our fetcher serves ``data:`` URLs and files inside the bundled
templates folder, and stops the rendering for anything else.
"""

from __future__ import annotations

from pathlib import Path

from assessor.errors import RenderError

DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core"


def _weasyprint():
    try:
        import weasyprint
    except (OSError, AttributeError, ImportError) as exc:
        raise RenderError(
            "The PDF engine (WeasyPrint) cannot start because system libraries are missing or too "
            f"old ({type(exc).__name__}: {exc}). On Debian/Ubuntu install them with "
            f"`sudo apt-get install -y {DEBIAN_PACKAGES}`, or choose --format html, md or json."
        ) from None
    return weasyprint


class BlockedFetch(Exception):
    pass


def make_fetcher(allowed_root: Path):
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    root = allowed_root.resolve()

    class BundledOnlyFetcher(URLFetcher):
        """Serves ``data:`` and bundled files; anything else aborts the render, never fetched."""

        blocked: list[str]

        def __init__(self):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
            self.blocked = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                from urllib.parse import unquote, urlsplit

                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_relative_to(root) and path.is_file():
                    return super().fetch(url, headers)
            self.blocked.append(url)
            raise FatalURLFetchingError(f"blocked fetch of {url!r}: only bundled assets are allowed")

    return weasyprint, BundledOnlyFetcher()


def html_to_pdf(html: str, base_dir: Path, stylesheets: list[Path]) -> bytes:
    weasyprint, fetcher = make_fetcher(base_dir)
    from weasyprint.urls import FatalURLFetchingError

    try:
        doc = weasyprint.HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher)
        css = [weasyprint.CSS(filename=str(p), url_fetcher=fetcher) for p in stylesheets]
        return doc.write_pdf(stylesheets=css, pdf_tags=True, presentational_hints=False,
                             uncompressed_pdf=False)
    except FatalURLFetchingError as exc:
        raise RenderError(f"The report tried to load a resource that is not allowed ({exc}); "
                          "nothing was fetched. This is a bug in a template.") from None
