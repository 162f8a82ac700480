"""Pure ASGI middleware of the API, one per file: errors, bearer token, read-only guard."""
