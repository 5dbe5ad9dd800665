-- The language a business's callers are answered in, its messages written in and its phone agent set up with
-- (BCP 47, as Retell names it); a multilingual agent answers a caller in theirs when the call says which.
ALTER TABLE businesses ADD COLUMN language text NOT NULL DEFAULT 'en-US'
    CHECK (language IN ('en-US', 'en-GB', 'es-ES', 'fr-FR', 'de-DE', 'it-IT', 'pt-BR'));
