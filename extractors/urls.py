"""URL rules: canonical form for de-duplication, and which links we follow.

Pure string functions; no DNS and no network here.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only track the reader; dropped from canonical URLs.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid",
        "ref", "ref_src", "cmpid", "ocid", "yclid", "_ga", "spm", "at_medium",
        "at_campaign",
    }
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
AMP_PARAMS = frozenset({"amp", "outputtype"})


class UnsafeURL(ValueError):
    """A URL we refuse to fetch, before any DNS lookup."""


def canonical_url(url: str) -> str:
    """A stable key for one article: lower-case host, no default port, no
    fragment, no tracking parameters, no AMP variant, sorted query."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith("amp."):
        host = host[4:]
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    for suffix in ("/amp/", "/amp", ".amp"):
        if path.endswith(suffix) and len(path) > len(suffix):
            path = path[: -len(suffix)] + ("/" if suffix.endswith("/") else "")
            break
    if path.startswith("/amp/"):
        path = path[4:]
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS
        and k.lower() not in AMP_PARAMS
        and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    query.sort()
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def resolve_link(base: str, link: str) -> str:
    """Absolute form of a link found in a feed or page."""
    return urljoin(base, link.strip())


def check_url_syntax(url: str) -> None:
    """Refuse URLs that are not plain http(s) or that parsers may read differently."""
    if any(ch in url for ch in "\\\t\r\n ") or any(ord(ch) < 32 for ch in url):
        raise UnsafeURL(f"refused URL with whitespace, control characters or backslashes: {url!r}")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise UnsafeURL(f"refused URL scheme {parts.scheme or '(none)'!r}: only http and https are fetched")
    if "@" in parts.netloc:
        raise UnsafeURL(f"refused URL with user information: {url!r}")
    if not parts.hostname:
        raise UnsafeURL(f"refused URL without a host: {url!r}")
    try:
        parts.port
    except ValueError as exc:
        raise UnsafeURL(f"refused URL with a bad port: {url!r}") from exc
