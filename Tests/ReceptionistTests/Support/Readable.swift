import Domain

/// Whether `secret` can be read in `text` (a dump, a row as text): as itself, or as the hex of its plain bytes, which is
/// how `pg_dump` and `::text` print a `bytea` column; a value stored unsealed in a sealed column is caught either way.
func readable(_ secret: String, in text: String) -> Bool {
    text.contains(secret) || text.contains(Hex.encode(secret.utf8))
}
