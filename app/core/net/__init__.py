"""Network code: bounded HTTP clients, the endpoint probe, model lists, quota, the streamed answer
check, whether Codex can use the proxy, and the release check. httpx is imported lazily."""
