import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// Whether the database's host refused or ignored a connection a moment ago. While it does, the agent's functions
/// answer SYSTEM_DOWN at once: without this every caller of an outage would wait out the whole budget in silence.
/// Only a failed connect counts, never a slow answer: a busy database keeps its callers on the normal path.
public final class DatabaseReachability: Sendable {
    enum Endpoint: Sendable {
        case tcp(host: String, port: Int)
        case socket(path: String)
    }

    struct State {
        /// When the last probe failed to connect; nil once one connected.
        var failedAt: ContinuousClock.Instant?
        var probing = false
        /// When someone last asked: probes run only while the answer is wanted.
        var askedAt: ContinuousClock.Instant?
    }

    let endpoint: Endpoint?
    /// How long one probe may try to connect.
    let connectTimeout: Duration
    /// How long a failed connect counts as knowledge without a fresher probe.
    let memory: Duration
    /// The pause between probes while the host is down.
    let interval: Duration
    let state = Mutex(State())
    /// Mirrors `failedAt != nil`, so every successful operation can clear it without taking the lock.
    let known = Atomic<Bool>(false)

    public init(
        configuration: PostgresClient.Configuration, connectTimeout: Duration = .seconds(1),
        memory: Duration = .seconds(3), interval: Duration = .milliseconds(100)
    ) {
        if let host = configuration.host, let port = configuration.port {
            endpoint = .tcp(host: host, port: port)
        } else if let path = configuration.unixSocketPath {
            endpoint = .socket(path: path)
        } else {
            endpoint = nil
        }
        self.connectTimeout = connectTimeout
        self.memory = memory
        self.interval = interval
    }

    /// True while a connect to the database failed within `memory` and none has succeeded since.
    public var isKnownDown: Bool {
        let now = ContinuousClock.now
        let down = state.withLock { s -> Bool in
            s.askedAt = now
            guard let failed = s.failedAt else { return false }
            return now - failed < memory
        }
        if down { startProbing() }
        return down
    }

    /// What is known, without counting as a question (which would keep the probe going).
    var knownNow: Bool { known.load(ordering: .relaxed) }

    /// An operation succeeded: whatever a probe concluded, the database answers.
    public func noteAnswered() {
        guard known.load(ordering: .relaxed) else { return }
        state.withLock { $0.failedAt = nil }
        known.store(false, ordering: .relaxed)
    }

    /// An operation failed in a way an unreachable database would explain: find out, in the background.
    public func suspect() {
        state.withLock { $0.askedAt = .now }
        startProbing()
    }

    func startProbing() {
        let start = state.withLock { s -> Bool in
            guard !s.probing else { return false }
            s.probing = true
            return true
        }
        guard start else { return }
        Task.detached { [self] in await probeWhileDown() }
    }

    /// Probes until a connect succeeds or nobody has asked for a while.
    func probeWhileDown() async {
        while true {
            let reachable = await connects()
            let keepGoing = state.withLock { s -> Bool in
                s.failedAt = reachable ? nil : .now
                let wanted = s.askedAt.map { ContinuousClock.now - $0 < memory } ?? false
                if reachable || !wanted {
                    s.probing = false
                    // Knowledge ends with the probe: the next call, whenever it comes, is uncertain again and tries.
                    s.failedAt = nil
                }
                known.store(s.failedAt != nil, ordering: .relaxed)
                return !reachable && wanted
            }
            guard keepGoing else { return }
            try? await Task.sleep(for: interval)
        }
    }

    /// Opens and closes one TCP (or socket) connection to the database's address.
    func connects() async -> Bool {
        guard let endpoint else { return true }
        let milliseconds = connectTimeout.components.seconds * 1000 + connectTimeout.components.attoseconds / 1_000_000_000_000_000
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(milliseconds))
        do {
            let channel =
                switch endpoint {
                case .tcp(let host, let port): try await bootstrap.connect(host: host, port: port).get()
                case .socket(let path): try await bootstrap.connect(unixDomainSocketPath: path).get()
                }
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }
}
