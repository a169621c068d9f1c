"""Pure domain layer: vocabularies, the usulan record and every rule. No I/O: no files, no database."""
