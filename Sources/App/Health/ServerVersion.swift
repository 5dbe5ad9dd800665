/// The server's version, reported by `/health` and `/health/db` (bumped with each release of the wave).
public enum ServerVersion {
    public static let current = "2026.11.30"
}
