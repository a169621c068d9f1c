"""Store layer: every database connection and every SQL statement lives here."""
