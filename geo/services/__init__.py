"""Use cases called by both the pages and the CLI: domain rules + store reads/writes."""
