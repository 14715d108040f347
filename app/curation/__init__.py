"""Curation, write side: API keys, corrections and their application over extracted facts."""
