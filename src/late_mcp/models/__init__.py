"""Pydantic models: the API's shapes (tolerant) and the tools' results (compact)."""
