-- A business's website, shown to owners and callers: an optional detail (see BusinessDetailField.all).
ALTER TABLE businesses ADD COLUMN website text CHECK (length(website) <= 200);
