-- The waitlist: callers waiting for a full time to free up (a window of start times on one day, a party or a
-- service), and the offers made when a cancellation frees a place: an open offer holds that capacity until it expires
-- (availability counts it like a booking), so no phone caller takes a place someone is being offered.
CREATE TABLE waitlist_entries (
    id           uuid PRIMARY KEY,
    business_id  uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    status       text NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'left', 'expired')),
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL CHECK (window_end >= window_start),
    party_size   integer NOT NULL CHECK (party_size > 0),
    service      text,
    -- The name and phone, sealed; the phone's blind index for "my waitlist" and the replies to an offer.
    sealed       bytea,
    phone_index  text NOT NULL,
    booking_id   uuid REFERENCES bookings (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waitlist_entries_waiting_idx ON waitlist_entries (business_id, window_start) WHERE status IN ('waiting', 'offered');
CREATE INDEX waitlist_entries_phone_idx ON waitlist_entries (business_id, phone_index);
-- The same request twice (a retried call) is one request.
CREATE UNIQUE INDEX waitlist_entries_once_idx ON waitlist_entries (business_id, phone_index, window_start, window_end, party_size)
    WHERE status IN ('waiting', 'offered');

CREATE TABLE waitlist_offers (
    id          uuid PRIMARY KEY,
    business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
    entry_id    uuid NOT NULL REFERENCES waitlist_entries (id) ON DELETE CASCADE,
    status      text NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'expired')),
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    party_size  integer NOT NULL,
    staff_id    uuid,
    expires_at  timestamptz NOT NULL,
    booking_id  uuid REFERENCES bookings (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    decided_at  timestamptz
);
CREATE INDEX waitlist_offers_open_idx ON waitlist_offers (business_id, starts_at) WHERE status = 'open';
-- One open offer per waiting request.
CREATE UNIQUE INDEX waitlist_offers_one_open_idx ON waitlist_offers (entry_id) WHERE status = 'open';
