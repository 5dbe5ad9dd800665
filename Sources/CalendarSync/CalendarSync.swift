/// Google Calendar: server-side OAuth connect and the best-effort sync of bookings. Comes with its issue.
public enum CalendarSync {}
