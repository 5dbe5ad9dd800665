import Hummingbird

/// The fakes' one way to serve a router on a free local port: the port once it listens, and the task to cancel.
enum LocalServer {
    static func start(_ router: Router<BasicRequestContext>) async -> (port: Int, task: Task<Void, any Error>) {
        let ready = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { ready.continuation.yield($0.localAddress?.port ?? 0) }, logger: TestApp.logger)
        let task = Task { try await app.run() }
        for await bound in ready.stream { return (bound, task) }
        return (0, task)
    }
}
