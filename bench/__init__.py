"""The statistics benchmark (`make bench`): see bench/__main__.py and docs/stats.md."""
