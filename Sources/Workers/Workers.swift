/// The outbox worker pool that drains `jobs` (confirmations, reminders, calendar sync). Comes with its issue.
public enum Workers {}
