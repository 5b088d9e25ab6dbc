"""Network code: HTTP clients, the endpoint probe, model lists, quota. httpx is imported lazily."""
