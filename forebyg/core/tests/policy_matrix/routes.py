"""Every named route of the URL resolver, with the names of its URL arguments."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    arguments: tuple[str, ...]


def _arguments(pattern: URLPattern, inherited: tuple[str, ...]) -> tuple[str, ...]:
    return inherited + tuple(pattern.pattern.regex.groupindex)


def all_routes(resolver: URLResolver | None = None, prefix: str = "", inherited=()) -> list[Route]:
    """Every named route, in resolver order, with the arguments of its whole path."""
    found: list[Route] = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found += all_routes(entry, namespace, inherited + tuple(entry.pattern.regex.groupindex))
        elif isinstance(entry, URLPattern) and entry.name:
            found.append(Route(f"{prefix}{entry.name}", _arguments(entry, inherited)))
    return found
